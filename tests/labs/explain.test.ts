// The lab explains a failed command from the engine's state: the cause, not the symptom.
import { describe, expect, it } from "vitest";
import { explainFailure } from "@/lib/labs/explain";
import { LabSession } from "@/lib/labs/session";

function run(session: LabSession, line: string) {
  session.command(0, line);
  while (session.busy(0)) session.advance(250);
  return session.history.at(-1)!;
}

describe("explanations of failed commands", () => {
  it("names a lost quorum with the numbers", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    run(s, "cluster kill infra1");
    run(s, "cluster kill infra2");
    const put = run(s, "etcdctl put k v");
    expect(put.exitCode).not.toBe(0);
    expect(explainFailure(s, put)).toEqual({ kind: "no-quorum", up: 1, total: 3, quorum: 2 });
  });

  it("names a partition for a member cut off from the majority, and a stopped member for its endpoint", () => {
    const s = new LabSession(1, { members: 3, world: "etcd" });
    run(s, "cluster isolate infra1");
    const put = run(s, "etcdctl --endpoints=127.0.0.1:2379 put k v");
    expect(explainFailure(s, put)).toEqual({ kind: "partition", cutLinks: expect.arrayContaining(["infra1 -> infra2"]) as string[] });
    run(s, "cluster heal");
    run(s, "cluster stop infra2");
    const get = run(s, "etcdctl --endpoints=127.0.0.1:22379 get k");
    expect(explainFailure(s, get)).toEqual({ kind: "member-down", member: "infra2" });
  });

  it("explains NOSPACE and the request size limit, and stays silent on success or an unrelated error", () => {
    const roomy = new LabSession(1, { members: 1, world: "etcd" });
    const big = run(roomy, "etcdctl put big $(head -c 1600000 /dev/zero | tr '\\0' x)");
    expect(explainFailure(roomy, big)).toEqual({ kind: "too-large" });
    // With a small quota etcd checks the quota first, as the real one does.
    const s = new LabSession(1, { members: 1, world: "etcd", quotaBackendBytes: 200_000 });
    for (let i = 0; i < 8; i++) run(s, `etcdctl put k${i} $(head -c 60000 /dev/zero | tr '\\0' y)`);
    const full = run(s, "etcdctl put one-more v");
    expect(full.output).toMatch(/database space exceeded/);
    expect(explainFailure(s, full)).toEqual({ kind: "nospace", quotaBytes: 200_000 });
    expect(explainFailure(s, run(s, "etcdctl get k0 --keys-only"))).toBeUndefined();
    expect(explainFailure(s, run(s, "etcdctl frobnicate"))).toBeUndefined();
  });
});
