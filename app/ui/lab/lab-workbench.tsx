"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { TerminalEvent } from "@/lib/labs/session";
import type { ClusterView } from "@/lib/labs/view";
import { LabClient } from "@/lib/worker/client";
import type { ClockState, FromWorker, StepState, ToWorker } from "@/lib/worker/protocol";
import { solutionText, type SolutionLine } from "@/lib/labs/types";
import { ClusterPanel } from "./cluster-panel";
import { LabContext } from "./lab-context";
import { loadRun, saveRun } from "./run-store";
import { TerminalPane, type TerminalHandle } from "./terminal-pane";
import { TimeControls } from "./time-controls";
import styles from "./lab.module.css";

/** The terminal the cluster view's buttons type into: its output is shown as a status line. */
const CONTROL_TERMINAL = 3;

interface Props {
  lab: string;
  title: string;
  t: Dictionary["lab"];
  solutions: Record<string, SolutionLine[]>;
  /** The lab's text: its steps and hints (MDX rendered on the server). */
  children: ReactNode;
}

export function LabWorkbench({ lab, title, t, solutions, children }: Props) {
  const client = useRef<LabClient | null>(null);
  const terminals = useRef(new Map<number, TerminalHandle>());
  /** Output that arrived before its terminal was drawn. */
  const backlog = useRef(new Map<number, TerminalEvent[]>());
  const [ready, setReady] = useState(false);
  const [view, setView] = useState<ClusterView | null>(null);
  const [steps, setSteps] = useState<StepState[]>([]);
  const [clock, setClock] = useState<ClockState>({ speed: 1, paused: false, elapsedMs: 0, busyTerminals: [], inputMarks: [] });
  const [split, setSplit] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState("");

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
      const handle = terminals.current.get(e.terminal);
      if (handle) handle.receive([e]);
      else backlog.current.set(e.terminal, [...(backlog.current.get(e.terminal) ?? []), e]);
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    void loadRun(lab).then((saved) => {
      if (stopped) return;
      client.current = new LabClient(lab, saved, (m: FromWorker) => {
        switch (m.type) {
          case "ready":
            setReady(true);
            break;
          case "output":
            deliver(m.events);
            break;
          case "state":
            setView(m.view);
            setSteps(m.steps);
            setClock(m.clock);
            break;
          case "run":
            void saveRun(lab, m.run);
            break;
          case "error":
            setError(m.message);
            break;
          case "completions":
            break;
        }
      });
    });
    return () => {
      stopped = true;
      client.current?.dispose();
      client.current = null;
    };
  }, [lab, deliver]);

  const send = useCallback((message: ToWorker) => client.current?.send(message), []);

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
    }),
    [steps, solutions, t, send],
  );

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
            />
            <div className={styles.toolbarRight}>
              <button type="button" onClick={() => setSplit((s) => !s)} aria-pressed={split}>
                {split ? t.closeSplit : t.splitTerminal}
              </button>
              <button type="button" onClick={() => window.confirm(t.resetConfirm) && send({ type: "reset" })}>
                {t.reset}
              </button>
            </div>
          </div>
          <div className={styles.terminals} data-split={split}>
            <TerminalPane
              id={0}
              label={`${t.terminal} 1`}
              onCommand={(line) => send({ type: "command", terminal: 0, line })}
              onInterrupt={() => send({ type: "interrupt", terminal: 0 })}
              register={(h) => registerTerminal(0, h)}
            />
            {split ? (
              <TerminalPane
                id={1}
                label={`${t.terminal} 2`}
                onCommand={(line) => send({ type: "command", terminal: 1, line })}
                onInterrupt={() => send({ type: "interrupt", terminal: 1 })}
                register={(h) => registerTerminal(1, h)}
              />
            ) : null}
          </div>
          {status ? (
            <pre className={styles.status} aria-live="polite">
              {status}
            </pre>
          ) : null}
          {view ? <ClusterPanel view={view} t={t} control={(line) => send({ type: "command", terminal: CONTROL_TERMINAL, line })} /> : null}
        </div>
      </div>
    </LabContext.Provider>
  );
}
