// The server's side of "I finished this lab": the page sends its run (seed, topology, inputs at
// virtual times) and the moments its steps turned green; the server replays the run with the
// same deterministic engine and checks each step at the moment claimed. The worker checked the
// same state at that moment, so an honest claim always verifies, and a run edited by hand or a
// step claimed without doing it does not. Nothing the page says is taken on trust except the
// hints it reports, which are only informative.

import { bootedForReplay } from "./booted";
import { findLab } from "./registry";
import { ENGINE_VERSION, runProblem, type LabRun, type LabSession } from "./session";
import { formatElapsed, type LabDefinition } from "./types";

export interface StepClaim {
  id: string;
  /** Virtual ms since the lab booted when the step passed (the worker's StepState.doneAtMs). */
  doneAtMs: number;
}

export interface VerifiedRun {
  def: LabDefinition;
  run: LabRun;
  steps: StepClaim[];
  /** Virtual ms since boot that the claim covers. */
  endMs: number;
  inputs: number;
  faults: number;
  completed: boolean;
}

/** The longest run the server replays, in virtual ms since boot: a few hours of a learner's evening. */
export const MAX_VERIFIED_MS = 4 * 3600_000;
/** How far past its last input a run may claim to go (the learner watched an election settle). */
export const MAX_IDLE_TAIL_MS = 30 * 60_000;

/** `cluster` subcommands that break something: the lab funnel counts them. */
const FAULT = /^\s*cluster\s+(stop|kill|wipe|stop-node|partition|isolate|slow-disk|stall-disk|slow-link)\b/;

export function countFaults(run: LabRun): number {
  return run.inputs.filter((i) => i.kind === "command" && FAULT.test(i.line)).length;
}

type Failure = { ok: false; error: string };

/**
 * What both verifications need: the lab, the run checked against it (shape, seed, machines, times)
 * and a fresh session to replay it in. `endMs` (virtual ms since boot) may reach past the last input;
 * unset, the replay ends `settleMs` after it.
 */
function prepare(
  labSlug: string,
  run: LabRun,
  endMs: number | undefined,
  settleMs = 0,
): { ok: true; def: LabDefinition; session: LabSession; endMs: number } | Failure {
  const def = findLab(labSlug);
  if (!def) return { ok: false, error: `there is no lab named ${JSON.stringify(labSlug)}` };
  const problem = runProblem(run);
  if (problem) return { ok: false, error: `the run cannot be read: ${problem}` };
  if (run.engine !== ENGINE_VERSION)
    return {
      ok: false,
      error: `this run was recorded by another version of the labs (engine ${run.engine ?? "unversioned"}; the server runs ${ENGINE_VERSION}), and it would replay differently here: reload the lab page to go on with the current version`,
    };
  if (run.lab !== def.slug || run.seed !== def.seed || JSON.stringify(run.topology) !== JSON.stringify(def.topology))
    return { ok: false, error: `this run was not made by the lab "${def.slug}" as it is now (another lab, seed or set of machines)` };
  if (endMs !== undefined && (!Number.isFinite(endMs) || endMs < 0 || endMs > MAX_VERIFIED_MS))
    return { ok: false, error: `a run is verified up to ${MAX_VERIFIED_MS / 3600_000} hours of lab time` };
  // The run's seed and machines are the lab's (checked above), so the lab's own boot is the run's.
  const session = bootedForReplay(def);
  const boot = session.bootedMs;
  const last = run.inputs.at(-1);
  if (run.inputs.length > 0 && run.inputs[0]!.atMs < boot) return { ok: false, error: "the run has input from before the lab started" };
  const lastInputMs = last ? last.atMs - boot : 0;
  if (lastInputMs > MAX_VERIFIED_MS) return { ok: false, error: `a run is verified up to ${MAX_VERIFIED_MS / 3600_000} hours of lab time` };
  // The page's clock shows whole milliseconds: an end within one of the last input is the same moment.
  if (endMs !== undefined && endMs < lastInputMs - 1) return { ok: false, error: "the claim ends before the run's last command" };
  const end = endMs === undefined ? lastInputMs + settleMs : Math.max(endMs, lastInputMs);
  if (end - lastInputMs > MAX_IDLE_TAIL_MS) return { ok: false, error: "the claim goes on too long after the run's last command" };
  return { ok: true, def, session, endMs: end };
}

/**
 * Replays `run` and checks every claimed step at its moment. Returns what was verified, or the
 * first reason the claim does not hold, in words a learner (or an instructor) can act on.
 */
export function verifyLabRun(
  labSlug: string,
  run: LabRun,
  claims: readonly StepClaim[],
  endMs: number,
): { ok: true; verified: VerifiedRun } | Failure {
  const ready = prepare(labSlug, run, endMs);
  if (!ready.ok) return ready;
  const { def, session } = ready;
  if (claims.length === 0) return { ok: false, error: "the claim names no finished step" };
  const seen = new Set<string>();
  for (const c of claims) {
    if (!def.steps.some((s) => s.id === c.id)) return { ok: false, error: `the lab "${def.slug}" has no step "${c.id}"` };
    if (seen.has(c.id)) return { ok: false, error: `step "${c.id}" is claimed twice` };
    seen.add(c.id);
    // The end is the page's clock in whole milliseconds; a step's moment is exact.
    if (!Number.isFinite(c.doneAtMs) || c.doneAtMs < 0 || c.doneAtMs > ready.endMs + 1)
      return { ok: false, error: `step "${c.id}" is claimed at a moment outside the run` };
  }

  // One pass through the run: apply inputs up to each claimed moment, let time reach it, check.
  const ordered = [...claims].sort((a, b) => a.doneAtMs - b.doneAtMs);
  const ctx = { session, history: session.history };
  let next = 0;
  for (const claim of ordered) {
    const at = session.bootedMs + claim.doneAtMs;
    while (next < run.inputs.length && run.inputs[next]!.atMs <= at) session.apply(run.inputs[next++]!);
    if (at > session.nowMs) session.advanceTo(at);
    const step = def.steps.find((s) => s.id === claim.id)!;
    if (!step.check(ctx)) return { ok: false, error: `step "${claim.id}" does not pass at ${formatElapsed(claim.doneAtMs)} of this run` };
  }
  return {
    ok: true,
    verified: {
      def,
      run,
      steps: ordered.map((c) => ({ id: c.id, doneAtMs: c.doneAtMs })),
      endMs: Math.max(ready.endMs, ...ordered.map((c) => c.doneAtMs)),
      inputs: run.inputs.length,
      faults: countFaults(run),
      completed: ordered.length === def.steps.length,
    },
  };
}

/**
 * Virtual ms a "do it in the lab" answer lets pass after the run's last input when it names no end:
 * the last command's write commits and an election settles, as they did in the learner's lab.
 */
export const QUESTION_SETTLE_MS = 5_000;

/** Replays `run` to `endMs` (virtual ms since boot; QUESTION_SETTLE_MS after its last input when unset), for a question to check. */
export function replayForQuestion(labSlug: string, run: LabRun, endMs?: number): { ok: true; session: LabSession } | Failure {
  const ready = prepare(labSlug, run, endMs, QUESTION_SETTLE_MS);
  if (!ready.ok) return ready;
  const { session } = ready;
  for (const input of run.inputs) session.apply(input);
  if (session.bootedMs + ready.endMs > session.nowMs) session.advanceTo(session.bootedMs + ready.endMs);
  return { ok: true, session };
}
