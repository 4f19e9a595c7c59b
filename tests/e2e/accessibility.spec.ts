import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";

// axe-core against the pages a visitor sees, in both themes: no serious or critical
// violation may remain. Desktop screenshots go to test-results/screenshots/ for people.

const pages = ["/ru/lessons/etcd", "/en/lessons/etcd", "/ru", "/en", "/en/signin", "/ru/signup"];

for (const scheme of ["light", "dark"] as const) {
  for (const path of pages) {
    test(`${path} (${scheme}) has no serious accessibility violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
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
      ).toEqual([]);
    });
  }
}

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
