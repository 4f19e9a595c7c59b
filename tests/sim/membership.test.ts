import { describe, expect, it } from "vitest";
import { World } from "@/lib/engine/sim/world";

function settle(world: World, ms = 3_000) {
  world.runFor(ms);
}

describe("membership changes in the world (§6, single-step as etcd 3.4)", () => {
  it("a learner joins, catches up without voting, is promoted, and a member is removed and stops", () => {
    const world = new World({ seed: 21, topology: { members: 3 }, events: [] });
    settle(world);
    const leader = world.leader()!;
    world.put(leader, "k", "v1");
    settle(world, 500);

    world.schedule({ atMs: world.nowMs, kind: "addMember", member: "4", learner: true });
    settle(world);
    const learner = world.member("4").node!.raft;
    expect(learner.isLearner).toBe(true);
    expect(learner.raftLog.applied).toBe(world.member(leader).node!.raft.raftLog.applied);
    expect(world.member(leader).node!.raft.quorum()).toBe(2);

    world.schedule({ atMs: world.nowMs, kind: "promoteMember", member: "4" });
    settle(world);
    expect(world.member(leader).node!.raft.voters().sort()).toEqual(["1", "2", "3", "4"]);
    expect(world.member(leader).node!.raft.quorum()).toBe(3);
    expect(world.member("4").node!.raft.isLearner).toBe(false);

    const victim = world.ids.find((id) => id !== leader && id !== "4")!;
    world.schedule({ atMs: world.nowMs, kind: "removeMember", member: victim });
    settle(world);
    expect(world.member(victim).up).toBe(false);
    expect(world.member(world.leader()!).node!.raft.voters()).not.toContain(victim);
    const op = world.put(world.leader()!, "k", "v2");
    settle(world, 500);
    expect(op.status).toBe("ok");
  });

  it("a member restarted after the change still knows the new configuration", () => {
    const world = new World({ seed: 5, topology: { members: 3 }, events: [] });
    settle(world);
    world.schedule({ atMs: world.nowMs, kind: "addMember", member: "4" });
    settle(world);
    world.schedule({ atMs: world.nowMs, kind: "crash", member: "1" });
    world.schedule({ atMs: world.nowMs + 500, kind: "restart", member: "1" });
    settle(world);
    expect(world.member("1").node!.raft.voters().sort()).toEqual(["1", "2", "3", "4"]);
  });

  it("without a leader, a membership change is not made", () => {
    const world = new World({ seed: 2, topology: { members: 3 }, events: [] });
    world.schedule({ atMs: 0, kind: "addMember", member: "4" });
    settle(world, 100);
    expect(world.members.has("4")).toBe(false);
  });
});

describe("per-member figures", () => {
  it("records fsync durations, peer round trips, bytes per peer and leader changes", () => {
    const world = new World({ seed: 3, topology: { members: 3 }, events: [] });
    world.runFor(3_000);
    const leader = world.leader()!;
    for (let i = 0; i < 20; i++) world.put(leader, "k", `v${i}`);
    world.runFor(1_000);
    const { metrics } = world.status(leader);
    const peers = world.ids.filter((id) => id !== leader);
    expect(metrics.fsyncCount).toBeGreaterThan(0);
    expect(metrics.fsyncBuckets.reduce((a, b) => a + b, 0)).toBe(metrics.fsyncCount);
    for (const peer of peers) {
      const traffic = metrics.peers.get(peer)!;
      expect(traffic.rtt.count).toBeGreaterThan(10);
      // Two hops of the default LAN link (0.3–0.7 ms each).
      expect(traffic.rtt.lastMs).toBeGreaterThan(0.5);
      expect(traffic.rtt.lastMs).toBeLessThan(1.5);
      expect(traffic.bytesSent).toBeGreaterThan(0);
      expect(traffic.bytesReceived).toBeGreaterThan(0);
    }
    expect(metrics.leaderChangesSeen).toBe(1);
    expect(metrics.proposalsCommitted).toBe(20);
    expect(world.status(leader).proposalsPending).toBe(0);
    world.schedule({ atMs: world.nowMs, kind: "isolate", member: leader });
    world.runFor(1);
    world.put(leader, "k", "stuck");
    world.runFor(10);
    expect(world.status(leader).proposalsPending).toBe(1);
  });

  it("a graceful stop finishes the write being fsynced; a crash loses it", () => {
    for (const kind of ["stop", "crash"] as const) {
      const world = new World({ seed: 3, topology: { members: 1, disk: "slow" }, events: [] });
      world.runFor(3_000);
      world.put("1", "k", "v");
      world.schedule({ atMs: world.nowMs, kind, member: "1" });
      world.runFor(1_000);
      const durable = world.member("1").storage.lastIndex();
      expect(durable, kind).toBe(kind === "stop" ? 2 : 1);
    }
  });
});
