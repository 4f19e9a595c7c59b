// The cluster view the lab page draws: members with their log tails, traffic between them,
// and Kubernetes at a glance.
import { describe, expect, it } from "vitest";
import { LabSession } from "@/lib/labs/session";
import { clusterView } from "@/lib/labs/view";

describe("the cluster view", () => {
  it("shows each member's log tail with what the entries do, and the traffic between members", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    s.command(0, "etcdctl put /lab/greeting hello");
    s.advance(500);
    const view = clusterView(s);
    const leader = view.members.find((m) => m.role === "leader")!;
    expect(leader.log.at(-1)).toMatchObject({ summary: "put /lab/greeting", index: leader.lastIndex });
    expect(view.members.every((m) => m.log.length > 0)).toBe(true);
    // Heartbeats (and the append of the put) flow from the leader to both followers.
    const fromLeader = view.links.filter((l) => l.from === leader.name);
    expect(fromLeader).toHaveLength(2);
    expect(fromLeader.every((l) => l.types.includes("MsgHeartbeat") && l.dropped === 0)).toBe(true);
  });

  it("counts messages a cut link drops", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    s.command(0, "cluster isolate infra1");
    s.advance(1000);
    const view = clusterView(s);
    const toInfra1 = view.links.filter((l) => l.to === "infra1");
    expect(toInfra1.length).toBeGreaterThan(0);
    expect(toInfra1.every((l) => l.dropped === l.sent)).toBe(true);
    expect(view.cutLinks).toContain("infra2 -> infra1");
    // The diagram flies the newest messages one by one; those to the isolated member are lost.
    expect(view.messages.length).toBeGreaterThan(0);
    expect(view.messages.every((m) => m.dropped === (m.to === "infra1" || m.from === "infra1"))).toBe(true);
  });

  it("numbers messages so a viewer can tell new ones from those it has drawn", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    s.advance(2000);
    const first = clusterView(s).messages;
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThanOrEqual(32);
    expect(first.map((m) => m.seq)).toEqual([...first.map((m) => m.seq)].sort((a, b) => a - b));
    s.advance(300);
    const next = clusterView(s).messages;
    expect(next.at(-1)!.seq).toBeGreaterThan(first.at(-1)!.seq);
    expect(next.filter((m) => m.seq > first.at(-1)!.seq).every((m) => m.type === "MsgHeartbeat" || m.type === "MsgHeartbeatResp")).toBe(
      true,
    );
  });

  it("lists nodes, pods by status and deployments with their readiness", () => {
    const s = new LabSession(1, { members: 3, world: "kube" });
    s.command(0, "kubectl create deployment web --image=nginx --replicas=2");
    s.advance(10_000);
    const kube = clusterView(s).kube!;
    expect(kube.nodes.map((n) => n.name)).toEqual(["control-plane", "worker-1", "worker-2", "worker-3"]);
    expect(kube.deployments).toContainEqual({ namespace: "default", name: "web", replicas: 2, ready: 2, updated: 2 });
    expect(kube.podCounts.Running).toBeGreaterThanOrEqual(2);
  });
});
