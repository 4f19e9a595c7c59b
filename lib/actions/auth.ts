"use server";

import { createAccount } from "@/lib/auth/accounts";
import { defaultLocale, isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { fieldErrors, signUpSchema, type SignUpInput } from "@/lib/validation/auth";

/** What the sign-up form shows after a submission; messages are in the form's language. */
export type SignUpState =
  | { status: "idle" }
  | { status: "ok"; email: string }
  | { status: "error"; fields: Partial<Record<keyof SignUpInput, string>>; form?: string; values: { name: string; email: string } };

const text = (v: FormDataEntryValue | null) => (typeof v === "string" ? v : "");

/** Creates an account. The browser signs in right after with the same credentials. */
export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const localeValue = text(formData.get("locale"));
  const messages = getDictionary(isLocale(localeValue) ? localeValue : defaultLocale).auth.errors;
  const values = { name: text(formData.get("name")).slice(0, 200), email: text(formData.get("email")).slice(0, 400) };
  const parsed = signUpSchema.safeParse({ name: formData.get("name"), email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    const keys = fieldErrors(parsed.error);
    const fields = Object.fromEntries(Object.entries(keys).map(([field, key]) => [field, messages[key!]]));
    return { status: "error", fields, values };
  }
  try {
    const result = await createAccount(parsed.data);
    if (!result.ok) return { status: "error", fields: { email: messages.duplicateEmail }, values };
    return { status: "ok", email: result.user.email };
  } catch (error) {
    console.error("sign-up failed", error);
    return { status: "error", fields: {}, form: messages.generic, values };
  }
}
