"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState } from "react";
import { signUpAction, type SignUpState } from "@/lib/actions/auth";
import type { Locale } from "@/lib/i18n/config";
import { Field } from "./field";
import styles from "./auth.module.css";

export interface SignUpLabels {
  name: string;
  email: string;
  password: string;
  passwordHint: string;
  submit: string;
  pending: string;
  generic: string;
}

export function SignUpForm({ locale, labels, callbackUrl }: { locale: Locale; labels: SignUpLabels; callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignUpState, FormData>(signUpAction, { status: "idle" });
  const password = useRef("");
  const [signInError, setSignInError] = useState<string | null>(null);
  const router = useRouter();

  // Account created: sign in with the same credentials, then go where the person was heading.
  useEffect(() => {
    if (state.status !== "ok") return;
    let cancelled = false;
    (async () => {
      const { signIn } = await import("next-auth/react");
      const result = await signIn("credentials", { email: state.email, password: password.current, locale, redirect: false });
      if (cancelled) return;
      if (result?.ok) {
        router.replace(callbackUrl);
        router.refresh();
      } else {
        setSignInError(labels.generic);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [state, locale, callbackUrl, router, labels.generic]);

  const errors = state.status === "error" ? state.fields : {};
  const values = state.status === "error" ? state.values : undefined;
  const formError = state.status === "error" ? state.form : signInError;
  const busy = pending || (state.status === "ok" && !signInError);

  return (
    <form
      action={action}
      noValidate
      className={styles.form}
      onSubmit={(event) => {
        password.current = String(new FormData(event.currentTarget).get("password") ?? "");
      }}
    >
      <input type="hidden" name="locale" value={locale} />
      <Field
        label={labels.name}
        name="name"
        autoComplete="name"
        required
        error={errors.name}
        defaultValue={values?.name}
        key={`name-${values?.name}`}
      />
      <Field
        label={labels.email}
        name="email"
        type="email"
        autoComplete="email"
        required
        error={errors.email}
        defaultValue={values?.email}
        key={`email-${values?.email}`}
      />
      <Field
        label={labels.password}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        error={errors.password}
        hint={labels.passwordHint}
      />
      {formError && (
        <p role="alert" className={styles.formError}>
          {formError}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        {busy ? labels.pending : labels.submit}
      </button>
    </form>
  );
}
