import { beforeAll, describe, expect, it } from "vitest";
import { createFreshDatabase } from "../unit/support/test-db";

await createFreshDatabase();
const { createAccount, authenticate } = await import("@/lib/auth/accounts");
const { db } = await import("@/lib/db");
const { SIGN_IN_MAX_FAILURES } = await import("@/lib/auth/throttle-policy");

const password = "correct horse battery";

describe("accounts", () => {
  beforeAll(async () => {
    expect(await db.user.count()).toBe(0);
  });

  it("makes the first account on an empty database the admin, and later ones learners", async () => {
    const [a, b] = await Promise.all([
      createAccount({ name: "Ann", email: "ann@example.com", password }),
      createAccount({ name: "Bob", email: "bob@example.com", password }),
    ]);
    const roles = [a, b].map((r) => (r.ok ? r.user.role : "failed")).sort();
    expect(roles).toEqual(["ADMIN", "LEARNER"]);
    const c = await createAccount({ name: "Cy", email: "cy@example.com", password });
    expect(c.ok && c.user.role).toBe("LEARNER");
  });

  it("refuses a duplicate e-mail", async () => {
    expect(await createAccount({ name: "Ann again", email: "ann@example.com", password })).toEqual({ ok: false, reason: "duplicate" });
  });

  it("stores a bcrypt hash, never the password", async () => {
    const user = await db.user.findUniqueOrThrow({ where: { email: "ann@example.com" } });
    expect(user.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(user.passwordHash).not.toContain(password);
  });

  it("signs in with the right password only", async () => {
    const ok = await authenticate("ann@example.com", password);
    expect(ok.ok && ok.user.email).toBe("ann@example.com");
    expect(await authenticate("ann@example.com", "wrong password")).toEqual({ ok: false, reason: "wrong-credentials" });
    expect(await authenticate("nobody@example.com", password)).toEqual({ ok: false, reason: "wrong-credentials" });
  });

  it("locks an account after repeated failures, even for the right password, and not other accounts", async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await authenticate("bob@example.com", `wrong ${i}`)).ok).toBe(false);
    }
    const locked = await authenticate("bob@example.com", password);
    expect(locked.ok).toBe(false);
    expect(!locked.ok && locked.reason).toBe("rate-limited");
    expect((await authenticate("cy@example.com", password)).ok).toBe(true);
  }, 30_000);

  it("a successful sign-in clears earlier failures", async () => {
    for (let i = 0; i < SIGN_IN_MAX_FAILURES - 1; i++) await authenticate("cy@example.com", "nope");
    expect((await authenticate("cy@example.com", password)).ok).toBe(true);
    expect(await db.signInThrottle.findUnique({ where: { email: "cy@example.com" } })).toBeNull();
  }, 30_000);
});
