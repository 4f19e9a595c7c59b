// The lab's Prometheus: it scrapes every etcd member's /metrics and kube-apiserver's on a fixed
// virtual interval, as the demo cluster's prometheus-server would, into a bounded TSDB that the
// metrics panel queries with PromQL. Scrapes are world timers that only read state, so a run
// replays the same with or without anyone looking at the charts.

import type { EtcdCluster } from "../engine/etcd/cluster";
import { metricsText } from "../engine/etcd/metrics";
import type { KubeCluster } from "../engine/kube/cluster";
import { apiServerMetrics } from "../engine/kube/metrics";
import { instantQuery, rangeQuery, type PromValue } from "../metrics/promql";
import { Tsdb } from "../metrics/tsdb";

/** Prometheus' scrape_interval in the demo cluster's configuration. */
export const SCRAPE_INTERVAL_MS = 15_000;
/** Points a range query may return per series (the panel's chart width). */
export const MAX_RANGE_POINTS = 300;

export class LabPrometheus {
  readonly db = new Tsdb();

  constructor(
    private readonly cluster: EtcdCluster,
    private readonly kube: () => KubeCluster | undefined,
  ) {
    this.scrape();
    this.schedule();
  }

  private schedule(): void {
    this.cluster.at(this.cluster.nowMs + SCRAPE_INTERVAL_MS, () => {
      this.scrape();
      this.schedule();
    });
  }

  /** One scrape of every target, at the virtual wall clock (Unix ms), as Prometheus timestamps it. */
  scrape(): void {
    const at = this.cluster.nowUnixMs;
    for (const s of this.cluster.serverConfigs()) {
      // A member that is down refuses the connection: the scrape fails, `up` is 0.
      const text = this.cluster.isUp(s.id) ? metricsText(this.cluster, s.id) : null;
      this.db.ingest(text, at, { job: "etcd", instance: s.clientAddr });
    }
    const kube = this.kube();
    if (kube) this.db.ingest(apiServerMetrics(kube), at, { job: "apiserver", instance: "127.0.0.1:6443" });
  }

  /** An instant query now, or a range query over the last `rangeMs` (at most MAX_RANGE_POINTS steps). */
  query(expr: string, rangeMs?: number): PromValue {
    const now = this.cluster.nowUnixMs;
    if (!rangeMs) return instantQuery(this.db, expr, now);
    const step = Math.max(SCRAPE_INTERVAL_MS / 3, Math.ceil(rangeMs / MAX_RANGE_POINTS / 1000) * 1000);
    return rangeQuery(this.db, expr, now - rangeMs, now, step);
  }
}
