"use client";

import { useState, useTransition } from "react";
import { setRoleAction } from "@/lib/actions/cohort";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import styles from "./teach.module.css";

type Role = "LEARNER" | "INSTRUCTOR" | "ADMIN";

/** A user's role, changed on the spot; the server refuses to demote the last admin. */
export function RoleSelect({
  userId,
  role,
  labels,
  t,
  self,
}: {
  userId: string;
  role: Role;
  labels: Record<Role, string>;
  t: Dictionary["admin"];
  self: boolean;
}) {
  const [value, setValue] = useState(role);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className={styles.row}>
      <select
        aria-label={t.role}
        value={value}
        disabled={pending}
        data-self={self || undefined}
        onChange={(e) => {
          const next = e.target.value as Role;
          start(async () => {
            const result = await setRoleAction({ userId, role: next });
            if (result.ok) {
              setValue(next);
              setMessage({ ok: true, text: t.saved });
            } else setMessage({ ok: false, text: result.error });
          });
        }}
      >
        {(["LEARNER", "INSTRUCTOR", "ADMIN"] as const).map((r) => (
          <option key={r} value={r}>
            {labels[r]}
          </option>
        ))}
      </select>
      {message ? <span className={message.ok ? styles.ok : styles.error}>{message.text}</span> : null}
    </span>
  );
}
