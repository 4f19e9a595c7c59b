import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole, TEACHING_ROLES } from "@/lib/auth/require";
import { visibleCohort } from "@/lib/cohorts";
import { getLabTitle } from "@/lib/content/labs";
import { getCohortItemAnalysis, getCohortLabFunnel, getCohortRoster } from "@/lib/data/cohort";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { LABS } from "@/lib/labs/registry";
import { QUIZZES } from "@/lib/quizzes/registry";
import { siteOrigin } from "@/lib/site-origin";
import { RosterTable } from "@/app/ui/teach/roster-table";
import styles from "@/app/ui/teach/teach.module.css";
import { TableScroll } from "@/app/ui/table-scroll";
import { Prose } from "@/app/ui/quiz/prose";

export const metadata: Metadata = { robots: { index: false } };

export default async function CohortPage({ params, searchParams }: PageProps<"/[locale]/teach/cohorts/[id]">) {
  const { locale, id } = await params;
  if (!isLocale(locale)) notFound();
  const user = await requireRole(locale, `/${locale}/teach/cohorts/${id}`, TEACHING_ROLES);
  const cohort = await visibleCohort(user, id);
  if (!cohort) notFound();
  const t = getDictionary(locale).teach;
  const q = await searchParams;
  const lab = typeof q.lab === "string" && LABS.some((l) => l.slug === q.lab) ? q.lab : LABS[0]!.slug;
  const quiz = QUIZZES[0]!;

  const [roster, items, funnel, labTitles] = await Promise.all([
    getCohortRoster(cohort.id),
    getCohortItemAnalysis(cohort.id, quiz.slug),
    getCohortLabFunnel(cohort.id, lab),
    Promise.all(LABS.map(async (l) => ({ slug: l.slug, title: await getLabTitle(l.slug, locale) }))),
  ]);
  const base = `/${locale}/teach/cohorts/${cohort.id}`;
  const questionText = (qid: string) => quiz.questions.find((x) => x.id === qid)?.prompt[locale] ?? qid;

  return (
    <div className={`container ${styles.page}`} data-testid="cohort-page">
      <p>
        <Link href={`/${locale}/teach`}>← {t.cohorts}</Link>
      </p>
      <h1>{cohort.name}</h1>
      <p className={styles.row}>
        {t.joinCode}: <span className={styles.code}>{cohort.joinCode}</span> ·{" "}
        <code>{`${await siteOrigin()}/${locale}/join?code=${cohort.joinCode}`}</code>
      </p>

      <section>
        <div className={styles.row}>
          <h2>{t.roster}</h2>
          <a href={`/api/cohorts/${cohort.id}/roster`} download>
            {t.exportCsv}
          </a>
        </div>
        <RosterTable
          rows={roster.rows}
          quizzes={QUIZZES.map((x) => ({ slug: x.slug, title: x.title[locale] }))}
          t={t}
          learnerHref={`${base}/learners`}
          totals={{ sections: roster.sectionsTotal, labSteps: roster.labStepsTotal }}
        />
      </section>

      <section data-testid="item-analysis">
        <div className={styles.row}>
          <h2>
            {t.items}: {quiz.title[locale]}
          </h2>
          <a href={`/api/cohorts/${cohort.id}/items?quiz=${quiz.slug}`} download>
            {t.exportCsv}
          </a>
        </div>
        <p className={styles.muted}>
          {t.itemsLead} ({items?.attempts ?? 0} {t.attempts})
        </p>
        <TableScroll label={`${t.items}: ${quiz.title[locale]}`}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>#</th>
                <th>{t.question}</th>
                <th className={styles.num}>{t.facility}</th>
                <th className={styles.num}>{t.sd}</th>
                <th className={styles.num}>{t.discrimination}</th>
                <th>{t.distribution}</th>
              </tr>
            </thead>
            <tbody>
              {items?.items.map((it, i) => (
                <tr key={it.question} data-testid={`item-${it.question}`}>
                  <td>{i + 1}</td>
                  <td>
                    <Prose text={questionText(it.question)} />
                  </td>
                  <td className={styles.num}>{it.facilityPercent === null ? "—" : `${it.facilityPercent}%`}</td>
                  <td className={styles.num}>{it.sdPercent === null ? "—" : `${it.sdPercent}%`}</td>
                  <td className={styles.num}>{it.discriminationPercent === null ? "—" : `${it.discriminationPercent}%`}</td>
                  <td>
                    {it.distribution.slice(0, 6).map((d) => (
                      <div key={d.response}>
                        <code>{d.response}</code> × {d.count}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section data-testid="lab-funnel">
        <h2>{t.funnel}</h2>
        <p className={styles.muted}>{t.funnelLead}</p>
        <nav className={styles.row} aria-label={t.lab}>
          {labTitles.map((l) =>
            l.slug === lab ? (
              <strong key={l.slug}>{l.title}</strong>
            ) : (
              <Link key={l.slug} href={`${base}?lab=${l.slug}`}>
                {l.title}
              </Link>
            ),
          )}
        </nav>
        {funnel ? (
          <>
            <p>
              {funnel.learners} {t.learners} · {t.faults}: {funnel.faults}
            </p>
            <TableScroll label={t.funnel}>
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>{t.step}</th>
                    <th className={styles.num}>{t.done}</th>
                    <th></th>
                    <th className={styles.num}>{t.medianTime}</th>
                    <th className={styles.num}>{t.hints}</th>
                  </tr>
                </thead>
                <tbody>
                  {funnel.steps.map((s) => (
                    <tr key={s.step}>
                      <td>{s.step}</td>
                      <td className={styles.num}>{s.done}</td>
                      <td>
                        <span
                          className={styles.bar}
                          style={{ width: `${roster.rows.length ? (100 * s.done) / roster.rows.length : 0}%`, maxWidth: "10rem" }}
                        />
                      </td>
                      <td className={styles.num}>{s.medianSeconds === null ? "—" : `${s.medianSeconds} s`}</td>
                      <td className={styles.num}>{s.hints}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </>
        ) : null}
      </section>
    </div>
  );
}
