import "server-only";
// A learner's progress, read in one place: the "my progress" page, the lesson's section marks,
// the labs index and the instructor's view of a learner all read it from here.

import { db } from "@/lib/db";
import { LESSON_SLUGS } from "@/lib/content/course";
import { LABS } from "@/lib/labs/registry";
import { lessonSections } from "@/lib/progress/sections";
import { standing, type QuizStanding } from "@/lib/quizzes/attempts";
import { QUIZZES } from "@/lib/quizzes/registry";

export interface LearnerProgress {
  lessons: Array<{ slug: string; read: string[]; total: number }>;
  labs: Array<{ slug: string; done: string[]; total: number; completed: boolean }>;
  quizzes: Array<{ slug: string; standing: QuizStanding }>;
}

export async function getLearnerProgress(userId: string): Promise<LearnerProgress> {
  const [reads, steps, attempts] = await Promise.all([
    db.sectionRead.findMany({ where: { userId }, select: { lesson: true, section: true } }),
    db.labStepDone.findMany({ where: { userId }, select: { lab: true, step: true } }),
    db.quizAttempt.findMany({ where: { userId }, orderBy: { number: "asc" } }),
  ]);
  const lessons = await Promise.all(
    LESSON_SLUGS.map(async (slug) => {
      const sections = (await lessonSections(slug)) ?? [];
      return { slug, read: sections.filter((s) => reads.some((r) => r.lesson === slug && r.section === s)), total: sections.length };
    }),
  );
  const labs = LABS.map((def) => {
    const done = def.steps.map((s) => s.id).filter((id) => steps.some((r) => r.lab === def.slug && r.step === id));
    return { slug: def.slug, done, total: def.steps.length, completed: def.steps.length > 0 && done.length === def.steps.length };
  });
  const quizzes = QUIZZES.map((quiz) => ({
    slug: quiz.slug,
    standing: standing(
      quiz,
      attempts.filter((a) => a.quiz === quiz.slug),
    ),
  }));
  return { lessons, labs, quizzes };
}
