import type { Locale } from "@/lib/i18n/config";

// The course's pages in reading order. Previous/next navigation follows this list, and
// only pages that exist are in it: labs and quizzes join when they are built.
export type CoursePage = { kind: "home" } | { kind: "lesson"; slug: string };

export const COURSE: readonly CoursePage[] = [{ kind: "home" }, { kind: "lesson", slug: "etcd" }];

export const LESSON_SLUGS = COURSE.flatMap((page) => (page.kind === "lesson" ? [page.slug] : []));

export function coursePageHref(page: CoursePage, locale: Locale): string {
  return page.kind === "home" ? `/${locale}` : `/${locale}/lessons/${page.slug}`;
}

export function isSamePage(a: CoursePage, b: CoursePage): boolean {
  return a.kind === b.kind && (a.kind === "home" || (b.kind === "lesson" && a.slug === b.slug));
}

/** The pages before and after `page` in the course, if any. */
export function neighbours(page: CoursePage): { previous?: CoursePage; next?: CoursePage } {
  const index = COURSE.findIndex((p) => isSamePage(p, page));
  if (index < 0) return {};
  return { previous: COURSE[index - 1], next: COURSE[index + 1] };
}
