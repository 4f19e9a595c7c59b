"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { answerAction, submitAttemptAction } from "@/lib/actions/quiz";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { Locale } from "@/lib/i18n/config";
import type { AttemptView, Feedback } from "@/lib/quizzes/attempts";
import type { PublicChoice, PublicQuestion } from "@/lib/quizzes/public";
import { loadRun } from "@/lib/worker/run-store";
import { Prose } from "./prose";
import styles from "./quiz.module.css";

type T = Dictionary["quiz"];

/** An attempt in progress (answer one question at a time, feedback at once) or a submitted one to review. */
export function QuizAttempt({
  view,
  locale,
  t,
  lessonHref,
  review = false,
}: {
  view: AttemptView;
  locale: Locale;
  t: T;
  lessonHref: string;
  /** Someone else's attempt (an instructor's view): shown, never answered. */
  review?: boolean;
}) {
  const [answered, setAnswered] = useState<Record<string, Feedback>>(view.answered);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState("");
  const router = useRouter();
  const open = view.status === "IN_PROGRESS" && !review;
  const done = Object.keys(answered).length;
  const points = Object.values(answered).reduce((s, f) => s + f.points, 0);

  const submit = () => {
    if (!window.confirm(t.submitConfirm)) return;
    startTransition(async () => {
      const result = await submitAttemptAction({ attemptId: view.id });
      if (!result.ok) setError(result.error);
      else router.refresh();
    });
  };

  return (
    <div className={styles.attempt} data-testid="quiz-attempt" data-status={view.status}>
      <p className={styles.progress} aria-live="polite" data-testid="quiz-progress">
        {t.attempt} {view.number} · {done} {t.of} {view.quiz.questions.length} {t.answered} · {Math.round(points * 10) / 10} /{" "}
        {view.maxPoints} {t.points}
      </p>
      <ol className={styles.questions}>
        {view.quiz.questions.map((q, i) => (
          <li key={q.id} className={styles.question} data-testid={`question-${q.id}`} data-type={q.type}>
            <QuestionCard
              q={q}
              n={i + 1}
              t={t}
              open={open}
              feedback={answered[q.id]}
              sectionHref={`${lessonHref}#${q.section}`}
              onAnswer={async (response) => {
                setError("");
                const result = await answerAction({ attemptId: view.id, question: q.id, response, locale });
                if (!result.ok) {
                  setError(`${t.error}: ${result.error}`);
                  return;
                }
                setAnswered((a) => ({ ...a, [q.id]: result.data }));
              }}
            />
          </li>
        ))}
      </ol>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
      {open ? (
        <button type="button" className="button" onClick={submit} disabled={pending} data-testid="quiz-submit">
          {t.submit}
        </button>
      ) : null}
    </div>
  );
}

function QuestionCard({
  q,
  n,
  t,
  open,
  feedback,
  sectionHref,
  onAnswer,
}: {
  q: PublicQuestion;
  n: number;
  t: T;
  open: boolean;
  feedback: Feedback | undefined;
  sectionHref: string;
  onAnswer(response: unknown): Promise<void>;
}) {
  const [response, setResponse] = useState<unknown>(initialResponse(q));
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState("");
  const locked = !open || feedback !== undefined || busy;
  const shown = (feedback?.response as unknown) ?? response;

  const send = async (value: unknown) => {
    setBusy(true);
    try {
      await onAnswer(value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className={styles.card} disabled={locked}>
      <legend className={styles.prompt}>
        <span className={styles.number}>
          {t.question} {n}
        </span>{" "}
        <Prose text={q.prompt} />
        {q.points !== 1 ? <span className={styles.weight}> ({q.points})</span> : null}
      </legend>
      <Input q={q} t={t} value={shown} onChange={setResponse} />
      {q.type === "lab" ? (
        <div className={styles.lab}>
          <p>{t.labInstructions}</p>
          <a href={`${sectionHref.split("/lessons/")[0]}/labs/${q.lab}`} target="_blank" rel="noreferrer">
            {t.openLab} ↗
          </a>
          {feedback === undefined && open ? (
            <button
              type="button"
              className="button"
              onClick={async () => {
                const run = await loadRun(q.lab);
                if (!run) return setNote(t.noRun);
                setNote("");
                await send({ run });
              }}
            >
              {t.submitRun}
            </button>
          ) : null}
          {note ? <p className={styles.error}>{note}</p> : null}
        </div>
      ) : feedback === undefined && open ? (
        <button
          type="button"
          className="button"
          onClick={() => send(response)}
          disabled={!answerable(q, response)}
          data-testid="quiz-answer"
        >
          {t.answer}
        </button>
      ) : null}
      {feedback ? <FeedbackView q={q} f={feedback} t={t} sectionHref={sectionHref} /> : null}
    </fieldset>
  );
}

function initialResponse(q: PublicQuestion): unknown {
  switch (q.type) {
    case "multiple":
      return { choices: [] };
    case "ordering":
      return { order: q.items.map((i) => i.id) };
    case "matching":
      return { pairs: {} };
    default:
      return undefined;
  }
}

function answerable(q: PublicQuestion, r: unknown): boolean {
  if (r === undefined) return false;
  if (q.type === "matching") return Object.keys((r as { pairs: Record<string, string> }).pairs).length === q.prompts.length;
  if (q.type === "numeric") return Number.isFinite((r as { value: number }).value);
  if (q.type === "text") return (r as { text: string }).text.trim() !== "";
  return true;
}

function Input({ q, t, value, onChange }: { q: PublicQuestion; t: T; value: unknown; onChange(v: unknown): void }) {
  const name = `q-${q.id}`;
  switch (q.type) {
    case "single":
      return (
        <div className={styles.choices}>
          {q.choices.map((c) => (
            <label key={c.id}>
              <input
                type="radio"
                name={name}
                checked={(value as { choice?: string })?.choice === c.id}
                onChange={() => onChange({ choice: c.id })}
              />{" "}
              <Prose text={c.text} />
            </label>
          ))}
        </div>
      );
    case "multiple": {
      const picked = new Set((value as { choices: string[] }).choices);
      return (
        <div className={styles.choices}>
          {q.choices.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={picked.has(c.id)}
                onChange={(e) => {
                  const next = new Set(picked);
                  if (e.target.checked) next.add(c.id);
                  else next.delete(c.id);
                  onChange({ choices: [...next] });
                }}
              />{" "}
              <Prose text={c.text} />
            </label>
          ))}
        </div>
      );
    }
    case "truefalse":
      return (
        <div className={styles.choices}>
          {[true, false].map((v) => (
            <label key={String(v)}>
              <input
                type="radio"
                name={name}
                checked={(value as { value?: boolean })?.value === v}
                onChange={() => onChange({ value: v })}
              />{" "}
              {v ? t.trueLabel : t.falseLabel}
            </label>
          ))}
        </div>
      );
    case "ordering": {
      const order = (value as { order: string[] }).order;
      const byId = new Map(q.items.map((i) => [i.id, i]));
      const move = (i: number, d: -1 | 1) => {
        const next = [...order];
        [next[i], next[i + d]] = [next[i + d]!, next[i]!];
        onChange({ order: next });
      };
      return (
        <ol className={styles.ordering}>
          {order.map((id, i) => (
            <li key={id}>
              <span>
                <Prose text={byId.get(id)?.text ?? id} />
              </span>
              <button type="button" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t.moveUp}>
                ↑
              </button>
              <button type="button" onClick={() => move(i, 1)} disabled={i === order.length - 1} aria-label={t.moveDown}>
                ↓
              </button>
            </li>
          ))}
        </ol>
      );
    }
    case "matching": {
      const pairs = (value as { pairs: Record<string, string> }).pairs;
      return (
        <div className={styles.matching}>
          {q.prompts.map((p) => (
            <label key={p.id}>
              <span>
                <Prose text={p.text} />
              </span>
              <select value={pairs[p.id] ?? ""} onChange={(e) => onChange({ pairs: { ...pairs, [p.id]: e.target.value } })}>
                <option value="" disabled>
                  {t.choose}
                </option>
                {q.options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.text}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      );
    }
    case "numeric":
      return (
        <label className={styles.inline}>
          <input
            type="number"
            step="any"
            inputMode="decimal"
            placeholder={t.numberPlaceholder}
            value={(value as { value?: number })?.value ?? ""}
            onChange={(e) => onChange(e.target.value === "" ? undefined : { value: Number(e.target.value) })}
          />
          {q.unit ? <span>{q.unit}</span> : null}
        </label>
      );
    case "text":
      return (
        <input
          className={styles.text}
          type="text"
          maxLength={200}
          placeholder={t.textPlaceholder}
          value={(value as { text?: string })?.text ?? ""}
          onChange={(e) => onChange({ text: e.target.value })}
        />
      );
    case "lab":
      return null;
  }
}

function textOf(choices: PublicChoice[], id: string): string {
  return choices.find((c) => c.id === id)?.text ?? id;
}

function FeedbackView({ q, f, t, sectionHref }: { q: PublicQuestion; f: Feedback; t: T; sectionHref: string }) {
  const verdict = f.credit >= 1 ? "correct" : f.credit > 0 ? "partly" : "wrong";
  const key = f.key;
  let answer: string | undefined;
  if (key.type === "single" && q.type === "single") answer = textOf(q.choices, key.choice);
  else if (key.type === "multiple" && q.type === "multiple") answer = key.choices.map((c) => textOf(q.choices, c)).join("; ");
  else if (key.type === "truefalse") answer = key.value ? t.trueLabel : t.falseLabel;
  else if (key.type === "ordering" && q.type === "ordering") answer = key.order.map((c) => textOf(q.items, c)).join(" → ");
  else if (key.type === "matching" && q.type === "matching")
    answer = q.prompts.map((p) => `${p.text} — ${textOf(q.options, key.pairs[p.id] ?? "")}`).join("; ");
  else if (key.type === "numeric") answer = key.tolerance ? `${key.value} ± ${key.tolerance}` : String(key.value);
  else if (key.type === "text") answer = key.text;
  return (
    <div className={styles.feedback} data-verdict={verdict} data-testid="quiz-feedback" role="status">
      <p className={styles.verdict}>
        {t[verdict]} · {Math.round(f.points * 100) / 100} / {f.maxPoints}
      </p>
      {answer ? (
        <p>
          <strong>{t.theAnswer}:</strong> <Prose text={answer} />
        </p>
      ) : null}
      <p>
        <strong>{t.why}:</strong> <Prose text={f.explanation} />
      </p>
      <a href={sectionHref}>{t.readSection} →</a>
    </div>
  );
}
