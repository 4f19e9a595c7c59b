// npm run bench:engine — the simulator's speed, printed (targets from the simulator issue):
//  - committed proposals per wall-clock second, 3 and 5 members, clients pipelining writes
//    to the leader (target: 50,000+ for 3 members);
//  - wall time to simulate one virtual hour of an idle 5-member cluster (target: < 200 ms);
//  - cost of saving and restoring the whole world with 10,000 log entries (target: < 5 ms).
import { World, type Operation } from "../lib/engine/sim/world";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function electedWorld(members: number, seed = 1): World {
  const world = new World({ seed, topology: { members }, events: [] });
  while (!world.leader()) world.runFor(100);
  return world;
}

/** Keeps `inFlight` writes outstanding at the leader until `total` have committed. */
function throughput(members: number, total: number, inFlight: number): { perSecond: number; virtualMs: number } {
  const world = electedWorld(members);
  const leader = world.leader()!;
  const started = performance.now();
  const virtualStart = world.nowMs;
  let issued = 0;
  let done = 0;
  let pending: Operation[] = [];
  while (done < total) {
    while (pending.length < inFlight && issued < total) pending.push(world.put(leader, `k${issued % 1000}`, `v${issued++}`));
    world.runFor(1);
    const still: Operation[] = [];
    for (const op of pending) {
      if (op.status === "pending") still.push(op);
      else if (op.status === "ok") done++;
      else throw new Error(`write ${op.status}`);
    }
    pending = still;
  }
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: total / seconds, virtualMs: world.nowMs - virtualStart };
}

function idleHour(): number {
  const world = new World({ seed: 1, topology: { members: 5 }, events: [] });
  const started = performance.now();
  world.runUntil(3_600_000);
  if (!world.leader()) throw new Error("no leader after an idle hour");
  return performance.now() - started;
}

/** Save and restore of a 3-member world whose members each hold 10,000 log entries. */
function snapshotCost(): { saveMs: number; restoreMs: number; entries: number } {
  const world = electedWorld(3);
  const leader = world.leader()!;
  let pending: Operation[] = [];
  for (let i = 0; i < 10_000; i++) {
    pending.push(world.put(leader, `k${i % 1000}`, `v${i}`));
    if (pending.length >= 1_000) {
      while (pending.some((op) => op.status === "pending")) world.runFor(1);
      pending = [];
    }
  }
  world.runFor(1_000);
  const entries = Math.min(...world.ids.map((id) => world.member(id).storage.lastIndex()));
  const saves: number[] = [];
  const restores: number[] = [];
  for (let i = 0; i < 21; i++) {
    let t = performance.now();
    const saved = world.save();
    saves.push(performance.now() - t);
    t = performance.now();
    world.restore(saved);
    restores.push(performance.now() - t);
  }
  return { saveMs: median(saves), restoreMs: median(restores), entries };
}

const rows: Array<[string, string, string]> = [];
for (const members of [3, 5]) {
  throughput(members, 5_000, 500); // warm-up
  const runs = [0, 1, 2].map(() => throughput(members, 50_000, 1_000));
  const perSecond = median(runs.map((r) => r.perSecond));
  rows.push([`${members} members: committed writes / wall s`, Math.round(perSecond).toLocaleString("en"), members === 3 ? "50,000+" : ""]);
}
idleHour();
rows.push(["idle 5 members, 1 virtual hour: wall ms", median([idleHour(), idleHour(), idleHour()]).toFixed(0), "< 200"]);

const snap = snapshotCost();
rows.push([`save whole world (${snap.entries.toLocaleString("en")} entries/member): ms`, snap.saveMs.toFixed(2), "< 5"]);
rows.push([`restore whole world: ms`, snap.restoreMs.toFixed(2), "< 5"]);

console.log("\nEngine benchmark (Node; median of 3 runs, 21 for save/restore)");
for (const [what, value, target] of rows) console.log(`${what.padEnd(46)} ${value.padStart(10)}   ${target ? `target ${target}` : ""}`);
