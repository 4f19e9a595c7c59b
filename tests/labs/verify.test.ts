// The server's verification of a lab claim: an honest run, made the way the learner's worker
// makes it (wall-clock ticks, steps latched as they pass), verifies; an edited run, a step
// claimed without doing it, or a run of another lab is refused with a message that says why.
import { describe, expect, it } from "vitest";
import { LabHost } from "@/lib/worker/host";
import { PROTOCOL_VERSION, type FromWorker, type StepState } from "@/lib/worker/protocol";
import { ENGINE_VERSION, type LabRun } from "@/lib/labs/session";
import { countFaults, verifyLabRun, type StepClaim } from "@/lib/labs/verify";

/** Plays `lines` in the lab through the worker's host, as a learner would, and returns what the page would claim. */
function playInWorker(lab: string, lines: string[]) {
  const posted: FromWorker[] = [];
  let wall = 0;
  const host = new LabHost(
    (m) => posted.push(m),
    () => wall,
  );
  const wait = (ms: number) => {
    for (let t = 0; t < ms; t += 33) {
      wall += 33;
      host.tick();
    }
  };
  host.handle({ type: "start", protocol: PROTOCOL_VERSION, lab });
  for (const line of lines) {
    host.handle({ type: "command", terminal: 0, line });
    wait(1500);
  }
  const state = posted.filter((m) => m.type === "state").at(-1) as Extract<FromWorker, { type: "state" }>;
  const run = (posted.filter((m) => m.type === "run").at(-1) as Extract<FromWorker, { type: "run" }>).run;
  const claims: StepClaim[] = state.steps.filter((s: StepState) => s.done).map((s) => ({ id: s.id, doneAtMs: s.doneAtMs! }));
  return { run, claims, endMs: state.clock.elapsedMs };
}

const BASICS = [
  "etcdctl put /lab/greeting hello",
  "etcdctl get /lab/greeting -w json",
  "etcdctl put /lab/greeting world",
  "etcdctl get /lab/greeting --rev=2",
];

describe("verifying a lab claim by replay", () => {
  it("verifies an honest run, step by step at the moments the worker saw them pass", () => {
    const { run, claims, endMs } = playInWorker("etcdctl-basics", BASICS);
    expect(claims.map((c) => c.id).sort()).toEqual(["history", "put", "revisions", "update"]);
    const result = verifyLabRun("etcdctl-basics", run, claims, endMs);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.verified.completed).toBe(true);
    expect(result.verified.inputs).toBe(4);
    expect(result.verified.faults).toBe(0);
  });

  it("verifies a partial run: the steps done so far", () => {
    const { run, claims, endMs } = playInWorker("etcdctl-basics", BASICS.slice(0, 1));
    const result = verifyLabRun("etcdctl-basics", run, claims, endMs);
    expect(result.ok && result.verified.steps.map((s) => s.id)).toEqual(["put"]);
    expect(result.ok && result.verified.completed).toBe(false);
  });

  it("refuses an edited run: the step no longer passes where it is claimed", () => {
    const { run, claims, endMs } = playInWorker("etcdctl-basics", BASICS);
    // The second put removed by hand: the key never reaches version 2.
    const edited: LabRun = { ...run, inputs: run.inputs.filter((i) => !(i.kind === "command" && i.line.endsWith("world"))) };
    const result = verifyLabRun("etcdctl-basics", edited, claims, endMs);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^step "update" does not pass at \d:\d\d\.\d of this run$/) });
  });

  it("refuses a step claimed without doing it, and a claim earlier than the work", () => {
    const { run, claims, endMs } = playInWorker("etcdctl-basics", BASICS.slice(0, 1));
    const forged = [...claims, { id: "update", doneAtMs: endMs }];
    expect(verifyLabRun("etcdctl-basics", run, forged, endMs)).toEqual({
      ok: false,
      error: expect.stringMatching(/^step "update" does not pass/),
    });
    const early = claims.map((c) => ({ ...c, doneAtMs: 0 }));
    expect(verifyLabRun("etcdctl-basics", run, early, endMs)).toEqual({
      ok: false,
      error: 'step "put" does not pass at 0:00.0 of this run',
    });
  });

  it("refuses runs of another lab, unknown steps, malformed runs and impossible times, saying why", () => {
    const { run, claims, endMs } = playInWorker("etcdctl-basics", BASICS.slice(0, 1));
    const cases: Array<[string, LabRun, StepClaim[], number, string | RegExp]> = [
      ["leader-election", run, claims, endMs, /^this run was not made by the lab "leader-election"/],
      ["no-such-lab", run, claims, endMs, 'there is no lab named "no-such-lab"'],
      ["etcdctl-basics", { ...run, seed: 2 }, claims, endMs, /^this run was not made by the lab/],
      ["etcdctl-basics", { ...run, inputs: "x" } as unknown as LabRun, claims, endMs, "the run cannot be read: malformed inputs"],
      // Recorded by another engine (a page loaded before a deploy), or before engines were versioned.
      [
        "etcdctl-basics",
        { ...run, engine: ENGINE_VERSION + 1 },
        claims,
        endMs,
        /^this run was recorded by another version of the labs \(engine \d+; the server runs \d+\)/,
      ],
      [
        "etcdctl-basics",
        { ...run, engine: undefined },
        claims,
        endMs,
        /^this run was recorded by another version of the labs \(engine unversioned;/,
      ],
      ["etcdctl-basics", run, [{ id: "nope", doneAtMs: 1 }], endMs, 'the lab "etcdctl-basics" has no step "nope"'],
      ["etcdctl-basics", run, [...claims, ...claims], endMs, 'step "put" is claimed twice'],
      ["etcdctl-basics", run, [], endMs, "the claim names no finished step"],
      [
        "etcdctl-basics",
        { ...run, inputs: [{ ...run.inputs[0]!, atMs: run.inputs[0]!.atMs + 5000 }] },
        claims,
        1000,
        "the claim ends before the run's last command",
      ],
      ["etcdctl-basics", run, claims, 10 * 3600_000, /^a run is verified up to 4 hours/],
      ["etcdctl-basics", run, [{ id: "put", doneAtMs: endMs + 5 }], endMs, 'step "put" is claimed at a moment outside the run'],
      [
        "etcdctl-basics",
        { ...run, inputs: [{ ...run.inputs[0]!, atMs: 0 }] },
        claims,
        endMs,
        "the run has input from before the lab started",
      ],
    ];
    for (const [lab, r, c, end, error] of cases)
      expect(verifyLabRun(lab, r, c, end), String(error)).toEqual({
        ok: false,
        error: typeof error === "string" ? error : expect.stringMatching(error),
      });
  });

  it("counts the faults a learner injected", () => {
    const run: LabRun = {
      version: 1,
      lab: "leader-election",
      seed: 1,
      topology: { members: 3, world: "etcd" },
      inputs: ["cluster kill infra1", "cluster status", "cluster isolate infra2", "cluster heal", "  cluster slow-disk infra3"].map(
        (line, i) => ({ atMs: 1000 + i, kind: "command" as const, terminal: 0, line }),
      ),
    };
    expect(countFaults(run)).toBe(3);
  });
});
