// The handover of the engine's worker from lab-start.js (lib/worker/start.ts), which boots the
// lab before React loads, to the page's LabClient: nothing the worker said is lost or reordered,
// the lab is not started twice, and a worker started for another lab is not used.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { labOfPath, STARTED_EARLY } from "@/lib/worker/early-start";
import type { FromWorker, ToWorker } from "@/lib/worker/protocol";

/** A Worker that records what it is sent and lets the test speak for it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((event: { data: FromWorker }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWorker.made.push(this);
  }
  postMessage(message: ToWorker): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  say(data: FromWorker): void {
    this.onmessage?.({ data });
  }
}

const error = (message: string): FromWorker => ({ type: "error", message });

beforeEach(() => {
  FakeWorker.made = [];
  vi.resetModules();
  vi.stubGlobal("Worker", FakeWorker);
  vi.stubGlobal("window", globalThis);
  vi.stubGlobal("location", { pathname: "/en/labs/leader-election" });
  delete (globalThis as Record<string, unknown>)[STARTED_EARLY];
});

afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as Record<string, unknown>)[STARTED_EARLY];
});

describe("labOfPath", () => {
  it("names the lab of a lab page and nothing else", () => {
    expect(labOfPath("/en/labs/leader-election")).toBe("leader-election");
    expect(labOfPath("/ru/labs/quorum-loss/")).toBe("quorum-loss");
    expect(labOfPath("/en/labs")).toBeUndefined();
    expect(labOfPath("/en/teach/runs/42")).toBeUndefined();
    expect(labOfPath("/en/labs/a/b")).toBeUndefined();
  });
});

describe("the early start", () => {
  it("boots the page's lab from its saved run before the page's code runs", async () => {
    await import("@/lib/worker/start");
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent).toEqual([expect.objectContaining({ type: "start", lab: "leader-election", saved: true })]);
  });

  it("hands the page its worker and everything the worker said, in order, and does not start the lab again", async () => {
    await import("@/lib/worker/start");
    const worker = FakeWorker.made[0]!;
    worker.say(error("first"));
    worker.say(error("second"));
    const { LabClient, prewarmLabWorker } = await import("@/lib/worker/client");
    prewarmLabWorker();
    worker.say(error("third"));
    const heard: FromWorker[] = [];
    const client = new LabClient("leader-election", (m) => heard.push(m));
    client.startSaved();
    // The backlog comes once the caller holds its client (a microtask), before anything newer.
    expect(heard).toEqual([]);
    await Promise.resolve();
    worker.say(error("fourth"));
    expect(heard.map((m) => (m.type === "error" ? m.message : m.type))).toEqual(["first", "second", "third", "fourth"]);
    expect(FakeWorker.made).toHaveLength(1);
    expect(worker.sent.filter((m) => m.type === "start")).toHaveLength(1);
  });

  it("leaves a worker started for another lab and starts this one in a fresh worker", async () => {
    await import("@/lib/worker/start");
    const stale = FakeWorker.made[0]!;
    stale.say(error("from the other lab"));
    const { LabClient, prewarmLabWorker } = await import("@/lib/worker/client");
    prewarmLabWorker();
    const heard: FromWorker[] = [];
    const client = new LabClient("quorum-loss", (m) => heard.push(m));
    client.startSaved();
    await Promise.resolve();
    expect(stale.terminated).toBe(true);
    expect(heard).toEqual([]);
    expect(FakeWorker.made).toHaveLength(2);
    expect(FakeWorker.made[1]!.sent).toEqual([expect.objectContaining({ type: "start", lab: "quorum-loss", saved: true })]);
  });

  it("without the early script the page starts its own worker and the lab in it", async () => {
    const { LabClient, prewarmLabWorker } = await import("@/lib/worker/client");
    prewarmLabWorker();
    const client = new LabClient("leader-election", () => undefined);
    client.startSaved();
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.sent).toEqual([expect.objectContaining({ type: "start", lab: "leader-election", saved: true })]);
    // An early script that runs only now starts no second worker.
    await import("@/lib/worker/start");
    expect(FakeWorker.made).toHaveLength(1);
  });
});
