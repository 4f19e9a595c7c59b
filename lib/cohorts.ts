import "server-only";
// Cohorts: an instructor's class. The instructor creates one and shares its join code (or the
// link that carries it); a learner joins with it. An instructor sees only their own cohorts; an
// admin sees all of them.

import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { JOIN_CODE_LENGTH } from "@/lib/cohorts-shared";
import { fail, isUniqueViolation, ok, type Outcome } from "@/lib/outcome";

// 31^8 ≈ 8.5e11 codes: guessing the code of one of a few thousand cohorts is hopeless.

export interface Actor {
  id: string;
  role: "LEARNER" | "INSTRUCTOR" | "ADMIN";
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L). */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export { JOIN_CODE_LENGTH };
/** Cohorts an instructor may own: a limit on what one account can create. */
export const MAX_COHORTS_PER_INSTRUCTOR = 200;

export function newJoinCode(): string {
  return Array.from({ length: JOIN_CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** Codes are typed by people: case and separators do not matter. */
export function normaliseJoinCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

export async function createCohort(actor: Actor, name: string): Promise<Outcome<{ id: string; joinCode: string }>> {
  if (actor.role === "LEARNER") return fail(403, "only instructors create cohorts");
  if ((await db.cohort.count({ where: { instructorId: actor.id } })) >= MAX_COHORTS_PER_INSTRUCTOR)
    return fail(409, `an instructor may have at most ${MAX_COHORTS_PER_INSTRUCTOR} cohorts`);
  // A collision of random codes is rare; try a few before giving up.
  for (let i = 0; i < 5; i++) {
    try {
      const cohort = await db.cohort.create({
        data: { name, joinCode: newJoinCode(), instructorId: actor.id },
        select: { id: true, joinCode: true },
      });
      return ok(cohort);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return fail(409, "could not find a free join code; try again");
}

export async function joinCohort(actor: Actor, code: string): Promise<Outcome<{ cohortId: string; name: string; alreadyMember: boolean }>> {
  const cohort = await db.cohort.findUnique({ where: { joinCode: normaliseJoinCode(code) }, select: { id: true, name: true } });
  if (!cohort) return fail(404, "no cohort has this code: check it with your instructor");
  try {
    await db.cohortMember.create({ data: { cohortId: cohort.id, userId: actor.id } });
    return ok({ cohortId: cohort.id, name: cohort.name, alreadyMember: false });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return ok({ cohortId: cohort.id, name: cohort.name, alreadyMember: true });
  }
}

/** The cohort if the actor may see it (its instructor, or an admin); undefined otherwise (the caller answers 404). */
export async function visibleCohort(actor: Actor, cohortId: string) {
  const cohort = await db.cohort.findUnique({ where: { id: cohortId } });
  if (!cohort) return undefined;
  if (actor.role === "ADMIN" || (actor.role === "INSTRUCTOR" && cohort.instructorId === actor.id)) return cohort;
  return undefined;
}

export async function listCohorts(actor: Actor) {
  if (actor.role === "LEARNER") return [];
  return db.cohort.findMany({
    where: actor.role === "ADMIN" ? {} : { instructorId: actor.id },
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { members: true } } },
  });
}

/** Whether `actor` may see `learnerId`'s work: themself, an admin, or an instructor of a cohort the learner is in. */
export async function maySeeLearner(actor: Actor, learnerId: string): Promise<boolean> {
  if (actor.id === learnerId || actor.role === "ADMIN") return true;
  if (actor.role !== "INSTRUCTOR") return false;
  return (await db.cohortMember.count({ where: { userId: learnerId, cohort: { instructorId: actor.id } } })) > 0;
}
