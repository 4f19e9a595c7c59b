import { expect, test } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { lessonHeadings } from "./support/lesson-outline";

// Runs in the "phone" project (Pixel 7 viewport, touch).

test("the lesson fits a phone: no sideways scrolling, contents fold above the text", async ({ page }) => {
  mkdirSync("test-results/screenshots", { recursive: true });
  for (const locale of ["ru", "en"] as const) {
    await page.goto(`/${locale}/lessons/etcd`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
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
