import { expect, test } from "@playwright/test";
import { password, signIn, signUp, unique } from "./support/accounts";

test("sign up, see the session in the header, sign out, sign in again", async ({ page }) => {
  const email = unique("learner");
  await signUp(page, "Raft Reader", email);
  await expect(page).toHaveURL(/\/en$/);
  const session = page.getByTestId("session-user");
  await expect(session).toContainText("Raft Reader");
  await expect(session).toContainText("learner");

  await session.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(page.getByTestId("session-user")).toHaveCount(0);

  await signIn(page, email.toUpperCase(), password);
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByTestId("session-user")).toContainText("Raft Reader");
});

test("sign-in returns to the page the reader came from", async ({ page }) => {
  await page.goto("/ru/signin?callbackUrl=%2Fru%2Flessons%2Fetcd");
  await page.getByLabel("E-mail").fill("learner1@example.com");
  await page.getByLabel("Пароль").fill("etcd-learner-demo");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page).toHaveURL(/\/ru\/lessons\/etcd$/);
  await expect(page.getByTestId("session-user")).toContainText("учащийся");
});

test("a wrong password gets a clear message, not an error page", async ({ page }) => {
  await signIn(page, "instructor@example.com", "not-the-password");
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong e-mail or password.");
  await expect(page).toHaveURL(/\/en\/signin$/);
  await signIn(page, "no-such-person@example.com", "whatever-it-is");
  await expect(page.getByTestId("signin-error")).toHaveText("Wrong e-mail or password.");
});

test("a malformed e-mail is explained on both forms", async ({ page }) => {
  await signIn(page, "not-an-email", "whatever");
  await expect(page.getByTestId("signin-error")).toHaveText("Enter a valid e-mail address, like name@example.com.");
  await signUp(page, "Someone", "also not an email", "short");
  await expect(page.getByTestId("email-error")).toHaveText("Enter a valid e-mail address, like name@example.com.");
  await expect(page.getByTestId("password-error")).toHaveText("The password must be at least 8 characters long.");
  // What the person typed is kept, except the password.
  await expect(page.getByLabel("Name")).toHaveValue("Someone");
  await expect(page.getByLabel("Password")).toHaveValue("");
});

test("a duplicate e-mail is explained", async ({ page }) => {
  await signUp(page, "Copy Cat", "learner2@example.com");
  await expect(page.getByTestId("email-error")).toHaveText("An account with this e-mail already exists. Sign in instead.");
});

test("messages follow the page's language", async ({ page }) => {
  await page.goto("/ru/signin");
  await page.getByLabel("E-mail").fill("learner3@example.com");
  await page.getByLabel("Пароль").fill("wrong-password");
  await page.getByRole("button", { name: "Войти" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText("Неверный e-mail или пароль.");
});

test("repeated failures lock the account for a while", async ({ page }) => {
  const email = unique("locked");
  await signUp(page, "Locked Out", email);
  await expect(page.getByTestId("session-user")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  for (let i = 0; i < 5; i++) {
    await signIn(page, email, `wrong-${i}`);
    await expect(page.getByTestId("signin-error")).toHaveText(/Wrong e-mail or password\.|Too many failed attempts/);
  }
  await signIn(page, email, password);
  await expect(page.getByTestId("signin-error")).toHaveText("Too many failed attempts for this account. Try again in 15 minutes.");
});

test("the auth API answers bad input with 4xx, never 500", async ({ request }) => {
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const hostile: Array<Record<string, string>> = [
    { email: "x".repeat(100_000), password: "y" },
    { email: "a@example.com", password: "p".repeat(50_000) },
    { email: "<script>@example.com", password: "' OR 1=1 --" },
    {},
  ];
  for (const body of hostile) {
    const response = await request.post("/api/auth/callback/credentials", { form: { ...body, csrfToken: csrf.csrfToken, json: "true" } });
    expect(response.status(), JSON.stringify(body).slice(0, 60)).toBeLessThan(500);
    expect(response.status()).toBeGreaterThanOrEqual(400);
  }
});
