import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { quiz } from "@/content/quizzes/etcd/quiz";
import { newLearner } from "./support/accounts";

// A learner takes the quiz and finishes a lab; what they did shows on their progress page. The
// answer keys and explanations never reach the browser before an answer: neither in the built
// bundles nor in the quiz page before answering.

/** Strings that would give answers away: every explanation, in both languages. */
const secrets = quiz.questions.flatMap((q) => [q.explanation.en, q.explanation.ru]).filter((s) => s.length > 40);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

test("no client bundle carries an answer key or an explanation", () => {
  const bundles = [...files(path.join(process.cwd(), ".next", "static")), path.join(process.cwd(), "public", "lab-engine.js")].filter((f) =>
    /\.(js|json|html|txt)$/.test(f),
  );
  expect(bundles.length).toBeGreaterThan(10);
  expect(secrets.length).toBeGreaterThan(100);
  for (const file of bundles) {
    const text = readFileSync(file, "utf8");
    for (const s of secrets) expect(text.includes(s), `${path.relative(process.cwd(), file)} contains an explanation`).toBe(false);
    // The quiz's own module would carry its keys (`answer:`) next to its question ids.
    expect(text.includes(quiz.questions[0]!.id) && /canonical|accept:/.test(text), `${file} looks like the quiz definition`).toBe(false);
  }
});

async function answerFirstSingleChoice(page: Page) {
  const q = page.locator('[data-type="single"]').first();
  await q.getByRole("radio").first().check();
  await q.getByTestId("quiz-answer").click();
  await expect(q.getByTestId("quiz-feedback")).toBeVisible();
  return q;
}

test("take the quiz: feedback after each answer, resume after a reload, a grade on submission", async ({ page }) => {
  await newLearner(page);
  // Everything the page sends before the first answer, HTML and RSC payloads alike.
  const payloads: Promise<string>[] = [];
  page.on("response", (r) => {
    if (r.url().includes("/quizzes/")) payloads.push(r.text().catch(() => ""));
  });
  await page.goto("/en/quizzes/etcd");
  await page.getByTestId("quiz-start").click();
  await expect(page.getByTestId("quiz-attempt")).toHaveAttribute("data-status", "IN_PROGRESS");
  await expect(page.locator("[data-testid^=question-]")).toHaveCount(quiz.questions.length);
  const before = (await Promise.all(payloads)).join("\n") + (await page.content());
  for (const s of secrets) expect(before.includes(s), `the page carries an explanation before any answer: ${s.slice(0, 60)}`).toBe(false);

  const q = await answerFirstSingleChoice(page);
  await expect(q.getByTestId("quiz-feedback")).toContainText(/Correct|Not quite/);
  await expect(q.getByTestId("quiz-feedback")).toContainText("Why:");
  await expect(page.getByTestId("quiz-progress")).toContainText("1 of");

  // A reload resumes the same attempt, with the answer and its feedback.
  await page.reload();
  await expect(page.getByTestId("quiz-progress")).toContainText("Attempt 1 · 1 of");
  await expect(page.getByTestId("quiz-feedback")).toHaveCount(1);

  // An ordering question: move an item, answer, get partial or full credit.
  const ordering = page.locator('[data-type="ordering"]').first();
  await ordering.getByRole("button", { name: "Move down" }).first().click();
  await ordering.getByTestId("quiz-answer").click();
  await expect(ordering.getByTestId("quiz-feedback")).toContainText("The answer:");

  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("quiz-submit").click();
  await expect(page.getByTestId("quiz-grade")).toContainText("Grade that counts");
  await expect(page.getByTestId("quiz-attempt")).toHaveAttribute("data-status", "SUBMITTED");
  await page.screenshot({ path: "test-results/quiz-submitted.png", fullPage: false });

  await page.goto("/en/progress");
  await expect(page.getByTestId("progress-quiz-etcd")).toContainText("%");
});

test("a finished lab is confirmed by the server and shows on the progress page", async ({ page }) => {
  await newLearner(page, "Lab Finisher");
  await page.goto("/en/labs/etcdctl-basics");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  for (const line of [
    "etcdctl put /lab/greeting hello",
    "etcdctl get /lab/greeting -w json",
    "etcdctl put /lab/greeting world",
    "etcdctl get /lab/greeting --rev=2",
  ]) {
    await page.getByTestId("terminal-0").click();
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("lab-progress")).not.toHaveText("Steps: 0/4");
  }
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/);
  await expect(page.getByTestId("lab-claim")).toContainText("confirmed steps 4/4");
  await page.goto("/en/progress");
  await expect(page.getByTestId("progress-lab-etcdctl-basics")).toHaveAttribute("data-completed", "true");
});

test("reading the lesson marks its sections in the contents", async ({ page }) => {
  await newLearner(page, "Reader");
  await page.goto("/en/lessons/etcd");
  await page.mouse.wheel(0, 4000);
  await expect(page.getByTestId("toc").locator("a[data-read]").first()).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("toc").locator("a[data-read]").first()).toBeVisible();
  await page.goto("/en/progress");
  await expect(page.getByTestId("progress-lesson-etcd")).not.toContainText(/: 0 \//);
});
