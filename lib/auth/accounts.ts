import "server-only";
import { db } from "@/lib/db";
import type { Role, User } from "@/lib/generated/prisma/client";
import { isUniqueViolation } from "@/lib/outcome";
import type { SignUpInput } from "@/lib/validation/auth";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./password";
import { clearFailedSignIns, getThrottleVerdict, recordFailedSignIn } from "./throttle";

export type CreateAccountResult = { ok: true; user: Pick<User, "id" | "email" | "role"> } | { ok: false; reason: "duplicate" };

/**
 * Creates a learner account; the very first account of an empty database becomes the
 * admin. Counting and inserting happen in one transaction, so two people signing up at
 * once on a fresh install cannot both become admin.
 */
export async function createAccount(input: SignUpInput): Promise<CreateAccountResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const role: Role = (await tx.user.count()) === 0 ? "ADMIN" : "LEARNER";
      return tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role },
        select: { id: true, email: true, role: true },
      });
    });
    return { ok: true, user };
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, reason: "duplicate" };
    }
    throw error;
  }
}

export type AuthenticateResult =
  | { ok: true; user: Pick<User, "id" | "email" | "name" | "role"> }
  | { ok: false; reason: "wrong-credentials" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/** Checks an e-mail and password, counting failures against the per-account limit. */
export async function authenticate(email: string, password: string): Promise<AuthenticateResult> {
  const verdict = await getThrottleVerdict(email);
  if (!verdict.allowed) return { ok: false, reason: "rate-limited", retryAfterMs: verdict.retryAfterMs };

  const user = await db.user.findUnique({ where: { email } });
  const valid = user ? await verifyPassword(password, user.passwordHash) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    await recordFailedSignIn(email);
    return { ok: false, reason: "wrong-credentials" };
  }
  await clearFailedSignIns(email);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
