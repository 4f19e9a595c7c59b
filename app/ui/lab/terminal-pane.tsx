"use client";

import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import type { TerminalEvent } from "@/lib/labs/session";
import { LineEditor } from "./line-editor";
import { OutputFlow } from "./output-flow";
import styles from "./lab.module.css";

export const PROMPT = "controlplane $ ";

/** xterm touches `window` when imported, so it loads in the browser only: as soon as this module does, not when the pane mounts. */
const xtermModules = typeof window === "undefined" ? undefined : Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);

export interface TerminalHandle {
  /** Output and echoes from the engine for this terminal. */
  receive(events: TerminalEvent[]): void;
  /** The terminal's command finished elsewhere (a rewind): show a prompt. */
  reset(busy: boolean): void;
  /** Candidates for a Tab pressed earlier (request `id`). */
  completions(id: number, items: string[]): void;
}

interface Props {
  id: number;
  label: string;
  /** Sends a line to run; false if the engine is not ready. */
  onCommand(line: string): void;
  onInterrupt(): void;
  /** The terminal is behind on drawing output (true) or has caught up (false): the engine waits meanwhile. */
  onFlow(paused: boolean): void;
  /** Asks the engine for completions of the text before the cursor. */
  onComplete(id: number, text: string): void;
  register(handle: TerminalHandle | null): void;
  /** A played-back run: the screen shows what was typed; nothing can be typed. */
  readOnly?: boolean;
}

/**
 * One xterm.js terminal. Keys are edited here, on the main thread (so echo is immediate);
 * whole lines go to the worker, and its output comes back as events.
 */
export function TerminalPane({ id, label, onCommand, onInterrupt, onFlow, onComplete, register, readOnly = false }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onCommand, onInterrupt, onFlow, onComplete });
  useEffect(() => {
    callbacks.current = { onCommand, onInterrupt, onFlow, onComplete };
  }, [onCommand, onInterrupt, onFlow, onComplete]);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void xtermModules!.then(([{ Terminal }, { FitAddon }]) => {
      if (disposed || !host.current) return;
      const dark = document.documentElement.dataset.theme === "dark" || matchMedia("(prefers-color-scheme: dark)").matches;
      const term = new Terminal({
        convertEol: true,
        cursorBlink: true,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
        fontSize: 14,
        scrollback: 5000,
        theme: dark ? { background: "#0d1117", foreground: "#e6edf3" } : { background: "#0f172a", foreground: "#e2e8f0" },
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      performance.mark(`lab:terminal-${id}`);
      // Everything reaches the screen through one flow-controlled stream, in order.
      const out = new OutputFlow(term, (paused) => callbacks.current.onFlow(paused));
      const editor = new LineEditor(PROMPT, term.cols);
      let busy = false;
      /** Whether the last thing printed ended its line: the prompt must start a line for redraws to work. */
      let atLineStart = true;
      /** A line typed here: its echo from the engine is not printed again. */
      let echoed: string | undefined;
      out.write(editor.showPrompt());

      const submit = (line: string) => {
        if (line.trim() === "") {
          out.write(editor.showPrompt());
          return;
        }
        busy = true;
        echoed = line;
        callbacks.current.onCommand(line);
      };
      const nextQueued = () => {
        const line = editor.nextQueued();
        if (line === undefined) return;
        out.write(`${PROMPT}${line}\r\n`);
        submit(line);
      };

      /** The Tab waiting for its candidates; an answer for older text is dropped. */
      let completing: { id: number; text: string } | undefined;
      let completionSeq = 0;

      const input = term.onData((data) => {
        if (readOnly) return;
        if (data === "\t" && !busy) {
          completing = { id: ++completionSeq, text: editor.beforeCursor };
          callbacks.current.onComplete(completing.id, completing.text);
          return;
        }
        if (busy) {
          const a = editor.inputWhileBusy(data);
          out.write(a.write);
          if (a.write) atLineStart = false;
          if (a.interrupt) callbacks.current.onInterrupt();
          return;
        }
        const a = editor.input(data);
        // Keystroke-to-echo time, for the lab benchmark: parsed, then painted on the next frame.
        const typedAt = performance.now();
        out.write(a.write, () => requestAnimationFrame(() => performance.measure("lab:echo", { start: typedAt })));
        if (a.clear) {
          out.clear();
          out.write(editor.showPrompt());
        }
        if (a.submit !== undefined) submit(a.submit);
      });
      const keys = term.onKey(({ domEvent }) => {
        if (domEvent.key === "Tab") domEvent.preventDefault();
      });
      // Ctrl-C with text selected copies it, as terminal emulators do; without a selection it interrupts.
      term.attachCustomKeyEventHandler((event) => {
        if (event.type === "keydown" && event.ctrlKey && event.key === "c" && term.hasSelection()) {
          void navigator.clipboard?.writeText(term.getSelection()).catch(() => undefined);
          term.clearSelection();
          return false;
        }
        return true;
      });

      register({
        receive(events) {
          for (const e of events) {
            if (e.kind === "input") {
              busy = true;
              if (echoed === e.data) echoed = undefined;
              else out.write(`${e.data}\r\n`);
            } else if (e.kind === "out" || e.kind === "err") {
              out.write(e.data);
              if (e.data) atLineStart = e.data.endsWith("\n");
            } else if (e.kind === "clear") out.clear();
            else if (e.kind === "exit") {
              busy = false;
              // Output without a final newline (or ^C) gets one, as zsh does, so the prompt owns its line.
              if (!atLineStart) out.write("\r\n");
              atLineStart = true;
              out.write(editor.showPrompt());
              nextQueued();
            }
          }
        },
        completions(requestId, items) {
          if (!completing || completing.id !== requestId || busy || editor.beforeCursor !== completing.text) return;
          completing = undefined;
          out.write(editor.complete(items).write);
        },
        reset(isBusy) {
          out.reset();
          busy = isBusy;
          echoed = undefined;
          if (!isBusy) out.write(editor.showPrompt());
        },
      });

      const resize = new ResizeObserver(() => {
        fit.fit();
        editor.resize(term.cols);
      });
      resize.observe(host.current);
      term.focus();
      cleanup = () => {
        register(null);
        out.dispose();
        resize.disconnect();
        input.dispose();
        keys.dispose();
        term.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
    // The terminal lives as long as the pane; callbacks are read through a ref.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return <div className={styles.terminal} ref={host} role="application" aria-label={label} data-testid={`terminal-${id}`} />;
}
