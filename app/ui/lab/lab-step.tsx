"use client";

import { useState, type ReactNode } from "react";
import { solutionText } from "@/lib/labs/types";
import { useLab } from "./lab-context";
import styles from "./lab.module.css";

/** Hints a step may have; they are revealed one at a time. */
const MAX_HINTS = 3;

/** One step of a guided lab, as the lab's MDX writes it: <Step id title>text <Hint>...</Hint></Step>. */
export function Step({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const { steps, solutions, t, typeSolution, usedHint } = useLab();
  const [revealed, setRevealed] = useState(0);
  const [solution, setSolution] = useState(false);
  const index = steps.findIndex((s) => s.id === id);
  const done = steps[index]?.done ?? false;
  return (
    <section
      className={styles.step}
      data-done={done}
      data-revealed={revealed}
      data-testid={`step-${id}`}
      aria-labelledby={`step-${id}-title`}
    >
      <h3 id={`step-${id}-title`} className={styles.stepTitle}>
        <span className={styles.stepMark} aria-hidden="true">
          {done ? "✓" : index + 1}
        </span>
        {title}
        <span className={styles.visuallyHidden}>{done ? ` (${t.done})` : ` (${t.todo})`}</span>
      </h3>
      <div className={styles.stepBody}>{children}</div>
      <div className={styles.stepActions}>
        {revealed < MAX_HINTS ? (
          <button
            type="button"
            onClick={() => {
              setRevealed((r) => r + 1);
              usedHint(id);
            }}
          >
            {t.showHint}
          </button>
        ) : null}
        {solutions[id] ? (
          <button
            type="button"
            onClick={() => {
              if (!solution) usedHint(id);
              setSolution((s) => !s);
            }}
            aria-expanded={solution}
          >
            {t.showSolution}
          </button>
        ) : null}
      </div>
      {solution && solutions[id] ? (
        <div className={styles.solution}>
          <pre>
            <code>
              {solutions[id]!.map((item) => {
                const { line, terminal } = solutionText(item);
                return terminal === 0 ? line : `# ${t.terminal} ${terminal + 1}:\n${line}`;
              }).join("\n")}
            </code>
          </pre>
          <button type="button" onClick={() => typeSolution(id)}>
            {t.typeSolution}
          </button>
        </div>
      ) : null}
    </section>
  );
}

/** A hint, hidden until the learner asks for it (CSS shows the first N of a step's hints). */
export function Hint({ children }: { children: ReactNode }) {
  const { t } = useLab();
  return (
    <aside className={styles.hint}>
      <strong>{t.hint}: </strong>
      {children}
    </aside>
  );
}
