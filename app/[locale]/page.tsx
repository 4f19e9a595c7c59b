import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/app/ui/home/home.module.css";
import { getSessionUser } from "@/lib/auth/session";
import { LESSON_SLUGS } from "@/lib/content/course";
import { getLesson } from "@/lib/content/lessons";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

export default async function HomePage({ params }: PageProps<"/[locale]">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getDictionary(locale);
  const [lessons, user] = await Promise.all([Promise.all(LESSON_SLUGS.map((slug) => getLesson(slug, locale))), getSessionUser()]);

  return (
    <div className="container">
      <section className={styles.hero}>
        <h1 className={styles.title}>{t.home.title}</h1>
        <p className={styles.lead}>{t.home.lead}</p>
        <Link href={`/${locale}/lessons/etcd`} className="button">
          {t.home.startReading} →
        </Link>
      </section>

      <section className={styles.grid}>
        {lessons.map(
          (lesson) =>
            lesson && (
              <article key={lesson.slug} className={styles.card} data-testid="lesson-card">
                <p className={styles.meta}>
                  {lesson.frontmatter.lessonNumber ? `${t.lesson.lessonLabel(lesson.frontmatter.lessonNumber)} · ` : ""}
                  {t.home.readingTime(lesson.readingMinutes)} · {t.home.sections(lesson.toc.filter((i) => i.depth === 2).length)}
                </p>
                <h2 className={styles.cardTitle}>
                  <Link href={`/${locale}/lessons/${lesson.slug}`}>{lesson.frontmatter.title}</Link>
                </h2>
                <p>{lesson.frontmatter.description}</p>
                <h3 className={styles.subTitle}>{t.home.contents}</h3>
                <ol className={styles.contents}>
                  {lesson.toc
                    .filter((item) => item.depth === 2)
                    .map((item) => (
                      <li key={item.id}>
                        <Link href={`/${locale}/lessons/${lesson.slug}#${item.id}`}>{item.text}</Link>
                      </li>
                    ))}
                </ol>
              </article>
            ),
        )}

        <div className={styles.side}>
          <section className={styles.panel}>
            <h2 className={styles.subTitle}>{t.home.whatYouLearn}</h2>
            <ul className={styles.outcomes}>
              {t.home.outcomes.map((outcome) => (
                <li key={outcome}>{outcome}</li>
              ))}
            </ul>
          </section>
          <section className={styles.panel}>
            <h2 className={styles.subTitle}>{t.home.comingNext}</h2>
            <p>{t.home.comingNextText}</p>
            {!user && (
              <p>
                {t.home.accountPitch} <Link href={`/${locale}/signup`}>{t.nav.signUp}</Link>
              </p>
            )}
          </section>
        </div>
      </section>
    </div>
  );
}
