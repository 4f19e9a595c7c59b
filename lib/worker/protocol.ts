// The one wire protocol between the lab page and the engine's Web Worker. Small messages only:
// command lines and clock changes in; terminal output, the cluster view and step states out.
// Bump PROTOCOL_VERSION on any incompatible change: a page and a worker from two deployments
// must refuse each other rather than misread each other.

import type { Explanation } from "../labs/explain";
import type { LabRun, TerminalEvent } from "../labs/session";
import type { PromValue } from "../metrics/promql";
import type { ClusterView } from "../labs/view";

export const PROTOCOL_VERSION = 2;

/** Speeds the clock offers, virtual seconds per wall second. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 100] as const;

export type ToWorker =
  /**
   * `strict`: a run that does not fit the lab is an error (an imported file), not a fresh start (a stale save).
   * `saved`: start from the run this browser keeps for the lab instead of `run`; the worker reads it
   * from IndexedDB itself (engine.worker.ts), so a busy page does not hold the boot up.
   */
  | { type: "start"; protocol: number; lab: string; run?: LabRun; strict?: boolean; saved?: boolean }
  /** Plays `run` back read-only up to `endMs` (virtual ms since boot): an instructor's replay of a learner's run. */
  | { type: "playback"; protocol: number; lab: string; run: LabRun; endMs: number }
  | { type: "command"; terminal: number; line: string }
  | { type: "interrupt"; terminal: number }
  /** Flow control: the terminal is behind on drawing (`paused`) or has caught up. Virtual time waits for it. */
  | { type: "flow"; terminal: number; paused: boolean }
  | { type: "clock"; speed: number; paused: boolean }
  /** Lets `ms` of virtual time pass now, paused or not. */
  | { type: "step"; ms: number }
  /** Back to a moment of the run (virtual ms since boot); what came after it is discarded. In a playback: to any moment. */
  | { type: "rewind"; toElapsedMs: number }
  | { type: "reset" }
  | { type: "complete"; id: number; terminal: number; line: string }
  /** PromQL against the lab's Prometheus: an instant query, or a range over the last `rangeMs`. */
  | { type: "query"; id: number; expr: string; rangeMs?: number };

export interface StepState {
  id: string;
  done: boolean;
  /** Virtual ms since boot when the check first passed. */
  doneAtMs?: number;
}

export interface ClockState {
  speed: number;
  paused: boolean;
  /** Virtual ms since the lab booted. */
  elapsedMs: number;
  /** Terminals whose command still runs (they show no prompt). */
  busyTerminals: number[];
  /** Terminals still drawing a burst of output: the clock waits for them. */
  drawingTerminals: number[];
  /** Virtual ms since boot of each recorded input: the timeline's marks. */
  inputMarks: number[];
  /** In a playback, where the run ends (virtual ms since boot): the timeline reaches it. */
  endMs?: number;
}

export type FromWorker =
  | { type: "ready"; protocol: number; lab: string; run: LabRun }
  | { type: "output"; events: TerminalEvent[] }
  | { type: "state"; view: ClusterView; steps: StepState[]; clock: ClockState }
  /** The run after each input: what the page saves to survive a reload. */
  | { type: "run"; run: LabRun }
  | { type: "completions"; id: number; items: string[] }
  | { type: "queryResult"; id: number; result?: PromValue; error?: string }
  /** Why the terminal's last command failed, from the engine's state. */
  | { type: "explain"; terminal: number; explanation: Explanation }
  | { type: "error"; message: string };
