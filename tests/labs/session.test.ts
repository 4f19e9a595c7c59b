// A lab session is its recorded run: a live session advanced in arbitrary wall-clock slices and
// a replay of its run print the same, at the same virtual times, and end in the same state.
// That is what rewind, "try again from here", the server's verification and an instructor's
// replay stand on.
import { describe, expect, it } from "vitest";
import { LabSession, replay, runProblem, type TerminalSink } from "@/lib/labs/session";
import { clusterView } from "@/lib/labs/view";
import { Rng } from "@/lib/engine/sim/rng";

const SCRIPT: Array<[terminal: number, line: string]> = [
  [0, "etcdctl put /a 1"],
  [1, "etcdctl watch /a --prefix"],
  [0, "etcdctl put /a/b 2"],
  [0, "cluster kill infra3"],
  [0, "etcdctl put /a/c 3"],
  [0, "kubectl run web --image=nginx"],
  [0, "cluster start infra3"],
  [2, "kubectl get pods -w"],
  [0, "sleep 3 && kubectl get pods"],
];

function transcript(): { events: string[]; sink: TerminalSink } {
  const events: string[] = [];
  return {
    events,
    sink: (e, atMs) => events.push(`${atMs.toFixed(3)} t${e.terminal} ${e.kind} ${"data" in e ? e.data : "code" in e ? e.code : ""}`),
  };
}

function liveRun(seed: number) {
  const rng = new Rng(seed);
  const t = transcript();
  const session = new LabSession(7, { members: 3, world: "kube" }, "", t.sink);
  for (const [terminal, line] of SCRIPT) {
    // The learner types whenever they like; the worker advances time in uneven slices meanwhile.
    for (let i = 1 + rng.intn(5); i > 0; i--) session.advance(1 + rng.intn(700) + rng.next());
    while (session.busy(terminal)) session.advance(1 + rng.intn(400));
    session.command(terminal, line);
  }
  session.advance(2000);
  session.interrupt(1);
  session.advance(1500);
  session.interrupt(2);
  session.advance(500);
  return { session, events: t.events };
}

describe("lab sessions", () => {
  it("replays a live run exactly, however the live run sliced time", () => {
    for (const seed of [1, 2, 3]) {
      const live = liveRun(seed);
      const t = transcript();
      const replayed = replay(live.session.run, live.session.nowMs, t.sink);
      expect(t.events).toEqual(live.events);
      // The run did something worth replaying: a watch saw writes, a pod was watched into Running.
      expect(live.events.some((e) => / t1 out \/a\/b\n2\n/.test(e))).toBe(true);
      expect(live.events.some((e) => / t2 out web .*Running/.test(e))).toBe(true);
      expect(clusterView(replayed)).toEqual(clusterView(live.session));
      expect(replayed.history.map((h) => [h.line, h.exitCode, h.output])).toEqual(
        live.session.history.map((h) => [h.line, h.exitCode, h.output]),
      );
    }
  });

  it("rewinds: a replay stopped at an earlier time has printed a prefix of the run", () => {
    const live = liveRun(4);
    const kill = live.session.run.inputs.find((i) => i.kind === "command" && i.line.startsWith("cluster kill"))!;
    const t = transcript();
    const earlier = replay(live.session.run, kill.atMs, t.sink);
    expect(earlier.nowMs).toBe(kill.atMs);
    expect(live.events.slice(0, t.events.length)).toEqual(t.events);
    // "Try again from here": the same moment, another future.
    earlier.command(0, "etcdctl get /a --prefix --keys-only");
    earlier.advance(1000);
    expect(earlier.history.at(-1)!.output).toBe("/a\n\n/a/b\n\n");
  });

  it("refuses runs it cannot replay, and keeps terminals apart", () => {
    const s = new LabSession(1, { members: 1, world: "etcd" });
    expect(s.command(9, "echo hi")).toBe(false);
    expect(s.command(0, "sleep 10")).toBe(true);
    expect(s.command(0, "echo busy")).toBe(false);
    expect(s.command(1, "cd /tmp && export X=1 && echo hi > f")).toBe(true);
    s.advance(100);
    expect(s.command(1, "echo $X $PWD")).toBe(true);
    s.advance(100);
    expect(s.history.at(-1)!.output).toBe("1 /tmp\n");
    expect(s.interrupt(0)).toBe(true);
    expect(s.history[0]!.exitCode).toBe(130);
    // One machine: the second terminal's file is the first's too.
    s.command(0, "cat /tmp/f");
    s.advance(10);
    expect(s.history.at(-1)!.output).toBe("hi\n");
    const run = s.run;
    expect(runProblem({ ...run, inputs: [...run.inputs].reverse() })).toMatch(/goes back in time/);
    expect(runProblem({ ...run, version: 2 as 1 })).toMatch(/unsupported run version/);
  });
});
