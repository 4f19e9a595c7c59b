// The demo class for local use: Irina's cohort with two of the demo learners, some lessons read,
// quiz attempts graded as the server grades them, and lab runs verified by replay, so the
// teaching pages show something on a fresh install. Idempotent: nothing is added once the cohort
// exists. learner3 stays outside the cohort (the instructor must not see them).

import { quiz } from "../content/quizzes/etcd/quiz";
import type { PrismaClient } from "../lib/generated/prisma/client";
import { findLab } from "../lib/labs/registry";
import { LabSession } from "../lib/labs/session";
import { verifyLabRun } from "../lib/labs/verify";
import { gradeResponse, parseResponse } from "../lib/quizzes/grade";
import type { Question } from "../lib/quizzes/types";

/** The demo cohort's join code (a real cohort gets a random one). */
export const DEMO_JOIN_CODE = "DEMO2026";

/** A response that earns full marks, or (when `wrong`) one that earns none. */
function response(q: Question, wrong: boolean): unknown {
  switch (q.type) {
    case "single":
      return { choice: wrong ? q.choices.find((c) => c.id !== q.answer)!.id : q.answer };
    case "multiple":
      return { choices: wrong ? q.choices.filter((c) => !q.answer.includes(c.id)).map((c) => c.id) : q.answer };
    case "truefalse":
      return { value: wrong ? !q.answer : q.answer };
    case "ordering":
      return { order: (wrong ? [...q.items].reverse() : q.items).map((i) => i.id) };
    case "matching":
      return { pairs: wrong ? {} : q.answer };
    case "numeric":
      return { value: wrong ? q.answer + q.tolerance + 1 : q.answer };
    case "text":
      return { text: wrong ? "I do not know" : q.canonical.en };
    case "lab":
      return undefined;
  }
}

/** A lab solved by its steps' solutions, up to `steps` steps, as the page would claim it. */
function solvedRun(slug: string, steps: number) {
  const def = findLab(slug)!;
  const session = new LabSession(def.seed, def.topology, def.slug);
  const claims: Array<{ id: string; doneAtMs: number }> = [];
  for (const step of def.steps.slice(0, steps)) {
    session.advance(20_000);
    for (const line of step.solution)
      session.command(typeof line === "string" ? 0 : line.terminal, typeof line === "string" ? line : line.line);
    session.advance(step.settleMs ?? 2_000);
    if (step.check({ session, history: session.history }))
      claims.push({ id: step.id, doneAtMs: Math.round(session.nowMs - session.bootedMs) });
  }
  const endMs = Math.round(session.nowMs - session.bootedMs);
  const verdict = verifyLabRun(slug, session.run, claims, endMs);
  if (!verdict.ok) throw new Error(`the demo run of ${slug} does not verify: ${verdict.error}`);
  return verdict.verified;
}

export async function seedDemoClass(db: PrismaClient): Promise<string> {
  const instructor = await db.user.findUnique({ where: { email: "instructor@example.com" } });
  if (!instructor) return "no demo instructor";
  if (await db.cohort.findUnique({ where: { joinCode: DEMO_JOIN_CODE } })) return "demo class already present";
  const cohort = await db.cohort.create({
    data: { name: "etcd for platform engineers (demo)", joinCode: DEMO_JOIN_CODE, instructorId: instructor.id },
  });

  // Lev is diligent, Anna is halfway through.
  const plans = [
    {
      email: "learner1@example.com",
      sections: 30,
      wrongEvery: 4,
      labs: { "etcdctl-basics": 4, "leader-election": 4 } as Record<string, number>,
    },
    { email: "learner2@example.com", sections: 12, wrongEvery: 2, labs: { "etcdctl-basics": 2 } as Record<string, number> },
  ];
  const sections = [...quiz.questions.map((q) => q.section)].filter((s, i, all) => all.indexOf(s) === i);
  for (const plan of plans) {
    const user = await db.user.findUniqueOrThrow({ where: { email: plan.email } });
    await db.cohortMember.create({ data: { cohortId: cohort.id, userId: user.id } });
    for (const section of sections.slice(0, plan.sections))
      await db.sectionRead.create({ data: { userId: user.id, lesson: "etcd", section } });

    const attempt = await db.quizAttempt.create({
      data: { userId: user.id, quiz: quiz.slug, number: 1, seed: 7, maxPoints: quiz.questions.reduce((s, q) => s + (q.points ?? 1), 0) },
    });
    let points = 0;
    for (const [i, q] of quiz.questions.entries()) {
      const raw = response(q, i % plan.wrongEvery === 0);
      if (raw === undefined) continue;
      const parsed = parseResponse(q, raw);
      if (!parsed.ok) throw new Error(`demo answer to ${q.id}: ${parsed.error}`);
      const credit = gradeResponse(q, parsed.response);
      points += credit * (q.points ?? 1);
      await db.quizAnswer.create({
        data: {
          attemptId: attempt.id,
          question: q.id,
          response: JSON.stringify(parsed.response),
          credit,
          points: credit * (q.points ?? 1),
        },
      });
    }
    await db.quizAttempt.update({ where: { id: attempt.id }, data: { status: "SUBMITTED", submittedAt: new Date(), points } });

    for (const [slug, steps] of Object.entries(plan.labs)) {
      const v = solvedRun(slug, steps);
      const run = await db.labRun.create({
        data: {
          userId: user.id,
          lab: slug,
          digest: `demo-${slug}-${user.id}`,
          run: JSON.stringify(v.run),
          endMs: v.endMs,
          steps: JSON.stringify(v.steps),
          stepsTotal: v.def.steps.length,
          completed: v.completed,
          inputs: v.inputs,
          faults: v.faults,
          hints: JSON.stringify({ [v.def.steps[0]!.id]: 1 }),
        },
      });
      for (const s of v.steps)
        await db.labStepDone.create({ data: { userId: user.id, lab: slug, step: s.id, doneAtMs: s.doneAtMs, runId: run.id } });
    }
  }
  return `demo class created (join code ${DEMO_JOIN_CODE})`;
}
