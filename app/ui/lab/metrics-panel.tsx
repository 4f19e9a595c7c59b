"use client";

import { useEffect, useState } from "react";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import type { PromValue } from "@/lib/metrics/promql";
import { Chart, formatValue, type ChartSeries } from "./chart";
import styles from "./lab.module.css";

export type RunQuery = (expr: string, rangeMs?: number) => Promise<{ result?: PromValue; error?: string }>;

/** The lesson's metrics, as a learner would type them into Prometheus. */
export const EXAMPLE_QUERIES = [
  "etcd_server_has_leader",
  "increase(etcd_server_leader_changes_seen_total[15m])",
  "rate(etcd_server_proposals_committed_total[1m])",
  "histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket[1m])))",
  "histogram_quantile(0.99, sum by (instance, le) (rate(etcd_network_peer_round_trip_time_seconds_bucket[1m])))",
  "etcd_mvcc_db_total_size_in_bytes",
  "sum by (operation) (rate(etcd_request_duration_seconds_count[1m]))",
  "histogram_quantile(0.99, sum by (le, operation) (rate(etcd_request_duration_seconds_bucket[1m])))",
  "topk(5, apiserver_storage_objects)",
  "up",
];

/** Wall ms between refreshes of a chart: fresh enough to watch, light on the worker at 100x. */
const REFRESH_MS = 2000;

/** A counter that moves every REFRESH_MS while the panel is shown. */
function useRefresh(): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((n) => n + 1), REFRESH_MS);
    return () => clearInterval(id);
  }, []);
  return tick;
}

/** A label set as Prometheus prints it: name{a="b", c="d"}. */
function seriesName(metric: Record<string, string>): string {
  const { __name__: name = "", ...labels } = metric;
  const inner = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(", ");
  return `${name}{${inner}}`;
}

/** A query's result as chart series, each named by `legend` (Prometheus' full series name by default). */
export function toSeries(value: PromValue | undefined, legend: (metric: Record<string, string>) => string = seriesName): ChartSeries[] {
  if (!value) return [];
  if (value.resultType === "matrix")
    return value.result.map((s) => ({ label: legend(s.metric), points: s.values.map(([t, v]) => [t, Number(v)] as [number, number]) }));
  if (value.resultType === "vector")
    return value.result.map((s) => ({ label: legend(s.metric), points: [[s.value[0], Number(s.value[1])]] }));
  return [{ label: "scalar", points: [[value.result[0], Number(value.result[1])]] }];
}

const RANGES = [
  { label: "5m", ms: 5 * 60_000 },
  { label: "15m", ms: 15 * 60_000 },
  { label: "1h", ms: 3600_000 },
];

/** Prometheus' query page: an expression, its current values as a table, and a graph over a range. */
export function PrometheusPanel({ t, runQuery }: { t: Dictionary["lab"]; runQuery: RunQuery }) {
  const [expr, setExpr] = useState(EXAMPLE_QUERIES[2]!);
  const [submitted, setSubmitted] = useState(EXAMPLE_QUERIES[2]!);
  const [range, setRange] = useState(RANGES[0]!.ms);
  const [table, setTable] = useState<{ result?: PromValue; error?: string }>({});
  const [graph, setGraph] = useState<ChartSeries[]>([]);
  const tick = useRefresh();
  useEffect(() => {
    let live = true;
    void runQuery(submitted).then((r) => live && setTable(r));
    void runQuery(submitted, range).then((r) => live && setGraph(r.error ? [] : toSeries(r.result)));
    return () => {
      live = false;
    };
  }, [submitted, range, tick, runQuery]);
  const rows = table.result?.resultType === "vector" ? table.result.result : [];
  return (
    <section className={styles.metrics} aria-label="Prometheus" data-testid="prometheus-panel">
      <form
        className={styles.queryForm}
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(expr);
        }}
      >
        <input
          value={expr}
          onChange={(e) => setExpr(e.target.value)}
          aria-label={t.promQuery}
          list="promql-examples"
          spellCheck={false}
          className={styles.queryInput}
          data-testid="promql-input"
        />
        <datalist id="promql-examples">
          {EXAMPLE_QUERIES.map((q) => (
            <option key={q} value={q} />
          ))}
        </datalist>
        <button type="submit">{t.execute}</button>
        <select value={range} onChange={(e) => setRange(Number(e.target.value))} aria-label={t.range}>
          {RANGES.map((r) => (
            <option key={r.ms} value={r.ms}>
              {r.label}
            </option>
          ))}
        </select>
      </form>
      {table.error ? (
        <p role="alert" className={styles.error} data-testid="promql-error">
          {table.error}
        </p>
      ) : (
        <>
          <Chart series={graph} label={submitted} height={180} />
          <table className={styles.promTable} data-testid="promql-table">
            <tbody>
              {rows.slice(0, 50).map((r) => (
                <tr key={seriesName(r.metric)}>
                  <td>{seriesName(r.metric)}</td>
                  <td>{formatValue(Number(r.value[1]))}</td>
                </tr>
              ))}
              {table.result && table.result.resultType === "scalar" ? (
                <tr>
                  <td>scalar</td>
                  <td>{table.result.result[1]}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** A Grafana-like etcd dashboard: the panels the lesson's monitoring section names. */
export const DASHBOARD = [
  { title: "etcd_server_has_leader", expr: "etcd_server_has_leader" },
  { title: "leader changes", expr: "etcd_server_leader_changes_seen_total" },
  { title: "proposals committed / s", expr: "sum by (instance) (rate(etcd_server_proposals_committed_total[1m]))" },
  {
    title: "WAL fsync p99 (s)",
    expr: "histogram_quantile(0.99, sum by (instance, le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket[1m])))",
  },
  { title: "DB size (bytes)", expr: "etcd_mvcc_db_total_size_in_bytes" },
  {
    title: "API server → etcd p99 (s)",
    expr: "histogram_quantile(0.99, sum by (le) (rate(etcd_request_duration_seconds_bucket[1m])))",
  },
];

export function GrafanaPanel({ t, runQuery }: { t: Dictionary["lab"]; runQuery: RunQuery }) {
  const [data, setData] = useState<ChartSeries[][]>([]);
  const tick = useRefresh();
  useEffect(() => {
    let live = true;
    void Promise.all(DASHBOARD.map((p) => runQuery(p.expr, 15 * 60_000))).then((results) => {
      // Grafana's usual legend for these panels: {{instance}}.
      if (live) setData(results.map((r) => (r.error ? [] : toSeries(r.result, (m) => m.instance ?? (seriesName(m) || "value")))));
    });
    return () => {
      live = false;
    };
  }, [tick, runQuery]);
  return (
    <section className={styles.dashboard} aria-label={t.dashboard} data-testid="grafana-panel">
      {DASHBOARD.map((p, i) => (
        <div key={p.title} className={styles.dashPanel}>
          <h3>{p.title}</h3>
          <Chart series={data[i] ?? []} label={p.title} height={110} />
        </div>
      ))}
    </section>
  );
}
