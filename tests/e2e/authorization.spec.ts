import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./support/accounts";

// Who may open which page. An anonymous visitor sees only public pages (private ones send them
// to sign in); a learner sees only their own data; an instructor only their own cohorts; an admin
// everything. A page someone may not see answers 404, which says nothing about what is there.

type Who = "anonymous" | "learner1" | "learner3" | "instructor" | "admin";
type Expect = "ok" | "signin" | "404";

async function demoIds(page: Page) {
  // The demo cohort's page links to its learners and their runs: read the ids from it as the instructor.
  await signInAs(page, "instructor");
  await page.goto("/en/teach");
  const cohort = (await page.getByTestId("cohort-DEMO2026").getByRole("link").getAttribute("href"))!;
  await page.goto(cohort);
  const learner = (await page.getByTestId("roster").getByRole("link", { name: "Lev Learner" }).getAttribute("href"))!;
  await page.goto(learner);
  const run = (await page.getByTestId("learner-run").first().getByRole("link").getAttribute("href"))!;
  await page.context().clearCookies();
  return { cohort, learner, run };
}

test("every page answers each kind of visitor as it should", async ({ browser }) => {
  // Five visitors, eleven pages each.
  test.setTimeout(180_000);
  const setup = await browser.newPage();
  const ids = await demoIds(setup);
  await setup.close();
  const pages: Array<[string, Record<Who, Expect>]> = [
    ["/en", { anonymous: "ok", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/lessons/etcd", { anonymous: "ok", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/labs/etcdctl-basics", { anonymous: "ok", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/quizzes/etcd", { anonymous: "ok", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/join", { anonymous: "ok", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/progress", { anonymous: "signin", learner1: "ok", learner3: "ok", instructor: "ok", admin: "ok" }],
    ["/en/teach", { anonymous: "signin", learner1: "404", learner3: "404", instructor: "ok", admin: "ok" }],
    [ids.cohort, { anonymous: "signin", learner1: "404", learner3: "404", instructor: "ok", admin: "ok" }],
    [ids.learner, { anonymous: "signin", learner1: "404", learner3: "404", instructor: "ok", admin: "ok" }],
    // A run's replay: its learner, their instructor, an admin.
    [ids.run, { anonymous: "signin", learner1: "ok", learner3: "404", instructor: "ok", admin: "ok" }],
    ["/en/admin", { anonymous: "signin", learner1: "404", learner3: "404", instructor: "404", admin: "ok" }],
  ];
  for (const who of ["anonymous", "learner1", "learner3", "instructor", "admin"] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (who !== "anonymous") await signInAs(page, who);
    for (const [url, expected] of pages) {
      const response = await page.goto(url);
      const want = expected[who];
      const got = /\/signin\?callbackUrl=/.test(page.url())
        ? "signin"
        : response?.status() === 404
          ? "404"
          : response?.status() === 200
            ? "ok"
            : String(response?.status());
      expect(got, `${who} → ${url}`).toBe(want);
    }
    await context.close();
  }
});

test("a cohort's CSV is refused to anyone but its instructor and admins", async ({ page, request }) => {
  const ids = await demoIds(page);
  const id = ids.cohort.split("/").at(-1)!;
  expect((await request.get(`/api/cohorts/${id}/roster`)).status()).toBe(401);
  await signInAs(page, "learner1");
  expect((await page.request.get(`/api/cohorts/${id}/roster`)).status()).toBe(404);
  expect((await page.request.get(`/api/cohorts/${id}/items?quiz=etcd`)).status()).toBe(404);
});
