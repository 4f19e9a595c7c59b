// Records what Prometheus' own PromQL engine returns for a list of expressions over
// synthetic series, so that tests/fidelity/promql-replay.test.ts can hold lib/metrics to it.
//
// The engine is promtool's (`promtool test rules`, Debian's prometheus package, 2.42): each
// family below becomes one test group whose input series are loaded the way a rule unit
// test loads them, and every (expression, time) pair becomes a promql_expr_test that
// expects an impossible sample, so promtool prints what it got (or the error) for each.
//
// Usage: npx tsx scripts/fidelity/record-promql.ts [family...]   (about 10 s for all)
//   PROMTOOL=/path/to/promtool picks another binary (default: promtool on PATH; install it
//   with `apt-get install -y prometheus`).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import prettier from "prettier";

const projectRoot = path.resolve(import.meta.dirname, "..", "..");
const outDir = path.join(projectRoot, "tests", "fidelity", "promql-recordings");
const PROMTOOL = process.env.PROMTOOL || "promtool";
/** promtool's rule evaluation interval: samples are loaded up to the last multiple of it at or before the latest eval time. */
const EVAL_INTERVAL_MS = 60_000;

interface Family {
  /** Scrape interval of the input series, as promtool's `interval`. */
  interval: string;
  series: Array<[labels: string, values: string]>;
  times: string[];
  exprs: string[];
}

const HISTOGRAM = [
  ["0.05", "0+2x30"],
  ["0.1", "0+5x30"],
  ["0.25", "0+8x30"],
  ["0.5", "0+9x30"],
  ["1", "0+10x30"],
  ["+Inf", "0+10x30"],
] as const;

const FAMILIES: Record<string, Family> = {
  // Counters, gauges and a histogram scraped every minute; the everyday queries.
  basic: {
    interval: "1m",
    series: [
      ['http_requests_total{job="api", instance="a", code="200"}', "0+10x30"],
      ['http_requests_total{job="api", instance="b", code="200"}', "0+20x30"],
      ['http_requests_total{job="api", instance="a", code="500"}', "0+1x30"],
      ['http_requests_total{job="db", instance="c", code="200"}', "5+3x10 0+3x19"],
      ['http_requests_total{job="batch", instance="d", code="200"}', "_x5 100+7x10 stale"],
      ['node_load{instance="a"}', "1.5 2 2.5 3 2 1 0.5 0.25 4 8 6 5 4 3 2 1 _ _ 2 3 4 5 6 7 8 9 10 11 12 13 14"],
      ['node_load{instance="b"}', "3+0.5x30"],
      ['node_up{instance="a", job="node"}', "1x30"],
      ['node_up{instance="b", job="node"}', "1x10 0x20"],
      ['etcd_server_has_leader{instance="m1"}', "1x30"],
      ['etcd_server_has_leader{instance="m2"}', "1x12 0x5 1x13"],
      ...HISTOGRAM.map(([le, v]): [string, string] => [`req_duration_seconds_bucket{job="api", le="${le}"}`, v]),
      ...HISTOGRAM.map(([le, v]): [string, string] => [`req_duration_seconds_bucket{job="db", le="${le}"}`, v.replace("0+", "0+3")]),
      ['req_duration_seconds_sum{job="api"}', "0+1.5x30"],
      ['req_duration_seconds_count{job="api"}', "0+10x30"],
      ['rpc_duration_seconds{quantile="0.5", service="x"}', "0.1+0.01x30"],
      ['rpc_duration_seconds{quantile="0.99", service="x"}', "0.5+0.02x30"],
    ],
    times: ["0s", "1m", "4m30s", "10m", "12m30s", "20m", "30m", "37m"],
    exprs: [
      "http_requests_total",
      'http_requests_total{job="api"}',
      'http_requests_total{job!="api"}',
      'http_requests_total{job=~"a.*|db"}',
      'http_requests_total{job!~"a.*"}',
      'http_requests_total{code=~"5.."}',
      '{__name__=~"node_.*"}',
      '{job="api", __name__!="req_duration_seconds_bucket"}',
      "http_requests_total offset 5m",
      "http_requests_total @ 300",
      "rate(http_requests_total[5m])",
      "rate(http_requests_total[1m])",
      "rate(http_requests_total[3m])",
      "rate(http_requests_total[1h])",
      "irate(http_requests_total[5m])",
      "increase(http_requests_total[5m])",
      "increase(http_requests_total[10m])",
      "delta(node_load[5m])",
      "idelta(node_load[5m])",
      "deriv(node_load[10m])",
      "predict_linear(node_load[10m], 600)",
      "resets(http_requests_total[30m])",
      "changes(node_load[10m])",
      "rate(http_requests_total[5m] offset 2m)",
      "sum(rate(http_requests_total[5m]))",
      "sum by (job) (rate(http_requests_total[5m]))",
      "sum(rate(http_requests_total[5m])) by (job, code)",
      "sum without (instance) (rate(http_requests_total[5m]))",
      "avg by (job) (http_requests_total)",
      "min(http_requests_total)",
      "max by (code) (http_requests_total)",
      "count(http_requests_total)",
      "count by (job) (http_requests_total)",
      "group by (job) (http_requests_total)",
      "stddev(http_requests_total)",
      "stdvar by (job) (http_requests_total)",
      "topk(2, http_requests_total)",
      "bottomk(2, http_requests_total)",
      "topk by (job) (1, http_requests_total)",
      "topk(0, http_requests_total)",
      "quantile(0.5, http_requests_total)",
      "quantile(0.9, http_requests_total)",
      "quantile by (job) (0.25, http_requests_total)",
      "quantile(2, http_requests_total)",
      "quantile(-1, http_requests_total)",
      'count_values("value", node_up)',
      'count_values by (job) ("v", node_up)',
      "sum(http_requests_total) / count(http_requests_total)",
      'http_requests_total{code="500"} / ignoring(code) http_requests_total{code="200"}',
      'http_requests_total{code="500"} / on(job, instance) http_requests_total{code="200"}',
      "http_requests_total / on(instance) group_left node_load",
      "node_load / on(instance) group_right http_requests_total",
      "http_requests_total * on(instance) group_left(job) node_up",
      "http_requests_total > 100",
      "http_requests_total > bool 100",
      "100 < http_requests_total",
      "100 < bool http_requests_total",
      "http_requests_total == 40",
      "http_requests_total != 40",
      "http_requests_total >= 50 <= 200",
      "node_load > on(instance) node_up",
      'http_requests_total and http_requests_total{job="api"}',
      "http_requests_total and on(instance) node_up",
      "http_requests_total or node_load",
      "node_up or on(instance) node_load",
      'http_requests_total unless http_requests_total{code="500"}',
      'http_requests_total unless on(job) http_requests_total{instance="b"}',
      "1 + 2 * 3 - 4 / 2",
      "2 ^ 3 ^ 2",
      "-2 ^ 2",
      "(1 + 2) * 3",
      "7 % 3",
      "-7 % 3",
      "2 ^ -1",
      "1 / 0",
      "-1 / 0",
      "0 / 0",
      "1 == bool 1",
      "2 > bool 1 + 1",
      "node_load * 2",
      "2 * node_load",
      "node_load + node_load",
      "-node_load",
      "node_load ^ 2",
      "node_load % 2",
      "node_load atan2 2",
      "http_requests_total - http_requests_total offset 5m",
      "histogram_quantile(0.5, rate(req_duration_seconds_bucket[5m]))",
      "histogram_quantile(0.9, rate(req_duration_seconds_bucket[5m]))",
      "histogram_quantile(0.99, sum by (le) (rate(req_duration_seconds_bucket[5m])))",
      "histogram_quantile(0.99, sum by (le, job) (rate(req_duration_seconds_bucket[5m])))",
      "histogram_quantile(1, req_duration_seconds_bucket)",
      "histogram_quantile(0, req_duration_seconds_bucket)",
      "histogram_quantile(0.01, req_duration_seconds_bucket)",
      "histogram_quantile(1.5, req_duration_seconds_bucket)",
      "histogram_quantile(-0.5, req_duration_seconds_bucket)",
      'histogram_quantile(0.5, req_duration_seconds_bucket{le!="+Inf"})',
      'histogram_quantile(0.5, req_duration_seconds_bucket{le=~"1|\\\\+Inf"})',
      "rate(req_duration_seconds_sum[5m]) / rate(req_duration_seconds_count[5m])",
      "avg_over_time(node_load[5m])",
      "min_over_time(node_load[5m])",
      "max_over_time(node_load[5m])",
      "sum_over_time(node_load[5m])",
      "count_over_time(node_load[5m])",
      "last_over_time(node_load[5m])",
      "stddev_over_time(node_load[10m])",
      "stdvar_over_time(node_load[10m])",
      "quantile_over_time(0.5, node_load[10m])",
      "present_over_time(node_load[5m])",
      "absent_over_time(node_load[5m])",
      "absent_over_time(nonexistent[5m])",
      'absent_over_time(nonexistent{job="x", a=~"b"}[5m])',
      "holt_winters(node_load[10m], 0.5, 0.5)",
      "max_over_time(rate(http_requests_total[5m])[10m:1m])",
      "max_over_time(rate(http_requests_total[5m])[10m:])",
      "avg_over_time(node_load[10m:2m])",
      "sum_over_time(node_load[5m:1m] offset 3m)",
      "abs(-node_load)",
      "ceil(node_load)",
      "floor(node_load)",
      "round(node_load)",
      "round(node_load, 0.5)",
      "sqrt(node_load)",
      "exp(node_load)",
      "ln(node_load)",
      "log2(node_load)",
      "log10(node_load)",
      "sgn(node_load - 3)",
      "clamp_min(node_load, 2)",
      "clamp_max(node_load, 2)",
      "clamp(node_load, 1, 3)",
      "clamp(node_load, 3, 1)",
      "time()",
      "vector(1)",
      "vector(time())",
      "scalar(node_load)",
      'scalar(node_load{instance="a"})',
      'node_load{instance="b"} - scalar(node_load{instance="a"})',
      "absent(node_load)",
      "absent(nonexistent)",
      'absent(nonexistent{job="x", instance=~"y", env="z", env="w"})',
      'label_replace(http_requests_total, "new", "$1-$2", "instance", "(.)(.*)")',
      'label_replace(http_requests_total, "code", "", "code", ".*")',
      'label_replace(http_requests_total, "x", "${1}x", "job", "a(p)i")',
      'label_replace(node_load, "instance", "same", "instance", ".*")',
      'label_join(http_requests_total, "both", "/", "job", "instance")',
      "sort(http_requests_total)",
      "sort_desc(node_load)",
      "timestamp(node_load)",
      "timestamp(node_load offset 1m)",
      "hour()",
      "minute(vector(3725))",
      "day_of_week(vector(1700000000))",
      "days_in_month(vector(1709251200))",
      "year(vector(1700000000))",
      "etcd_server_has_leader == 0",
      "min(etcd_server_has_leader)",
      "sum(node_up) by (job) / count(node_up) by (job)",
      "count(node_up == 1)",
      "sum(http_requests_total) without (code)",
      "max(rate(http_requests_total[5m])) by (job) > 0.1",
      'rpc_duration_seconds{quantile="0.99"}',
      "max(rpc_duration_seconds) by (quantile)",
      "http_requests_total + 0.1",
      "sum(http_requests_total) * 1e-7",
      "sum(http_requests_total) * 1e21",
      "1e300 * 1e300",
      "0x10 + 010",
      "Inf",
      "-Inf",
      "NaN",
      '"a string"',
      "http_requests_total[5m]",
    ],
  },
  // A counter scraped every 15s, queried at times that do not fall on samples: extrapolation at the range's edges.
  extrapolation: {
    interval: "15s",
    series: [
      ['c_total{id="steady"}', "0+1x100"],
      ['c_total{id="late"}', "_x20 50+5x80"],
      ['c_total{id="reset"}', "0+10x40 3+10x59"],
      ['c_total{id="zero"}', "0x100"],
      ['c_total{id="gappy"}', "0+1x10 _x10 20+1x10 _x30 60+1x40"],
      ['c_total{id="negative"}', "-10+1x100"],
      ['g{id="a"}', "10 8 12 7 15 3 9 11 2 20 1 5"],
    ],
    times: ["0s", "20s", "1m", "1m7s", "2m", "2m59s", "5m", "6m1s", "10m13s", "25m", "30m"],
    exprs: [
      "rate(c_total[1m])",
      "rate(c_total[2m])",
      "rate(c_total[5m])",
      "rate(c_total[47s])",
      "increase(c_total[1m])",
      "increase(c_total[90s])",
      "increase(c_total[5m])",
      "increase(c_total[15m])",
      "irate(c_total[1m])",
      "delta(c_total[2m])",
      "delta(g[2m])",
      "idelta(g[1m])",
      "rate(c_total[5m] offset 1m)",
      "rate(g[1m])",
      "deriv(c_total[2m])",
      "predict_linear(c_total[2m], 60)",
      "c_total",
      "c_total offset 30s",
      "count_over_time(c_total[1m])",
      "resets(c_total[10m])",
      "sum(rate(c_total[1m]))",
      "rate(c_total[1m:15s])",
      "rate(c_total[2m:30s])",
    ],
  },
  // Stale markers and the 5-minute lookback.
  staleness: {
    interval: "1m",
    series: [
      ['s{id="stale"}', "1 2 3 stale 5 6"],
      ['s{id="gap"}', "1 _ _ _ _ _ _ 8"],
      ['s{id="ends"}', "1 2 3"],
      ['s{id="nan"}', "1 NaN 3 Inf -Inf 4"],
    ],
    times: ["0s", "2m", "3m", "3m30s", "4m", "5m", "6m", "7m", "8m", "8m1s", "12m"],
    exprs: [
      "s",
      "s offset 1m",
      "count_over_time(s[5m])",
      "last_over_time(s[3m])",
      "max_over_time(s[10m])",
      "min_over_time(s[10m])",
      "avg_over_time(s[10m])",
      "sum_over_time(s[10m])",
      "absent(s)",
      "absent_over_time(s[1m])",
      "present_over_time(s[2m])",
      "timestamp(s)",
      "changes(s[10m])",
      "sum(s)",
      "avg(s)",
      "max(s)",
      "min(s)",
      "stddev(s)",
      "s > 2",
      "sort(s)",
    ],
  },
  // Corners: NaN and Inf in every aggregation, ties, odd buckets, regex dialect, label_replace templates, literals.
  edge: {
    interval: "1m",
    series: [
      ['v{id="1", grp="a", kind="Nan"}', "1 NaN 3 NaN 5 6 7 8 9 10 11"],
      ['v{id="2", grp="a", kind="inf"}', "2 Inf 4 -Inf 6 Inf 8 9 10 11 12"],
      ['v{id="3", grp="b", kind="neg"}', "-1 -2 -3 -4 -5 -6 -7 -8 -9 -10 -11"],
      ['v{id="4", grp="b", kind="tie"}', "5x10"],
      ['v{id="5", grp="b", kind="tie"}', "5x10"],
      ['v{id="6", grp="c", kind="frac"}', "0.1+0.1x10"],
      ['v{id="7", grp="c", kind="big"}', "1e20+1e20x10"],
      ['v{id="8", grp="c", kind="tiny"}', "1e-7+1e-7x10"],
      ['h_bucket{case="nonmono", le="1"}', "10x10"],
      ['h_bucket{case="nonmono", le="2"}', "8x10"],
      ['h_bucket{case="nonmono", le="+Inf"}', "12x10"],
      ['h_bucket{case="dup", le="1"}', "2x10"],
      ['h_bucket{case="dup", le="1.0"}', "3x10"],
      ['h_bucket{case="dup", le="+Inf"}', "10x10"],
      ['h_bucket{case="neg", le="-1"}', "2x10"],
      ['h_bucket{case="neg", le="0"}', "4x10"],
      ['h_bucket{case="neg", le="1"}', "8x10"],
      ['h_bucket{case="neg", le="+Inf"}', "8x10"],
      ['h_bucket{case="onlyinf", le="+Inf"}', "5x10"],
      ['h_bucket{case="noinf", le="1"}', "5x10"],
      ['h_bucket{case="noinf", le="2"}', "7x10"],
      ['h_bucket{case="empty", le="1"}', "0x10"],
      ['h_bucket{case="empty", le="+Inf"}', "0x10"],
      ['h_bucket{case="badle", le="abc"}', "1x10"],
      ['h_bucket{case="badle", le="+Inf"}', "1x10"],
      ['h_bucket{case="top", le="0.5"}', "1x10"],
      ['h_bucket{case="top", le="1"}', "2x10"],
      ['h_bucket{case="top", le="+Inf"}', "10x10"],
      ['other_bucket{case="nonmono", le="1"}', "1x10"],
      ['other_bucket{case="nonmono", le="+Inf"}', "2x10"],
      ['path{path="/api/v1/users", method="GET"}', "1x10"],
      ['path{path="/API/v2/items", method="post"}', "2x10"],
      ['path{path="/healthz", method="GET"}', "3x10"],
      ['path{path="", method="HEAD"}', "4x10"],
      ['path{path="a\\nb", method="x.y"}', "5x10"],
    ],
    times: ["0s", "1m", "2m", "3m", "5m", "10m"],
    exprs: [
      "v",
      "sum(v)",
      "sum by (grp) (v)",
      "avg(v)",
      "avg by (grp) (v)",
      "avg by (kind) (v)",
      "min(v)",
      "max(v)",
      "min by (grp) (v)",
      "max by (grp) (v)",
      "count(v)",
      "stddev(v)",
      "stdvar by (grp) (v)",
      "stddev by (kind) (v)",
      "topk(3, v)",
      "bottomk(3, v)",
      "topk(1, v)",
      "bottomk(1, v)",
      "topk by (grp) (2, v)",
      "topk(2.9, v)",
      "quantile(0.5, v)",
      "quantile by (grp) (0.75, v)",
      "quantile(NaN, v)",
      'count_values("val", v)',
      'count_values without (id) ("val", v)',
      "sort(v)",
      "sort_desc(v)",
      "v > 3",
      "v < bool 3",
      "v == v",
      "v != bool v",
      "v + on(id) v",
      "v / ignoring(kind) v",
      "v * on(grp) group_left(kind) (max by (grp) (v))",
      "max by (grp) (v) / on(grp) group_right v",
      'v and on(grp) v{kind="tie"}',
      "v or on(grp) max by (grp) (v)",
      'v unless on(grp) v{kind="tie"}',
      'scalar(v{id="1"}) * v',
      "scalar(v)",
      "v ^ 0",
      "v % 0",
      "-v",
      "+v",
      "- -v",
      "-(v)",
      "abs(v)",
      "sqrt(v)",
      "ln(v)",
      "exp(v)",
      "round(v, 3)",
      "round(v, 0.1)",
      "floor(v)",
      "sgn(v)",
      "clamp(v, -2, 4)",
      "deg(v)",
      "rad(v)",
      "sin(v)",
      "cos(v)",
      "atan2(v, 2)",
      "v atan2 2",
      "rate(v[5m])",
      "increase(v[5m])",
      "delta(v[5m])",
      "irate(v[5m])",
      "deriv(v[5m])",
      "avg_over_time(v[5m])",
      "sum_over_time(v[5m])",
      "max_over_time(v[5m])",
      "min_over_time(v[5m])",
      "stddev_over_time(v[5m])",
      "quantile_over_time(0.5, v[5m])",
      "quantile_over_time(0, v[5m])",
      "quantile_over_time(1.1, v[5m])",
      "changes(v[5m])",
      "resets(v[5m])",
      "histogram_quantile(0.5, h_bucket)",
      "histogram_quantile(0.9, h_bucket)",
      "histogram_quantile(0.1, h_bucket)",
      "histogram_quantile(0.95, h_bucket)",
      "histogram_quantile(NaN, h_bucket)",
      'histogram_quantile(0.5, {__name__=~".*_bucket"})',
      "histogram_quantile(0.5, rate(h_bucket[5m]))",
      'path{path=~"/api/.*"}',
      'path{path=~"(?i)/api/.*"}',
      'path{path=~"/(api|API)/v[12]/\\w+"}',
      'path{path!~"/api.*|/healthz"}',
      'path{path=""}',
      'path{path!=""}',
      'path{path=~""}',
      'path{path=~".+"}',
      'path{method=~"get|post"}',
      'path{method=~"(?i)get"}',
      'path{method=~"[A-Z]+"}',
      'path{method=~"[[:upper:]]+"}',
      'path{method=~"x\\.y"}',
      'path{method=~"x.y|HEAD"}',
      'path{path=~"a\\\\nb"}',
      'path{path=~"a.b"}',
      'path{path=~"^/healthz$"}',
      'path{path=~"/health"}',
      'path{path=~"/api/v1/users|"}',
      'path{method=~"\\x47ET"}',
      'path{method=~"G{1}E{1,2}T{0,}"}',
      'path{method=~"a{"}',
      'label_replace(path, "version", "$1", "path", "/[a-zA-Z]+/(v[0-9])/.*")',
      'label_replace(path, "version", "${1}_$2", "path", "/([a-z]+)/(v[0-9])/.*")',
      'label_replace(path, "version", "$1x", "path", "/([a-z]+)/(v[0-9])/.*")',
      'label_replace(path, "version", "$$1", "path", "(.*)")',
      'label_replace(path, "version", "$name", "path", "/(?P<name>[a-z]+)/.*")',
      'label_replace(path, "version", "$10", "path", "(.*)")',
      'label_replace(path, "version", "${2}", "path", "(.*)")',
      'label_replace(path, "method", "$1", "method", "(.*)")',
      'label_replace(path, "method", "", "method", "GET")',
      'label_replace(path, "z", "1", "nonexistent", "")',
      'label_replace(path, "__name__", "renamed", "method", "HEAD")',
      'label_join(path, "pm", ",", "path", "method", "nonexistent")',
      'label_join(path, "path", "", "nonexistent")',
      "1e3",
      ".5",
      "5.",
      "0x1F",
      "0X1f",
      "077",
      "08",
      "1E-2",
      "-0",
      "1 - -1",
      "2 * -3 ^ 2",
      "-1 ^ 0.5",
      "(-1) ^ 0.5",
      "1 ^ NaN",
      "NaN ^ 0",
      "(-1) ^ Inf",
      "Inf - Inf",
      "Inf * 0",
      "5 % -3",
      "5.5 % 2",
      "-0 == bool 0",
      "NaN == bool NaN",
      "NaN != bool NaN",
      "1 < bool 2 < bool 3",
      "3 > bool 2 > bool 1",
      "1 + 2 > bool 2 + 0.5",
      "2 ^ 2 ^ 3",
      "-2 ^ -2",
      "10 / 4 * 2",
      "10 - 4 - 3",
      "10 % 4 % 3",
      "vector(1) + vector(2)",
      "vector(1) and vector(2)",
      "vector(1) or vector(2)",
      "vector(1) unless vector(2)",
      "timestamp(vector(1))",
      "timestamp(sum(v))",
      "time() - 60",
      "minute()",
      "hour(vector(86399))",
      "day_of_month(vector(0))",
      "day_of_week(vector(-1))",
      "day_of_year(vector(1709251200))",
      "month(vector(1709251200))",
      "days_in_month(vector(951782400))",
      "year(vector(-86400))",
      "v @ 120",
      "v @ 120.5",
      "v offset -1m",
      "v offset 1m @ 240",
      "rate(v[2m] @ 300)",
      "sum_over_time(v[3m:1m] @ 300)",
      "max_over_time(v[5m:2m] offset 1m)",
      "count_over_time(v[10m:30s])",
      'absent(v{id="99"})',
      'absent(v{id=~"9.*", grp="z"})',
      'absent(sum(nonexistent{job="x"}))',
    ],
  },
  // Mistakes and their messages (compared with a ratcheted share, not all-or-nothing).
  errors: {
    interval: "1m",
    series: [
      ['x{a="1", b="1"}', "1 2 3"],
      ['x{a="1", b="2"}', "4 5 6"],
      ['y{a="1"}', "7 8 9"],
    ],
    times: ["2m"],
    exprs: [
      "",
      "x +",
      "sum(x",
      "sum(x))",
      "rate(x)",
      "rate(x[5m]",
      "x[5]",
      "x[5m",
      "x{a=}",
      "x{a}",
      'x{a="1" b="1"}',
      "sum by x (y)",
      "sum(x) by (a b)",
      "sum some_metric by (test)",
      "sum(x bar)",
      "foo bar",
      "x offset",
      "x offset 5",
      "x[5m] offset 1m offset 2m",
      "rate(x[5m]) offset 1m",
      "unknown_function(x)",
      "histogram_quantile(x)",
      "topk(x)",
      "topk(x, y)",
      "1 == 1",
      "x and 1",
      "x + bool y",
      '"a" + 1',
      '-"a"',
      "x{}",
      '{a=~".*"}',
      'x{__name__="y"}',
      'x{a=~"(("}',
      'x{a=~"x**"}',
      'x{a=~"a{1001}"}',
      "x[5m1h]",
      "x[0s]",
      "1e",
      "0x",
      "x @ 1m",
      "(x + y)[5m]",
      'x / ignoring(b) y{a="1"}',
      "y / on(a) x",
      "x + on(a) group_left y",
      "y + on(a) group_right x",
      'label_replace(x, "c", "$1", "a", "(")',
      'label_replace(x, "1c", "$1", "a", "(.*)")',
      'label_replace(x, "b", "same", "a", ".*")',
      "rate(x[5m]) + rate(x[5m]) by (a)",
      'count_values("a b", x)',
      "topk(1e100, x)",
      "holt_winters(x[5m], 2, 0.5)",
      "`unterminated",
      '"\\q"',
      "x !~ 1",
      "x{a!b}",
      "sum without(,)(x)",
      "#comment only",
      "((x)",
      "x $ y",
    ],
  },
};

// ------------------------------------------------------------------ series notation

const UNSIGNED = "(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?|[iI][nN][fF]|[nN][aA][nN])";
const NUM = `[-+]?${UNSIGNED}`;

/** Expands promtool's series notation (`0+10x30`, `1x5`, `_x3`, `stale`, `Inf`) into samples at multiples of the interval. */
function expandSeries(values: string, intervalMs: number): Array<[number, number | "stale"]> {
  const out: Array<[number, number | "stale"]> = [];
  let i = 0;
  const num = (s: string) => {
    const lower = s.toLowerCase().replace(/^\+/, "");
    if (lower === "inf") return Infinity;
    if (lower === "-inf") return -Infinity;
    if (lower === "nan") return NaN;
    const n = Number(s);
    if (Number.isNaN(n)) throw new Error(`bad series value ${s}`);
    return n;
  };
  for (const item of values.trim().split(/\s+/)) {
    let m: RegExpExecArray | null;
    if (item === "_") i++;
    else if ((m = /^_x(\d+)$/.exec(item))) i += Number(m[1]);
    else if (item === "stale") out.push([i++ * intervalMs, "stale"]);
    else if ((m = new RegExp(`^(${NUM})([-+])(${UNSIGNED})x(\\d+)$`).exec(item))) {
      let v = num(m[1]!);
      const d = num(m[2]! + m[3]!);
      // Repeated addition, as the parser does, so the values carry the same rounding.
      for (let k = 0; k <= Number(m[4]); k++) {
        out.push([i++ * intervalMs, v]);
        v += d;
      }
    } else if ((m = new RegExp(`^(${NUM})x(\\d+)$`).exec(item))) {
      const v = num(m[1]!);
      for (let k = 0; k <= Number(m[2]); k++) out.push([i++ * intervalMs, v]);
    } else out.push([i++ * intervalMs, num(item)]);
  }
  return out;
}

function durationMs(d: string): number {
  let ms = 0;
  for (const [, n, unit] of d.matchAll(/(\d+)(ms|s|m|h)/g)) ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit!]!;
  return ms;
}

/** `{__name__="x", job="y"}` as promtool prints labels (Go-quoted values). */
function parseLabels(text: string, at: { i: number }): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text[at.i] !== "{") throw new Error(`expected labels at ${text.slice(at.i, at.i + 40)}`);
  at.i++;
  while (text[at.i] !== "}") {
    const eq = text.indexOf("=", at.i);
    const name = text.slice(at.i, eq);
    at.i = eq + 1;
    let j = at.i + 1;
    while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
    labels[name] = JSON.parse(text.slice(at.i, j + 1)) as string;
    at.i = j + 1;
    if (text.startsWith(", ", at.i)) at.i += 2;
  }
  at.i++;
  return labels;
}

/** `name{a="b"}` as the input series spell it. */
function seriesLabels(text: string): Record<string, string> {
  const brace = text.indexOf("{");
  return { __name__: text.slice(0, brace), ...parseLabels(text, { i: brace }) };
}

/** promtool's `got:` line split into its samples, each kept as printed: `{a="b"} 1.5E+00`. */
function splitGot(text: string): string[] {
  if (text === "nil") return [];
  const out: string[] = [];
  const at = { i: 0 };
  while (at.i < text.length) {
    const start = at.i;
    parseLabels(text, at);
    const end = text.indexOf(", {", at.i);
    const stop = end < 0 ? text.length : end;
    out.push(text.slice(start, stop));
    at.i = end < 0 ? text.length : end + 2;
  }
  return out;
}

function yamlString(s: string): string {
  return JSON.stringify(s);
}

async function record(name: string, family: Family, version: string): Promise<void> {
  const intervalMs = durationMs(family.interval);
  const maxEval = Math.max(...family.times.map(durationMs));
  const loadedUntil = Math.floor(maxEval / EVAL_INTERVAL_MS) * EVAL_INTERVAL_MS;
  const cases = family.exprs.flatMap((expr) => family.times.map((time) => ({ expr, time })));
  let yaml = `rule_files: []\ntests:\n  - interval: ${family.interval}\n    input_series:\n`;
  for (const [labels, values] of family.series) yaml += `      - series: ${yamlString(labels)}\n        values: ${yamlString(values)}\n`;
  yaml += "    promql_expr_test:\n";
  for (const c of cases)
    yaml += `      - expr: ${yamlString(c.expr)}\n        eval_time: ${c.time}\n        exp_samples: [{labels: 'promql_fidelity_never_matches', value: 1}]\n`;

  const dir = mkdtempSync(path.join(os.tmpdir(), "promql-fidelity-"));
  let stderr: string;
  try {
    writeFileSync(path.join(dir, "cases.yml"), yaml);
    const res = spawnSync(PROMTOOL, ["test", "rules", "cases.yml"], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    if (res.error) throw res.error;
    stderr = res.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Each case fails, in order: `expr: "...", time: ..., err: ...` or `expr: ..., time: ...,` then `exp:` and `got:` lines.
  const lines = stderr.split("\n");
  const results: Array<{
    expr: string;
    timeMs: number;
    error?: string;
    /** Each sample as promtool printed it. */
    result?: string[];
  }> = [];
  let k = 0;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li]!;
    const m = /^ {4}expr: ("(?:[^"\\]|\\.)*"), time: ([^,]+),(?: err: (.*))?$/.exec(line);
    if (!m) continue;
    const c = cases[k++];
    if (!c || JSON.parse(m[1]!) !== c.expr) throw new Error(`${name}: output out of step at ${line}`);
    if (m[3] !== undefined) {
      results.push({ expr: c.expr, timeMs: durationMs(c.time), error: m[3] });
      continue;
    }
    const got = lines[li + 2]!.replace(/^ {8}got: /, "");
    results.push({ expr: c.expr, timeMs: durationMs(c.time), result: splitGot(got) });
    li += 2;
  }
  if (k !== cases.length) throw new Error(`${name}: promtool reported ${k} of ${cases.length} cases:\n${stderr.slice(0, 2000)}`);

  const recording = {
    family: name,
    prometheus: version,
    interval: family.interval,
    series: family.series.map(([labels, values]) => ({
      notation: `${labels} ${values}`,
      labels: seriesLabels(labels),
      samples: expandSeries(values, intervalMs)
        .filter(([t]) => t <= loadedUntil)
        .map(([t, v]) => [t, typeof v === "number" ? String(v) : v]),
    })),
    cases: results,
  };
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.json`);
  // Written as the project's prettier writes JSON, so `prettier --check` stays clean after a re-recording.
  writeFileSync(file, await prettier.format(JSON.stringify(recording), { ...(await prettier.resolveConfig(file)), filepath: file }));
  console.log(`${name}: ${results.length} cases (${results.filter((r) => r.error).length} errors)`);
}

async function main(): Promise<void> {
  const versionText = execFileSync(PROMTOOL, ["--version"], { encoding: "utf8" });
  const version = /version (\S+)/.exec(versionText)?.[1] ?? "unknown";
  const wanted = process.argv.slice(2);
  for (const [name, family] of Object.entries(FAMILIES))
    if (wanted.length === 0 || wanted.includes(name)) await record(name, family, version);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
