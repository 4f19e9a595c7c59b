// Solves a lab headlessly with its own solutions, checking every step before and after: what CI
// runs for every lab, and what a content author runs while writing one (scripts/check-lab.ts).

import { LabSession } from "./session";
import type { LabDefinition, SolutionLine } from "./types";

/** Longest a solution line may run, in virtual time, before the lab is called broken. */
export const SOLUTION_LINE_LIMIT_MS = 120_000;

export interface StepResult {
  id: string;
  /** The check passed before the step's solution ran (it should not). */
  passedBefore: boolean;
  /** The check passed after the solution (it should). */
  passedAfter: boolean;
  /** What the solution's lines printed, for the author. */
  transcript: string;
}

/** Runs a line to its end in terminal 0, or starts it in another terminal and moves on. */
function runLine(session: LabSession, item: SolutionLine, out: string[]): void {
  const { line, terminal, background } = typeof item === "string" ? { line: item, terminal: 0, background: false } : item;
  out.push(`[${terminal}]$ ${line}\n`);
  if (session.busy(terminal)) session.interrupt(terminal);
  if (!session.command(terminal, line)) throw new Error(`cannot start "${line}" in terminal ${terminal}`);
  if (background) return;
  const deadline = session.nowMs + SOLUTION_LINE_LIMIT_MS;
  while (session.busy(terminal) && session.nowMs < deadline) session.advance(100);
  if (session.busy(terminal)) throw new Error(`"${line}" still runs after ${SOLUTION_LINE_LIMIT_MS} ms of virtual time`);
}

/** Solves `def` in `session` (a fresh one of the lab by default; the caller's, to look at it afterwards). */
export function solveLab(def: LabDefinition, session = new LabSession(def.seed, def.topology, def.slug)): StepResult[] {
  const out: string[] = [];
  session.setSink((e) => {
    if (e.kind === "out" || e.kind === "err") out.push(e.data);
  });
  const ctx = () => ({ session, history: session.history });
  return def.steps.map((step) => {
    out.length = 0;
    const passedBefore = step.check(ctx());
    for (const item of step.solution) runLine(session, item, out);
    if (step.settleMs) session.advance(step.settleMs);
    return { id: step.id, passedBefore, passedAfter: step.check(ctx()), transcript: out.join("") };
  });
}
