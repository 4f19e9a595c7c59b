"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AUTH_ERROR_PREFIX } from "@/lib/auth/constants";
import type { Locale } from "@/lib/i18n/config";
import { Field } from "./field";
import styles from "./auth.module.css";

export interface SignInLabels {
  email: string;
  password: string;
  submit: string;
  pending: string;
  wrongCredentials: string;
  generic: string;
}

/** Signs in through next-auth's credentials provider; the server writes the error messages. */
export function SignInForm({ locale, labels, callbackUrl }: { locale: Locale; labels: SignInLabels; callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const { signIn } = await import("next-auth/react");
      const result = await signIn("credentials", {
        email: String(data.get("email") ?? ""),
        password: String(data.get("password") ?? ""),
        locale,
        redirect: false,
      });
      if (result?.ok && !result.error) {
        router.replace(callbackUrl);
        router.refresh();
        return;
      }
      const code = result?.error ?? "";
      setError(
        code.startsWith(AUTH_ERROR_PREFIX)
          ? code.slice(AUTH_ERROR_PREFIX.length)
          : code === "CredentialsSignin"
            ? labels.wrongCredentials
            : labels.generic,
      );
    } catch {
      setError(labels.generic);
    }
    setPending(false);
  }

  return (
    <form onSubmit={submit} noValidate className={styles.form} method="post">
      <Field label={labels.email} name="email" type="email" autoComplete="email" required />
      <Field label={labels.password} name="password" type="password" autoComplete="current-password" required />
      {error && (
        <p role="alert" className={styles.formError} data-testid="signin-error">
          {error}
        </p>
      )}
      <button type="submit" className="button" disabled={pending}>
        {pending ? labels.pending : labels.submit}
      </button>
    </form>
  );
}
