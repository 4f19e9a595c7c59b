// npm run bench:etcd — the etcd layer's speed and memory, printed (targets from the etcd issue):
//  - `etcdctl put` through the whole stack (shell parse → etcdctl → server → Raft → MVCC) on
//    3 members, one command after another: commands per wall-clock second (target: 10,000+);
//  - heap used by 100,000 keys of 100 bytes on one member (target: under 100 MB), and the
//    wall time of a full prefix range over them;
//  - 1,000 watchers on one prefix: wall time to deliver one write to all of them.
// Run with --expose-gc (the npm script does) so heap figures are measured after collection.
import { EtcdCluster } from "../lib/engine/etcd/cluster";
import type { Pending } from "../lib/engine/etcd/pending";
import { Lab } from "../lib/engine/shell/lab";

const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

function settle<T>(cluster: EtcdCluster, p: Pending<T>): T {
  cluster.runUntilSettled(p);
  return p.unwrap();
}

function putsThroughShell(n: number): number {
  const lab = new Lab({ members: 3 }).boot();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const r = lab.run(`etcdctl put key${i % 1000} value-${i}`);
    if (r.exitCode !== 0) throw new Error(`put failed: ${r.stderr}`);
  }
  return n / ((performance.now() - started) / 1000);
}

function manyKeys(): { heapMb: number; loadS: number; rangeMs: number; count: number } {
  const before = heapMb();
  const cluster = new EtcdCluster({ members: 1 });
  cluster.settle();
  const id = cluster.leaderId()!;
  const value = "v".repeat(100);
  const started = performance.now();
  // Writes go in as pipelined batches of txns of 100 puts, as a loader would send them.
  for (let batch = 0; batch < 1000; batch++) {
    const success = Array.from({ length: 100 }, (_, i) => ({
      put: { key: `/registry/keys/${String(batch * 100 + i).padStart(6, "0")}`, value },
    }));
    settle(cluster, cluster.txn(id, { compare: [], success, failure: [] }));
  }
  const loadS = (performance.now() - started) / 1000;
  const heap = heapMb() - before;
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = settle(cluster, cluster.range(id, { key: "/registry/keys/", rangeEnd: "/registry/keys0", serializable: true }));
    times.push(performance.now() - t);
    count = r.kvs.length;
  }
  return { heapMb: heap, loadS, rangeMs: median(times), count };
}

function watchFanOut(watchers: number): { deliverMs: number; delivered: number } {
  const cluster = new EtcdCluster({ members: 3 });
  cluster.settle();
  const id = cluster.leaderId()!;
  const streams = Array.from({ length: watchers }, () => cluster.watch(id, { key: "/registry/pods/", rangeEnd: "/registry/pods0" }));
  for (const s of streams) if (!("responses" in s)) throw new Error("watch refused");
  const t = performance.now();
  settle(cluster, cluster.put(id, { key: "/registry/pods/default/web", value: "{}" }));
  const deliverMs = performance.now() - t;
  const delivered = streams.filter((s) => "responses" in s && s.responses.some((r) => r.events.length === 1)).length;
  return { deliverMs, delivered };
}

const rows: Array<[string, string, string]> = [];
putsThroughShell(2_000); // warm-up
rows.push([
  "etcdctl put via the shell, 3 members: cmds / wall s",
  Math.round(median([0, 1, 2].map(() => putsThroughShell(20_000)))).toLocaleString("en"),
  "10,000+",
]);
const keys = manyKeys();
rows.push([`100,000 keys x 100 B, 1 member: heap MB`, keys.heapMb.toFixed(1), "< 100"]);
rows.push([`  loading them (1,000 txns of 100 puts): wall s`, keys.loadS.toFixed(2), ""]);
rows.push([`  full prefix range (${keys.count.toLocaleString("en")} keys): wall ms`, keys.rangeMs.toFixed(1), ""]);
watchFanOut(1_000);
const fan = [0, 1, 2].map(() => watchFanOut(1_000));
rows.push([`1,000 watchers, one write delivered to all: wall ms`, median(fan.map((f) => f.deliverMs)).toFixed(2), ""]);
if (fan.some((f) => f.delivered !== 1_000)) throw new Error("a watcher missed the event");

console.log(`\netcd benchmark (Node ${process.version}; median of 3 runs${gc ? "" : "; run with --expose-gc for exact heap figures"})`);
for (const [what, value, target] of rows) console.log(`${what.padEnd(54)} ${value.padStart(10)}   ${target ? `target ${target}` : ""}`);
