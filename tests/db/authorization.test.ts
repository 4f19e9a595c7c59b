// The authorization matrix for every server action and route handler: who may call it and what
// everyone else gets. A learner reaches only their own data, an instructor only their own
// cohorts, an anonymous caller nothing; a refusal is a 4xx that changes nothing.
// (Pages are covered in the browser: tests/e2e/authorization.spec.ts.)
import { AsyncLocalStorage } from "node:async_hooks";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { createFreshDatabase } from "../unit/support/test-db";

const requestUser = new AsyncLocalStorage<SessionUser | null>();
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => requestUser.getStore() ?? null }));

await createFreshDatabase();
const { db } = await import("@/lib/db");
const quizActions = await import("@/lib/actions/quiz");
const progressActions = await import("@/lib/actions/progress");
const cohortActions = await import("@/lib/actions/cohort");
const roster = await import("@/app/api/cohorts/[id]/roster/route");
const items = await import("@/app/api/cohorts/[id]/items/route");

type Who = "anonymous" | "learner" | "otherLearner" | "instructor" | "otherInstructor" | "admin";
const people = {} as Record<Exclude<Who, "anonymous">, SessionUser>;
let cohortId = "";
let joinCode = "";
let learnersAttempt = "";

const as = <T>(who: Who, fn: () => Promise<T>) => requestUser.run(who === "anonymous" ? null : people[who], fn);

beforeAll(async () => {
  const roles: Record<Exclude<Who, "anonymous">, SessionUser["role"]> = {
    learner: "LEARNER",
    otherLearner: "LEARNER",
    instructor: "INSTRUCTOR",
    otherInstructor: "INSTRUCTOR",
    admin: "ADMIN",
  };
  for (const [who, role] of Object.entries(roles) as Array<[Exclude<Who, "anonymous">, SessionUser["role"]]>) {
    const u = await db.user.create({ data: { email: `${who.toLowerCase()}@example.com`, name: who, passwordHash: "x", role } });
    people[who] = { id: u.id, email: u.email, name: u.name, role };
  }
  const created = await as("instructor", () => cohortActions.createCohortAction({ name: "Autumn cohort" }));
  if (!created.ok) throw new Error(created.error);
  ({ id: cohortId, joinCode } = created.data);
  await as("learner", () => cohortActions.joinCohortAction({ code: joinCode.toLowerCase().replace(/(....)/, "$1-") }));
  const started = await as("learner", () => quizActions.startAttemptAction({ quiz: "etcd" }));
  if (!started.ok) throw new Error(started.error);
  learnersAttempt = started.data.attemptId;
});

const statusOf = (r: { ok: boolean; status?: number }) => (r.ok ? 200 : r.status);

describe("server actions", () => {
  it("refuses every action to an anonymous caller with 401", async () => {
    const calls: Array<() => Promise<unknown>> = [
      () => quizActions.startAttemptAction({ quiz: "etcd" }),
      () => quizActions.answerAction({ attemptId: learnersAttempt, question: "x", response: {}, locale: "en" }),
      () => quizActions.submitAttemptAction({ attemptId: learnersAttempt }),
      () => quizActions.attemptViewAction({ attemptId: learnersAttempt, locale: "en" }),
      () => progressActions.markSectionReadAction({ lesson: "etcd", section: "what-is-etcd" }),
      () => progressActions.claimLabAction({ lab: "etcdctl-basics", run: {}, steps: [], endMs: 0, hints: {} }),
      () => cohortActions.createCohortAction({ name: "x" }),
      () => cohortActions.joinCohortAction({ code: joinCode }),
      () => cohortActions.setRoleAction({ userId: people.learner.id, role: "ADMIN" }),
    ];
    for (const call of calls) expect(await as("anonymous", call)).toEqual({ ok: false, status: 401, error: "sign in to do this" });
  });

  it("lets only the owner see and change an attempt", async () => {
    const matrix: Array<[Who, number]> = [
      ["learner", 200],
      ["otherLearner", 404],
      ["instructor", 404],
      ["admin", 404],
    ];
    for (const [who, expected] of matrix) {
      expect(statusOf(await as(who, () => quizActions.attemptViewAction({ attemptId: learnersAttempt, locale: "en" }))), who).toBe(
        expected,
      );
      if (expected !== 200)
        expect(statusOf(await as(who, () => quizActions.submitAttemptAction({ attemptId: learnersAttempt }))), who).toBe(404);
    }
    expect((await db.quizAttempt.findUniqueOrThrow({ where: { id: learnersAttempt } })).status).toBe("IN_PROGRESS");
  });

  it("lets instructors and admins create cohorts, and nobody else", async () => {
    const matrix: Array<[Who, number]> = [
      ["learner", 403],
      ["otherLearner", 403],
      ["otherInstructor", 200],
      ["admin", 200],
    ];
    for (const [who, expected] of matrix)
      expect(statusOf(await as(who, () => cohortActions.createCohortAction({ name: `${who}'s` }))), who).toBe(expected);
    expect(await db.cohort.count()).toBe(3);
  });

  it("lets only an admin set roles, and never demotes the last admin", async () => {
    for (const who of ["learner", "instructor"] as const)
      expect(await as(who, () => cohortActions.setRoleAction({ userId: people[who].id, role: "ADMIN" }))).toEqual({
        ok: false,
        status: 403,
        error: "your account may not do this",
      });
    expect(await as("admin", () => cohortActions.setRoleAction({ userId: people.admin.id, role: "LEARNER" }))).toEqual({
      ok: false,
      status: 409,
      error: "this is the last admin: make someone else an admin first",
    });
    expect(statusOf(await as("admin", () => cohortActions.setRoleAction({ userId: people.otherLearner.id, role: "INSTRUCTOR" })))).toBe(
      200,
    );
    expect(statusOf(await as("admin", () => cohortActions.setRoleAction({ userId: people.otherLearner.id, role: "LEARNER" })))).toBe(200);
    expect((await db.user.findUniqueOrThrow({ where: { id: people.admin.id } })).role).toBe("ADMIN");
  });

  it("joins a cohort by its code, however it is typed, once", async () => {
    expect(await as("otherLearner", () => cohortActions.joinCohortAction({ code: `  ${joinCode.toLowerCase()} ` }))).toEqual({
      ok: true,
      data: { cohortId, name: "Autumn cohort", alreadyMember: false },
    });
    expect(await as("otherLearner", () => cohortActions.joinCohortAction({ code: joinCode }))).toMatchObject({
      ok: true,
      data: { alreadyMember: true },
    });
    expect(await as("otherLearner", () => cohortActions.joinCohortAction({ code: "ZZZZZZZZ" }))).toEqual({
      ok: false,
      status: 404,
      error: "no cohort has this code: check it with your instructor",
    });
    expect(await db.cohortMember.count({ where: { cohortId } })).toBe(2);
  });
});

describe("route handlers (CSV exports)", () => {
  const get = (handler: (request: Request, context: never) => Promise<Response>, id: string, query = "") =>
    handler(new Request(`http://localhost/api/cohorts/${id}/x${query}`), { params: Promise.resolve({ id }) } as never);

  it("serves a cohort's CSV to its instructor and an admin only", async () => {
    const matrix: Array<[Who, number]> = [
      ["anonymous", 401],
      ["learner", 404],
      ["otherLearner", 404],
      ["otherInstructor", 404],
      ["instructor", 200],
      ["admin", 200],
    ];
    for (const [who, expected] of matrix) {
      expect((await as(who, () => get(roster.GET, cohortId))).status, `roster as ${who}`).toBe(expected);
      expect((await as(who, () => get(items.GET, cohortId, "?quiz=etcd"))).status, `items as ${who}`).toBe(expected);
    }
    const bytes = new Uint8Array(await (await as("instructor", () => get(roster.GET, cohortId))).arrayBuffer());
    // A UTF-8 byte-order mark first, so spreadsheets read Cyrillic names right.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv.split("\r\n")[0]).toBe("name,email,joined_at,sections_read,lab_steps_done,labs_completed,quiz_etcd_percent");
    expect(csv).toContain("learner@example.com");
    expect(csv).not.toContain("instructor@example.com");
    expect((await as("instructor", () => get(items.GET, cohortId, "?quiz=nope"))).status).toBe(404);
    expect((await as("instructor", () => get(roster.GET, "x".repeat(10_000)))).status).toBe(404);
  });
});
