import "server-only";
// Lesson sections read: the lesson page reports each section the reader has scrolled through.

import { db } from "@/lib/db";
import { getLesson } from "@/lib/content/lessons";
import { LESSON_SLUGS } from "@/lib/content/course";
import { fail, isUniqueViolation, ok, type Outcome } from "@/lib/outcome";
import type { Learner } from "@/lib/quizzes/attempts";

/** The heading ids of a lesson (the same in every language: they are written into the MDX). */
export async function lessonSections(lesson: string): Promise<string[] | undefined> {
  if (!LESSON_SLUGS.includes(lesson)) return undefined;
  const compiled = await getLesson(lesson, "ru");
  return compiled?.toc.map((t) => t.id);
}

export async function markSectionRead(user: Learner, lesson: string, section: string): Promise<Outcome<{ recorded: boolean }>> {
  const sections = await lessonSections(lesson);
  if (!sections) return fail(404, `there is no lesson named ${JSON.stringify(lesson)}`);
  if (!sections.includes(section)) return fail(404, `the lesson has no section ${JSON.stringify(section)}`);
  try {
    await db.sectionRead.create({ data: { userId: user.id, lesson, section } });
    return ok({ recorded: true });
  } catch (error) {
    // Read before (another tab, a retry): nothing to add.
    if (isUniqueViolation(error)) return ok({ recorded: false });
    throw error;
  }
}

export async function getSectionsRead(userId: string, lesson: string): Promise<string[]> {
  const rows = await db.sectionRead.findMany({ where: { userId, lesson }, select: { section: true } });
  return rows.map((r) => r.section);
}
