// Why a command failed, in plain words, from the engine's own state: the lab shows it under the
// terminal. The engine knows what the learner cannot see (who is up, who leads, which links are
// cut), so the explanation names the cause, not just the symptom.

import type { HistoryEntry, LabSession } from "./session";

export type Explanation =
  | { kind: "no-quorum"; up: number; total: number; quorum: number }
  | { kind: "partition"; cutLinks: string[] }
  | { kind: "election"; term: number }
  | { kind: "member-down"; member: string }
  | { kind: "nospace"; quotaBytes: number }
  | { kind: "too-large" }
  | { kind: "conflict" };

/** Failures that come from the cluster's availability (as etcdctl and kubectl word them). */
const UNAVAILABLE =
  /timed out|deadline exceeded|no leader|leader changed|connection refused|Unavailable|unhealthy cluster|failed to commit proposal/;

export function explainFailure(session: LabSession, entry: HistoryEntry): Explanation | undefined {
  if (entry.exitCode === undefined || entry.exitCode === 0 || entry.exitCode === 130) return undefined;
  const out = entry.output;
  const cluster = session.lab.cluster;
  if (/database space exceeded|NOSPACE/.test(out)) return { kind: "nospace", quotaBytes: cluster.quotaBackendBytes };
  if (/request is too large|trying to send message larger than max/.test(out)) return { kind: "too-large" };
  if (/the object has been modified/.test(out)) return { kind: "conflict" };
  if (!UNAVAILABLE.test(out)) return undefined;

  const configs = cluster.serverConfigs();
  const voters = configs.filter((s) => !cluster.world.members.get(s.id)?.node?.raft.isLearner);
  const up = voters.filter((s) => cluster.isUp(s.id));
  const quorum = Math.floor(voters.length / 2) + 1;
  if (up.length < quorum) return { kind: "no-quorum", up: up.length, total: voters.length, quorum };
  // A command aimed at a member that is down: etcdctl --endpoints naming it.
  const endpoint = /--endpoints[= ](\S+)/.exec(entry.line)?.[1];
  if (endpoint) {
    const hosts = endpoint.split(",").map((e) => e.replace(/^https?:\/\//, ""));
    const target = configs.find((s) => hosts.includes(s.clientAddr));
    if (target && !cluster.isUp(target.id)) return { kind: "member-down", member: target.name };
  }
  const blocked = cluster.world.network.state.blocked;
  if (blocked.length > 0) {
    const name = (id: string) => configs.find((c) => c.id === id)?.name ?? id;
    return { kind: "partition", cutLinks: blocked.map((k) => k.split("->").map(name).join(" -> ")) };
  }
  if (!cluster.leaderId())
    return { kind: "election", term: Math.max(0, ...configs.map((s) => cluster.world.members.get(s.id)?.node?.raft.term ?? 0)) };
  return undefined;
}
