// A network partition: one member cut off from the other two. The minority cannot write (no
// split-brain), a linearizable read there fails, a serializable one answers with stale data;
// healed, it catches up. Last, the leader itself is cut off and the majority elects a new one.
import { ran } from "@/lib/labs/checks";
import type { HistoryEntry } from "@/lib/labs/session";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

/** etcdctl's default --endpoints. */
const DEFAULT_ENDPOINT = "127.0.0.1:2379";

const PUT = /\betcdctl\b.*\sput\s/;
const GET = /\betcdctl\b.*\sget\s/;
const SERIALIZABLE = /--consistency(=|\s+)s\b/;
const ISOLATE = /\bcluster\s+(isolate|partition)\b/;

function cluster(ctx: CheckContext) {
  return ctx.session.lab.cluster;
}

/** Running members that cannot reach any other running member, while the others can (the minority). */
function isolated(ctx: CheckContext): string[] {
  const c = cluster(ctx);
  const up = c.serverConfigs().filter((s) => c.isUp(s.id));
  if (up.length < 2) return [];
  return up.filter((s) => up.every((o) => o.id === s.id || !c.reachable(s.id, o.id))).map((s) => s.id);
}

/** The members an etcdctl line talks to (its --endpoints, or etcdctl's default). */
function targets(ctx: CheckContext, line: string): string[] {
  const m = /--endpoints(?:=|\s+)(\S+)/.exec(line);
  const endpoints = (m?.[1] ?? DEFAULT_ENDPOINT).split(",").filter((e) => e !== "");
  return endpoints.map((e) => cluster(ctx).configByAddr(e)?.id ?? "?");
}

/** Whether an etcdctl line talks only to the given member. */
function only(ctx: CheckContext, line: string, id: string): boolean {
  const t = targets(ctx, line);
  return t.length > 0 && t.every((x) => x === id);
}

function failed(h: HistoryEntry): boolean {
  return h.exitCode !== undefined && h.exitCode !== 0;
}

/** When the most recent isolation (or partition) began. */
function isolatedSince(ctx: CheckContext): number | undefined {
  return ran(ctx, ISOLATE).at(-1)?.startMs;
}

function applied(ctx: CheckContext, id: string): number {
  return cluster(ctx).world.members.get(id)?.node?.raft.raftLog.applied ?? 0;
}

/** Whether a member has applied less than the most up-to-date member (it misses writes). */
function behind(ctx: CheckContext, id: string): boolean {
  const c = cluster(ctx);
  return applied(ctx, id) < Math.max(...c.serverConfigs().map((s) => applied(ctx, s.id)));
}

/** The member a `cluster isolate <m>` line (or the smallest group of a `cluster partition`) cut off. */
function cutOffBy(ctx: CheckContext, line: string): string[] {
  const c = cluster(ctx);
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w) => w === "isolate" || w === "partition");
  if (at < 0) return [];
  if (words[at] === "isolate") {
    const s = words[at + 1] ? c.configByName(words[at + 1]!) : undefined;
    return s ? [s.id] : [];
  }
  const groups = words
    .slice(at + 1)
    .map((g) => g.split(",").flatMap((n) => (c.configByName(n) ? [c.configByName(n)!.id] : [])))
    .filter((g) => g.length > 0)
    .sort((a, b) => a.length - b.length);
  return groups[0] ?? [];
}

/** The key of an `etcdctl put` line: its first word after `put` that is not a flag. */
function putKey(line: string): string | undefined {
  const words = line.split(/\s+/);
  const at = words.indexOf("put");
  return at < 0 ? undefined : words.slice(at + 1).find((w) => !w.startsWith("-"));
}

/** Successful puts through the majority since the isolation began. */
function majorityPuts(ctx: CheckContext, minority: string[]): HistoryEntry[] {
  const since = isolatedSince(ctx);
  if (since === undefined) return [];
  return ran(ctx, PUT, { since }).filter((h) => targets(ctx, h.line).every((t) => t !== "?" && !minority.includes(t)));
}

export const lab: LabDefinition = {
  slug: "partition",
  topology: { members: 3, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "isolate",
      check: (ctx) => isolated(ctx).length > 0 && ran(ctx, ISOLATE).length > 0,
      solution: ["etcdctl endpoint status --cluster -w table", "cluster isolate infra1"],
    },
    {
      id: "minority-write",
      // A put through the cut-off member alone, after the cut, failed.
      check: (ctx) => {
        const since = isolatedSince(ctx);
        const cut = isolated(ctx);
        return (
          since !== undefined &&
          cut.length > 0 &&
          ran(ctx, PUT, { since, exitCode: "any" }).some((h) => failed(h) && cut.some((id) => only(ctx, h.line, id)))
        );
      },
      solution: ["etcdctl --endpoints=http://127.0.0.1:2379 put /lab/minority from-infra1"],
    },
    {
      id: "majority-write",
      // The other two still commit writes; the cut-off member does not get them.
      check: (ctx) => {
        const cut = isolated(ctx);
        return cut.length > 0 && cut.every((id) => behind(ctx, id)) && majorityPuts(ctx, cut).length > 0;
      },
      solution: ["etcdctl --endpoints=http://127.0.0.1:22379 put /lab/majority from-majority"],
    },
    {
      id: "linearizable-read",
      check: (ctx) => {
        const since = isolatedSince(ctx);
        const cut = isolated(ctx);
        return (
          since !== undefined &&
          ran(ctx, GET, { since, exitCode: "any" }).some(
            (h) => failed(h) && !SERIALIZABLE.test(h.line) && cut.some((id) => only(ctx, h.line, id)),
          )
        );
      },
      solution: ["etcdctl --endpoints=http://127.0.0.1:2379 get /lab/majority"],
    },
    {
      id: "serializable-read",
      // Answered by the cut-off member from its own copy, while that copy misses the majority's writes.
      check: (ctx) => {
        const since = isolatedSince(ctx);
        const cut = isolated(ctx).filter((id) => behind(ctx, id));
        return (
          since !== undefined && ran(ctx, GET, { since }).some((h) => SERIALIZABLE.test(h.line) && cut.some((id) => only(ctx, h.line, id)))
        );
      },
      solution: ["etcdctl --endpoints=http://127.0.0.1:2379 get /lab/majority --consistency=s"],
    },
    {
      id: "heal",
      check: (ctx) => cluster(ctx).world.network.state.blocked.length === 0 && ran(ctx, /\bcluster\s+heal\b/).length > 0,
      solution: ["cluster heal"],
      settleMs: 3000,
    },
    {
      id: "catch-up",
      // After the heal, the once cut-off member answers a serializable read with the majority's write.
      check: (ctx) => {
        const isolate = ran(ctx, ISOLATE).at(-1);
        const heal = ran(ctx, /\bcluster\s+heal\b/).at(-1);
        if (!isolate || !heal || heal.startMs < isolate.startMs || cluster(ctx).world.network.state.blocked.length > 0) return false;
        const member = cutOffBy(ctx, isolate.line);
        const keys = majorityPuts(ctx, member)
          .filter((h) => h.startMs < heal.startMs)
          .flatMap((h) => putKey(h.line) ?? []);
        return ran(ctx, GET, { since: heal.startMs }).some(
          (h) =>
            SERIALIZABLE.test(h.line) && member.some((id) => only(ctx, h.line, id)) && keys.some((k) => h.output.split("\n").includes(k)),
        );
      },
      solution: ["etcdctl --endpoints=http://127.0.0.1:2379 get /lab/majority --consistency=s"],
    },
    {
      id: "isolate-leader",
      // The member cut off was the leader: the other two elected a new one, in a term the old one has no entry of.
      check: (ctx) => {
        const c = cluster(ctx);
        const isolate = ran(ctx, ISOLATE).at(-1);
        const heal = ran(ctx, /\bcluster\s+heal\b/).at(-1);
        if (!isolate || !heal || isolate.startMs < heal.startMs) return false;
        const cut = isolated(ctx);
        const raft = (id: string) => c.world.members.get(id)?.node?.raft;
        const lead = c
          .serverConfigs()
          .find((s) => c.isUp(s.id) && !cut.includes(s.id) && raft(s.id)?.state === "leader");
        const leadTerm = lead ? (raft(lead.id)?.term ?? 0) : 0;
        return lead !== undefined && cut.some((id) => (raft(id)?.raftLog.lastTerm() ?? leadTerm) < leadTerm);
      },
      solution: ["cluster isolate $(etcdctl endpoint status --cluster | grep ', true,' | cut -d, -f2)"],
      settleMs: 3000,
    },
  ],
};
