// Per-account sign-in rate limit, as a pure policy so it can be tested without a database.
// After SIGN_IN_MAX_FAILURES failures within SIGN_IN_WINDOW_MS, the account (the e-mail
// address, whether or not it is registered) is locked for SIGN_IN_LOCK_MS.

/** Failed attempts tolerated inside one window before the address is locked. */
export const SIGN_IN_MAX_FAILURES = 5;
/** Failures older than this no longer count. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** How long a locked address refuses every attempt, right or wrong. */
export const SIGN_IN_LOCK_MS = 15 * 60_000;

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

export function checkThrottle(state: ThrottleState | null, now: Date): ThrottleVerdict {
  if (state?.lockedUntil && state.lockedUntil.getTime() > now.getTime()) {
    return { allowed: false, retryAfterMs: state.lockedUntil.getTime() - now.getTime() };
  }
  return { allowed: true };
}

/** The state after one more failed attempt at `now`. */
export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const windowExpired = !state || now.getTime() - state.windowStart.getTime() >= SIGN_IN_WINDOW_MS;
  const lockExpired = state?.lockedUntil != null && state.lockedUntil.getTime() <= now.getTime();
  const fresh = windowExpired || lockExpired;
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  const lockedUntil = failures >= SIGN_IN_MAX_FAILURES ? new Date(now.getTime() + SIGN_IN_LOCK_MS) : null;
  return { failures, windowStart, lockedUntil };
}

/** Minutes to show a person, never "0 minutes". */
export function retryAfterMinutes(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
