import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LessonPager } from "@/app/ui/lesson/lesson-pager";
import { lessonComponents } from "@/app/ui/lesson/mdx-components";
import { TableOfContents } from "@/app/ui/lesson/table-of-contents";
import styles from "@/app/ui/lesson/lesson.module.css";
import { LESSON_SLUGS, type CoursePage } from "@/lib/content/course";
import { getLesson } from "@/lib/content/lessons";
import { renderMdx } from "@/lib/content/mdx-runtime";
import { isLocale, locales, type Locale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { getSessionUser } from "@/lib/auth/session";
import { getSectionsRead } from "@/lib/progress/sections";

export function generateStaticParams() {
  return locales.flatMap((locale) => LESSON_SLUGS.map((slug) => ({ locale, slug })));
}

async function load(params: PageProps<"/[locale]/lessons/[slug]">["params"]) {
  const { locale, slug } = await params;
  if (!isLocale(locale)) notFound();
  const lesson = await getLesson(slug, locale);
  if (!lesson) notFound();
  return { locale, lesson };
}

export async function generateMetadata({ params }: PageProps<"/[locale]/lessons/[slug]">): Promise<Metadata> {
  const { locale, lesson } = await load(params);
  return {
    title: lesson.frontmatter.title,
    description: lesson.frontmatter.description,
    alternates: { languages: Object.fromEntries(locales.map((l) => [l, `/${l}/lessons/${lesson.slug}`])) },
    openGraph: { title: lesson.frontmatter.title, description: lesson.frontmatter.description, locale },
  };
}

async function pageTitle(page: CoursePage, locale: Locale): Promise<string> {
  if (page.kind === "home") return getDictionary(locale).lesson.courseHome;
  return (await getLesson(page.slug, locale))?.frontmatter.title ?? page.slug;
}

export default async function LessonPage({ params }: PageProps<"/[locale]/lessons/[slug]">) {
  const { locale, lesson } = await load(params);
  const t = getDictionary(locale);
  const user = await getSessionUser();
  const { frontmatter, toc } = lesson;
  const meta = [
    frontmatter.lessonNumber ? t.lesson.lessonLabel(frontmatter.lessonNumber) : null,
    t.home.readingTime(lesson.readingMinutes),
  ].filter(Boolean);

  return (
    <div className={`container ${styles.layout}`}>
      <article className={styles.prose} lang={locale} data-testid="lesson">
        <header>
          <p className={styles.eyebrow}>{meta.join(" · ")}</p>
          <h1 className={styles.title}>{frontmatter.title}</h1>
          <p className={styles.lead}>{frontmatter.description}</p>
        </header>
        <details className={styles.mobileToc}>
          <summary>{t.lesson.toc}</summary>
          <nav aria-label={t.lesson.toc}>
            <ol>
              {toc
                .filter((item) => item.depth === 2)
                .map((item) => (
                  <li key={item.id}>
                    <a href={`#${item.id}`}>{item.text}</a>
                  </li>
                ))}
            </ol>
          </nav>
        </details>
        {renderMdx(lesson.code, lessonComponents(locale))}
        <LessonPager page={{ kind: "lesson", slug: lesson.slug }} locale={locale} titleOf={(p) => pageTitle(p, locale)} />
      </article>
      <aside className={styles.sidebar}>
        <TableOfContents
          items={toc}
          title={t.lesson.onThisPage}
          lesson={lesson.slug}
          initiallyRead={user ? await getSectionsRead(user.id, lesson.slug) : null}
          readLabel={t.progress.read}
        />
      </aside>
    </div>
  );
}
