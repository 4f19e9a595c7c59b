// Quizzes and lab progress against a real database (SQLite here, PostgreSQL in CI's second run):
// attempts and their policy, answers graded once, submissions, lab claims verified by replay,
// and idempotency under concurrency: 500 requests at once, then exact row counts.
import { AsyncLocalStorage } from "node:async_hooks";
import { describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { createFreshDatabase } from "../unit/support/test-db";

// Server actions read the session; each simulated request runs as its own user.
const requestUser = new AsyncLocalStorage<SessionUser | null>();
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => requestUser.getStore() ?? null }));

await createFreshDatabase();
const { db } = await import("@/lib/db");
const { answerAction, startAttemptAction, submitAttemptAction } = await import("@/lib/actions/quiz");
const { claimLabAction } = await import("@/lib/actions/progress");
const { findQuiz } = await import("@/lib/quizzes/registry");
const { getLearnerProgress } = await import("@/lib/data/progress");
const { LabSession } = await import("@/lib/labs/session");
const { findLab } = await import("@/lib/labs/registry");

const quiz = findQuiz("etcd")!;
const single = quiz.questions.find((q) => q.type === "single")! as Extract<(typeof quiz.questions)[number], { type: "single" }>;
const wrongChoice = single.choices.find((c) => c.id !== single.answer)!.id;

let users = 0;
async function learner(): Promise<SessionUser> {
  const n = ++users;
  const u = await db.user.create({ data: { email: `l${n}@example.com`, name: `Learner ${n}`, passwordHash: "x" } });
  return { id: u.id, email: u.email, name: u.name, role: "LEARNER" };
}
const as = <T>(user: SessionUser | null, fn: () => Promise<T>) => requestUser.run(user, fn);

/** The etcdctl-basics lab solved the way its steps' solutions do it, with the claim the page would send. */
function solvedBasics() {
  const def = findLab("etcdctl-basics")!;
  const session = new LabSession(def.seed, def.topology, def.slug);
  const steps: Array<{ id: string; doneAtMs: number }> = [];
  for (const step of def.steps) {
    for (const line of step.solution) session.command(0, typeof line === "string" ? line : line.line);
    session.advance(1000);
    // Exact virtual times, in fractional milliseconds as the worker reports them.
    if (step.check({ session, history: session.history })) steps.push({ id: step.id, doneAtMs: session.nowMs - session.bootedMs + 0.25 });
  }
  return { lab: def.slug, run: session.run, steps, endMs: session.nowMs - session.bootedMs + 0.5, hints: { put: 1 } };
}

describe("quiz attempts", () => {
  it("starts one attempt, resumes it, grades each answer once, and fixes the score on submission", async () => {
    const ann = await learner();
    const first = await as(ann, () => startAttemptAction({ quiz: "etcd" }));
    expect(first).toEqual({ ok: true, data: { attemptId: expect.any(String), resumed: false } });
    const attemptId = first.ok ? first.data.attemptId : "";
    expect(await as(ann, () => startAttemptAction({ quiz: "etcd" }))).toEqual({ ok: true, data: { attemptId, resumed: true } });

    const right = await as(ann, () => answerAction({ attemptId, question: single.id, response: { choice: single.answer }, locale: "en" }));
    expect(right.ok && right.data).toMatchObject({ credit: 1, alreadyAnswered: false, key: { type: "single", choice: single.answer } });
    expect(right.ok && right.data.explanation).toBe(single.explanation.en);
    // A retry with another response gets the first answer back and changes nothing.
    const again = await as(ann, () => answerAction({ attemptId, question: single.id, response: { choice: wrongChoice }, locale: "ru" }));
    expect(again.ok && again.data).toMatchObject({ credit: 1, alreadyAnswered: true, response: { choice: single.answer } });
    expect(again.ok && again.data.explanation).toBe(single.explanation.ru);
    expect(await db.quizAnswer.count({ where: { attemptId } })).toBe(1);

    const submitted = await as(ann, () => submitAttemptAction({ attemptId }));
    const max = quiz.questions.reduce((s, q) => s + (q.points ?? 1), 0);
    expect(submitted).toEqual({ ok: true, data: { points: single.points ?? 1, maxPoints: max, percent: expect.any(Number) } });
    expect(await as(ann, () => submitAttemptAction({ attemptId }))).toEqual(submitted);
    const late = await as(ann, () => answerAction({ attemptId, question: quiz.questions[1]!.id, response: {}, locale: "en" }));
    expect(late).toEqual({ ok: false, status: 409, error: "this attempt is already submitted" });
  });

  it("grades a 'do it in the lab' question by replaying the learner's run on the server", async () => {
    const flo = await learner();
    const started = await as(flo, () => startAttemptAction({ quiz: "etcd" }));
    const attemptId = started.ok ? started.data.attemptId : "";
    const def = findLab("sandbox")!;
    const play = (lines: string[]) => {
      const session = new LabSession(def.seed, def.topology, def.slug);
      for (const line of lines) {
        session.command(0, line);
        session.advance(500);
      }
      return session.run;
    };
    const twice = play(["etcdctl put /quiz/counter 1", "etcdctl put /quiz/counter 2"]);
    const thrice = play(["etcdctl put /quiz/counter 1", "etcdctl put /quiz/counter 2", "etcdctl put /quiz/counter 3"]);
    const answer = (run: unknown) =>
      as(flo, () => answerAction({ attemptId, question: "lab-counter-version", response: { run }, locale: "en" }));
    // A run of another lab is refused before anything is recorded.
    expect(await answer({ ...thrice, lab: "etcdctl-basics" })).toMatchObject({ ok: false, status: 422 });
    expect(await answer(twice)).toMatchObject({ ok: true, data: { credit: 0, key: { type: "lab" } } });
    // Answered (wrongly) once: the question is closed for this attempt.
    expect(await answer(thrice)).toMatchObject({ ok: true, data: { credit: 0, alreadyAnswered: true } });
    const next = await as(flo, () => submitAttemptAction({ attemptId }));
    expect(next.ok).toBe(true);
    const second = await as(flo, () => startAttemptAction({ quiz: "etcd" }));
    const secondId = second.ok ? second.data.attemptId : "";
    expect(
      await as(flo, () => answerAction({ attemptId: secondId, question: "lab-counter-version", response: { run: thrice }, locale: "en" })),
    ).toMatchObject({
      ok: true,
      data: { credit: 1 },
    });
  });

  it("keeps to the attempt limit and answers another learner's attempt with 404", async () => {
    const bob = await learner();
    const eve = await learner();
    for (let i = 0; i < (quiz.policy.maxAttempts ?? 3); i++) {
      const started = await as(bob, () => startAttemptAction({ quiz: "etcd" }));
      expect(started.ok).toBe(true);
      if (started.ok) await as(bob, () => submitAttemptAction({ attemptId: started.data.attemptId }));
    }
    expect(await as(bob, () => startAttemptAction({ quiz: "etcd" }))).toEqual({
      ok: false,
      status: 409,
      error: `no attempts left: this quiz allows ${quiz.policy.maxAttempts}`,
    });
    const bobs = await db.quizAttempt.findFirstOrThrow({ where: { userId: bob.id } });
    expect(
      await as(eve, () => answerAction({ attemptId: bobs.id, question: single.id, response: { choice: single.answer }, locale: "en" })),
    ).toEqual({
      ok: false,
      status: 404,
      error: "no such attempt",
    });
    expect(await as(eve, () => submitAttemptAction({ attemptId: bobs.id }))).toEqual({ ok: false, status: 404, error: "no such attempt" });
  });

  it("refuses anonymous and malformed requests with a 4xx and changes nothing", async () => {
    const cy = await learner();
    const before = await db.quizAttempt.count();
    expect(await as(null, () => startAttemptAction({ quiz: "etcd" }))).toEqual({ ok: false, status: 401, error: "sign in to do this" });
    for (const bad of [
      null,
      "etcd",
      { quiz: "../etc" },
      { quiz: "etcd", extra: 1 },
      { quiz: "x".repeat(100_000) },
      { quiz: "no-such-quiz" },
    ]) {
      const r = await as(cy, () => startAttemptAction(bad as never));
      expect(r.ok).toBe(false);
      expect(!r.ok && r.status).toBeGreaterThanOrEqual(400);
      expect(!r.ok && r.status).toBeLessThan(500);
    }
    expect(await db.quizAttempt.count()).toBe(before);
  });
});

describe("lab claims", () => {
  it("records a run the server's replay confirms, once, and refuses an edited one with the reason", async () => {
    const dan = await learner();
    const claim = solvedBasics();
    expect(claim.steps).toHaveLength(4);
    const first = await as(dan, () => claimLabAction(claim));
    expect(first).toEqual({
      ok: true,
      data: { runId: expect.any(String), steps: claim.steps.map((s) => s.id), completed: true, duplicate: false },
    });
    const retry = await as(dan, () => claimLabAction(claim));
    expect(retry.ok && retry.data.duplicate).toBe(true);
    expect(await db.labRun.count({ where: { userId: dan.id } })).toBe(1);
    expect(await db.labStepDone.count({ where: { userId: dan.id } })).toBe(4);

    const edited = {
      ...claim,
      run: { ...claim.run, inputs: claim.run.inputs.filter((i) => !(i.kind === "command" && /world/.test(i.line))) },
    };
    const refused = await as(dan, () => claimLabAction(edited));
    expect(refused).toEqual({
      ok: false,
      status: 422,
      error: expect.stringMatching(/^step "update" does not pass at \d:\d\d\.\d of this run$/),
    });
    expect(await db.labRun.count({ where: { userId: dan.id } })).toBe(1);

    const progress = await getLearnerProgress(dan.id);
    expect(progress.labs.find((l) => l.slug === "etcdctl-basics")).toMatchObject({ completed: true, total: 4 });
  });
});

describe("under load", () => {
  it("records exactly once per question and per claim when 500 requests arrive at once", async () => {
    const people = await Promise.all(Array.from({ length: 50 }, () => learner()));
    const attempts = await Promise.all(people.map((p) => as(p, () => startAttemptAction({ quiz: "etcd" }))));
    const ids = attempts.map((a) => (a.ok ? a.data.attemptId : ""));
    const questions = quiz.questions.filter((q) => q.type === "single" || q.type === "truefalse").slice(0, 3);
    const claim = solvedBasics();
    const requests: Array<Promise<{ ok: boolean }>> = [];
    for (const [i, p] of people.entries()) {
      // Each answer sent twice (a double click), each claim three times (retries), two claims of a partial run.
      for (const q of questions) {
        const response = q.type === "single" ? { choice: q.answer } : { value: (q as { answer: boolean }).answer };
        for (let k = 0; k < 2; k++)
          requests.push(as(p, () => answerAction({ attemptId: ids[i]!, question: q.id, response, locale: "en" })));
      }
      for (let k = 0; k < 3; k++) requests.push(as(p, () => claimLabAction(claim)));
      const partial = { ...claim, steps: claim.steps.slice(0, 1) };
      for (let k = 0; k < 1; k++) requests.push(as(p, () => claimLabAction(partial)));
    }
    expect(requests).toHaveLength(500);
    const results = await Promise.all(requests);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const userIds = people.map((p) => p.id);
    expect(await db.quizAnswer.count({ where: { attempt: { userId: { in: userIds } } } })).toBe(50 * questions.length);
    expect(await db.labRun.count({ where: { userId: { in: userIds } } })).toBe(50 * 2);
    expect(await db.labStepDone.count({ where: { userId: { in: userIds } } })).toBe(50 * 4);
    expect(await db.quizAttempt.count({ where: { userId: { in: userIds } } })).toBe(50);
  }, 120_000);
});
