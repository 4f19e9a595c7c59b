// The etcd cluster through the lab's terminal, on seeded simulations: what a learner sees
// when members fail, the network splits, leases expire, the quota fills, and a backup is
// restored. Every figure comes from the engine's state; the fidelity tests compare the
// same commands with real etcd.
import { describe, expect, it } from "vitest";
import { EtcdMemberApp } from "@/lib/engine/etcd/member";
import { Lab } from "@/lib/engine/shell/lab";

function lab(members = 3, options: { quotaBackendBytes?: number; seed?: number } = {}) {
  return new Lab({ members, ...options }).boot();
}

describe("an etcd cluster in the lab", () => {
  it("boots as etcd does: leader elected at term 2, every member published, raft index 8 for three members", () => {
    const l = lab(3);
    const status = l.run("etcdctl endpoint status --cluster");
    expect(status.exitCode).toBe(0);
    const rows = status.stdout.split("\n").filter(Boolean);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/, 3\.4\.23, 20 kB, (true|false), false, 2, 8, 8, $/);
    expect(rows.filter((r) => r.includes(", true, false,"))).toHaveLength(1);
  });

  it("replicates a write as the request itself: every member applies the proposer's frozen object, counted at its encoded size", () => {
    const l = lab(3);
    const leader = l.cluster.leaderId()!;
    const sent = () => [...l.cluster.world.members.get(leader)!.metrics.peers.values()].reduce((n, p) => n + p.bytesSent, 0);
    const before = sent();
    const value = "x".repeat(10_000);
    expect(l.run(`etcdctl put big ${value}`).exitCode).toBe(0);
    l.run("sleep 1");
    // The leader sent the 10 kB entry once to each follower, and heartbeats besides.
    const bytes = sent() - before;
    expect(bytes).toBeGreaterThan(2 * 10_000);
    expect(bytes).toBeLessThan(2 * 10_000 + 8_000);
    const logs = [...l.cluster.world.members.values()].map((m) => m.storage.entries(1, m.storage.lastIndex() + 1, Infinity));
    const entries = logs.map((log) =>
      log.find((e) => (e.payload as { req?: { put?: { key: string } } } | undefined)?.req?.put?.key === "big")!,
    );
    expect(entries[0]).toBeDefined();
    for (const e of entries) expect(e.payload).toBe(entries[0]!.payload);
    expect(Object.isFrozen((entries[0]!.payload as { req: object }).req)).toBe(true);
    for (const m of l.cluster.serverConfigs())
      expect(l.run(`etcdctl --endpoints=${m.clientAddr} get big --print-value-only --consistency=s`).stdout).toBe(`${value}\n`);
  });

  it("loses writes and linearizable reads without a quorum, keeps serializable reads, and recovers", () => {
    const l = lab(3);
    expect(l.run("etcdctl put k v1").exitCode).toBe(0);
    const leader = l.cluster.leaderId()!;
    const others = l.cluster.serverConfigs().filter((s) => s.id !== leader);
    l.run(`cluster kill ${others[0]!.name}`);
    expect(l.run(`etcdctl --endpoints=${l.cluster.configByName(leader)!.clientAddr} put k v2`).stdout).toBe("OK\n");
    l.run(`cluster kill ${others[1]!.name}`);
    const ep = `--endpoints=${l.cluster.configByName(leader)!.clientAddr}`;
    const started = l.cluster.nowMs;
    const put = l.run(`etcdctl ${ep} put k v3`);
    expect(put.exitCode).toBe(1);
    expect(put.stderr).toMatch(/Error: context deadline exceeded\n$/);
    // etcdctl's --command-timeout (5 s) ends it, in virtual time.
    expect(l.cluster.nowMs - started).toBeGreaterThanOrEqual(5000);
    expect(l.run(`etcdctl ${ep} get k`).stderr).toContain("Error: rpc error: code = Unknown desc = context deadline exceeded");
    expect(l.run(`etcdctl ${ep} get k --consistency=s --print-value-only`).stdout).toBe("v2\n");
    expect(l.run(`etcdctl ${ep} endpoint status`).stdout).toMatch(/etcdserver: no leader\n$/);
    l.run(`cluster start ${others[0]!.name}`);
    l.run("sleep 3");
    expect(l.run(`etcdctl ${ep} put k v4`).exitCode).toBe(0);
    expect(l.run(`etcdctl ${ep} get k --print-value-only`).stdout).toBe("v4\n");
  });

  it("serves stale serializable reads on a partitioned follower, and refuses linearizable ones", () => {
    const l = lab(3);
    l.run("etcdctl put k before");
    const follower = l.cluster.serverConfigs().find((s) => s.id !== l.cluster.leaderId())!;
    l.run(`cluster isolate ${follower.name}`);
    const leaderEp = l.cluster.configByName(l.cluster.leaderId()!)!.clientAddr;
    expect(l.run(`etcdctl --endpoints=${leaderEp} put k after`).exitCode).toBe(0);
    const ep = `--endpoints=${follower.clientAddr}`;
    expect(l.run(`etcdctl ${ep} get k --consistency=s --print-value-only`).stdout).toBe("before\n");
    expect(l.run(`etcdctl ${ep} get k`).exitCode).toBe(1);
    l.run("cluster heal");
    l.run("sleep 2");
    expect(l.run(`etcdctl ${ep} get k --print-value-only`).stdout).toBe("after\n");
  });

  it("drops a write that timed out waiting for a leader: it never reaches the log, even after the member rejoins", () => {
    const l = lab(3);
    const follower = l.cluster.serverConfigs().find((s) => s.id !== l.cluster.leaderId())!;
    l.run(`cluster isolate ${follower.name}`);
    l.run("sleep 2");
    const put = l.run(`etcdctl --endpoints=${follower.clientAddr} put /late two`);
    expect(put.exitCode).not.toBe(0);
    l.run("cluster heal");
    l.run("sleep 3");
    expect(l.run("etcdctl get /late").stdout).toBe("");
    // The same with the quorum lost and then regained.
    for (const s of l.cluster.serverConfigs().slice(0, 2)) l.run(`cluster kill ${s.name}`);
    const third = l.cluster.serverConfigs()[2]!;
    expect(l.run(`etcdctl --endpoints=${third.clientAddr} put /late2 x`).exitCode).not.toBe(0);
    l.run(`cluster start ${l.cluster.serverConfigs()[0]!.name}`);
    l.run("sleep 3");
    expect(l.run(`etcdctl --endpoints=${third.clientAddr} get /late2`).stdout).toBe("");
  });

  it("elects a new leader at a higher term when the leader is killed, and counts the change in /metrics", () => {
    const l = lab(3);
    const old = l.cluster.leaderId()!;
    const survivor = l.cluster.serverConfigs().find((s) => s.id !== old)!;
    const changes = () =>
      Number(/etcd_server_leader_changes_seen_total (\d+)/.exec(l.run(`curl -s ${survivor.clientURL}/metrics`).stdout)![1]);
    const before = changes();
    l.run(`cluster kill ${l.cluster.configByName(old)!.name}`);
    l.run("sleep 3");
    const lead = l.cluster.leaderId();
    expect(lead).toBeDefined();
    expect(lead).not.toBe(old);
    expect(l.cluster.world.members.get(lead!)!.node!.raft.term).toBeGreaterThan(2);
    expect(changes()).toBe(before + 1);
    expect(l.run(`curl -s ${survivor.clientURL}/metrics`).stdout).toContain("etcd_server_has_leader 1\n");
  });

  it("expires a lease on the leader's clock and deletes its keys in one revision", () => {
    const l = lab(1);
    const id = /lease (\w+) granted with TTL\(2s\)/.exec(l.run("etcdctl lease grant 1").stdout)![1]!;
    l.run(`etcdctl put --lease=${id} a 1`);
    l.run(`etcdctl put --lease=${id} b 2`);
    const rev = () => Number(/"revision":(\d+)/.exec(l.run("etcdctl get x -w json").stdout)![1]);
    const before = rev();
    l.run("sleep 3");
    expect(l.run("etcdctl get '' --prefix --keys-only").stdout).toBe("");
    expect(rev()).toBe(before + 1);
    expect(l.run(`etcdctl lease timetolive ${id}`).stdout).toBe(`lease ${id} already expired\n`);
  });

  it("raises NOSPACE when the quota fills, and recovers only after compaction, defrag and disarm", () => {
    const l = lab(1, { quotaBackendBytes: 1_000_000 });
    expect(l.run("head -c 600000 /dev/zero | etcdctl put big1").exitCode).toBe(0);
    const full = l.run("head -c 600000 /dev/zero | etcdctl put big2");
    expect(full.stderr).toContain("Error: etcdserver: mvcc: database space exceeded");
    expect(l.run("etcdctl alarm list").stdout).toMatch(/^memberID:\d+ alarm:NOSPACE \n$/);
    expect(l.run("etcdctl put small x").exitCode).toBe(1);
    l.run("etcdctl del big1");
    const rev = /"revision":(\d+)/.exec(l.run("etcdctl get x -w json").stdout)![1];
    l.run(`etcdctl compaction ${rev}`);
    l.run("etcdctl defrag");
    expect(l.run("etcdctl put small x").exitCode).toBe(1);
    expect(l.run("etcdctl alarm disarm").stdout).toContain("alarm:NOSPACE");
    expect(l.run("etcdctl put small x").exitCode).toBe(0);
  });

  it("resumes a watch after its member restarts, without losing or repeating events", () => {
    const l = lab(3);
    const member = l.cluster.serverConfigs().find((s) => s.id !== l.cluster.leaderId())!;
    const leaderEp = l.cluster.configByName(l.cluster.leaderId()!)!.clientAddr;
    let out = "";
    const exec = l.shell.execute(
      `etcdctl --endpoints=${member.clientAddr} watch w --prefix`,
      (t) => (out += t),
      () => {},
    );
    exec.resume();
    l.run(`etcdctl --endpoints=${leaderEp} put w1 a`);
    l.run(`cluster kill ${member.name}`);
    l.run(`etcdctl --endpoints=${leaderEp} put w2 b`);
    l.run(`cluster start ${member.name}`);
    l.run("sleep 2");
    l.run(`etcdctl --endpoints=${leaderEp} put w3 c`);
    l.drive(exec, l.cluster.nowMs + 1000);
    expect(out).toBe("PUT\nw1\na\nPUT\nw2\nb\nPUT\nw3\nc\n");
  });

  it("restores a backup into new data directories that the members boot from", () => {
    const l = lab(3);
    l.run("etcdctl put kept 1");
    expect(l.run("etcdctl snapshot save backup.db").exitCode).toBe(0);
    l.run("etcdctl put lost 2");
    const peers = l.cluster
      .serverConfigs()
      .map((s) => `${s.name}=${s.peerURL}`)
      .join(",");
    for (const s of l.cluster.serverConfigs()) l.run(`cluster kill ${s.name}`);
    for (const s of l.cluster.serverConfigs()) {
      const r = l.run(
        `etcdctl snapshot restore backup.db --name ${s.name} --initial-cluster ${peers} --initial-cluster-token etcd-cluster-1 --initial-advertise-peer-urls ${s.peerURL} --data-dir ${s.name}.etcd`,
      );
      expect(r.exitCode).toBe(0);
    }
    // Three members: three conf-change entries before the snapshot, so its index is 3.
    expect(l.run("ls infra1.etcd/member/snap").stdout).toBe("0000000000000001-0000000000000003.snap\ndb\n");
    for (const s of l.cluster.serverConfigs()) expect(l.run(`cluster start ${s.name} --data-dir ${s.name}.etcd`).exitCode).toBe(0);
    l.run("sleep 3");
    expect(l.run("etcdctl get '' --prefix --keys-only").stdout).toBe("kept\n\n");
    expect(l.run("etcdctl put after-restore 1").exitCode).toBe(0);
  });

  it("writes a member's state as text and reads it back, 64-bit lease ids included", () => {
    const l = lab(3);
    const id = /lease (\w+) granted/.exec(l.run("etcdctl lease grant 600").stdout)![1]!;
    l.run(`etcdctl put leased x --lease=${id}`);
    l.run("etcdctl put plain y");
    const app = l.cluster.app(l.cluster.leaderId()!)!;
    const text = app.snapshot();
    // No bigint left for JSON.stringify's slow path.
    expect(text).not.toContain('"$big"');
    const copy = new EtcdMemberApp(app.minLeaseTtlSeconds);
    copy.restore(text);
    expect(copy.snapshot()).toBe(text);
    const lease = (key: string) => copy.kv.range({ key }).kvs[0]!.lease;
    expect(lease("leased")).toBe(BigInt(`0x${id}`));
    expect(lease("plain")).toBe(0n);
  });

  it("adds a learner, lets it join and catch up, promotes it, and removes a member", () => {
    const l = lab(3);
    l.run("etcdctl put k v");
    // etcd refuses membership changes until peers have been connected for 5 s.
    expect(l.run("etcdctl member add infra4 --peer-urls=http://127.0.0.1:42380 --learner").stderr).toContain("unhealthy cluster");
    l.run("sleep 5");
    const add = l.run("etcdctl member add infra4 --peer-urls=http://127.0.0.1:42380 --learner");
    expect(add.exitCode).toBe(0);
    expect(add.stdout).toContain('ETCD_INITIAL_CLUSTER_STATE="existing"');
    const id = /Member +(\w+) added/.exec(add.stdout)![1]!;
    expect(l.run("etcdctl member list").stdout).toContain(`${id}, unstarted, , http://127.0.0.1:42380, , true`);
    expect(l.run("cluster join infra4 http://127.0.0.1:42380").exitCode).toBe(0);
    l.run("sleep 2");
    expect(l.run("etcdctl --endpoints=127.0.0.1:42379 get k --consistency=s --print-value-only").stdout).toBe("v\n");
    expect(l.run(`etcdctl member promote ${id}`).stdout).toMatch(/promoted in cluster/);
    expect(l.run("etcdctl member list").stdout).toContain(`${id}, started, infra4, http://127.0.0.1:42380, http://127.0.0.1:42379, false`);
    const victim = l.cluster.serverConfigs().find((s) => s.name === "infra2")!;
    expect(l.run(`etcdctl member remove ${victim.id}`).exitCode).toBe(0);
    l.run("sleep 1");
    expect(l.run("etcdctl member list").stdout.split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("applies a write once when the network delivers its proposal twice", () => {
    const l = lab(3);
    const follower = l.cluster.serverConfigs().find((s) => s.id !== l.cluster.leaderId())!;
    // Every message from the follower is duplicated: its forwarded proposal reaches the leader twice,
    // which appends it twice.
    l.cluster.world.schedule({ atMs: l.cluster.nowMs, kind: "link", from: follower.id, to: l.cluster.leaderId()!, spec: { duplicate: 1 } });
    const before = JSON.parse(l.run("etcdctl get x -w json").stdout).header.revision as number;
    expect(l.run(`etcdctl --endpoints=${follower.clientAddr} put k v`).stdout).toBe("OK\n");
    l.run("sleep 1");
    const kv = JSON.parse(l.run("etcdctl get k -w json").stdout);
    expect(kv.header.revision).toBe(before + 1);
    expect(kv.kvs[0].version).toBe(1);
    const leader = l.cluster.world.members.get(l.cluster.leaderId()!)!;
    const copies = leader.storage
      .entries(1, leader.storage.lastIndex() + 1, Infinity)
      .filter((e) => (e.payload as { req?: { put?: unknown } } | undefined)?.req?.put);
    expect(copies).toHaveLength(2);
    expect(copies[0]!.payload).toBe(copies[1]!.payload);
  });

  it("a member nobody waits on leaves its applies for later, and shows what applying at once shows", () => {
    const script = (l: ReturnType<typeof lab>) => {
      const [a, b, c] = l.cluster.serverConfigs().map((s) => s.clientAddr);
      const out = [
        l.run(`etcdctl --endpoints=${a} put k1 v1`),
        l.run(`etcdctl --endpoints=${b} put k2 v2`),
        l.run("etcdctl lease grant 60"),
        l.run(`etcdctl --endpoints=${a} txn`, "\nput k3 v3\n\n\n"),
        l.run("sleep 5"),
      ];
      const deferred = [...l.cluster.world.members.values()].map((m) => (m.app as EtcdMemberApp).deferredApplies);
      for (const ep of [c, b, a]) out.push(l.run(`etcdctl --endpoints=${ep} get k --prefix -w json --consistency=s`));
      out.push(l.run("etcdctl endpoint status --cluster -w json"), l.run(`etcdctl --endpoints=${c} lease list`));
      out.push(l.run("etcdctl endpoint hashkv --cluster"));
      return { out, deferred };
    };
    const lazy = script(lab(3, { seed: 5 }));
    const eagerLab = lab(3, { seed: 5 });
    for (const m of eagerLab.cluster.world.members.values()) (m.app as EtcdMemberApp).deferWhile = undefined;
    const eager = script(eagerLab);
    expect(lazy.out).toEqual(eager.out);
    // Some member had writes waiting when the reads began; with deferral off, none did.
    expect(Math.max(...lazy.deferred)).toBeGreaterThan(0);
    expect(eager.deferred).toEqual([0, 0, 0]);
  });

  it("forgets an answered write's request timeout, instead of leaving it queued to fire for nothing", () => {
    const l = lab(3);
    const queued = () => l.cluster.world.scheduler.size;
    const before = queued();
    const started = l.cluster.nowMs;
    for (let i = 0; i < 200; i++) expect(l.run(`etcdctl put k${i} v`).exitCode).toBe(0);
    // Every timeout would still be ahead (7 s), but cancelled timers go in batches of 64.
    expect(l.cluster.nowMs - started).toBeLessThan(7_000);
    expect(queued() - before).toBeLessThan(80);
  });

  it("is deterministic: the same seed and commands give the same outputs", () => {
    const script = [
      "etcdctl put a 1",
      "cluster kill infra1",
      "sleep 2",
      "etcdctl --endpoints=127.0.0.1:22379 put b 2",
      "etcdctl endpoint health --cluster -w json",
      "cluster status",
    ];
    const run = () => {
      const l = lab(3, { seed: 7 });
      return script.map((c) => l.run(c));
    };
    expect(run()).toEqual(run());
  });
});
