import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { getLabTitle } from "@/lib/content/labs";
import { getLearnerProgress } from "@/lib/data/progress";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { findQuiz } from "@/lib/quizzes/registry";
import styles from "@/app/ui/quiz/quiz.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

export async function generateMetadata({ params }: PageProps<"/[locale]/progress">): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").progress.title, robots: { index: false } };
}

export default async function ProgressPage({ params }: PageProps<"/[locale]/progress">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const user = await getSessionUser();
  if (!user) redirect(`/${locale}/signin?callbackUrl=${encodeURIComponent(`/${locale}/progress`)}`);
  const t = getDictionary(locale);
  const p = await getLearnerProgress(user.id);
  const labTitles = await Promise.all(p.labs.map((l) => getLabTitle(l.slug, locale)));
  return (
    <div className="container" data-testid="progress-page">
      <h1>{t.progress.title}</h1>
      <h2>{t.progress.lesson}</h2>
      <ul>
        {p.lessons.map((l) => (
          <li key={l.slug} data-testid={`progress-lesson-${l.slug}`}>
            <Link href={`/${locale}/lessons/${l.slug}`}>{l.slug}</Link>: {l.read.length} / {l.total} {t.progress.sectionsRead}
          </li>
        ))}
      </ul>
      <h2>{t.progress.quizzes}</h2>
      <ul>
        {p.quizzes.map((q) => (
          <li key={q.slug} data-testid={`progress-quiz-${q.slug}`}>
            <Link href={`/${locale}/quizzes/${q.slug}`}>{findQuiz(q.slug)?.title[locale] ?? q.slug}</Link>:{" "}
            {q.standing.gradePercent === null
              ? t.progress.notStarted
              : `${q.standing.gradePercent}% — ${q.standing.passed ? t.quiz.passed : t.quiz.notPassed}`}
          </li>
        ))}
      </ul>
      <h2>{t.progress.labs}</h2>
      <TableScroll label={t.progress.labs}>
        <table className={styles.history}>
          <tbody>
            {p.labs.map((l, i) => (
              <tr key={l.slug} data-testid={`progress-lab-${l.slug}`} data-completed={l.completed}>
                <td>
                  <Link href={`/${locale}/labs/${l.slug}`}>{labTitles[i]}</Link>
                </td>
                <td>
                  {l.done.length} / {l.total} {t.progress.stepsDone}
                </td>
                <td>{l.completed ? `✓ ${t.progress.completed}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
