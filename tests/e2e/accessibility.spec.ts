import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { newLearner, signInAs } from "./support/accounts";

// axe-core against the pages a visitor sees, in both themes: no serious or critical
// violation may remain. Desktop screenshots go to test-results/screenshots/ for people.

const pages = ["/ru/lessons/etcd", "/en/lessons/etcd", "/ru", "/en", "/en/signin", "/ru/signup"];

async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    blocking.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    ),
    page.url(),
  ).toEqual([]);
}

for (const scheme of ["light", "dark"] as const) {
  for (const path of pages) {
    test(`${path} (${scheme}) has no serious accessibility violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      await expectAccessible(page);
    });
  }
}

test("the quiz and progress pages of a learner have no serious accessibility violations", async ({ page }) => {
  // axe over sixty questions takes a while on two cores.
  test.setTimeout(90_000);
  await newLearner(page, "Axe Learner");
  await page.goto("/ru/quizzes/etcd");
  await page.getByTestId("quiz-start").click();
  await expect(page.getByTestId("quiz-attempt")).toBeVisible();
  const q = page.locator('[data-type="single"]').first();
  await q.getByRole("radio").first().check();
  await q.getByTestId("quiz-answer").click();
  await expect(q.getByTestId("quiz-feedback")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/en/progress");
  await expectAccessible(page);
});

test("the teaching and admin pages have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(90_000);
  await signInAs(page, "admin");
  for (const path of ["/en/admin", "/ru/teach"]) {
    await page.goto(path);
    await expectAccessible(page);
  }
  await page.context().clearCookies();
  await signInAs(page, "instructor");
  await page.goto("/en/teach");
  await page.getByTestId("cohort-DEMO2026").getByRole("link").click();
  await expect(page.getByTestId("roster")).toBeVisible();
  await expectAccessible(page);
  await page.getByTestId("roster").getByRole("link").first().click();
  await expect(page.getByTestId("learner-page")).toBeVisible();
  await expectAccessible(page);
});

test("desktop screenshots of the lesson", async ({ page }) => {
  mkdirSync("test-results/screenshots", { recursive: true });
  await page.setViewportSize({ width: 1366, height: 900 });
  for (const locale of ["ru", "en"]) {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`/${locale}/lessons/etcd`);
      await page.screenshot({ path: `test-results/screenshots/lesson-${locale}-desktop-${scheme}.png` });
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.goto(`/${locale}/lessons/etcd#etcd-in-cluster-architecture`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/screenshots/lesson-${locale}-desktop-diagram.png` });
    await page.goto(`/${locale}/lessons/etcd`);
    await page.screenshot({ path: `test-results/screenshots/lesson-${locale}-desktop-full.png`, fullPage: true });
  }
});
