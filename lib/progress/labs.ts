import "server-only";
// Lab progress that cannot be faked: the page sends its run and the moments its steps passed;
// the server replays the run (lib/labs/verify.ts) and records only what the replay confirms.
// A claim is keyed by a digest of what was claimed, so a retry or a double click records once.

import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { fail, isUniqueViolation, ok, type Outcome } from "@/lib/outcome";
import type { LabRun } from "@/lib/labs/session";
import { canonicalJson } from "@/lib/engine/kube/controllers";
import { findLab } from "@/lib/labs/registry";
import { verifyLabRun, type StepClaim } from "@/lib/labs/verify";
import type { Learner } from "@/lib/quizzes/attempts";

export interface LabClaim {
  lab: string;
  run: LabRun;
  steps: StepClaim[];
  endMs: number;
  /** Hints opened per step, as the page counted them. */
  hints: Record<string, number>;
}

export interface ClaimResult {
  runId: string;
  /** Steps this claim verified, and whether the lab is now complete for the learner. */
  steps: string[];
  completed: boolean;
  /** The same claim was recorded before (a retry). */
  duplicate: boolean;
}

/** The same claim always has the same digest, however its keys were ordered. */
export function claimDigest(claim: Pick<LabClaim, "lab" | "run" | "steps" | "endMs">): string {
  return createHash("sha256")
    .update(canonicalJson({ lab: claim.lab, run: claim.run, steps: claim.steps, endMs: claim.endMs }))
    .digest("hex");
}

export async function claimLabRun(user: Learner, claim: LabClaim): Promise<Outcome<ClaimResult>> {
  const digest = claimDigest(claim);
  const before = await db.labRun.findUnique({ where: { userId_lab_digest: { userId: user.id, lab: claim.lab, digest } } });
  if (before) return ok(await result(user, before.id, claim.lab, JSON.parse(before.steps) as StepClaim[], true));

  const verdict = verifyLabRun(claim.lab, claim.run, claim.steps, claim.endMs);
  if (!verdict.ok) return fail(422, verdict.error);
  const v = verdict.verified;
  let runId: string;
  try {
    const row = await db.labRun.create({
      data: {
        userId: user.id,
        lab: claim.lab,
        digest,
        run: JSON.stringify(v.run),
        endMs: Math.round(v.endMs),
        steps: JSON.stringify(v.steps),
        stepsTotal: v.def.steps.length,
        completed: v.completed,
        inputs: v.inputs,
        faults: v.faults,
        hints: JSON.stringify(claim.hints),
      },
      select: { id: true },
    });
    runId = row.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const other = await db.labRun.findUniqueOrThrow({ where: { userId_lab_digest: { userId: user.id, lab: claim.lab, digest } } });
    return ok(await result(user, other.id, claim.lab, v.steps, true));
  }
  // The first verified completion of each step is the learner's progress (and the funnel's data).
  for (const step of v.steps) {
    try {
      await db.labStepDone.create({ data: { userId: user.id, lab: claim.lab, step: step.id, doneAtMs: Math.round(step.doneAtMs), runId } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return ok(await result(user, runId, claim.lab, v.steps, false));
}

async function result(user: Learner, runId: string, lab: string, steps: StepClaim[], duplicate: boolean): Promise<ClaimResult> {
  const done = await db.labStepDone.count({ where: { userId: user.id, lab } });
  return { runId, steps: steps.map((s) => s.id), completed: done >= (findLab(lab)?.steps.length ?? Infinity), duplicate };
}

/** Steps of each lab the learner has completed (verified), by lab slug. */
export async function getLabStepsDone(userId: string): Promise<Record<string, string[]>> {
  const rows = await db.labStepDone.findMany({ where: { userId }, select: { lab: true, step: true } });
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.lab] ??= []).push(r.step);
  return out;
}
