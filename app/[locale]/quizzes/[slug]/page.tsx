import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale, type Locale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { getAttemptView, getQuizStanding } from "@/lib/quizzes/attempts";
import { findQuiz } from "@/lib/quizzes/registry";
import { QuizAttempt } from "@/app/ui/quiz/quiz-attempt";
import { StartAttempt } from "@/app/ui/quiz/start-attempt";
import styles from "@/app/ui/quiz/quiz.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

async function load(params: PageProps<"/[locale]/quizzes/[slug]">["params"]) {
  const { locale, slug } = await params;
  const quiz = findQuiz(slug);
  if (!isLocale(locale) || !quiz) notFound();
  return { locale: locale as Locale, quiz };
}

export async function generateMetadata({ params }: PageProps<"/[locale]/quizzes/[slug]">): Promise<Metadata> {
  const { locale, quiz } = await load(params);
  return { title: quiz.title[locale], description: quiz.description[locale] };
}

export default async function QuizPage({ params }: PageProps<"/[locale]/quizzes/[slug]">) {
  const { locale, quiz } = await load(params);
  const t = getDictionary(locale).quiz;
  const user = await getSessionUser();
  const lessonHref = `/${locale}/lessons/${quiz.lesson}`;
  const here = `/${locale}/quizzes/${quiz.slug}`;

  if (!user)
    return (
      <div className="container prose" data-testid="quiz-page">
        <h1>{quiz.title[locale]}</h1>
        <p>{quiz.description[locale]}</p>
        <p>{t.signInToTake}</p>
        <Link className="button" href={`/${locale}/signin?callbackUrl=${encodeURIComponent(here)}`}>
          {t.signIn}
        </Link>
      </div>
    );

  const standing = await getQuizStanding(user, quiz.slug);
  if (!standing.ok) notFound();
  const s = standing.data;
  const open = s.attempts.find((a) => a.status === "IN_PROGRESS");
  const last = [...s.attempts].reverse().find((a) => a.status === "SUBMITTED");
  const shown = open ?? last;
  const view = shown ? await getAttemptView(user, shown.id, locale) : undefined;
  const canStart = !open && (s.attemptsLeft === null || s.attemptsLeft > 0) && !s.nextAttemptAt;

  return (
    <div className="container" data-testid="quiz-page">
      <h1>{quiz.title[locale]}</h1>
      <p>{quiz.description[locale]}</p>
      <section className={styles.summary} aria-label={t.history}>
        {s.gradePercent !== null ? (
          <p data-testid="quiz-grade">
            {t.grade}: <strong>{s.gradePercent}%</strong> — {s.passed ? t.passed : t.notPassed}
          </p>
        ) : null}
        <p>
          {t.attemptsLeft}: {s.attemptsLeft === null ? t.unlimited : s.attemptsLeft}
          {s.nextAttemptAt ? ` · ${t.nextAttemptAt} ${new Date(s.nextAttemptAt).toLocaleString(locale)}` : ""}
        </p>
        {s.attempts.length > 0 ? (
          <TableScroll label={t.history}>
            <table className={styles.history}>
              <tbody>
                {s.attempts.map((a) => (
                  <tr key={a.id}>
                    <td>
                      {t.attempt} {a.number}
                    </td>
                    <td>{a.status === "SUBMITTED" ? t.submitted : t.inProgress}</td>
                    <td>{a.status === "SUBMITTED" ? `${Math.round((a.points / a.maxPoints) * 1000) / 10}%` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : null}
        {open ? null : canStart ? <StartAttempt quiz={quiz.slug} label={s.attempts.length ? t.retake : t.start} /> : null}
      </section>
      {view?.ok ? (
        <QuizAttempt key={view.data.id + view.data.status} view={view.data} locale={locale} t={t} lessonHref={lessonHref} />
      ) : null}
    </div>
  );
}
