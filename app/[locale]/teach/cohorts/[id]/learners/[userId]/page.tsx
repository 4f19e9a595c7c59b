import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole, TEACHING_ROLES } from "@/lib/auth/require";
import { visibleCohort } from "@/lib/cohorts";
import { db } from "@/lib/db";
import { getLabTitle } from "@/lib/content/labs";
import { getLearnerProgress } from "@/lib/data/progress";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { attemptView } from "@/lib/quizzes/attempts";
import { findQuiz } from "@/lib/quizzes/registry";
import { QuizAttempt } from "@/app/ui/quiz/quiz-attempt";
import styles from "@/app/ui/teach/teach.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { robots: { index: false } };

export default async function LearnerPage({ params }: PageProps<"/[locale]/teach/cohorts/[id]/learners/[userId]">) {
  const { locale, id, userId } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await requireRole(locale, `/${locale}/teach/cohorts/${id}/learners/${userId}`, TEACHING_ROLES);
  const cohort = await visibleCohort(actor, id);
  // Only a learner of this cohort: an instructor sees nobody else through it.
  const member =
    cohort && (await db.cohortMember.findUnique({ where: { cohortId_userId: { cohortId: cohort.id, userId } }, include: { user: true } }));
  if (!cohort || !member) notFound();
  const d = getDictionary(locale);
  const t = d.teach;
  const [progress, attempts, runs] = await Promise.all([
    getLearnerProgress(userId),
    db.quizAttempt.findMany({ where: { userId }, orderBy: [{ quiz: "asc" }, { number: "asc" }] }),
    db.labRun.findMany({
      where: { userId },
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        lab: true,
        createdAt: true,
        completed: true,
        steps: true,
        stepsTotal: true,
        inputs: true,
        faults: true,
        endMs: true,
      },
      take: 100,
    }),
  ]);
  const labTitles = new Map(
    await Promise.all([...new Set(runs.map((r) => r.lab))].map(async (slug) => [slug, await getLabTitle(slug, locale)] as const)),
  );
  const views = await Promise.all(
    attempts.flatMap((a) => {
      const quiz = findQuiz(a.quiz);
      return quiz ? [attemptView(a, quiz, locale).then((v) => ({ v, quiz }))] : [];
    }),
  );
  return (
    <div className={`container ${styles.page}`} data-testid="learner-page">
      <p>
        <Link href={`/${locale}/teach/cohorts/${cohort.id}`}>← {cohort.name}</Link>
      </p>
      <h1>
        {member.user.name} <span className={styles.subtitle}>{member.user.email}</span>
      </h1>
      <p>
        {progress.lessons.map((l) => `${l.read.length}/${l.total} ${d.progress.sectionsRead}`).join(" · ")} ·{" "}
        {progress.labs.filter((l) => l.completed).length} {t.labsCompleted.toLowerCase()}
      </p>
      <section>
        <h2>{t.labRuns}</h2>
        {runs.length === 0 ? (
          <p className={styles.muted}>{t.noRuns}</p>
        ) : (
          <TableScroll label={t.labRuns}>
            <table className={styles.table}>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id} data-testid="learner-run">
                    <td>{labTitles.get(r.lab)}</td>
                    <td className={styles.nowrap}>{r.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                    <td className={styles.num}>
                      {(JSON.parse(r.steps) as unknown[]).length}/{r.stepsTotal} {t.steps}
                    </td>
                    <td className={styles.num}>
                      {t.faults}: {r.faults}
                    </td>
                    <td>
                      <Link href={`/${locale}/teach/runs/${r.id}`}>{t.replay} ▶</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section>
        <h2>{t.quizAttempts}</h2>
        {views.map(({ v, quiz }) => (
          <details key={v.id}>
            <summary>
              {quiz.title[locale]} — {d.quiz.attempt} {v.number}: {v.status === "SUBMITTED" ? d.quiz.submitted : d.quiz.inProgress},{" "}
              {Math.round(v.points * 10) / 10}/{v.maxPoints}
            </summary>
            <QuizAttempt view={v} locale={locale} t={d.quiz} lessonHref={`/${locale}/lessons/${quiz.lesson}`} review />
          </details>
        ))}
      </section>
    </div>
  );
}
