"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { Outcome } from "@/lib/outcome";
import styles from "./teach.module.css";

/**
 * A one-field form bound to a server action: shows the action's error, or `success(data)`, and
 * refreshes the page's server data after a success.
 */
export function ActionForm<T>({
  action,
  field,
  label,
  submit,
  initial = "",
  maxLength,
  success,
  testId,
}: {
  action: (input: Record<string, string>) => Promise<Outcome<T>>;
  field: string;
  label: string;
  submit: string;
  initial?: string;
  maxLength: number;
  success: (data: T) => string;
  testId: string;
}) {
  const [value, setValue] = useState(initial);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <form
      className={styles.row}
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const result = await action({ [field]: value });
          setMessage(result.ok ? { ok: true, text: success(result.data) } : { ok: false, text: result.error });
          if (result.ok) router.refresh();
        });
      }}
    >
      <label className={styles.row}>
        {label}
        <input value={value} onChange={(e) => setValue(e.target.value)} maxLength={maxLength} required />
      </label>
      <button type="submit" className="button" disabled={pending}>
        {submit}
      </button>
      {message ? (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? styles.ok : styles.error}>
          {message.text}
        </span>
      ) : null}
    </form>
  );
}
