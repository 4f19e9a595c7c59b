import Link from "next/link";
import { coursePageHref, neighbours, type CoursePage } from "@/lib/content/course";
import type { Locale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import styles from "./lesson.module.css";

/** Previous/next links along the course (lib/content/course.ts); pages that do not exist are not linked. */
export async function LessonPager({
  page,
  locale,
  titleOf,
}: {
  page: CoursePage;
  locale: Locale;
  titleOf: (p: CoursePage) => Promise<string>;
}) {
  const t = getDictionary(locale).lesson;
  const { previous, next } = neighbours(page);
  if (!previous && !next) return null;
  const [previousTitle, nextTitle] = await Promise.all([previous && titleOf(previous), next && titleOf(next)]);
  return (
    <nav aria-label={t.pagination} className={styles.pager} data-testid="pager">
      {previous && (
        <Link href={coursePageHref(previous, locale)} className={styles.pagerLink} rel="prev">
          <span className={styles.pagerDir}>← {t.previous}</span>
          <span className={styles.pagerTitle}>{previousTitle}</span>
        </Link>
      )}
      {next && (
        <Link href={coursePageHref(next, locale)} className={`${styles.pagerLink} ${styles.pagerNext}`} rel="next">
          <span className={styles.pagerDir}>{t.next} →</span>
          <span className={styles.pagerTitle}>{nextTitle}</span>
        </Link>
      )}
    </nav>
  );
}
