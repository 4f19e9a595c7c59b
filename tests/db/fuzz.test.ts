// Hostile input against every server action: random JSON, wrong types, huge strings, deep
// nesting, prototype-pollution keys. Each call must come back as a 4xx value (never a throw,
// never a 5xx), and a refused call must leave every table as it was.
import { AsyncLocalStorage } from "node:async_hooks";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { createFreshDatabase } from "../unit/support/test-db";

const requestUser = new AsyncLocalStorage<SessionUser | null>();
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => requestUser.getStore() ?? null }));

await createFreshDatabase();
const { db } = await import("@/lib/db");
const quiz = await import("@/lib/actions/quiz");
const progress = await import("@/lib/actions/progress");
const cohort = await import("@/lib/actions/cohort");

const actions: Record<string, (raw: never) => Promise<{ ok: boolean; status?: number }>> = {
  startAttempt: quiz.startAttemptAction,
  answer: quiz.answerAction,
  submitAttempt: quiz.submitAttemptAction,
  attemptView: quiz.attemptViewAction,
  markSectionRead: progress.markSectionReadAction,
  claimLab: progress.claimLabAction,
  createCohort: cohort.createCohortAction,
  joinCohort: cohort.joinCohortAction,
  setRole: cohort.setRoleAction,
};

let admin: SessionUser;
let attemptId = "";

async function counts() {
  const [users, attempts, answers, reads, runs, steps, cohorts, members] = await Promise.all([
    db.user.findMany({ select: { id: true, role: true }, orderBy: { id: "asc" } }),
    db.quizAttempt.count(),
    db.quizAnswer.count(),
    db.sectionRead.count(),
    db.labRun.count(),
    db.labStepDone.count(),
    db.cohort.count(),
    db.cohortMember.count(),
  ]);
  return { users, attempts, answers, reads, runs, steps, cohorts, members };
}

beforeAll(async () => {
  const u = await db.user.create({ data: { email: "admin@example.com", name: "Admin", passwordHash: "x", role: "ADMIN" } });
  admin = { id: u.id, email: u.email, name: u.name, role: "ADMIN" };
  const started = await requestUser.run(admin, () => quiz.startAttemptAction({ quiz: "etcd" }));
  if (!started.ok) throw new Error("could not start");
  attemptId = started.data.attemptId;
});

/** Strings an attacker tries: huge, control characters, markup, paths, SQL, unicode tricks. */
const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    " ",
    "../../etc/passwd",
    '\'; DROP TABLE "User"; --',
    "<script>alert(1)</script>",
    "\u0000",
    "\u202e",
    "__proto__",
    "constructor",
    "etcd",
  ),
  fc.string({ minLength: 1, maxLength: 3 }).map((s) => s.repeat(30_000)),
);

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof(
        hostileString,
        fc.constantFrom("__proto__", "constructor", "quiz", "attemptId", "question", "response", "run", "code", "role"),
      ),
      tie("value"),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

/** Inputs close to valid ones, with one field wrong: what gets past a sloppy check. */
function nearMisses(): Record<string, fc.Arbitrary<unknown>> {
  return {
    startAttempt: fc.record({ quiz: hostileValue }),
    answer: fc.record({
      attemptId: fc.oneof(fc.constant(attemptId), hostileValue),
      question: hostileValue,
      response: hostileValue,
      locale: fc.constantFrom("en", "ru", "de", 1),
    }),
    submitAttempt: fc.record({ attemptId: hostileValue }),
    attemptView: fc.record({ attemptId: hostileValue, locale: hostileValue }),
    markSectionRead: fc.record({ lesson: fc.oneof(fc.constant("etcd"), hostileValue), section: hostileValue }),
    claimLab: fc.record({
      lab: fc.constantFrom("etcdctl-basics", "x"),
      run: hostileValue,
      steps: hostileValue,
      endMs: hostileValue,
      hints: hostileValue,
    }),
    createCohort: fc.record({ name: fc.oneof(fc.constant(""), hostileValue) }),
    joinCohort: fc.record({ code: hostileValue }),
    setRole: fc.record({ userId: hostileValue, role: hostileValue }),
  };
}

describe("hostile input to every action", () => {
  it("is answered with a 4xx and changes nothing", async () => {
    const before = await counts();
    const near = nearMisses();
    for (const [name, action] of Object.entries(actions)) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostileValue, near[name]!), async (input) => {
          let result: { ok: boolean; status?: number } | undefined;
          try {
            result = await requestUser.run(admin, () => action(input as never));
          } catch (error) {
            throw new Error(`${name} threw on ${JSON.stringify(input)?.slice(0, 200)}: ${String(error)}`);
          }
          // A random input may be valid by chance (a cohort named "etcd"): that is allowed to succeed.
          if (result.ok) return;
          expect(result.status, `${name} on ${JSON.stringify(input)?.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(result.status).toBeLessThan(500);
        }),
        { numRuns: 150, seed: 20261205 },
      );
    }
    const after = await counts();
    // Only successful random calls may have written: cohorts named by chance, nothing else.
    expect({ ...after, cohorts: 0, members: 0 }).toEqual({ ...before, cohorts: 0, members: 0 });
  }, 120_000);

  it("refuses an oversized request before reading it", async () => {
    const huge = "x".repeat(3 * 1024 * 1024);
    for (const [name, action] of Object.entries(actions))
      expect(await requestUser.run(admin, () => action({ quiz: huge, attemptId: huge, run: huge } as never)), name).toMatchObject({
        ok: false,
        status: 413,
      });
  });
});
