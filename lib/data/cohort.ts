import "server-only";
// What an instructor sees of a cohort: the roster with each learner's progress, per-question
// statistics of the quiz, and the lab funnel. The caller has checked that the actor may see the
// cohort (lib/cohorts.ts visibleCohort).

import { db } from "@/lib/db";
import { LESSON_SLUGS } from "@/lib/content/course";
import { LABS } from "@/lib/labs/registry";
import { lessonSections } from "@/lib/progress/sections";
import { responseLabel, parseResponse } from "@/lib/quizzes/grade";
import { itemAnalysis, type ItemStatistics } from "@/lib/quizzes/item-analysis";
import { findQuiz, QUIZZES } from "@/lib/quizzes/registry";
import { standing } from "@/lib/quizzes/attempts";

export interface RosterRow {
  userId: string;
  name: string;
  email: string;
  joinedAt: string;
  sectionsRead: number;
  labStepsDone: number;
  labsCompleted: number;
  /** The grade that counts per quiz (percent), null when not submitted. */
  quizzes: Record<string, number | null>;
}

export async function getCohortRoster(cohortId: string): Promise<{ rows: RosterRow[]; sectionsTotal: number; labStepsTotal: number }> {
  const members = await db.cohortMember.findMany({
    where: { cohortId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { joinedAt: "asc" },
  });
  const ids = members.map((m) => m.userId);
  const [reads, steps, attempts] = await Promise.all([
    db.sectionRead.groupBy({ by: ["userId"], where: { userId: { in: ids } }, _count: { _all: true } }),
    db.labStepDone.findMany({ where: { userId: { in: ids } }, select: { userId: true, lab: true } }),
    db.quizAttempt.findMany({ where: { userId: { in: ids } }, orderBy: { number: "asc" } }),
  ]);
  const sectionsTotal = (await Promise.all(LESSON_SLUGS.map(lessonSections))).reduce((s, x) => s + (x?.length ?? 0), 0);
  const rows = members.map((m) => {
    const mine = steps.filter((s) => s.userId === m.userId);
    return {
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      joinedAt: m.joinedAt.toISOString(),
      sectionsRead: reads.find((r) => r.userId === m.userId)?._count._all ?? 0,
      labStepsDone: mine.length,
      labsCompleted: LABS.filter((l) => l.steps.length > 0 && mine.filter((s) => s.lab === l.slug).length >= l.steps.length).length,
      quizzes: Object.fromEntries(
        QUIZZES.map((q) => [
          q.slug,
          standing(
            q,
            attempts.filter((a) => a.userId === m.userId && a.quiz === q.slug),
          ).gradePercent,
        ]),
      ),
    };
  });
  return { rows, sectionsTotal, labStepsTotal: LABS.reduce((s, l) => s + l.steps.length, 0) };
}

/** Moodle-style item statistics of a quiz over the cohort's submitted attempts. */
export async function getCohortItemAnalysis(
  cohortId: string,
  quizSlug: string,
): Promise<{ attempts: number; items: ItemStatistics[] } | undefined> {
  const quiz = findQuiz(quizSlug);
  if (!quiz) return undefined;
  const attempts = await db.quizAttempt.findMany({
    where: { quiz: quizSlug, status: "SUBMITTED", user: { cohortsJoined: { some: { cohortId } } } },
    include: { answers: true },
  });
  const scores = attempts.map((a) => {
    const credit: Record<string, number> = {};
    const responses: Record<string, string> = {};
    for (const ans of a.answers) {
      const q = quiz.questions.find((x) => x.id === ans.question);
      if (!q) continue;
      credit[q.id] = ans.credit;
      const parsed = q.type === "lab" ? undefined : parseResponse(q, JSON.parse(ans.response) as unknown);
      responses[q.id] = parsed?.ok ? responseLabel(q, parsed.response) : q.type === "lab" ? (ans.credit >= 1 ? "done" : "not done") : "?";
    }
    return { credit, responses };
  });
  return {
    attempts: attempts.length,
    items: itemAnalysis(
      quiz.questions.map((q) => ({ id: q.id, points: q.points ?? 1 })),
      scores,
    ),
  };
}

export interface FunnelStep {
  step: string;
  /** Learners of the cohort who completed the step. */
  done: number;
  /** Median virtual seconds from the previous step's completion (or the lab's start) to this one. */
  medianSeconds: number | null;
  hints: number;
}

/** Where learners get stuck in a lab: per step, how many got there, how long it took, hints opened; faults injected overall. */
export async function getCohortLabFunnel(
  cohortId: string,
  lab: string,
): Promise<{ learners: number; faults: number; steps: FunnelStep[] } | undefined> {
  const def = LABS.find((l) => l.slug === lab);
  if (!def) return undefined;
  const members = await db.cohortMember.findMany({ where: { cohortId }, select: { userId: true } });
  const ids = members.map((m) => m.userId);
  const [done, runs] = await Promise.all([
    db.labStepDone.findMany({ where: { lab, userId: { in: ids } } }),
    db.labRun.findMany({
      where: { lab, userId: { in: ids } },
      select: { userId: true, faults: true, hints: true, createdAt: true },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  // A learner's latest claim carries their hint counts so far; faults are summed per learner's latest run too.
  const latest = new Map<string, { faults: number; hints: Record<string, number> }>();
  for (const r of runs) latest.set(r.userId, { faults: r.faults, hints: JSON.parse(r.hints) as Record<string, number> });
  const median = (xs: number[]) => {
    if (xs.length === 0) return null;
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return Math.round(s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2);
  };
  const steps = def.steps.map((step, i) => {
    const here = done.filter((d) => d.step === step.id);
    const durations = here.flatMap((d) => {
      const previous = i === 0 ? 0 : done.find((p) => p.userId === d.userId && p.step === def.steps[i - 1]!.id)?.doneAtMs;
      return previous === undefined ? [] : [Math.max(0, d.doneAtMs - previous) / 1000];
    });
    return {
      step: step.id,
      done: here.length,
      medianSeconds: median(durations),
      hints: [...latest.values()].reduce((s, l) => s + (l.hints[step.id] ?? 0), 0),
    };
  });
  return { learners: new Set(runs.map((r) => r.userId)).size, faults: [...latest.values()].reduce((s, l) => s + l.faults, 0), steps };
}
