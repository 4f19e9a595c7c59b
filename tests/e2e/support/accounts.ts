import { expect, type Page } from "@playwright/test";

// Accounts in the browser: a fresh one per test where a test changes what an account has
// (attempts, progress), the seeded demo accounts where it reads what the seed made.

export const unique = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
export const password = "raft-quorum-2-of-3";

export const DEMO = {
  admin: { email: "admin@example.com", password: "etcd-admin-demo" },
  instructor: { email: "instructor@example.com", password: "etcd-instructor-demo" },
  learner1: { email: "learner1@example.com", password: "etcd-learner-demo" },
  learner3: { email: "learner3@example.com", password: "etcd-learner-demo" },
} as const;

export async function signUp(page: Page, name: string, email: string, pass = password) {
  await page.goto("/en/signup");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string, pass: string) {
  await page.goto("/en/signin");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(pass);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A new learner, signed in. */
export async function newLearner(page: Page, name = "Quinn Quizzer"): Promise<string> {
  const email = unique("learner");
  await signUp(page, name, email);
  await expect(page.getByTestId("session-user")).toContainText(name);
  return email;
}

export async function signInAs(page: Page, who: keyof typeof DEMO) {
  await signIn(page, DEMO[who].email, DEMO[who].password);
  await expect(page.getByTestId("session-user")).toBeVisible();
}
