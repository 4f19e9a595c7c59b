import { expect, test } from "@playwright/test";
import { lessonHeadings, lessonTitle, type Locale } from "./support/lesson-outline";

for (const locale of ["ru", "en"] as const satisfies Locale[]) {
  test.describe(`lesson in ${locale}`, () => {
    test("shows the title and every section heading, each its own anchor", async ({ page }) => {
      await page.goto(`/${locale}/lessons/etcd`);
      await expect(page).toHaveTitle(new RegExp(lessonTitle(locale).replace(/[?()]/g, "\\$&")));
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(lessonTitle(locale));
      const headings = lessonHeadings(locale);
      expect(headings.length).toBeGreaterThan(30);
      for (const heading of headings) {
        const element = page.locator(`h${heading.depth}#${heading.id}`);
        await expect(element, heading.id).toHaveText(heading.text);
        await expect(element.getByRole("link")).toHaveAttribute("href", `#${heading.id}`);
      }
    });

    test("the table of contents jumps to a section and follows the reader", async ({ page }) => {
      await page.goto(`/${locale}/lessons/etcd`);
      const toc = page.getByTestId("toc");
      const target = lessonHeadings(locale).find((h) => h.id === "etcd-failure")!;
      await toc.getByRole("link", { name: target.tocText, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`#${target.id}$`));
      await expect(page.locator(`#${target.id}`)).toBeInViewport();
      await expect(toc.locator('a[aria-current="location"]')).toHaveText(target.tocText);
      // The current section unfolds its subsections in the contents, and reading on moves the mark.
      const sub = lessonHeadings(locale).find((h) => h.id === "failure-full-etcd-loss")!;
      await expect(toc.getByRole("link", { name: sub.tocText, exact: true })).toBeVisible();
      await page.locator(`#${sub.id}`).evaluate((el) => el.scrollIntoView({ block: "start" }));
      await expect(toc.locator('a[aria-current="location"]')).toHaveText(sub.tocText);
      // End scrolls whatever holds the focus: after the click above that is the contents, which
      // may be a scroller of its own (it was, in one CI run, in Russian). A reader's End is the page's.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press("End");
      const last = lessonHeadings(locale).at(-1)!;
      await expect(toc.locator('a[aria-current="location"]')).toHaveText(last.tocText);
    });

    test("the copy button copies the code block", async ({ page, context }) => {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.goto(`/${locale}/lessons/etcd#etcd-in-operations`);
      const block = page.locator("[data-code-block]").filter({ hasText: "kubectl run test-etcd --image=nginx" });
      await block.hover();
      await block.getByRole("button").click();
      await expect(block.getByRole("button")).toHaveText(locale === "ru" ? "Скопировано" : "Copied");
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toBe(await block.locator("pre").textContent());
      expect(copied).toContain("kubectl run test-etcd --image=nginx\n");
    });

    test("code is highlighted on the server, callouts and clarifications are marked", async ({ page }) => {
      await page.goto(`/${locale}/lessons/etcd`);
      await expect(page.locator("pre.shiki").first()).toBeVisible();
      expect(await page.locator("pre.shiki span[style*='--shiki-light']").count()).toBeGreaterThan(50);
      await expect(page.locator('[data-callout="danger"]')).toHaveCount(1);
      expect(await page.locator('[data-callout="clarification"]').count()).toBeGreaterThanOrEqual(5);
      await expect(page.locator('[data-callout="clarification"]').first()).toContainText(locale === "ru" ? "Уточнение" : "Clarification");
      const diagram = page.getByTestId("architecture-diagram").locator("svg[role=img]");
      await expect(diagram).toBeVisible();
      await expect(diagram).toHaveAccessibleName(locale === "ru" ? /Control plane Kubernetes и etcd/ : /Kubernetes control plane and etcd/);
    });

    test("previous/next navigation leads to pages that exist", async ({ page }) => {
      await page.goto(`/${locale}/lessons/etcd`);
      const pager = page.getByTestId("pager");
      const links = pager.getByRole("link");
      expect(await links.count()).toBeGreaterThan(0);
      for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
        const response = await page.request.get(href);
        expect(response.status(), href).toBe(200);
      }
      await pager.getByRole("link").first().click();
      await expect(page).toHaveURL(new RegExp(`/${locale}$`));
    });
  });
}

test("switching language keeps the section and is remembered", async ({ page }) => {
  await page.goto("/ru/lessons/etcd#watch-mechanism");
  await page.getByTestId("language-switcher").click();
  await expect(page).toHaveURL(/\/en\/lessons\/etcd#watch-mechanism$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.locator("#watch-mechanism")).toBeInViewport();
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await page.getByTestId("language-switcher").click();
  await expect(page).toHaveURL(/\/ru$/);
  await page.goto("/lessons/etcd");
  await expect(page).toHaveURL(/\/ru\/lessons\/etcd$/);
});

test("a first visit follows the browser's language", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page).toHaveURL(/\/en$/);
  await context.close();
});

test("dark mode can be switched and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/en/lessons/etcd");
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(await background()).toBe("rgb(255, 255, 255)");
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await background()).not.toBe("rgb(255, 255, 255)");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
});

test("the home page links only to pages that exist", async ({ page }) => {
  for (const locale of ["ru", "en"]) {
    await page.goto(`/${locale}`);
    const hrefs = await page
      .locator("a[href^='/']")
      .evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!.split("#")[0]!))]);
    expect(hrefs.length).toBeGreaterThan(3);
    for (const href of hrefs) expect((await page.request.get(href)).status(), href).toBe(200);
  }
});

test("an unknown page is a friendly 404", async ({ page }) => {
  const response = await page.goto("/en/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  const lesson = await page.goto("/en/lessons/no-such-lesson");
  expect(lesson?.status()).toBe(404);
});
