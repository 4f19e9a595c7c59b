import { describe, expect, it } from "vitest";
import {
  SIGN_IN_LOCK_MS,
  SIGN_IN_MAX_FAILURES,
  SIGN_IN_WINDOW_MS,
  afterFailure,
  checkThrottle,
  retryAfterMinutes,
  type ThrottleState,
} from "@/lib/auth/throttle-policy";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

function fail(times: number, start: ThrottleState | null = null, spacingMs = 1_000, t0 = 0) {
  let state = start;
  for (let i = 0; i < times; i++) state = afterFailure(state, at(t0 + i * spacingMs));
  return state!;
}

describe("sign-in throttle policy", () => {
  it("allows attempts until the limit is reached, then locks", () => {
    const below = fail(SIGN_IN_MAX_FAILURES - 1);
    expect(below.lockedUntil).toBeNull();
    expect(checkThrottle(below, at(SIGN_IN_MAX_FAILURES * 1_000))).toEqual({ allowed: true });
    const locked = fail(SIGN_IN_MAX_FAILURES);
    const now = at((SIGN_IN_MAX_FAILURES - 1) * 1_000);
    expect(checkThrottle(locked, now)).toEqual({ allowed: false, retryAfterMs: SIGN_IN_LOCK_MS });
  });

  it("unlocks when the lock expires and starts counting afresh", () => {
    const locked = fail(SIGN_IN_MAX_FAILURES);
    const after = at(locked.lockedUntil!.getTime() - at(0).getTime());
    expect(checkThrottle(locked, after)).toEqual({ allowed: true });
    expect(afterFailure(locked, after).failures).toBe(1);
  });

  it("forgets failures older than the window", () => {
    const old = fail(SIGN_IN_MAX_FAILURES - 1);
    const next = afterFailure(old, at(SIGN_IN_WINDOW_MS + 10_000));
    expect(next.failures).toBe(1);
    expect(next.lockedUntil).toBeNull();
  });

  it("never tells a person to wait 0 minutes", () => {
    expect(retryAfterMinutes(1)).toBe(1);
    expect(retryAfterMinutes(60_001)).toBe(2);
    expect(retryAfterMinutes(SIGN_IN_LOCK_MS)).toBe(15);
  });
});
