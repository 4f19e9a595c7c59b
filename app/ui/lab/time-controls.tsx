"use client";

import { useState } from "react";
import { SPEEDS, type ClockState } from "@/lib/worker/protocol";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { formatElapsed } from "@/lib/labs/types";
import styles from "./lab.module.css";

interface Props {
  clock: ClockState;
  t: Dictionary["lab"];
  setClock(speed: number, paused: boolean): void;
  step(): void;
  rewind(toElapsedMs: number): void;
  /** A played-back run: the timeline spans the whole run and moving along it discards nothing. */
  playback?: boolean;
}

/** Pause, step, speed, and a timeline of the run's inputs to rewind to. */
export function TimeControls({ clock, t, setClock, step, rewind, playback = false }: Props) {
  // Where the learner is dragging the timeline to; committed when they let go.
  const [target, setTarget] = useState<number | undefined>(undefined);
  const commit = () => {
    if (target !== undefined && playback && target !== clock.elapsedMs) rewind(target);
    else if (target !== undefined && target < clock.elapsedMs && window.confirm(t.rewindConfirm)) rewind(target);
    setTarget(undefined);
  };
  return (
    <div className={styles.time} role="group" aria-label={t.time} data-testid="time-controls">
      <button type="button" onClick={() => setClock(clock.speed, !clock.paused)} aria-pressed={clock.paused}>
        {clock.paused ? `▶ ${t.play}` : `⏸ ${t.pause}`}
      </button>
      <button type="button" onClick={step} disabled={!clock.paused}>
        {t.step}
      </button>
      <label>
        {t.speed}{" "}
        <select value={clock.speed} onChange={(e) => setClock(Number(e.target.value), clock.paused)}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <output className={styles.clock} data-testid="lab-clock">
        {formatElapsed(target ?? clock.elapsedMs)}
      </output>
      {clock.drawingTerminals.length > 0 ? (
        <span className={styles.drawing} role="status" data-testid="lab-drawing">
          {t.drawing}
        </span>
      ) : null}
      <label className={styles.timeline}>
        <span className={styles.visuallyHidden}>{t.timeline}</span>
        <input
          type="range"
          min={0}
          max={Math.max(1, Math.round(clock.endMs ?? clock.elapsedMs))}
          value={target ?? Math.round(clock.elapsedMs)}
          list="lab-input-marks"
          onChange={(e) => setTarget(Number(e.target.value))}
          onPointerUp={commit}
          onKeyUp={commit}
        />
        <datalist id="lab-input-marks">
          {clock.inputMarks.map((m, i) => (
            <option key={i} value={m} />
          ))}
        </datalist>
      </label>
    </div>
  );
}
