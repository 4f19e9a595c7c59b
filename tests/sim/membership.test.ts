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
