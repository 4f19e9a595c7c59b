// A guided lab: the machines it starts with, and steps whose checks are pure functions of the
// session (engine state and command history). The same definition runs in the learner's worker,
// where steps turn green on their own, and on the server, which replays a run to verify it.

import type { HistoryEntry, LabSession, LabTopology } from "./session";

export interface CheckContext {
  session: LabSession;
  history: readonly HistoryEntry[];
}

/** True once the learner has done what the step asks. */
export type Check = (ctx: CheckContext) => boolean;

export interface LabStep {
  /** Stable id: the step's MDX section (`<Step id>`) and its progress record use it. */
  id: string;
  check: Check;
  /**
   * Command lines that complete the step from the state the previous steps leave (typed by "show
   * solution"): in the first terminal and waited for, or in another terminal and left running
   * (a watch to keep an eye on while the next lines change things).
   */
  solution: SolutionLine[];
  /** Virtual ms to let pass after the solution before checking it (a rollout, an election). */
  settleMs?: number;
}

export type SolutionLine = string | { line: string; terminal: number; background: true };

export interface LabDefinition {
  slug: string;
  topology: LabTopology;
  seed: number;
  steps: LabStep[];
}

/** Where and what a solution line types. */
export function solutionText(item: SolutionLine): { line: string; terminal: number } {
  return typeof item === "string" ? { line: item, terminal: 0 } : { line: item.line, terminal: item.terminal };
}

/** m:ss.t of virtual time since the lab booted: the lab's clock, and the moments the server's messages name. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}.${Math.floor((ms % 1000) / 100)}`;
}
