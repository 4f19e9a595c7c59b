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
  /** Command lines that complete the step from the state the previous steps leave (typed by "show solution"). */
  solution: string[];
  /** Virtual ms to let pass after the solution before checking it (a rollout, an election). */
  settleMs?: number;
}

export interface LabDefinition {
  slug: string;
  topology: LabTopology;
  seed: number;
  steps: LabStep[];
}
