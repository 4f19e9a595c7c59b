// The engine side of a lab page: a LabSession driven by protocol messages and by wall-clock
// ticks. Pure TypeScript: the Web Worker (engine.worker.ts) gives it postMessage and a clock,
// and the tests drive it the same way in Node.

import { completions } from "../engine/shell/complete";
import { explainFailure } from "../labs/explain";
import { PromqlError } from "../metrics/promql";
import { TsdbError } from "../metrics/tsdb";
import { findLab } from "../labs/registry";
import { LabSession, replay, runProblem, type LabRun, type RunInput, type TerminalEvent } from "../labs/session";

import type { LabDefinition } from "../labs/types";
import { clusterView } from "../labs/view";
import { PROTOCOL_VERSION, SPEEDS, type FromWorker, type StepState, type ToWorker } from "./protocol";

/** Virtual ms one tick may advance at most: at 100x a slow tick falls behind rather than freezing the worker. */
export const MAX_SLICE_MS = 5_000;
/** Characters of a PromQL query. */
const MAX_QUERY_CHARS = 8192;
/** The longest range a chart asks for: the TSDB keeps two hours. */
const MAX_QUERY_RANGE_MS = 2 * 3600_000;
/** Characters of a line looked at for completion. */
const MAX_COMPLETE_CHARS = 4096;
/** Lines a terminal holds while its command runs. */
const MAX_TYPEAHEAD = 32;
/** Wall ms between state posts when only the clock moved. */
const CLOCK_POST_MS = 200;
/** Terminal events held before a flush; a command printing without end is sent in pieces. */
const MAX_PENDING_EVENTS = 2_000;

export class LabHost {
  private def: LabDefinition | undefined;
  private session: LabSession | undefined;
  private speed = 1;
  private paused = false;
  private lastWallMs: number | undefined;
  private pending: TerminalEvent[] = [];
  private steps = new Map<string, StepState>();
  private typeahead = new Map<number, string[]>();
  /** Terminals behind on drawing: like a process blocked writing to a full pty, the world waits for them. */
  private drawing = new Set<number>();
  private lastState = "";
  /** A read-only playback: the run, where it ends (absolute virtual ms) and the next input to apply. */
  private playback: { run: LabRun; endAtMs: number; next: number } | undefined;

  constructor(
    private readonly post: (message: FromWorker) => void,
    private readonly wallNowMs: () => number,
  ) {}

  handle(message: ToWorker): void {
    try {
      this.dispatch(message);
    } catch (error) {
      this.post({ type: "error", message: error instanceof Error ? error.message : String(error) });
    }
  }

  private dispatch(message: ToWorker): void {
    if (message.type === "start") return this.start(message.protocol, message.lab, message.run, message.strict ?? false);
    if (message.type === "playback") return this.startPlayback(message.protocol, message.lab, message.run, message.endMs);
    const session = this.session;
    if (!session) return this.post({ type: "error", message: "the lab has not started" });
    if (this.playback && (message.type === "command" || message.type === "interrupt" || message.type === "reset"))
      return this.post({ type: "error", message: "this is a replay of a recorded run: it cannot be changed" });
    switch (message.type) {
      case "command":
        // A line typed while the terminal's command runs waits its turn, as typeahead does in a shell.
        if (session.busy(message.terminal)) {
          const queue = this.typeahead.get(message.terminal) ?? [];
          if (queue.length < MAX_TYPEAHEAD) queue.push(message.line);
          this.typeahead.set(message.terminal, queue);
        } else if (session.command(message.terminal, message.line)) this.recorded();
        break;
      case "interrupt":
        if (session.interrupt(message.terminal)) this.recorded();
        break;
      case "flow":
        if (message.paused) this.drawing.add(message.terminal);
        else this.drawing.delete(message.terminal);
        this.lastWallMs = undefined;
        break;
      case "clock":
        this.speed = SPEEDS.includes(message.speed as (typeof SPEEDS)[number]) ? message.speed : 1;
        this.paused = message.paused;
        this.lastWallMs = undefined;
        break;
      case "step":
        if (this.playback) this.playTo(session.nowMs + Math.min(Math.max(0, message.ms), MAX_SLICE_MS));
        else session.advance(Math.min(Math.max(0, message.ms), MAX_SLICE_MS));
        this.startTypeahead();
        break;
      case "rewind":
        if (this.playback) this.seek(message.toElapsedMs);
        else this.rewind(message.toElapsedMs);
        break;
      case "reset":
        this.boot(undefined);
        this.recorded();
        break;
      case "query": {
        const expr = String(message.expr).slice(0, MAX_QUERY_CHARS);
        const rangeMs = Math.min(Math.max(0, Number(message.rangeMs) || 0), MAX_QUERY_RANGE_MS);
        // The host's sessions always scrape; only the server's verification runs without metrics.
        const prometheus = session.prometheus;
        if (!prometheus) {
          this.post({ type: "queryResult", id: message.id, error: "this lab runs without metrics" });
          return;
        }
        try {
          this.post({ type: "queryResult", id: message.id, result: prometheus.query(expr, rangeMs || undefined) });
        } catch (error) {
          if (!(error instanceof PromqlError) && !(error instanceof TsdbError)) throw error;
          this.post({ type: "queryResult", id: message.id, error: error.message });
        }
        return;
      }
      case "complete": {
        const shell = session.shellOf(message.terminal);
        const line = message.line.slice(0, MAX_COMPLETE_CHARS);
        this.post({ type: "completions", id: message.id, items: shell ? completions(shell, line) : [] });
        return;
      }
    }
    this.flush(true);
  }

  private start(protocol: number, lab: string, run: LabRun | undefined, strict: boolean): void {
    if (this.protocolMismatch(protocol)) return;
    this.playback = undefined;
    const def = findLab(lab);
    if (!def) return this.post({ type: "error", message: `no lab named ${JSON.stringify(lab)}` });
    this.def = def;
    // A saved run is replayed only if it was made by this lab as it is now (same machines, same seed).
    const usable =
      run &&
      !runProblem(run) &&
      run.lab === def.slug &&
      run.seed === def.seed &&
      JSON.stringify(run.topology) === JSON.stringify(def.topology);
    if (strict && run && !usable) {
      this.post({ type: "error", message: `not a run of the lab ${JSON.stringify(def.slug)} as it is now` });
      return;
    }
    if (this.session) this.queue({ terminal: -1, kind: "clear" });
    this.boot(usable ? run : undefined);
    this.post({ type: "ready", protocol: PROTOCOL_VERSION, lab: def.slug, run: this.session!.run });
    this.flush(true);
  }

  /** Whether the page speaks another protocol version (then it has been told to reload). */
  private protocolMismatch(protocol: number): boolean {
    if (protocol === PROTOCOL_VERSION) return false;
    this.post({ type: "error", message: `this page speaks lab protocol ${protocol}, the worker ${PROTOCOL_VERSION}: reload the page` });
    return true;
  }

  private startPlayback(protocol: number, lab: string, run: LabRun, endMs: number): void {
    if (this.protocolMismatch(protocol)) return;
    const def = findLab(lab);
    if (!def) return this.post({ type: "error", message: `no lab named ${JSON.stringify(lab)}` });
    const problem = runProblem(run);
    if (problem || run.lab !== def.slug)
      return this.post({ type: "error", message: `not a run of the lab ${JSON.stringify(def.slug)}: ${problem ?? "another lab"}` });
    this.def = def;
    this.flushOutput();
    this.typeahead.clear();
    this.restartPlayback(run);
    this.lastWallMs = undefined;
    this.lastState = "";
    const boot = this.session!.bootedMs;
    const lastInputMs = run.inputs.at(-1)?.atMs ?? boot;
    this.playback = { run, endAtMs: Math.max(lastInputMs, boot + Math.max(0, Number(endMs) || 0)), next: 0 };
    this.post({ type: "ready", protocol: PROTOCOL_VERSION, lab: def.slug, run });
    this.flush(true);
  }

  /** Plays the recorded inputs up to `atMs` (absolute virtual time), stopping at the run's end. */
  private playTo(atMs: number): void {
    const p = this.playback!;
    const session = this.session!;
    const target = Math.min(atMs, p.endAtMs);
    while (p.next < p.run.inputs.length && p.run.inputs[p.next]!.atMs <= target) session.apply(p.run.inputs[p.next++]!);
    if (target > session.nowMs) session.advanceTo(target);
    if (target >= p.endAtMs) this.paused = true;
  }

  /** Jumps to any moment of the played-back run: forward by playing on, back by playing again from the start. */
  private seek(toElapsedMs: number): void {
    const p = this.playback!;
    const session = this.session!;
    const target = session.bootedMs + Math.max(0, toElapsedMs);
    if (target < session.nowMs) {
      this.queue({ terminal: -1, kind: "clear" });
      this.flushOutput();
      this.restartPlayback(p.run);
      p.next = 0;
    }
    this.playTo(target);
  }

  /** The played-back run from its start: the recorded machines, not the lab's current ones, and no step done yet. */
  private restartPlayback(run: LabRun): void {
    this.session = new LabSession(run.seed, run.topology, run.lab, (e) => this.queue(e));
    this.steps = this.noStepsDone();
  }

  private noStepsDone(): Map<string, StepState> {
    return new Map(this.def!.steps.map((s) => [s.id, { id: s.id, done: false }]));
  }

  /** A fresh session, or a saved run replayed to its end (its output shown again). */
  private boot(run: LabRun | undefined, untilMs?: number): void {
    const def = this.def!;
    const sink = (e: TerminalEvent) => this.queue(e);
    this.flushOutput();
    this.typeahead.clear();
    this.steps = this.noStepsDone();
    // While a run replays, its old failures are not explained again.
    this.session = undefined;
    this.session = run ? replay(run, untilMs, sink) : new LabSession(def.seed, def.topology, def.slug, sink);
    this.lastWallMs = undefined;
    this.lastState = "";
  }

  private rewind(toElapsedMs: number): void {
    const session = this.session!;
    const target = session.bootedMs + Math.max(0, toElapsedMs);
    if (target >= session.nowMs) return;
    const run = session.run;
    // Inputs after the moment are the future being discarded ("try again from here").
    const kept: RunInput[] = run.inputs.filter((i) => i.atMs <= target);
    this.queue({ terminal: -1, kind: "clear" });
    this.boot({ ...run, inputs: kept }, target);
    this.recorded();
  }

  private startTypeahead(): void {
    for (const [terminal, queue] of this.typeahead) {
      if (queue.length === 0 || this.session!.busy(terminal)) continue;
      if (this.session!.command(terminal, queue.shift()!)) this.recorded();
    }
  }

  private recorded(): void {
    this.post({ type: "run", run: this.session!.run });
  }

  private queue(e: TerminalEvent): void {
    this.pending.push(e);
    if (e.kind === "exit" && e.code !== 0 && this.session) {
      const entry = this.session.history.findLast((h) => h.terminal === e.terminal);
      const explanation = entry && explainFailure(this.session, entry);
      if (explanation) {
        this.flushOutput();
        this.post({ type: "explain", terminal: e.terminal, explanation });
      }
    }
    if (this.pending.length >= MAX_PENDING_EVENTS) this.flushOutput();
  }

  /** One wall-clock tick: virtual time moves by the wall time since the last tick times the speed. */
  tick(): void {
    const session = this.session;
    if (!session) return;
    const now = this.wallNowMs();
    const wallMs = this.lastWallMs === undefined ? 0 : now - this.lastWallMs;
    this.lastWallMs = now;
    if (!this.paused && this.drawing.size === 0 && wallMs > 0) {
      const slice = Math.min(wallMs * this.speed, MAX_SLICE_MS);
      if (this.playback) this.playTo(session.nowMs + slice);
      else session.advance(slice);
    }
    this.startTypeahead();
    this.flush(false);
  }

  private flushOutput(): void {
    if (this.pending.length === 0) return;
    this.post({ type: "output", events: this.pending });
    this.pending = [];
  }

  /** Sends output, then the view and steps if anything changed (or always, when asked). */
  private flush(force: boolean): void {
    this.flushOutput();
    const session = this.session!;
    const ctx = { session, history: session.history };
    for (const step of this.def!.steps) {
      const s = this.steps.get(step.id)!;
      // A passed step stays passed: killing a member later does not undo having found the leader.
      if (!s.done && step.check(ctx)) this.steps.set(step.id, { id: step.id, done: true, doneAtMs: session.nowMs - session.bootedMs });
    }
    const view = clusterView(session);
    const steps = [...this.steps.values()];
    const clock = {
      speed: this.speed,
      paused: this.paused,
      elapsedMs: view.elapsedMs,
      busyTerminals: [0, 1, 2, 3].filter((t) => session.busy(t)),
      drawingTerminals: [...this.drawing].sort((a, b) => a - b),
      inputMarks: (this.playback?.run.inputs ?? session.recordedInputs).map((i) => Math.round(i.atMs - session.bootedMs)),
      ...(this.playback ? { endMs: Math.round(this.playback.endAtMs - session.bootedMs) } : {}),
    };
    // The clock always moves, and so does Raft's traffic (heartbeats alone, ten a second): the rest is
    // compared without them to skip identical updates. New messages ride along with the next post.
    const key = JSON.stringify({ view: { ...view, elapsedMs: 0, messages: [] }, steps, clock: { ...clock, elapsedMs: 0 } });
    const wall = this.wallNowMs();
    const clockDue = view.elapsedMs !== this.lastElapsed && wall - this.lastPostWallMs >= CLOCK_POST_MS;
    if (!force && key === this.lastState && !clockDue) return;
    this.lastState = key;
    this.lastElapsed = view.elapsedMs;
    this.lastPostWallMs = wall;
    this.post({ type: "state", view, steps, clock });
  }

  private lastElapsed = 0;
  private lastPostWallMs = Number.NEGATIVE_INFINITY;
}
