// A lab session: one simulated machine (a Lab) with several terminals, driven by inputs that
// arrive at virtual times. The browser's worker feeds it keystrokes' command lines and lets
// virtual time pass in wall-clock slices; the server and the tests replay the recorded inputs.
// Both give the same result because a command is resumed at the exact virtual time its wait
// settles, however time was sliced, and every input is recorded with the virtual time it was
// applied at: the run (seed, topology, inputs) is the whole truth of a lab.

import { Lab } from "../engine/shell/lab";
import { LabPrometheus } from "./prometheus";
import type { Execution, Shell } from "../engine/shell/shell";

/** The machines a lab starts with. */
export interface LabTopology {
  members: 1 | 3 | 5;
  world: "etcd" | "kube" | "demo" | "managed";
  /** Kubernetes workers (three when unset). */
  workers?: number;
  /** etcd's --quota-backend-bytes (2 GiB when unset); a small one lets a lab reach NOSPACE. */
  quotaBackendBytes?: number;
  /** Command lines run before the learner arrives (their output is not shown): the lab's starting state. */
  setup?: string[];
}

/** One input, at the virtual time (the world's clock, ms) it was applied. */
export type RunInput =
  { atMs: number; kind: "command"; terminal: number; line: string } | { atMs: number; kind: "interrupt"; terminal: number };

export const RUN_VERSION = 1;

/**
 * The engine's behaviour, versioned: a run replays exactly only on the engine that recorded it,
 * so a run says which one (LabRun.engine), and the server verifies only runs of its own (a page
 * loaded before a deploy can otherwise claim steps the new engine does not see at those times).
 * Bump it whenever a change makes runs replay differently: tests/labs/solutions.test.ts fails
 * until it is bumped, since it replays every lab's solution against tests/labs/engine-golden.json.
 */
export const ENGINE_VERSION = 1;

/** A recorded lab run: enough to rebuild every moment of it. */
export interface LabRun {
  version: typeof RUN_VERSION;
  /** The ENGINE_VERSION that recorded it; absent in runs saved before engines were versioned. */
  engine?: number;
  /** The lab's slug ("" for a free sandbox). */
  lab: string;
  seed: number;
  topology: LabTopology;
  inputs: RunInput[];
}

/** What a command printed and how it ended, as the checks see it. */
export interface HistoryEntry {
  terminal: number;
  line: string;
  startMs: number;
  endMs?: number;
  exitCode?: number;
  /** stdout then stderr as they came, cut at OUTPUT_KEPT_CHARS. */
  output: string;
}

/** Output of one terminal, for the screen. */
export type TerminalEvent =
  /** "input": a command line starts (the screen echoes it unless the learner just typed it there). */
  | { terminal: number; kind: "out" | "err" | "input"; data: string }
  | { terminal: number; kind: "exit"; code: number }
  | { terminal: number; kind: "clear" };

/** Receives terminal output with the virtual time it was printed at. */
export type TerminalSink = (e: TerminalEvent, atMs: number) => void;

/** How many terminals a session opens at most (split panes). */
export const MAX_TERMINALS = 4;
/** Commands remembered for the checks; older ones are dropped. */
export const HISTORY_KEPT = 2_000;
/** Characters of a command's output kept for the checks (a watch can print forever). */
export const OUTPUT_KEPT_CHARS = 64 * 1024;
/** Inputs a run may hold: a learner types far fewer in hours; a forged run is refused past it. */
export const MAX_RUN_INPUTS = 20_000;
/** Characters in one command line. */
export const MAX_LINE_CHARS = 16 * 1024;

/** How a session is run, beside what its run records. */
export interface SessionOptions {
  /**
   * Whether the cluster's Prometheus scrapes (default true). Scrapes only read state, so a run
   * replays the same without them; the server's verification, which no chart looks at, skips
   * them (they are over half of a replay's time).
   */
  metrics?: boolean;
  /** Whether the world keeps the traffic the cluster view animates (default true); a replay nobody watches need not. */
  view?: boolean;
}

interface Terminal {
  shell: Shell;
  exec?: Execution;
  entry?: HistoryEntry;
}

export class LabSession {
  readonly lab: Lab;
  readonly history: HistoryEntry[] = [];
  /** The cluster's Prometheus (scrapes on world timers), unless the session runs without metrics. */
  readonly prometheus: LabPrometheus | undefined;
  /** The virtual time the machines finished booting: the lab's 0:00. */
  readonly bootedMs: number;
  private readonly terminals = new Map<number, Terminal>();
  private readonly inputs: RunInput[] = [];
  private sink: TerminalSink;

  constructor(
    readonly seed: number,
    readonly topology: LabTopology,
    readonly labSlug = "",
    sink: TerminalSink = () => undefined,
    options: SessionOptions = {},
  ) {
    this.sink = sink;
    this.lab = new Lab({
      members: topology.members,
      world: topology.world,
      workers: topology.workers,
      quotaBackendBytes: topology.quotaBackendBytes,
      seed,
    });
    if (options.view === false) this.lab.cluster.world.traceMessages = false;
    this.lab.boot();
    for (const line of topology.setup ?? []) this.lab.run(line);
    // The learner's `history` starts with their own commands.
    this.lab.shell.history.length = 0;
    this.bootedMs = this.lab.cluster.nowMs;
    this.prometheus = options.metrics === false ? undefined : new LabPrometheus(this.lab.cluster, () => this.lab.kube);
    this.terminals.set(0, { shell: this.lab.shell });
  }

  /** Where terminal output goes from now on (a replay first runs silently, then shows). */
  setSink(sink: TerminalSink): void {
    this.sink = sink;
  }

  get nowMs(): number {
    return this.lab.cluster.nowMs;
  }

  /** The inputs recorded so far (read-only; `run` copies them). */
  get recordedInputs(): readonly RunInput[] {
    return this.inputs;
  }

  /** The run so far. */
  get run(): LabRun {
    return {
      version: RUN_VERSION,
      engine: ENGINE_VERSION,
      lab: this.labSlug,
      seed: this.seed,
      topology: this.topology,
      inputs: [...this.inputs],
    };
  }

  /** The shell behind a terminal (its variables, directory, files), for completion. */
  shellOf(terminal: number): Shell | undefined {
    return this.terminals.get(terminal)?.shell ?? (terminal >= 0 && terminal < MAX_TERMINALS ? this.lab.shell : undefined);
  }

  /** Whether a command is running in the terminal (its prompt is not shown). */
  busy(terminal: number): boolean {
    return this.terminals.get(terminal)?.exec !== undefined;
  }

  /** Starts a command line in a terminal; false if the terminal does not exist or is busy. */
  command(terminal: number, line: string): boolean {
    if (!Number.isInteger(terminal) || terminal < 0 || terminal >= MAX_TERMINALS || line.length > MAX_LINE_CHARS) return false;
    if (this.inputs.length >= MAX_RUN_INPUTS) return false;
    let t = this.terminals.get(terminal);
    if (!t) {
      t = { shell: this.lab.openShell() };
      this.terminals.set(terminal, t);
    }
    if (t.exec) return false;
    this.inputs.push({ atMs: this.nowMs, kind: "command", terminal, line });
    const entry: HistoryEntry = { terminal, line, startMs: this.nowMs, output: "" };
    this.history.push(entry);
    if (this.history.length > HISTORY_KEPT) this.history.shift();
    const keep = (data: string) => {
      if (entry.output.length < OUTPUT_KEPT_CHARS) entry.output += data.slice(0, OUTPUT_KEPT_CHARS - entry.output.length);
    };
    t.entry = entry;
    this.sink({ terminal, kind: "input", data: line }, this.nowMs);
    t.exec = t.shell.execute(
      line,
      (data) => {
        keep(data);
        this.sink({ terminal, kind: "out", data }, this.nowMs);
      },
      (data) => {
        keep(data);
        this.sink({ terminal, kind: "err", data }, this.nowMs);
      },
    );
    this.resumeAll();
    return true;
  }

  /** Ctrl-C: stops the terminal's command, if one runs. */
  interrupt(terminal: number): boolean {
    const t = this.terminals.get(terminal);
    if (!t?.exec) return false;
    this.inputs.push({ atMs: this.nowMs, kind: "interrupt", terminal });
    t.exec.interrupt();
    t.shell.lastStatus = t.exec.exitCode;
    this.finish(terminal, t);
    return true;
  }

  /** Lets `ms` of virtual time pass. */
  advance(ms: number): void {
    this.advanceTo(this.nowMs + ms);
  }

  /**
   * Runs the world to `untilMs`, resuming each command the moment what it waits for settles,
   * so the outcome does not depend on how the caller slices time.
   */
  advanceTo(untilMs: number): void {
    for (;;) {
      this.resumeAll();
      const waits = [...this.terminals.values()].flatMap((t) => (t.exec?.waitingOn ? [t.exec.waitingOn] : []));
      // Most of a lab's time no command waits: the world then runs straight on, without asking after every event.
      if (waits.length === 0) return this.lab.cluster.world.runUntil(untilMs);
      this.lab.cluster.runUntilDone(() => waits.some((w) => w.settled), untilMs);
      if (!waits.some((w) => w.settled)) return;
    }
  }

  /** Applies a recorded input at its time. */
  apply(input: RunInput): void {
    if (input.atMs > this.nowMs) this.advanceTo(input.atMs);
    if (input.kind === "command") this.command(input.terminal, input.line);
    else this.interrupt(input.terminal);
  }

  private resumeAll(): void {
    // Terminals in a fixed order: two commands woken by the same event resume in the same order in every replay.
    let progressed = true;
    while (progressed) {
      progressed = false;
      for (const [id, t] of [...this.terminals].sort((a, b) => a[0] - b[0])) {
        const exec = t.exec;
        if (!exec || (exec.waitingOn && !exec.waitingOn.settled)) continue;
        exec.resume();
        progressed = true;
        if (exec.finished) this.finish(id, t);
      }
    }
  }

  private finish(terminal: number, t: Terminal): void {
    const exec = t.exec!;
    t.exec = undefined;
    if (t.entry) {
      t.entry.endMs = this.nowMs;
      t.entry.exitCode = exec.exitCode;
    }
    t.entry = undefined;
    if (t.shell.clearRequested) {
      t.shell.clearRequested = false;
      this.sink({ terminal, kind: "clear" }, this.nowMs);
    }
    this.sink({ terminal, kind: "exit", code: exec.exitCode }, this.nowMs);
  }
}

/** Why a run cannot be replayed, or undefined when it is well-formed. */
export function runProblem(run: LabRun): string | undefined {
  // A run may come from a file or over the network: nothing about its shape is taken on trust.
  if (typeof run !== "object" || run === null) return "not a run";
  if (run.version !== RUN_VERSION) return `unsupported run version ${String(run.version)}`;
  if (!Number.isSafeInteger(run.seed) || typeof run.lab !== "string" || typeof run.topology !== "object" || run.topology === null)
    return "malformed run";
  if (!Array.isArray(run.inputs)) return "malformed inputs";
  if (run.inputs.length > MAX_RUN_INPUTS) return `too many inputs (${run.inputs.length} > ${MAX_RUN_INPUTS})`;
  let last = 0;
  for (const [i, input] of run.inputs.entries()) {
    if (typeof input !== "object" || input === null || !Number.isInteger(input.terminal)) return `input ${i} is malformed`;
    if (input.kind === "command" ? typeof input.line !== "string" || input.line.length > MAX_LINE_CHARS : input.kind !== "interrupt")
      return `input ${i} is malformed`;
    if (typeof input.atMs !== "number" || !Number.isFinite(input.atMs) || input.atMs < last) return `input ${i} goes back in time`;
    last = input.atMs;
  }
  return undefined;
}

/** Rebuilds a run's session up to `untilMs` (virtual, the world's clock), or to its last input. */
export function replay(run: LabRun, untilMs?: number, sink?: TerminalSink, options?: SessionOptions): LabSession {
  const problem = runProblem(run);
  if (problem) throw new Error(`cannot replay this run: ${problem}`);
  const session = new LabSession(run.seed, run.topology, run.lab, sink, options);
  for (const input of run.inputs) {
    if (untilMs !== undefined && input.atMs > untilMs) break;
    session.apply(input);
  }
  if (untilMs !== undefined && untilMs > session.nowMs) session.advanceTo(untilMs);
  return session;
}
