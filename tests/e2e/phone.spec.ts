import { expect, test, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { newLearner, signInAs } from "./support/accounts";
import { lessonHeadings } from "./support/lesson-outline";

// Runs in the "phone" project (Pixel 7 viewport, touch).

/**
 * How far the page is wider than the phone. Measured against the device's width, not
 * window.innerWidth: a mobile browser zooms out to fit content that overflows, and innerWidth
 * grows with it. Wide tables scroll inside their own container instead.
 */
const sidewaysOverflow = (page: Page) => page.evaluate((width) => document.documentElement.scrollWidth - width, page.viewportSize()!.width);

test("the lesson fits a phone: no sideways scrolling, contents fold above the text", async ({ page }) => {
  mkdirSync("test-results/screenshots", { recursive: true });
  for (const locale of ["ru", "en"] as const) {
    await page.goto(`/${locale}/lessons/etcd`);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await expect(page.getByTestId("toc")).toBeHidden();
    await page.screenshot({ path: `test-results/screenshots/lesson-${locale}-phone.png` });

    const target = lessonHeadings(locale).find((h) => h.id === "backup-and-restore")!;
    await page.locator("summary").first().click();
    await page.getByRole("link", { name: target.tocText, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#${target.id}$`));
    await expect(page.locator(`#${target.id}`)).toBeInViewport();
    await page.screenshot({ path: `test-results/screenshots/lesson-${locale}-phone-section.png` });
  }
  await page.goto("/en/lessons/etcd#etcd-in-cluster-architecture");
  await page.waitForTimeout(300);
  await page.screenshot({ path: "test-results/screenshots/lesson-en-phone-diagram.png" });
  await page.goto("/en");
  await page.screenshot({ path: "test-results/screenshots/home-en-phone.png", fullPage: true });
});

async function fitsPhone(page: Page, shot: string) {
  expect(await sidewaysOverflow(page), `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/screenshots/${shot}-phone.png` });
}

test.describe("the platform's other pages fit a phone too", () => {
  test.beforeEach(() => mkdirSync("test-results/screenshots", { recursive: true }));

  test("a learner's progress", async ({ page }) => {
    await signInAs(page, "learner1");
    await page.goto("/en/progress");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await fitsPhone(page, "progress-en");
  });

  test("the quiz, answered", async ({ page }) => {
    await newLearner(page);
    await page.goto("/en/quizzes/etcd");
    await page.getByTestId("quiz-start").click();
    await expect(page.getByTestId("quiz-attempt")).toHaveAttribute("data-status", "IN_PROGRESS");
    const q = page.locator('[data-type="single"]').first();
    await q.getByRole("radio").first().check();
    await q.getByTestId("quiz-answer").click();
    await expect(q.getByTestId("quiz-feedback")).toBeVisible();
    await fitsPhone(page, "quiz-en");
  });

  test("the labs and a lab", async ({ page }) => {
    await page.goto("/en/labs");
    await fitsPhone(page, "labs-en");
    await page.goto("/en/labs/etcdctl-basics");
    await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
    await fitsPhone(page, "lab-en");
  });

  test("an instructor's cohorts, a cohort and a learner's page", async ({ page }) => {
    await signInAs(page, "instructor");
    await page.goto("/en/teach");
    await fitsPhone(page, "teach-en");
    await page.getByTestId("cohort-DEMO2026").getByRole("link").click();
    await expect(page.getByTestId("roster").getByTestId("roster-row")).toHaveCount(2);
    await fitsPhone(page, "cohort-en");
    const items = page.getByTestId("item-analysis");
    await items.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "test-results/screenshots/cohort-items-en-phone.png" });
    await page.getByTestId("roster").getByRole("link", { name: "Lev Learner" }).click();
    await expect(page.getByTestId("learner-page")).toContainText("Lev Learner");
    await fitsPhone(page, "cohort-learner-en");
  });

  test("the admin's users", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/en/admin");
    await fitsPhone(page, "admin-en");
  });
});
