// Swarm testing in the style of TigerBeetle's VOPR: one seed picks a whole scenario —
// cluster size, client load, message loss, partitions, crashes, slow and stalled disks,
// log compaction — and runs it in two phases:
//   safety:   faults are injected while clients read and write; Raft's safety properties
//             and the linearizability of what clients saw must hold throughout;
//   liveness: every fault is healed and every member restarted; the cluster must elect a
//             leader, commit a new write and bring every member up to date within a bound.
// A failing seed replays exactly: `npm run swarm -- --seed N`.

import { Rng } from "../sim/rng";
import { World, type Operation, type Run, type RunEvent } from "../sim/world";
import { checkLinearizable, type LinearizabilityResult } from "./linearizability";
import { SafetyChecker, type Violation } from "./safety";

export const SAFETY_PHASE_MS = 30_000;
/** After healing, a cluster must have converged within this much virtual time. */
export const LIVENESS_BOUND_MS = 20_000;
const KEYS = ["a", "b", "c", "d"];
/** Clients look at their operations this often (virtual ms). */
const CLIENT_POLL_MS = 5;

/**
 * Clients as real ones behave: each has one operation in flight, waits for its answer
 * (or its timeout), thinks, and sends the next one to a random member.
 */
export interface ClientLoad {
  count: number;
  thinkMs: number;
  putRatio: number;
}

export interface Scenario {
  /** Faults and topology; the clients' operations are added as they are issued. */
  run: Run;
  clients: ClientLoad;
  description: string;
}

/** Picks a scenario from a seed: the same seed always gives the same run. */
export function scenarioFor(seed: number): Scenario {
  const rng = new Rng(seed).fork("scenario");
  const size = rng.pick([1, 3, 3, 5, 5]);
  const ids = Array.from({ length: size }, (_, i) => String(i + 1));
  const preVote = rng.chance(0.5);
  const checkQuorum = rng.chance(0.7);
  const loss = rng.pick([0, 0, 0.01, 0.05, 0.2]);
  const duplicate = rng.pick([0, 0, 0.05]);
  const reorder = rng.chance(0.2);
  const faultEveryMs = rng.pick([500, 1_000, 2_000, 4_000]);
  const clients: ClientLoad = { count: rng.pick([1, 3, 8]), thinkMs: rng.pick([0, 5, 20, 100]), putRatio: rng.pick([0.2, 0.5, 0.8]) };
  const events: RunEvent[] = [];

  // Faults come and go: each one is repaired after a while (a crashed member restarts,
  // a partition heals), so the cluster alternates between trouble and recovery.
  const repairAfter = () => rng.pick([300, 1_000, 3_000, 8_000]);
  for (let t = 500 + rng.intn(faultEveryMs); t < SAFETY_PHASE_MS; t += faultEveryMs / 2 + rng.intn(faultEveryMs)) {
    const member = rng.pick(ids);
    const until = Math.min(t + repairAfter(), SAFETY_PHASE_MS);
    switch (rng.intn(9)) {
      case 0:
      case 1:
        events.push({ atMs: t, kind: "crash", member }, { atMs: until, kind: "restart", member });
        break;
      case 2: {
        const shuffled = [...ids].sort(() => rng.next() - 0.5);
        const cutAt = 1 + rng.intn(Math.max(1, size - 1));
        events.push(
          { atMs: t, kind: "partition", groups: [shuffled.slice(0, cutAt), shuffled.slice(cutAt)] },
          { atMs: until, kind: "heal" },
        );
        break;
      }
      case 3:
        events.push({ atMs: t, kind: "isolate", member }, { atMs: until, kind: "heal" });
        break;
      case 4:
        events.push({ atMs: t, kind: "cutOneWay", from: member, to: rng.pick(ids) }, { atMs: until, kind: "heal" });
        break;
      case 5:
        events.push({ atMs: t, kind: "disk", member, profile: "slow" }, { atMs: until, kind: "disk", member, profile: "ssd" });
        break;
      case 6:
        events.push({ atMs: t, kind: "stallDisk", member, forMs: rng.pick([50, 500, 2_000]) });
        break;
      case 7:
        events.push({ atMs: t, kind: "compact", member });
        break;
      case 8:
        if (size > 1) events.push({ atMs: t, kind: "transferLeader", member, to: rng.pick(ids) });
        break;
    }
  }

  // Liveness phase: heal everything.
  const healAt = SAFETY_PHASE_MS;
  events.push({ atMs: healAt, kind: "heal" });
  events.push({ atMs: healAt, kind: "link", spec: { loss: 0, duplicate: 0, reorder: false } });
  for (const id of ids) {
    events.push({ atMs: healAt, kind: "restart", member: id });
    events.push({ atMs: healAt, kind: "disk", member: id, profile: "ssd" });
  }
  events.sort((a, b) => a.atMs - b.atMs);

  return {
    run: {
      seed,
      topology: { members: size, preVote, checkQuorum, link: { loss, duplicate, reorder } },
      events,
    },
    clients,
    description:
      `${size} members, preVote ${preVote}, checkQuorum ${checkQuorum}, loss ${loss}, dup ${duplicate}, reorder ${reorder}, ` +
      `fault every ~${faultEveryMs} ms, ${clients.count} clients thinking ${clients.thinkMs} ms, ${Math.round(clients.putRatio * 100)}% puts`,
  };
}

export interface SwarmResult {
  seed: number;
  /** The whole run as JSON-able data, client operations included: it replays exactly. */
  run: Run;
  description: string;
  violations: Violation[];
  linearizability: LinearizabilityResult;
  /** Why the liveness phase failed, if it did. */
  liveness: string | undefined;
  operations: number;
  committed: number;
  /** Virtual time the run ended, and the world's state then: a replay of `run` must reach the same. */
  endMs: number;
  fingerprint: string;
  leaderChanges: number;
}

export function runSeed(seed: number): SwarmResult {
  const { run, clients, description } = scenarioFor(seed);
  const checker = new SafetyChecker();
  const world = new World(run, { observers: [checker] });
  checker.attach(world);
  const rng = new Rng(seed).fork("clients");
  const state = Array.from({ length: clients.count }, (_, i) => ({
    name: `c${i}`,
    op: undefined as Operation | undefined,
    nextAtMs: rng.intn(100),
  }));

  // Safety phase: clients work while faults happen; log matching is checked every second.
  let nextLogCheckMs = 1_000;
  while (world.nowMs < SAFETY_PHASE_MS) {
    world.runFor(CLIENT_POLL_MS);
    for (const c of state) {
      if (c.op?.status === "pending") continue;
      if (c.op) {
        c.nextAtMs = world.nowMs + clients.thinkMs;
        c.op = undefined;
      }
      if (world.nowMs < c.nextAtMs) continue;
      const member = rng.pick(world.ids);
      const key = rng.pick(KEYS);
      const event: RunEvent = rng.chance(clients.putRatio)
        ? { atMs: world.nowMs, kind: "put", member, key, value: `${c.name}@${world.nowMs.toFixed(0)}`, client: c.name }
        : { atMs: world.nowMs, kind: "get", member, key, client: c.name };
      // Recorded in the run, so the run's JSON replays this exact history.
      run.events.push(event);
      c.op = event.kind === "put" ? world.put(member, key, event.value, c.name) : world.get(member, key, c.name);
    }
    if (world.nowMs >= nextLogCheckMs) {
      checker.checkLogs(world.nowMs);
      nextLogCheckMs += 1_000;
    }
  }

  // Liveness phase: a leader, then a write through it that every member applies.
  let liveness: string | undefined;
  const deadline = SAFETY_PHASE_MS + LIVENESS_BOUND_MS;
  let probe: Operation | undefined;
  let probeLeader: string | undefined;
  while (world.nowMs < deadline) {
    world.runFor(100);
    const leader = world.leader();
    // Like a real client, retry when the write failed, timed out, or went to a leader
    // that has since been replaced (its uncommitted entry may have been overwritten).
    const stale =
      probe && (probe.status === "failed" || probe.status === "timeout" || (probe.status === "pending" && leader !== probeLeader));
    if (stale) probe = undefined;
    if (!probe && leader) {
      run.events.push({ atMs: world.nowMs, kind: "put", member: leader, key: "liveness", value: `seed-${seed}`, client: "liveness" });
      probe = world.put(leader, "liveness", `seed-${seed}`, "liveness");
      probeLeader = leader;
    }
    if (probe?.status === "ok") {
      const target = world.member(leader ?? world.ids[0]!).node?.raft.raftLog.committed ?? 0;
      const caughtUp = [...world.members.values()].every((m) => (m.node?.raft.raftLog.applied ?? 0) >= target);
      if (caughtUp) break;
    }
  }
  if (world.nowMs >= deadline) {
    const leader = world.leader();
    liveness = !leader
      ? `no leader ${LIVENESS_BOUND_MS} ms after healing`
      : probe?.status !== "ok"
        ? `leader ${leader} did not commit a write within ${LIVENESS_BOUND_MS} ms (probe ${probe?.status ?? "never sent"})`
        : `members did not catch up within ${LIVENESS_BOUND_MS} ms`;
  }
  checker.checkLogs(world.nowMs);

  const committed = Math.max(...[...world.members.values()].map((m) => m.node?.raft.raftLog.committed ?? 0));
  const leaderChanges = Math.max(...[...world.members.values()].map((m) => m.metrics.leaderChangesSeen));
  return {
    seed,
    run,
    description,
    violations: checker.violations,
    linearizability: checkLinearizable(world.history.filter((op) => op.client !== "liveness")),
    liveness,
    operations: world.history.length,
    committed,
    endMs: world.nowMs,
    fingerprint: world.fingerprint(),
    leaderChanges,
  };
}

/** Human-readable failure, or undefined when the seed passed. */
export function failureOf(result: SwarmResult): string | undefined {
  const problems: string[] = [];
  for (const v of result.violations.slice(0, 5)) problems.push(`${v.property} at ${v.atMs.toFixed(1)} ms: ${v.detail}`);
  if (result.linearizability.ok === false) problems.push(`not linearizable: ${result.linearizability.reason}`);
  // An inconclusive check is a failure too: a silent pass would hide a history nobody checked.
  if (result.linearizability.ok === "unknown")
    problems.push(`linearizability undecided on key ${result.linearizability.key} (search limit)`);
  if (result.liveness) problems.push(`liveness: ${result.liveness}`);
  if (problems.length === 0) return undefined;
  return `seed ${result.seed} (${result.description}):\n  ${problems.join("\n  ")}\nreplay: npm run swarm -- --seed ${result.seed}`;
}
