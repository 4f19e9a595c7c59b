// The lab's kube-apiserver on the simulated etcd: objects under the real /registry keys,
// resourceVersion as etcd's mod revision, optimistic concurrency with the real conflict
// message, admission, watches that expire with 410 once etcd compacts, events on leases,
// and etcd's failures reaching Kubernetes clients.
import { describe, expect, it } from "vitest";
import type { Pending } from "@/lib/engine/etcd/pending";
import { KubeApiServer } from "@/lib/engine/kube/apiserver";
import { KubeError } from "@/lib/engine/kube/errors";
import type { KubeObject, WatchEvent } from "@/lib/engine/kube/store";
import { Lab } from "@/lib/engine/shell/lab";

function setup(members = 3) {
  const lab = new Lab({ members }).boot();
  const api = new KubeApiServer(
    lab.cluster,
    lab.cluster.serverConfigs().map((s) => s.id),
  );
  const settle = <T>(p: Pending<T, KubeError>): T => {
    lab.cluster.runUntilSettled(p);
    return p.unwrap();
  };
  const failure = (p: Pending<unknown, KubeError>): KubeError => {
    lab.cluster.runUntilSettled(p);
    if (p.state !== "error") throw new Error("expected the request to fail");
    return p.error!;
  };
  const type = (name: string) => api.registry.resolve(name)!;
  settle(api.create(type("ns"), { apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } }));
  return { lab, api, settle, failure, type };
}

const pod = (name: string, namespace = "default"): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, labels: { run: name } },
  spec: { containers: [{ name, image: "nginx" }] },
});

describe("the API server on etcd", () => {
  it("keeps a pod under /registry/pods/<namespace>/<name> as JSON, its resourceVersion being the key's mod revision", () => {
    const { lab, api, settle, type } = setup();
    const created = settle(api.create(type("pods"), pod("test-etcd")));
    const raw = lab.run("etcdctl get /registry/pods/default/test-etcd --print-value-only");
    const stored = JSON.parse(raw.stdout) as KubeObject;
    expect(stored.metadata.name).toBe("test-etcd");
    // The stored JSON has no resourceVersion: etcd's revision is the version.
    expect(stored.metadata.resourceVersion).toBeUndefined();
    expect((stored.spec as { schedulerName: string }).schedulerName).toBe("default-scheduler");
    const modRevision = /"mod_revision":(\d+)/.exec(lab.run("etcdctl get /registry/pods/default/test-etcd -w json").stdout)![1];
    expect(created.metadata.resourceVersion).toBe(modRevision);
    expect(settle(api.get(type("po"), "default", "test-etcd")).metadata.resourceVersion).toBe(modRevision);
    expect(lab.run("etcdctl get /registry/namespaces/default --keys-only").stdout).toBe("/registry/namespaces/default\n\n");
  });

  it("refuses a stale update with the real conflict message, and retries a read-modify-write", () => {
    const { api, settle, failure, type } = setup();
    const deployments = type("deploy");
    const d = settle(
      api.create(deployments, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "web", namespace: "default" },
        spec: { replicas: 1 },
      }),
    );
    expect(d.metadata.generation).toBe(1);
    const scaled = settle(api.modify(deployments, "default", "web", (cur) => ({ ...cur, spec: { ...(cur.spec as object), replicas: 4 } })));
    expect(scaled.metadata.generation).toBe(2);
    const stale = { ...d, spec: { ...(d.spec as object), replicas: 2 } };
    const e = failure(api.update(deployments, stale));
    expect([e.code, e.reason, e.message]).toEqual([
      409,
      "Conflict",
      'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    ]);
  });

  it("answers with NotFound, AlreadyExists and Invalid as kube-apiserver does", () => {
    const { api, settle, failure, type } = setup();
    expect(failure(api.create(type("pods"), pod("x", "nope"))).message).toBe('namespaces "nope" not found');
    settle(api.create(type("pods"), pod("x")));
    expect(failure(api.create(type("pods"), pod("x"))).message).toBe('pods "x" already exists');
    expect(failure(api.get(type("deployments.apps"), "default", "missing")).message).toBe('deployments.apps "missing" not found');
    expect(failure(api.create(type("pods"), pod("Bad_Name"))).message).toMatch(
      /^Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it("streams changes from a resourceVersion, and answers 410 once etcd has compacted it", () => {
    const { lab, api, settle, type } = setup();
    const first = settle(api.create(type("pods"), pod("a")));
    settle(api.create(type("pods"), pod("b")));
    settle(api.delete(type("pods"), "default", "a"));
    const events: WatchEvent[] = [];
    const w = api.watch(type("pods"), "default", Number(first.metadata.resourceVersion) - 1, (e) => events.push(e));
    lab.cluster.runFor(100);
    expect(events.map((e) => `${e.type} ${(e.object as KubeObject).metadata.name}`)).toEqual(["ADDED a", "ADDED b", "DELETED a"]);
    w.stop();
    const rev = /"revision":(\d+)/.exec(lab.run("etcdctl get x -w json").stdout)![1]!;
    lab.run(`etcdctl compaction ${rev}`);
    const expired: WatchEvent[] = [];
    api.watch(type("pods"), "default", Number(first.metadata.resourceVersion), (e) => expired.push(e));
    lab.cluster.runFor(100);
    expect(expired).toHaveLength(1);
    expect(expired[0]!.object).toMatchObject({
      code: 410,
      reason: "Expired",
      message: `too old resource version: ${first.metadata.resourceVersion} (${rev})`,
    });
  });

  it("stores events on an etcd lease, reused for a minute, so etcd deletes them after the TTL", () => {
    const { lab, api, settle, type } = setup(1);
    const event = (name: string): KubeObject => ({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name, namespace: "default" },
      reason: "Scheduled",
    });
    settle(api.create(type("events"), event("e1")));
    settle(api.create(type("events"), event("e2")));
    const leases = lab.run("etcdctl lease list").stdout;
    expect(leases).toMatch(/^found 1 leases\n/);
    const id = leases.split("\n")[1]!;
    expect(lab.run(`etcdctl lease timetolive ${id} --keys`).stdout).toMatch(
      /granted with TTL\(3660s\), remaining\(\d+s\), attached keys\(\[\/registry\/events\/default\/e1 \/registry\/events\/default\/e2\]\)/,
    );
  });

  it("passes etcd's failure to its clients when etcd loses its quorum", () => {
    const { lab, api, failure, type } = setup();
    for (const s of lab.cluster.serverConfigs().slice(0, 2)) lab.run(`cluster kill ${s.name}`);
    const e = failure(api.create(type("pods"), pod("during-outage")));
    expect(e.code).toBe(500);
    // The namespace check reads etcd linearizably: the leader steps down under it (CheckQuorum).
    expect(e.message).toBe("etcdserver: leader changed");
    lab.run("sleep 2");
    const later = failure(api.get(type("pods"), "default", "x"));
    expect(later.message).toMatch(/^etcdserver: request timed out/);
  });
});
