// npm run bench:kube — the Kubernetes layer's speed, printed (targets from the Kubernetes issue):
//  - `kubectl get pods -A` on a cluster with 1,000 pods: wall time in Node (target: under 20 ms);
//  - `kubectl scale` from 1 to 100 replicas until all are Running: virtual time and wall time.
import { Lab } from "../lib/engine/shell/lab";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function running(lab: Lab, selector: string): number {
  return (lab.run(`kubectl get pods -A -l ${selector} --no-headers`).stdout.match(/ Running /g) ?? []).length;
}

/** Steps virtual time until `n` pods with the selector run; returns the virtual ms it took. */
function untilRunning(lab: Lab, selector: string, n: number): number {
  const started = lab.cluster.nowMs;
  while (running(lab, selector) < n) {
    lab.cluster.runFor(1000);
    if (lab.cluster.nowMs - started > 30 * 60_000) throw new Error(`${selector}: not all ${n} pods running after 30 virtual minutes`);
  }
  return lab.cluster.nowMs - started;
}

const rows: Array<[string, string, string]> = [];

// 1,000 pods over ten workers (110 pods fit on a node).
{
  const lab = new Lab({ members: 3, world: "kube", workers: 10 }).boot();
  lab.run("kubectl create deployment load --image=nginx --replicas=1000");
  const wallStart = performance.now();
  const virtualMs = untilRunning(lab, "app=load", 1000);
  rows.push(["1,000 pods scheduled and Running: virtual s", (virtualMs / 1000).toFixed(0), ""]);
  rows.push(["  ... and wall s to simulate it", ((performance.now() - wallStart) / 1000).toFixed(1), ""]);
  lab.run("kubectl get pods -A"); // warm-up
  const times = Array.from({ length: 7 }, () => {
    const t = performance.now();
    const r = lab.run("kubectl get pods -A");
    if (r.exitCode !== 0) throw new Error(r.stderr);
    return performance.now() - t;
  });
  rows.push(["kubectl get pods -A, 1,000+ pods: wall ms", median(times).toFixed(1), "< 20"]);
}

// Scale from 1 to 100.
{
  const lab = new Lab({ members: 3, world: "kube" }).boot();
  lab.run("kubectl create deployment web --image=nginx --replicas=1");
  untilRunning(lab, "app=web", 1);
  const wallStart = performance.now();
  lab.run("kubectl scale deployment web --replicas=100");
  const virtualMs = untilRunning(lab, "app=web", 100);
  rows.push(["kubectl scale 1 -> 100, all Running: virtual s", (virtualMs / 1000).toFixed(0), ""]);
  rows.push(["  ... wall ms", (performance.now() - wallStart).toFixed(0), ""]);
}

console.log(`\nKubernetes benchmark (Node ${process.version}; get: median of 7)`);
for (const [what, value, target] of rows) console.log(`${what.padEnd(50)} ${value.padStart(10)}   ${target ? `target ${target}` : ""}`);
