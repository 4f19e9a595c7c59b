"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { startAttemptAction } from "@/lib/actions/quiz";
import styles from "./quiz.module.css";

/** Starts (or resumes) an attempt, then shows it. A double click starts one attempt: the server makes sure. */
export function StartAttempt({ quiz, label }: { quiz: string; label: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState("");
  const router = useRouter();
  return (
    <div>
      <button
        type="button"
        className="button"
        disabled={pending}
        data-testid="quiz-start"
        onClick={() =>
          start(async () => {
            const result = await startAttemptAction({ quiz });
            if (result.ok) router.refresh();
            else setError(result.error);
          })
        }
      >
        {label}
      </button>
      {error ? (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
