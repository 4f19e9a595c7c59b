import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireRole, TEACHING_ROLES } from "@/lib/auth/require";
import { listCohorts } from "@/lib/cohorts";
import { siteOrigin } from "@/lib/site-origin";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { CreateCohortForm } from "@/app/ui/teach/create-cohort-form";
import styles from "@/app/ui/teach/teach.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

export async function generateMetadata({ params }: PageProps<"/[locale]/teach">): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").teach.title, robots: { index: false } };
}

export default async function TeachPage({ params }: PageProps<"/[locale]/teach">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const user = await requireRole(locale, `/${locale}/teach`, TEACHING_ROLES);
  const t = getDictionary(locale).teach;
  const cohorts = await listCohorts(user);
  const joinBase = `${await siteOrigin()}/${locale}/join`;
  return (
    <div className={`container ${styles.page}`} data-testid="teach-page">
      <h1>{t.title}</h1>
      <section>
        <h2>{t.newCohort}</h2>
        <CreateCohortForm t={t} joinBase={joinBase} />
      </section>
      <section>
        <h2>{t.cohorts}</h2>
        {cohorts.length === 0 ? (
          <p className={styles.muted}>{t.noCohorts}</p>
        ) : (
          <TableScroll label={t.cohorts}>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>{t.name}</th>
                  <th>{t.members}</th>
                  <th>{t.joinCode}</th>
                  <th>{t.joinLink}</th>
                </tr>
              </thead>
              <tbody>
                {cohorts.map((c) => (
                  <tr key={c.id} data-testid={`cohort-${c.joinCode}`}>
                    <td>
                      <Link href={`/${locale}/teach/cohorts/${c.id}`}>{c.name}</Link>
                    </td>
                    <td className={styles.num}>{c._count.members}</td>
                    <td className={styles.code}>{c.joinCode}</td>
                    <td>
                      <code>{`${joinBase}?code=${c.joinCode}`}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}
