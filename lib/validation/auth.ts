import { z } from "zod";

// Validation of account forms. Messages are keys of Dictionary["auth"]["errors"], so the
// same schema serves both languages; the caller turns a key into the reader's language.

export type AuthErrorKey =
  "invalidEmail" | "emailTooLong" | "passwordRequired" | "passwordTooShort" | "passwordTooLong" | "nameRequired" | "nameTooLong";

/** RFC 5321 caps an address at 254 characters. */
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt only looks at the first 72 bytes; longer passwords would silently be truncated. */
export const PASSWORD_MAX_BYTES = 72;
export const NAME_MAX_LENGTH = 80;

const key = (k: AuthErrorKey) => ({ error: k });

export const emailSchema = z
  .string(key("invalidEmail"))
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX_LENGTH, key("emailTooLong"))
  .pipe(z.email(key("invalidEmail")));

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

export const newPasswordSchema = z
  .string(key("passwordRequired"))
  .min(1, key("passwordRequired"))
  .min(PASSWORD_MIN_LENGTH, key("passwordTooShort"))
  .refine((p) => utf8Length(p) <= PASSWORD_MAX_BYTES, key("passwordTooLong"));

export const signUpSchema = z.object({
  name: z.string(key("nameRequired")).trim().min(1, key("nameRequired")).max(NAME_MAX_LENGTH, key("nameTooLong")),
  email: emailSchema,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  // Sign-in only checks presence: an old account's password is compared, not re-validated.
  password: z
    .string(key("passwordRequired"))
    .min(1, key("passwordRequired"))
    .refine((p) => utf8Length(p) <= 1024, key("passwordTooLong")),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;

export type FieldErrors<T> = Partial<Record<keyof T, AuthErrorKey>>;

/** The first error of each field, as dictionary keys. */
export function fieldErrors<T>(error: z.ZodError<T>): FieldErrors<T> {
  const out: Record<string, AuthErrorKey> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (typeof field === "string" && !(field in out)) out[field] = issue.message as AuthErrorKey;
  }
  return out as FieldErrors<T>;
}
