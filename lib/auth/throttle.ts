import "server-only";
import { db } from "@/lib/db";
import { afterFailure, checkThrottle, type ThrottleVerdict } from "./throttle-policy";

// The limiter's state is in the database, not in server memory, so it holds across
// restarts and across several server processes.

export async function getThrottleVerdict(email: string, now = new Date()): Promise<ThrottleVerdict> {
  const state = await db.signInThrottle.findUnique({ where: { email } });
  return checkThrottle(state, now);
}

export async function recordFailedSignIn(email: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    const state = await tx.signInThrottle.findUnique({ where: { email } });
    const next = afterFailure(state, now);
    await tx.signInThrottle.upsert({ where: { email }, create: { email, ...next }, update: next });
  });
}

export async function clearFailedSignIns(email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email } });
}
