"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { LabRun, TerminalEvent } from "@/lib/labs/session";
import { PROTOCOL_VERSION } from "@/lib/worker/protocol";
import type { ClusterView } from "@/lib/labs/view";
import { LabClient, prewarmLabWorker } from "@/lib/worker/client";
import type { ClockState, FromWorker, StepState, ToWorker } from "@/lib/worker/protocol";
import { solutionText, type SolutionLine } from "@/lib/labs/types";
import type { Locale } from "@/lib/i18n/config";
import { ClusterPanel } from "./cluster-panel";
import { explanationText } from "./explanations";
import { GrafanaPanel, PrometheusPanel, type RunQuery } from "./metrics-panel";
import type { PromValue } from "@/lib/metrics/promql";
import { LabContext } from "./lab-context";
import { saveRun } from "@/lib/worker/run-store";
import { TerminalPane, type TerminalHandle } from "./terminal-pane";
import { TimeControls } from "./time-controls";
import { claimLabAction } from "@/lib/actions/progress";
import styles from "./lab.module.css";

// The engine starts loading as soon as this module runs, before React hydrates the page.
if (typeof window !== "undefined") prewarmLabWorker();

/** An exported run file is at most this big (20,000 inputs of a few dozen bytes). */
const MAX_RUN_FILE_BYTES = 4 * 1024 * 1024;
/** Lines a "Try it" link may type. */
const MAX_TRY_LINES = 20;
/** The terminal the cluster view's buttons type into: its output is shown as a status line. */
const CONTROL_TERMINAL = 3;

interface Props {
  lab: string;
  /** Whether someone is signed in: then finished steps are claimed to their progress. */
  signedIn: boolean;
  /** A recorded run to play back read-only (an instructor's replay): nothing is typed, saved or claimed. */
  playback?: { run: LabRun; endMs: number };
  locale: Locale;
  title: string;
  t: Dictionary["lab"];
  solutions: Record<string, SolutionLine[]>;
  /** The lab's text: its steps and hints (MDX rendered on the server). */
  children: ReactNode;
}

export function LabWorkbench({ lab, signedIn, playback, locale, title, t, solutions, children }: Props) {
  const client = useRef<LabClient | null>(null);
  const terminals = useRef(new Map<number, TerminalHandle>());
  /** Output that arrived before its terminal was drawn. */
  const backlog = useRef(new Map<number, TerminalEvent[]>());
  /** PromQL queries waiting for the worker's answer. */
  const pendingQueries = useRef(new Map<number, (r: { result?: PromValue; error?: string }) => void>());
  const querySeq = useRef(0);
  const [panel, setPanel] = useState<"cluster" | "prometheus" | "grafana">("cluster");
  /** When each terminal's pending commands were sent (wall ms), oldest first. */
  const commandStarts = useRef(new Map<number, number[]>());
  /** Which terminal asked for each pending completion. */
  const completionTerminal = useRef(new Map<number, number>());
  const completionSeq = useRef(0);
  /** The pane's own id for each pending completion. */
  const pendingLocal = useRef(new Map<number, number>());
  const [ready, setReady] = useState(false);
  /** The run as the worker last reported it: what "Export" saves. */
  const latestRun = useRef<LabRun | undefined>(undefined);
  const importInput = useRef<HTMLInputElement>(null);
  const [view, setView] = useState<ClusterView | null>(null);
  const [steps, setSteps] = useState<StepState[]>([]);
  const [clock, setClock] = useState<ClockState>({
    speed: 1,
    paused: false,
    elapsedMs: 0,
    busyTerminals: [],
    drawingTerminals: [],
    inputMarks: [],
  });
  const [split, setSplit] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

  const [explanation, setExplanation] = useState("");
  const hints = useRef<Record<string, number>>({});
  const [claimNote, setClaimNote] = useState("");
  /** The steps the server has confirmed, so each new green step is claimed once. */
  const claimed = useRef(new Set<string>());
  const deliver = useCallback((events: TerminalEvent[]) => {
    for (const e of events) {
      if (e.terminal === -1) {
        // A rewind: every screen starts over and the replayed output follows.
        for (const handle of terminals.current.values()) handle.reset(false);
        backlog.current.clear();
        continue;
      }
      if (e.terminal === CONTROL_TERMINAL) {
        if (e.kind === "out" || e.kind === "err") setStatus((s) => (s + e.data).slice(-500));
        if (e.kind === "input") setStatus("");
        continue;
      }
      // A new command: the last failure's explanation is no longer news.
      if (e.kind === "input") setExplanation("");
      if (e.kind === "exit") {
        const start = commandStarts.current.get(e.terminal)?.shift();
        if (start !== undefined) performance.measure("lab:command", { start });
      }
      const handle = terminals.current.get(e.terminal);
      if (handle) handle.receive([e]);
      else backlog.current.set(e.terminal, [...(backlog.current.get(e.terminal) ?? []), e]);
    }
  }, []);

  /**
   * Sends the run to the server when a step has newly turned green: the server replays it and
   * records what it confirms (lib/progress/labs.ts). Nothing is claimed for a visitor.
   */
  const claimProgress = useCallback(
    (states: StepState[], elapsedMs: number) => {
      const run = latestRun.current;
      const done = states.filter((s) => s.done && s.doneAtMs !== undefined);
      if (!signedIn || playback || !run || done.every((s) => claimed.current.has(s.id))) return;
      for (const s of done) claimed.current.add(s.id);
      const steps = done.map((s) => ({ id: s.id, doneAtMs: s.doneAtMs! }));
      void claimLabAction({ lab, run, steps, endMs: elapsedMs, hints: hints.current })
        .then((result) => {
          if (result.ok) setClaimNote(`${t.claimed} ${result.data.steps.length}/${states.length}`);
          else {
            setClaimNote(`${t.claimFailed}: ${result.error}`);
            for (const s of done) claimed.current.delete(s.id);
          }
        })
        .catch(() => {
          // Offline: the next green step (or a reload) claims again.
          for (const s of done) claimed.current.delete(s.id);
        });
    },
    [lab, signedIn, playback, t],
  );

  useEffect(() => {
    const labClient = new LabClient(lab, (m: FromWorker) => {
      switch (m.type) {
        case "ready": {
          performance.mark("lab:ready");
          setReady(true);
          setError("");
          latestRun.current = m.run;
          // Arrived from a "Try it" button: type the lesson's commands, once (a reload does not repeat them).
          const url = new URL(window.location.href);
          const typed = url.searchParams.get("type");
          if (typed) {
            url.searchParams.delete("type");
            window.history.replaceState(null, "", url);
            for (const line of typed.split("\n").slice(0, MAX_TRY_LINES)) client.current?.send({ type: "command", terminal: 0, line });
          }
          break;
        }
        case "output":
          deliver(m.events);
          break;
        case "state":
          setView(m.view);
          setSteps(m.steps);
          setClock(m.clock);
          claimProgress(m.steps, m.clock.elapsedMs);
          break;
        case "run":
          latestRun.current = m.run;
          if (!playback) void saveRun(lab, m.run);
          break;
        case "error":
          setError(m.message);
          break;
        case "explain":
          setExplanation(explanationText(locale, m.explanation));
          break;
        case "queryResult": {
          const resolve = pendingQueries.current.get(m.id);
          pendingQueries.current.delete(m.id);
          resolve?.({ result: m.result, error: m.error });
          break;
        }
        case "completions": {
          const terminal = completionTerminal.current.get(m.id);
          completionTerminal.current.delete(m.id);
          const localId = pendingLocal.current.get(m.id);
          pendingLocal.current.delete(m.id);
          if (terminal !== undefined && localId !== undefined) terminals.current.get(terminal)?.completions(localId, m.items);
          break;
        }
        default: {
          // Every message the worker can send is handled above: a new one fails to compile here.
          const unhandled: never = m;
          void unhandled;
        }
      }
    });
    client.current = labClient;
    if (playback) labClient.send({ type: "playback", protocol: PROTOCOL_VERSION, lab, run: playback.run, endMs: playback.endMs });
    else labClient.startSaved();
    return () => {
      labClient.dispose();
      client.current = null;
    };
  }, [lab, locale, deliver, claimProgress, playback]);

  const send = useCallback((message: ToWorker) => {
    // Command-to-output time, for the lab benchmark (scripts/bench-lab.mjs reads these measures).
    if (message.type === "command")
      commandStarts.current.set(message.terminal, [...(commandStarts.current.get(message.terminal) ?? []), performance.now()]);
    client.current?.send(message);
  }, []);

  const complete = useCallback(
    (terminal: number, localId: number, text: string) => {
      // Ids are the page's, not the pane's: two terminals may ask at once.
      const id = ++completionSeq.current;
      completionTerminal.current.set(id, terminal);
      pendingLocal.current.set(id, localId);
      send({ type: "complete", id, terminal, line: text });
    },
    [send],
  );
  const runQuery = useCallback<RunQuery>(
    (expr, rangeMs) =>
      new Promise((resolve) => {
        const id = ++querySeq.current;
        pendingQueries.current.set(id, resolve);
        send({ type: "query", id, expr, rangeMs });
      }),
    [send],
  );

  // `kubectl port-forward` to prometheus-server or grafana opens that panel, as a browser tab would.
  const forwards = view?.forwards ?? [];
  const forwardKey = forwards.map((f) => `${f.port}:${f.target}`).join(",");
  const [seenForwards, setSeenForwards] = useState("");
  if (forwardKey !== seenForwards) {
    setSeenForwards(forwardKey);
    const opened = forwards.filter((f) => !seenForwards.split(",").includes(`${f.port}:${f.target}`));
    if (opened.some((f) => /prometheus/.test(f.target))) setPanel("prometheus");
    else if (opened.some((f) => /grafana/.test(f.target))) setPanel("grafana");
  }

  const registerTerminal = useCallback((id: number, handle: TerminalHandle | null) => {
    if (!handle) {
      terminals.current.delete(id);
      return;
    }
    terminals.current.set(id, handle);
    const pending = backlog.current.get(id);
    backlog.current.delete(id);
    if (pending) handle.receive(pending);
  }, []);

  const context = useMemo(
    () => ({
      steps,
      solutions,
      t,
      typeSolution: (stepId: string) => {
        // Lines wait in the worker's typeahead while their terminal is busy.
        for (const item of solutions[stepId] ?? []) {
          const { line, terminal } = solutionText(item);
          if (terminal === 1) setSplit(true);
          send({ type: "command", terminal, line });
        }
      },
      usedHint: (stepId: string) => {
        hints.current = { ...hints.current, [stepId]: (hints.current[stepId] ?? 0) + 1 };
      },
    }),
    [steps, solutions, t, send],
  );

  const exportRun = () => {
    const run = latestRun.current;
    if (!run) return;
    const blob = new Blob([`${JSON.stringify(run, null, 2)}\n`], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = `${lab}-run.json`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const importRun = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    let run: LabRun;
    try {
      // A run is small; anything much bigger is not one.
      if (file.size > MAX_RUN_FILE_BYTES) throw new Error("too big");
      run = JSON.parse(await file.text()) as LabRun;
    } catch {
      setError(t.importFailed);
      return;
    }
    // The worker checks it against the lab and refuses a run that does not fit, keeping the current one.
    send({ type: "start", protocol: PROTOCOL_VERSION, lab, run, strict: true });
  };

  const doneCount = steps.filter((s) => s.done).length;

  return (
    <LabContext.Provider value={context}>
      <div className={styles.workbench} data-ready={ready} data-testid="lab-workbench">
        <div className={styles.guide}>
          <h1 className={styles.title}>{title}</h1>
          <p className={styles.progress} aria-live="polite" data-testid="lab-progress">
            {t.steps}: {doneCount}/{steps.length}
            {steps.length > 0 && doneCount === steps.length ? ` — ${t.allDone}` : ""}
          </p>
          {claimNote ? (
            <p className={styles.claim} role="status" data-testid="lab-claim">
              {claimNote}
            </p>
          ) : null}
          {children}
        </div>
        <div className={styles.console}>
          {error ? (
            <p role="alert" className={styles.error}>
              {t.error}: {error}
            </p>
          ) : null}
          {!ready ? <p className={styles.loading}>{t.loading}</p> : null}
          <div className={styles.toolbar}>
            <TimeControls
              clock={clock}
              t={t}
              setClock={(speed, paused) => send({ type: "clock", speed, paused })}
              step={() => send({ type: "step", ms: 100 })}
              rewind={(toElapsedMs) => send({ type: "rewind", toElapsedMs })}
              playback={playback !== undefined}
            />
            <div className={styles.toolbarRight}>
              <button type="button" onClick={() => setSplit((s) => !s)} aria-pressed={split}>
                {split ? t.closeSplit : t.splitTerminal}
              </button>
              {playback ? null : (
                <button type="button" onClick={() => window.confirm(t.resetConfirm) && send({ type: "reset" })}>
                  {t.reset}
                </button>
              )}
              <button type="button" onClick={exportRun} disabled={!ready}>
                {t.exportRun}
              </button>
              {playback ? null : (
                <button type="button" onClick={() => importInput.current?.click()} disabled={!ready}>
                  {t.importRun}
                </button>
              )}
              <input ref={importInput} type="file" accept="application/json,.json" hidden onChange={importRun} data-testid="import-run" />
            </div>
          </div>
          <div className={styles.terminals} data-split={split}>
            {(split ? [0, 1] : [0]).map((id) => (
              <TerminalPane
                key={id}
                id={id}
                label={`${t.terminal} ${id + 1}`}
                readOnly={playback !== undefined}
                onCommand={(line) => send({ type: "command", terminal: id, line })}
                onInterrupt={() => send({ type: "interrupt", terminal: id })}
                onFlow={(paused) => send({ type: "flow", terminal: id, paused })}
                onComplete={(localId, text) => complete(id, localId, text)}
                register={(h) => registerTerminal(id, h)}
              />
            ))}
          </div>
          {explanation ? (
            <p className={styles.explanation} role="status" data-testid="lab-explanation">
              {explanation}{" "}
              <button type="button" onClick={() => setExplanation("")} aria-label="×">
                ×
              </button>
            </p>
          ) : null}
          {status ? (
            <pre className={styles.status} aria-live="polite">
              {status}
            </pre>
          ) : null}
          <div className={styles.tabs} role="tablist" aria-label={t.panels}>
            {(["cluster", "prometheus", "grafana"] as const).map((p) => {
              const forward = forwards.find((f) => (p === "prometheus" ? /prometheus/ : /grafana/).test(f.target));
              return (
                <button key={p} type="button" role="tab" aria-selected={panel === p} onClick={() => setPanel(p)} data-testid={`tab-${p}`}>
                  {p === "cluster" ? t.cluster : p === "prometheus" ? "Prometheus" : "Grafana"}
                  {p !== "cluster" && forward ? ` · localhost:${forward.port}` : ""}
                </button>
              );
            })}
          </div>
          {panel === "cluster" && view ? (
            <ClusterPanel view={view} t={t} control={(line) => send({ type: "command", terminal: CONTROL_TERMINAL, line })} />
          ) : null}
          {panel === "prometheus" ? <PrometheusPanel t={t} runQuery={runQuery} /> : null}
          {panel === "grafana" ? <GrafanaPanel t={t} runQuery={runQuery} /> : null}
        </div>
      </div>
    </LabContext.Provider>
  );
}
