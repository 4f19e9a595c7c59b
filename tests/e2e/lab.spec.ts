import { expect, test, type Page } from "@playwright/test";

// A learner in the browser: the lab page starts a cluster in a Web Worker, the terminal takes
// commands, steps turn green by themselves, and the run survives a reload.

async function typeLine(page: Page, line: string, terminal = 0) {
  const term = page.getByTestId(`terminal-${terminal}`);
  await term.click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

/** The terminal's visible text (xterm draws rows into .xterm-rows). */
async function screen(page: Page, terminal = 0): Promise<string> {
  return page.getByTestId(`terminal-${terminal}`).locator(".xterm-rows").innerText();
}

test("the labs page lists the labs in both languages", async ({ page }) => {
  await page.goto("/en/labs");
  await expect(page.getByRole("link", { name: "First steps with etcdctl" })).toBeVisible();
  await page.goto("/ru/labs");
  await expect(page.getByRole("link", { name: "Выборы лидера" })).toBeVisible();
  // Reached by client-side navigation, the lab starts its engine from the page's own code.
  await page.getByRole("link", { name: "Выборы лидера" }).click();
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  expect(await page.evaluate(() => performance.getEntriesByType("resource").filter((e) => e.name.endsWith("/lab-engine.js")).length)).toBe(
    1,
  );
});

test("etcdctl basics, end to end: every step turns green as the learner types", async ({ page }) => {
  await page.goto("/en/labs/etcdctl-basics");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("member-infra1")).toBeVisible();
  await expect(page.getByTestId("lab-progress")).toHaveText("Steps: 0/4");

  await typeLine(page, "etcdctl put /lab/greeting hello");
  await expect.poll(() => screen(page)).toContain("OK");
  await expect(page.getByTestId("step-put")).toHaveAttribute("data-done", "true");

  await typeLine(page, "etcdctl get /lab/greeting -w json");
  await expect.poll(() => screen(page)).toContain('"mod_revision":2');
  await typeLine(page, "etcdctl put /lab/greeting world");
  await typeLine(page, "etcdctl get /lab/greeting --rev=2");
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/);
  // Reduced motion: the links are drawn, no message flies.
  await expect(page.getByTestId("raft-diagram").locator("line").first()).toBeVisible();
  await expect(page.getByTestId("raft-flights").locator("circle")).toHaveCount(0);
  await page.screenshot({ path: "test-results/lab-etcdctl-basics.png", fullPage: true });

  // A reload replays the saved run: the same output, the same green steps.
  await page.reload();
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/);
  await expect.poll(() => screen(page)).toContain("etcdctl put /lab/greeting world");
});

test("leader election from the cluster view, and Ctrl-C stops a watch", async ({ page }) => {
  // The suite asks for reduced motion (steady screenshots); this learner has not.
  await page.emulateMedia({ reducedMotion: "no-preference" });
  await page.goto("/en/labs/leader-election");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  // Raft's traffic flies across the diagram, message by message.
  await expect.poll(() => page.getByTestId("raft-flights").locator("circle").count()).toBeGreaterThan(0);
  // Tab completes the subcommand from etcdctl's own help.
  await page.getByTestId("terminal-0").click();
  await page.keyboard.type("etcdctl endp");
  await page.keyboard.press("Tab");
  await expect.poll(() => screen(page)).toContain("etcdctl endpoint ");
  await page.keyboard.type("status --cluster -w table");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("step-find-leader")).toHaveAttribute("data-done", "true");

  const leader = page.locator('li[data-role="leader"]');
  await expect(leader).toHaveCount(1);
  const name = (await leader.getAttribute("data-testid"))!.replace("member-", "");
  await leader.getByRole("button", { name: "Kill" }).click();
  await expect(page.getByTestId(`member-${name}`)).toHaveAttribute("data-process", "stopped");
  await expect(page.getByTestId("step-kill-leader")).toHaveAttribute("data-done", "true");
  await page.getByTestId(`member-${name}`).getByRole("button", { name: "Start" }).click();
  await expect(page.getByTestId("step-restart")).toHaveAttribute("data-done", "true");
  await typeLine(page, "etcdctl endpoint status --cluster -w table");
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/);

  await typeLine(page, "etcdctl watch /x");
  await page.keyboard.press("Control+C");
  await typeLine(page, "echo after");
  await expect.poll(() => screen(page)).toContain("^C");
  await expect.poll(() => screen(page)).toMatch(/\nafter\n/);
});

test("Try it: from the lesson's command block into the lab, then the lab to its end", async ({ page }) => {
  await page.goto("/en/lessons/etcd");
  const block = page.locator("[data-code-block]").filter({ hasText: "kubectl run test-etcd --image=nginx" });
  await block.getByTestId("try-it").click();
  await expect(page).toHaveURL(/\/en\/labs\/kubernetes-in-etcd$/);
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await expect.poll(() => screen(page)).toContain("pod/test-etcd created");
  await expect(page.getByTestId("step-run")).toHaveAttribute("data-done", "true");

  await typeLine(page, "etcdctl get /registry/pods/default --prefix --keys-only");
  await typeLine(page, "kubectl get pod test-etcd -o yaml | grep resourceVersion");
  await typeLine(page, "etcdctl get /registry/pods/default/test-etcd -w json | grep -o '\"mod_revision\":[0-9]*'");
  await typeLine(page, "sleep 5; kubectl get pod test-etcd");
  await expect(page.getByTestId("lab-progress")).toHaveText(/Steps: 4\/4/, { timeout: 20_000 });
});

test("a failed command is explained from the cluster's state", async ({ page }) => {
  await page.goto("/en/labs/sandbox");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await typeLine(page, "cluster kill infra1 && cluster kill infra2");
  await typeLine(page, "etcdctl put k v --command-timeout=2s");
  await expect(page.getByTestId("lab-explanation")).toHaveText(/No quorum: 1 of 3 etcd members are running, and a majority needs 2/, {
    timeout: 15_000,
  });
});

test("port-forward to Prometheus opens its panel, and PromQL answers from the lab's scrapes", async ({ page }) => {
  await page.goto("/en/labs/sandbox");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  await page.getByLabel("Speed").selectOption("25");
  await typeLine(page, "kubectl port-forward svc/prometheus-server -n monitoring 9090:80");
  await expect(page.getByTestId("prometheus-panel")).toBeVisible();
  await expect(page.getByTestId("tab-prometheus")).toContainText("localhost:9090");
  await page.getByTestId("promql-input").fill("etcd_server_has_leader");
  await page.getByRole("button", { name: "Execute" }).click();
  await expect(page.getByTestId("promql-table")).toContainText('etcd_server_has_leader{instance="127.0.0.1:2379", job="etcd"}');
  await page.getByTestId("promql-input").fill("rate(etcd_server_has_leader");
  await page.getByRole("button", { name: "Execute" }).click();
  await expect(page.getByTestId("promql-error")).toContainText("parse error");
  await page.getByTestId("tab-grafana").click();
  await expect(page.getByTestId("grafana-panel").locator("svg")).toHaveCount(6);
  await page.screenshot({ path: "test-results/lab-grafana.png", fullPage: true });
});

test("a burst of output is drawn in full, the clock waiting for the terminal, and clear comes after it", async ({ page }) => {
  await page.goto("/en/labs/sandbox");
  await expect(page.getByTestId("lab-workbench")).toHaveAttribute("data-ready", "true");
  // About 400 kB at once: far past the terminal's high watermark.
  await typeLine(page, "printf 'line %s of the burst\\n' {1..50000}");
  await expect.poll(() => screen(page), { timeout: 30_000 }).toContain("line 50000 of the burst");
  // Drawn: the worker was told to go on, and the clock moves again.
  await expect(page.getByTestId("lab-drawing")).toHaveCount(0);
  const clock = await page.getByTestId("lab-clock").innerText();
  await expect.poll(() => page.getByTestId("lab-clock").innerText()).not.toBe(clock);
  await typeLine(page, "clear");
  await expect.poll(() => screen(page)).not.toContain("of the burst");
});
