import { expect, test } from "@playwright/test";
import { newLearner, signInAs } from "./support/accounts";

// An instructor's day: a cohort and its join link, a learner joining, the roster, the quiz's
// item statistics, the lab funnel, a learner's page, and an exact replay of their lab run.

test("the demo cohort: roster, item statistics, funnel, a learner's attempts and a replay of their run", async ({ page }) => {
  await signInAs(page, "instructor");
  await page.goto("/en/teach");
  await page.getByTestId("cohort-DEMO2026").getByRole("link").click();
  const roster = page.getByTestId("roster");
  await expect(roster.getByTestId("roster-row")).toHaveCount(2);
  await expect(roster).toContainText("Lev Learner");
  await expect(roster).not.toContainText("Sam Learner");
  // Sort by the quiz grade, best first, then filter.
  await roster.getByRole("button", { name: /Quiz:/ }).click();
  await expect(roster.getByTestId("roster-row").first()).toContainText("Lev Learner");
  await page.getByTestId("roster-filter").fill("anna");
  await expect(roster.getByTestId("roster-row")).toHaveCount(1);
  await page.getByTestId("roster-filter").fill("");

  const items = page.getByTestId("item-analysis");
  await expect(items).toContainText("2 attempts");
  await expect(items.locator("tbody tr").first()).toContainText("%");
  await expect(page.getByTestId("lab-funnel")).toContainText("learners");
  await page.screenshot({ path: "test-results/teach-cohort.png", fullPage: true });

  // The roster as CSV.
  const csv = await page.request.get(
    await page
      .getByRole("link", { name: "Export CSV" })
      .first()
      .getAttribute("href")
      .then((h) => h!),
  );
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(await csv.text()).toContain("learner1@example.com");

  await roster.getByRole("link", { name: "Lev Learner" }).click();
  await expect(page.getByTestId("learner-page")).toContainText("Lev Learner");
  await expect(page.getByTestId("learner-run")).toHaveCount(2);
  await page
    .getByTestId("learner-run")
    .filter({ hasText: "First steps with etcdctl" })
    .getByRole("link", { name: /Replay/ })
    .click();

  // The replay: the recorded commands play back in the lab UI, steps turn green, nothing can be typed.
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await page.getByLabel("Speed").selectOption("100");
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/, { timeout: 20_000 });
  await expect(page.getByTestId("terminal-0").locator(".xterm-rows")).toContainText("etcdctl put /lab/greeting world");
  await page.getByTestId("terminal-0").click();
  await page.keyboard.type("etcdctl del /lab/greeting");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("terminal-0").locator(".xterm-rows")).not.toContainText("etcdctl del");
});

test("a learner joins a new cohort by its link and appears on its roster", async ({ browser }) => {
  const teacher = await browser.newPage();
  await signInAs(teacher, "instructor");
  await teacher.goto("/en/teach");
  const name = `Cohort ${Date.now()}`;
  await teacher.getByTestId("create-cohort").getByRole("textbox").fill(name);
  await teacher.getByTestId("create-cohort").getByRole("button", { name: "Create" }).click();
  const created = teacher.getByTestId("create-cohort").getByRole("status");
  await expect(created).toContainText("/en/join?code=");
  const link = /https?:\/\/\S+\/en\/join\?code=([0-9A-Z]+)/.exec((await created.textContent())!)!;

  const learner = await browser.newPage();
  await newLearner(learner, "Joan Joiner");
  await learner.goto(`/en/join?code=${link[1]}`);
  await learner.getByTestId("join-form").getByRole("button", { name: "Join" }).click();
  await expect(learner.getByTestId("join-form").getByRole("status")).toContainText(`You joined «${name}»`);

  await teacher.reload();
  await teacher.getByRole("link", { name }).click();
  await expect(teacher.getByTestId("roster")).toContainText("Joan Joiner");
});
