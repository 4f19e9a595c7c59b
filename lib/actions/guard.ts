import "server-only";
// The one wrapper every server action goes through: who is asking, whether they may, and whether
// the input has the right shape and size, before the action's own code runs. Failures come back
// as values with a 4xx status (lib/outcome.ts); an unexpected error is logged and answered with a
// plain message, never thrown at the page.

import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { fail, type Outcome } from "@/lib/outcome";

export type Role = SessionUser["role"];

/** Bytes of an action's input, unless the action says otherwise. */
export const DEFAULT_MAX_INPUT_BYTES = 64 * 1024;

interface GuardOptions {
  /** Roles allowed; any signed-in user when unset. */
  roles?: readonly Role[];
  maxBytes?: number;
}

/** The input as JSON, or undefined for what a form or fetch cannot send (cycles, BigInts). */
function serialised(raw: unknown): string | undefined {
  try {
    return JSON.stringify(raw) ?? "";
  } catch {
    return undefined;
  }
}

export function guarded<S extends z.ZodType, T>(
  schema: S,
  options: GuardOptions,
  action: (input: z.infer<S>, user: SessionUser) => Promise<Outcome<T>>,
): (raw: unknown) => Promise<Outcome<T>> {
  return async (raw: unknown) => {
    const user = await getSessionUser();
    if (!user) return fail(401, "sign in to do this");
    if (options.roles && !options.roles.includes(user.role)) return fail(403, "your account may not do this");
    const json = serialised(raw);
    if (json === undefined || Buffer.byteLength(json) > (options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES))
      return fail(413, "the request is too large");
    // No text we store or look up may hold a NUL: PostgreSQL refuses it, SQLite would keep it.
    if (json.includes("\\u0000")) return fail(400, "invalid input: the text contains a NUL character");
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail(400, `invalid input${issue?.path.length ? ` at ${issue.path.join(".")}` : ""}: ${issue?.message ?? "malformed"}`);
    }
    try {
      return await action(parsed.data, user);
    } catch (error) {
      console.error("action failed", error);
      return fail(503, "something went wrong on our side; try again");
    }
  };
}

export const withUser = <S extends z.ZodType, T>(
  schema: S,
  action: (input: z.infer<S>, user: SessionUser) => Promise<Outcome<T>>,
  maxBytes?: number,
) => guarded(schema, { maxBytes }, action);

export const withInstructor = <S extends z.ZodType, T>(schema: S, action: (input: z.infer<S>, user: SessionUser) => Promise<Outcome<T>>) =>
  guarded(schema, { roles: ["INSTRUCTOR", "ADMIN"] }, action);

export const withAdmin = <S extends z.ZodType, T>(schema: S, action: (input: z.infer<S>, user: SessionUser) => Promise<Outcome<T>>) =>
  guarded(schema, { roles: ["ADMIN"] }, action);
