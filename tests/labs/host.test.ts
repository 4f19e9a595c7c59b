// The worker's host, driven in Node exactly as the Web Worker drives it: messages in, a wall
// clock that the test moves, and every message it posts collected.
import { describe, expect, it } from "vitest";
import { LabHost } from "@/lib/worker/host";
import { PROTOCOL_VERSION, type FromWorker } from "@/lib/worker/protocol";
import type { LabRun } from "@/lib/labs/session";

function host() {
  const posted: FromWorker[] = [];
  let wall = 0;
  const h = new LabHost(
    (m) => posted.push(m),
    () => wall,
  );
  const output = (terminal = 0) =>
    posted
      .flatMap((m) => (m.type === "output" ? m.events : []))
      .flatMap((e) => (e.terminal === terminal && (e.kind === "out" || e.kind === "err") ? [e.data] : []))
      .join("");
  const last = <T extends FromWorker["type"]>(type: T) =>
    posted.filter((m) => m.type === type).at(-1) as Extract<FromWorker, { type: T }> | undefined;
  const wait = (wallMs: number) => {
    for (let t = 0; t < wallMs; t += 33) {
      wall += 33;
      h.tick();
    }
  };
  return { h, posted, output, last, wait };
}

describe("the lab worker's host", () => {
  it("runs a guided lab: commands in, output and green steps out", () => {
    const { h, output, last, wait } = host();
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "etcdctl-basics" });
    expect(last("ready")!.lab).toBe("etcdctl-basics");
    expect(last("state")!.view.members.map((m) => m.process)).toEqual(["running", "running", "running"]);
    h.handle({ type: "command", terminal: 0, line: "etcdctl put /lab/greeting hello" });
    wait(500);
    expect(output()).toBe("OK\n");
    expect(last("state")!.steps.find((s) => s.id === "put")!.done).toBe(true);
    expect(last("state")!.steps.find((s) => s.id === "update")!.done).toBe(false);
    expect(last("run")!.run.inputs).toHaveLength(1);
  });

  it("moves virtual time with the wall clock at the chosen speed, and not while paused", () => {
    const { h, last, wait } = host();
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "leader-election" });
    wait(1000);
    const at1x = last("state")!.clock.elapsedMs;
    // Posts of a moving clock are throttled (CLOCK_POST_MS): the last one lags the wall a little.
    expect(at1x).toBeGreaterThanOrEqual(700);
    expect(at1x).toBeLessThanOrEqual(1000);
    h.handle({ type: "clock", speed: 10, paused: false });
    wait(1000);
    expect(last("state")!.clock.elapsedMs - at1x).toBeGreaterThanOrEqual(8000);
    h.handle({ type: "clock", speed: 10, paused: true });
    const paused = last("state")!.clock.elapsedMs;
    wait(1000);
    expect(last("state")!.clock.elapsedMs).toBe(paused);
    h.handle({ type: "step", ms: 250 });
    expect(last("state")!.clock.elapsedMs).toBe(paused + 250);
  });

  it("holds virtual time while a terminal catches up with its output (flow control), then goes on", () => {
    const { h, last, wait } = host();
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "leader-election" });
    wait(1000);
    h.handle({ type: "flow", terminal: 1, paused: true });
    const held = last("state")!.clock;
    expect(held.drawingTerminals).toEqual([1]);
    wait(1000);
    expect(last("state")!.clock.elapsedMs).toBe(held.elapsedMs);
    // A command typed meanwhile still runs its synchronous part; only time waits.
    h.handle({ type: "flow", terminal: 1, paused: false });
    expect(last("state")!.clock.drawingTerminals).toEqual([]);
    wait(1000);
    expect(last("state")!.clock.elapsedMs).toBeGreaterThanOrEqual(held.elapsedMs + 700);
  });

  it("rewinds to an earlier moment, discarding what came after, and replays a saved run on reload", () => {
    const { h, posted, output, last, wait } = host();
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "leader-election" });
    h.handle({ type: "command", terminal: 0, line: "etcdctl put k v1" });
    wait(2000);
    const between = last("state")!.clock.elapsedMs;
    wait(300);
    h.handle({ type: "command", terminal: 0, line: "cluster kill infra3" });
    wait(3000);
    expect(last("state")!.view.members.find((m) => m.name === "infra3")!.process).toBe("stopped");
    const saved: LabRun = last("run")!.run;

    const before = posted.length;
    h.handle({ type: "rewind", toElapsedMs: between });
    // The screens are cleared, then the replay prints the kept part of the run again.
    const after = posted.slice(before).flatMap((m) => (m.type === "output" ? m.events : []));
    expect(after[0]).toEqual({ terminal: -1, kind: "clear" });
    expect(after[1]).toEqual({ terminal: 0, kind: "input", data: "etcdctl put k v1" });
    expect(last("state")!.clock.elapsedMs).toBe(between);
    expect(last("state")!.view.members.every((m) => m.process === "running")).toBe(true);
    expect(last("run")!.run.inputs).toHaveLength(1);

    // A reload: a new worker replays the saved run and shows its output again.
    const again = host();
    again.h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "leader-election", run: saved });
    expect(again.last("state")!.view.members.find((m) => m.name === "infra3")!.process).toBe("stopped");
    expect(again.output()).toBe(output().slice(0, again.output().length));
    expect(again.output()).toContain("OK\n");
  });

  it("refuses what it cannot do with a clear error, never a crash", () => {
    const { h, last } = host();
    h.handle({ type: "command", terminal: 0, line: "ls" });
    expect(last("error")!.message).toBe("the lab has not started");
    h.handle({ type: "start", protocol: PROTOCOL_VERSION + 1, lab: "" });
    expect(last("error")!.message).toMatch(/reload the page/);
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "no-such-lab" });
    expect(last("error")!.message).toBe('no lab named "no-such-lab"');
    // A saved run from another lab (or edited) is not replayed: the lab starts fresh.
    h.handle({
      type: "start",
      protocol: PROTOCOL_VERSION,
      lab: "etcdctl-basics",
      run: { version: 1, lab: "x", seed: 9, topology: { members: 1, world: "etcd" }, inputs: [] },
    });
    expect(last("ready")!.run.seed).toBe(1);
    // An imported file that is not a run of this lab is refused, and the lab goes on as it was.
    h.handle({ type: "command", terminal: 0, line: "etcdctl put /lab/greeting hi" });
    h.handle({
      type: "start",
      protocol: PROTOCOL_VERSION,
      lab: "etcdctl-basics",
      run: { nonsense: true } as unknown as LabRun,
      strict: true,
    });
    expect(last("error")!.message).toBe('not a run of the lab "etcdctl-basics" as it is now');
    h.handle({ type: "step", ms: 100 });
    expect(last("state")!.clock.inputMarks).toHaveLength(1);
  });
});

describe("playing back a recorded run (the instructor's replay)", () => {
  it("plays the learner's commands at their moments, read-only, and seeks back and forth", () => {
    const learner = host();
    learner.h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "etcdctl-basics" });
    learner.wait(1000);
    learner.h.handle({ type: "command", terminal: 0, line: "etcdctl put /lab/greeting hello" });
    learner.wait(2000);
    learner.h.handle({ type: "command", terminal: 0, line: "etcdctl put /lab/greeting world" });
    learner.wait(1000);
    const run = learner.last("run")!.run;
    const endMs = learner.last("state")!.clock.elapsedMs;

    const viewer = host();
    viewer.h.handle({ type: "playback", protocol: PROTOCOL_VERSION, lab: "etcdctl-basics", run, endMs });
    expect(viewer.last("state")!.clock).toMatchObject({ elapsedMs: 0, endMs, inputMarks: run.inputs.map(() => expect.any(Number)) });
    expect(viewer.output()).toBe("");
    viewer.wait(1500);
    // The first put has played (about 1 s in), the second not yet.
    expect(viewer.output()).toBe("OK\n");
    expect(viewer.last("state")!.steps.find((s) => s.id === "put")!.done).toBe(true);
    viewer.h.handle({ type: "command", terminal: 0, line: "etcdctl del /lab/greeting" });
    expect(viewer.last("error")!.message).toBe("this is a replay of a recorded run: it cannot be changed");

    // Forward to the end: the second put, then the clock stops there.
    viewer.h.handle({ type: "rewind", toElapsedMs: endMs });
    expect(viewer.output()).toBe("OK\nOK\n");
    expect(viewer.last("state")!.clock).toMatchObject({ elapsedMs: endMs, paused: true });
    viewer.wait(1000);
    expect(viewer.last("state")!.clock.elapsedMs).toBe(endMs);
    // Back to the start: the screens clear and nothing has happened yet; the run itself is kept.
    viewer.h.handle({ type: "rewind", toElapsedMs: 0 });
    expect(viewer.last("state")!.steps.every((s) => !s.done)).toBe(true);
    viewer.h.handle({ type: "rewind", toElapsedMs: endMs });
    expect(viewer.last("state")!.steps.find((s) => s.id === "update")!.done).toBe(true);
    expect(viewer.posted.some((m) => m.type === "run")).toBe(false);
  });
});

describe("the lab's Prometheus through the worker", () => {
  it("answers PromQL over what it scraped, and a bad query with Prometheus' error", () => {
    const { h, posted, wait } = host();
    h.handle({ type: "start", protocol: PROTOCOL_VERSION, lab: "leader-election" });
    h.handle({ type: "clock", speed: 100, paused: false });
    wait(700);
    h.handle({ type: "query", id: 1, expr: "etcd_server_has_leader" });
    const result = posted.findLast((m) => m.type === "queryResult" && m.id === 1) as Extract<FromWorker, { type: "queryResult" }>;
    expect(result.result?.resultType).toBe("vector");
    const vector = result.result as { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    expect(vector.result.map((r) => [r.metric.instance, r.value[1]])).toEqual([
      ["127.0.0.1:22379", "1"],
      ["127.0.0.1:2379", "1"],
      ["127.0.0.1:32379", "1"],
    ]);
    h.handle({ type: "query", id: 2, expr: "sum by (job) (up)", rangeMs: 60_000 });
    const range = posted.findLast((m) => m.type === "queryResult" && m.id === 2) as Extract<FromWorker, { type: "queryResult" }>;
    expect(range.result?.resultType).toBe("matrix");
    h.handle({ type: "query", id: 3, expr: "rate(etcd_server_has_leader" });
    const bad = posted.findLast((m) => m.type === "queryResult" && m.id === 3) as Extract<FromWorker, { type: "queryResult" }>;
    expect(bad.error).toMatch(/parse error/);
  });
});
