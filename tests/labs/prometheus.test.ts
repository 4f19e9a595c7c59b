// The lab's Prometheus scrapes on virtual time: a killed member's target goes down, leader
// changes show up as a counter's increase.
import { describe, expect, it } from "vitest";
import { LabSession } from "@/lib/labs/session";

const values = (v: unknown) => (v as { result: Array<{ metric: Record<string, string>; value: [number, string] }> }).result;

describe("the lab's Prometheus", () => {
  it("sees a killed member's target go down and the leader change", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    s.advance(30_000);
    const leader = s.lab.cluster.serverConfigs().find((c) => c.id === s.lab.cluster.leaderId())!;
    s.command(0, `cluster kill ${leader.name}`);
    s.advance(60_000);
    const up = values(s.prometheus!.query('up{job="etcd"}'));
    expect(up.find((r) => r.metric.instance === leader.clientAddr)!.value[1]).toBe("0");
    expect(up.filter((r) => r.value[1] === "1")).toHaveLength(2);
    const changes = values(s.prometheus!.query("sum(increase(etcd_server_leader_changes_seen_total[2m]))"));
    expect(Number(changes[0]!.value[1])).toBeGreaterThan(0);
  });

  it("scrapes kube-apiserver in labs with Kubernetes", () => {
    const s = new LabSession(1, { members: 3, world: "kube" });
    s.command(0, "kubectl create deployment web --image=nginx");
    s.advance(60_000);
    const objects = values(s.prometheus!.query('apiserver_storage_objects{resource="deployments.apps"}'));
    expect(objects[0]!.value[1]).toBe("1");
  });
});
