// Monitoring etcd: the lesson's key metrics read from a member's /metrics, then a slow disk under
// the leader (fsync latency grows) and a stalled one (the leader loses its place: a leader change).
import { raftState, ran } from "@/lib/labs/checks";
import type { HistoryEntry } from "@/lib/labs/session";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

const CURL_METRICS = /\bcurl\b.*\/metrics\b/;
const FSYNC = "etcd_disk_wal_fsync_duration_seconds";

function cluster(ctx: CheckContext) {
  return ctx.session.lab.cluster;
}

/** The member whose /metrics a curl line fetched. */
function curled(ctx: CheckContext, line: string): string | undefined {
  const m = /(?:https?:\/\/)?(127\.0\.0\.1|localhost):(\d+)\/metrics\b/.exec(line);
  return m ? cluster(ctx).configByAddr(`127.0.0.1:${m[2]}`)?.id : undefined;
}

/** A sample's value in Prometheus text output (`name{labels} value`). */
function sample(output: string, series: string): number | undefined {
  const escaped = series.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^${escaped} (\\S+)$`, "m").exec(output);
  return m ? Number(m[1]) : undefined;
}

/** How many observations of a histogram in this output were slower than `le` seconds. */
function slowerThan(output: string, histogram: string, le: string): number {
  const all = sample(output, `${histogram}_bucket{le="+Inf"}`) ?? sample(output, `${histogram}_count`);
  const fast = sample(output, `${histogram}_bucket{le="${le}"}`);
  return all === undefined || fast === undefined ? 0 : all - fast;
}

/** /metrics fetched whose output shows every one of these lines' beginnings (across commands). */
function seen(ctx: CheckContext, ...patterns: RegExp[]): boolean {
  return patterns.every((p) => ran(ctx, CURL_METRICS, { output: p }).length > 0);
}

/** The member a `cluster <sub> <member> ...` line names. */
function named(ctx: CheckContext, h: HistoryEntry, sub: string): string | undefined {
  const words = h.line.trim().split(/\s+/);
  const at = words.indexOf(sub);
  const name = at >= 0 ? words[at + 1] : undefined;
  return name ? cluster(ctx).configByName(name)?.id : undefined;
}

function leaderId(ctx: CheckContext): string | undefined {
  return cluster(ctx).leaderId();
}

export const lab: LabDefinition = {
  slug: "monitoring",
  topology: { members: 3, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "leader-metrics",
      check: (ctx) => seen(ctx, /^etcd_server_has_leader 1$/m, /^etcd_server_leader_changes_seen_total \d+$/m),
      solution: ["curl -s http://127.0.0.1:2379/metrics | grep -E '^etcd_server_(has_leader|leader_changes_seen_total)'"],
    },
    {
      id: "find-leader",
      check: (ctx) => seen(ctx, /^etcd_server_is_leader 1$/m),
      solution: ["curl -s http://127.0.0.1:32379/metrics | grep -E '^etcd_server_is_leader'"],
    },
    {
      id: "disk-latency",
      check: (ctx) => seen(ctx, /^etcd_disk_wal_fsync_duration_seconds_bucket\{/m, /^etcd_disk_backend_commit_duration_seconds_bucket\{/m),
      solution: ["curl -s http://127.0.0.1:32379/metrics | grep -E 'wal_fsync|backend_commit'"],
    },
    {
      id: "size-and-proposals",
      check: (ctx) =>
        seen(
          ctx,
          /^etcd_mvcc_db_total_size_in_bytes \d+$/m,
          /^etcd_server_proposals_committed_total \d+$/m,
          /^etcd_server_proposals_applied_total \d+$/m,
          /^etcd_server_proposals_pending \d+$/m,
          /^etcd_server_proposals_failed_total \d+$/m,
        ),
      solution: ["curl -s http://127.0.0.1:2379/metrics | grep -E '^etcd_(mvcc_db_total_size_in_bytes|server_proposals)'"],
    },
    {
      id: "slow-disk",
      // The leader's disk is slow, and its histogram, read since, counts fsyncs slower than 8 ms.
      check: (ctx) => {
        const lead = leaderId(ctx);
        const slowed = ran(ctx, /\bcluster\s+slow-disk\b/).at(-1);
        if (!lead || !slowed || cluster(ctx).world.members.get(lead)?.disk.state.profile !== "slow") return false;
        return ran(ctx, CURL_METRICS, { since: slowed.startMs }).some(
          (h) => curled(ctx, h.line) === lead && slowerThan(h.output, FSYNC, "0.008") >= 3,
        );
      },
      solution: [
        "cluster slow-disk infra3 slow",
        "etcdctl put /lab/a 1 && etcdctl put /lab/b 2 && etcdctl put /lab/c 3 && etcdctl put /lab/d 4 && etcdctl put /lab/e 5",
        "curl -s http://127.0.0.1:32379/metrics | grep wal_fsync",
      ],
    },
    {
      id: "leader-change",
      // A member's disk was stalled, another member leads now, and a member's counter, read since, saw the change.
      check: (ctx) => {
        const stall = ran(ctx, /\bcluster\s+stall-disk\b/, { exitCode: "any" }).at(-1);
        const stalled = stall && named(ctx, stall, "stall-disk");
        const s = raftState(ctx);
        const lead = leaderId(ctx);
        if (!stall || !stalled || !lead || lead === stalled || s.term <= 2) return false;
        return ran(ctx, CURL_METRICS, { since: stall.startMs }).some(
          (h) => (sample(h.output, "etcd_server_leader_changes_seen_total") ?? 0) >= 2,
        );
      },
      solution: [
        "cluster stall-disk infra3 3s && etcdctl put /lab/stalled x",
        "curl -s http://127.0.0.1:2379/metrics | grep -E '^etcd_server_(has_leader|is_leader|leader_changes_seen_total)'",
      ],
    },
    {
      id: "fsync-outlier",
      // The stalled member's histogram, read after the stall, holds an fsync that took over a second.
      check: (ctx) => {
        const stall = ran(ctx, /\bcluster\s+stall-disk\b/, { exitCode: "any" }).at(-1);
        const stalled = stall && named(ctx, stall, "stall-disk");
        if (!stall || !stalled) return false;
        return ran(ctx, CURL_METRICS, { since: stall.startMs }).some(
          (h) => curled(ctx, h.line) === stalled && slowerThan(h.output, FSYNC, "1.024") >= 1,
        );
      },
      solution: ["curl -s http://127.0.0.1:32379/metrics | grep wal_fsync_duration_seconds_bucket"],
    },
  ],
};
