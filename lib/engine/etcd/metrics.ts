// A member's /metrics in the Prometheus text exposition format, with etcd 3.4's metric
// names, computed from the simulator's counters and the member's state.

import { FSYNC_BUCKETS_MS, PEER_RTT_BUCKETS_MS } from "../sim/world";
import { CLUSTER_VERSION, ETCD_VERSION, type EtcdCluster } from "./cluster";

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(15)));
}

class Exposition {
  private out = "";

  metric(name: string, type: "gauge" | "counter" | "histogram", help: string, samples: Array<[labels: string, value: number]>): void {
    this.out += `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
    for (const [labels, value] of samples) this.out += `${name}${labels} ${formatNumber(value)}\n`;
  }

  histogram(
    name: string,
    help: string,
    series: Array<{ labels: string[]; bucketsMs: number[]; counts: number[]; count: number; sumMs: number }>,
  ): void {
    this.out += `# HELP ${name} ${help}\n# TYPE ${name} histogram\n`;
    for (const s of series) {
      let cumulative = 0;
      const lbl = (extra: string[]) => `{${[...s.labels, ...extra].join(",")}}`;
      s.bucketsMs.forEach((b, i) => {
        cumulative += s.counts[i]!;
        this.out += `${name}_bucket${lbl([`le="${formatNumber(b / 1000)}"`])} ${cumulative}\n`;
      });
      this.out += `${name}_bucket${lbl([`le="+Inf"`])} ${s.count}\n`;
      this.out += `${name}_sum${s.labels.length ? `{${s.labels.join(",")}}` : ""} ${formatNumber(s.sumMs / 1000)}\n`;
      this.out += `${name}_count${s.labels.length ? `{${s.labels.join(",")}}` : ""} ${s.count}\n`;
    }
  }

  toString(): string {
    return this.out;
  }
}

/** The text a member serves on http://<client URL>/metrics. */
export function metricsText(cluster: EtcdCluster, id: string): string {
  const status = cluster.world.status(id);
  const app = cluster.app(id);
  const r = status.raft;
  const m = status.metrics;
  const e = new Exposition();
  const hasLeader = r && r.lead !== "" ? 1 : 0;
  e.metric("etcd_cluster_version", "gauge", "Which version is running. 1 for 'cluster_version' label with current cluster version", [
    [`{cluster_version="${CLUSTER_VERSION.replace(/\.0$/, "")}"}`, 1],
  ]);
  e.histogram(
    "etcd_disk_backend_commit_duration_seconds",
    "The latency distributions of commit called by backend.",
    // The simulated backend commits with one fsync, so its commits are timed by the same disk.
    [{ labels: [], bucketsMs: FSYNC_BUCKETS_MS, counts: m.fsyncBuckets, count: m.fsyncCount, sumMs: m.fsyncSumMs }],
  );
  e.histogram("etcd_disk_wal_fsync_duration_seconds", "The latency distributions of fsync called by WAL.", [
    { labels: [], bucketsMs: FSYNC_BUCKETS_MS, counts: m.fsyncBuckets, count: m.fsyncCount, sumMs: m.fsyncSumMs },
  ]);
  e.metric("etcd_debugging_mvcc_keys_total", "gauge", "Total number of keys.", [["", app?.store.keysTotal() ?? 0]]);
  e.metric("etcd_debugging_mvcc_watcher_total", "gauge", "Total number of watchers.", [["", app?.watches.size ?? 0]]);
  e.metric("etcd_mvcc_db_total_size_in_bytes", "gauge", "Total size of the underlying database physically allocated in bytes.", [
    ["", app?.store.dbSize() ?? 0],
  ]);
  e.metric("etcd_mvcc_db_total_size_in_use_in_bytes", "gauge", "Total size of the underlying database logically in use in bytes.", [
    ["", app?.store.dbSizeInUse() ?? 0],
  ]);
  // A peer shows in each family once it has a figure there (a message sent, one received, a round trip).
  const peers = [...m.peers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  e.histogram(
    "etcd_network_peer_round_trip_time_seconds",
    "Round-Trip-Time histogram between peers",
    peers
      .filter(([, t]) => t.rtt.count > 0)
      .map(([p, t]) => ({
        labels: [`To="${p}"`],
        bucketsMs: PEER_RTT_BUCKETS_MS,
        counts: t.rtt.buckets,
        count: t.rtt.count,
        sumMs: t.rtt.sumMs,
      })),
  );
  e.metric(
    "etcd_network_peer_received_bytes_total",
    "counter",
    "The total number of bytes received from peers.",
    peers.filter(([, t]) => t.bytesReceived > 0).map(([p, t]) => [`{From="${p}"}`, t.bytesReceived]),
  );
  e.metric(
    "etcd_network_peer_sent_bytes_total",
    "counter",
    "The total number of bytes sent to peers.",
    peers.filter(([, t]) => t.bytesSent > 0).map(([p, t]) => [`{To="${p}"}`, t.bytesSent]),
  );
  e.metric("etcd_server_has_leader", "gauge", "Whether or not a leader exists. 1 is existence, 0 is not.", [["", hasLeader]]);
  e.metric("etcd_server_id", "gauge", "Server or member ID in hexadecimal format. 1 for 'server_id' label with current ID.", [
    [`{server_id="${id}"}`, 1],
  ]);
  e.metric("etcd_server_is_leader", "gauge", "Whether or not this member is a leader. 1 if is, 0 otherwise.", [
    ["", r?.state === "leader" ? 1 : 0],
  ]);
  e.metric("etcd_server_is_learner", "gauge", "Whether or not this member is a learner. 1 if is, 0 otherwise.", [
    ["", r?.isLearner ? 1 : 0],
  ]);
  e.metric("etcd_server_leader_changes_seen_total", "counter", "The number of leader changes seen.", [["", m.leaderChangesSeen]]);
  e.metric("etcd_server_proposals_applied_total", "gauge", "The total number of consensus proposals applied.", [["", r?.applied ?? 0]]);
  e.metric("etcd_server_proposals_committed_total", "gauge", "The total number of consensus proposals committed.", [["", r?.commit ?? 0]]);
  e.metric("etcd_server_proposals_failed_total", "counter", "The total number of failed proposals seen.", [["", m.proposalsFailed]]);
  e.metric("etcd_server_proposals_pending", "gauge", "The current number of pending proposals to commit.", [
    ["", cluster.pendingProposals(id)],
  ]);
  e.metric("etcd_server_quota_backend_bytes", "gauge", "Current backend storage quota size in bytes.", [["", cluster.quotaBackendBytes]]);
  e.metric("etcd_server_version", "gauge", "Which version is running. 1 for 'server_version' label with current version.", [
    [`{server_version="${ETCD_VERSION}"}`, 1],
  ]);
  return e.toString();
}
