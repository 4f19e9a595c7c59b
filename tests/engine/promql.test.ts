// lib/metrics: the exposition parser, the scraping store and PromQL, feature by feature.
// Expected values are worked out by hand from Prometheus 2.42's source (promql/functions.go,
// quantile.go, engine.go, scrape/scrape.go, model/textparse/promparse.go); the broad
// comparison with the real engine is tests/fidelity/promql-replay.test.ts.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { metricsText } from "@/lib/engine/etcd/metrics";
import { Lab } from "@/lib/engine/shell/lab";
import { ExpositionError, familyOf, parseExposition } from "@/lib/metrics/exposition";
import { PromqlError, checkQuery, formatValue, instantQuery, rangeQuery, type PromValue } from "@/lib/metrics/promql";
import {
  MAX_SAMPLES_PER_SCRAPE,
  MAX_SERIES,
  RETENTION_MS,
  Tsdb,
  TsdbError,
  anchoredRegexp,
  compareLabels,
  labelsKey,
  type Labels,
} from "@/lib/metrics/tsdb";
import { PARSE_ERROR_CASES } from "./support/promql-parse-errors";

// ------------------------------------------------------------------ helpers

const MIN = 60_000;

/** A store with series given as `name{a="b"}` → values at multiples of `stepMs` (null: no sample, "stale": a stale marker). */
function store(series: Record<string, Array<number | null | "stale">>, stepMs = MIN): Tsdb {
  const db = new Tsdb();
  for (const [spec, values] of Object.entries(series)) {
    const labels = parseSpec(spec);
    values.forEach((v, i) => {
      if (v === null) return;
      db.appendSample(labels, i * stepMs, v === "stale" ? NaN : v, v === "stale");
    });
  }
  return db;
}

function parseSpec(spec: string): Labels {
  const m = /^([a-zA-Z_:][\w:]*)?(?:\{(.*)\})?$/.exec(spec)!;
  const labels: Labels = {};
  if (m[1]) labels.__name__ = m[1];
  for (const [, k, v] of (m[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)) labels[k!] = v!;
  return labels;
}

/** An instant query's samples as `labels => value`, in result order. */
function vec(db: Tsdb, expr: string, atMs: number): Array<[string, string]> {
  const r = instantQuery(db, expr, atMs);
  if (r.resultType !== "vector") throw new Error(`expected a vector, got ${r.resultType}`);
  return r.result.map((s) => [show(s.metric), s.value[1]]);
}

function show(l: Labels): string {
  return `{${Object.entries(l)
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;
}

/** The value of a one-sample vector, as a number. */
function num(samples: Array<[string, string]>): number {
  expect(samples).toHaveLength(1);
  return Number(samples[0]![1]);
}

function scalar(db: Tsdb, expr: string, atMs = 0): string {
  const r = instantQuery(db, expr, atMs);
  if (r.resultType !== "scalar") throw new Error(`expected a scalar, got ${r.resultType}`);
  return r.result[1];
}

function error(run: () => unknown): PromqlError {
  try {
    run();
  } catch (e) {
    if (e instanceof PromqlError) return e;
    throw e;
  }
  throw new Error("no error");
}

const empty = new Tsdb();

// ------------------------------------------------------------------ exposition

describe("the text exposition format", () => {
  it("reads HELP, TYPE, labels with escapes, optional timestamps and special values", () => {
    const text = [
      "# HELP http_requests_total The total number of HTTP requests.\\nSecond line \\\\ done.",
      "# TYPE http_requests_total counter",
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400",} 3',
      "# A plain comment",
      "#HELP not metadata",
      "",
      'msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9',
      "  metric_without_timestamp_and_labels 12.47",
      'something_weird{problem="division by zero"} +Inf 3982045',
      "neg_inf -Inf",
      "not_a_number NaN",
      'tabbed\t{a="b"}\t7',
    ].join("\n");
    const { samples, families } = parseExposition(text);
    expect(samples.map((s) => [s.labels, s.value, s.timestampMs])).toEqual([
      [{ __name__: "http_requests_total", code: "200", method: "post" }, 1027, 1395066363000],
      [{ __name__: "http_requests_total", code: "400", method: "post" }, 3, undefined],
      [
        { __name__: "msdos_file_access_time_seconds", error: 'Cannot find file:\n"FILE.TXT"', path: "C:\\DIR\\FILE.TXT" },
        1458255915,
        undefined,
      ],
      [{ __name__: "metric_without_timestamp_and_labels" }, 12.47, undefined],
      [{ __name__: "something_weird", problem: "division by zero" }, Infinity, 3982045],
      [{ __name__: "neg_inf" }, -Infinity, undefined],
      [{ __name__: "not_a_number" }, NaN, undefined],
      [{ __name__: "tabbed", a: "b" }, 7, undefined],
    ]);
    expect(families.get("http_requests_total")).toEqual({
      name: "http_requests_total",
      type: "counter",
      help: "The total number of HTTP requests.\nSecond line \\ done.",
    });
  });

  it("keeps histograms and summaries as suffixed samples and knows their family", () => {
    const text = `# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
# TYPE req_seconds histogram
req_seconds_bucket{le="0.1"} 3
req_seconds_bucket{le="+Inf"} 4
req_seconds_sum 0.3
req_seconds_count 4
`;
    const { samples, families } = parseExposition(text);
    expect(samples.map((s) => s.labels.__name__)).toEqual([
      "rpc_duration_seconds",
      "rpc_duration_seconds_sum",
      "rpc_duration_seconds_count",
      "req_seconds_bucket",
      "req_seconds_bucket",
      "req_seconds_sum",
      "req_seconds_count",
    ]);
    expect(samples[4]!.labels.le).toBe("+Inf");
    expect(familyOf("req_seconds_bucket", families)?.name).toBe("req_seconds");
    expect(familyOf("rpc_duration_seconds_count", families)?.type).toBe("summary");
    expect(familyOf("rpc_duration_seconds_bucket", families)).toBeUndefined();
  });

  // promparse_test.go's TestPromParseErrors.
  it.each([
    ["a", 'expected value after metric, got "INVALID"'],
    ["a{b='c'} 1\n", 'expected label value, got "INVALID"'],
    ["a{b=\n", 'expected label value, got "INVALID"'],
    ["a true\n", 'strconv.ParseFloat: parsing "true": invalid syntax'],
    ['something_weird{problem="', 'expected label value, got "INVALID"'],
    ['empty_label_name{=""} 0', 'expected label name, got "EQUAL"'],
    ["foo 1_2\n", "unsupported character in float"],
    ["foo 0x1p-3\n", "unsupported character in float"],
    ["foo 0 1_2\n", 'expected next entry after timestamp, got "INVALID"'],
    ['{a="ok"} 1', '"INVALID" is not a valid start token'],
    ["# TYPE #\n#EOF\n", 'expected metric name after TYPE, got "INVALID"'],
    ["# HELP #\n#EOF\n", 'expected metric name after HELP, got "INVALID"'],
    ["# TYPE foo gaugex\n", 'invalid metric type "gaugex"'],
    ["foo 1e400\n", 'strconv.ParseFloat: parsing "1e400": value out of range'],
    ["foo 1 -5\n", 'expected timestamp or new record, got "INVALID"'],
    ["a{b,} 1\n", 'expected equal, got "COMMA"'],
  ])("refuses %j: %s", (input, message) => {
    let thrown: unknown;
    try {
      parseExposition(input);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ExpositionError);
    expect((thrown as Error).message).toBe(message);
  });

  it("accepts Go's spellings of infinity and refuses +NaN", () => {
    expect(parseExposition("a Infinity\nb -inf\nc nan\n").samples.map((s) => s.value)).toEqual([Infinity, -Infinity, NaN]);
    expect(() => parseExposition("a +NaN")).toThrow('strconv.ParseFloat: parsing "+NaN": invalid syntax');
    // Prometheus 2.42's lexer takes digits only: the format documentation's negative timestamp fails.
    expect(() => parseExposition("a 1 -3982045")).toThrow('expected timestamp or new record, got "INVALID"');
  });
});

// ------------------------------------------------------------------ the store

describe("the store: scraping like Prometheus", () => {
  const target = { job: "etcd", instance: "127.0.0.1:2379" };

  it("attaches the target's labels, renames exposed ones it overrides, and writes up and scrape_* series", () => {
    const db = new Tsdb();
    const r = db.ingest('a{job="mine"} 1\nb 2\nb{exported_job="x", job="y"} 3\n', 1000, target, { durationMs: 12 });
    expect(r).toEqual({ up: 1, scraped: 3, added: 3, seriesAdded: 3, refused: 0 });
    expect(vec(db, "{job='etcd'}", 1000)).toEqual([
      ['{__name__="a",exported_job="mine",instance="127.0.0.1:2379",job="etcd"}', "1"],
      // Label by label: exported_exported_job sorts before instance.
      ['{__name__="b",exported_exported_job="y",exported_job="x",instance="127.0.0.1:2379",job="etcd"}', "3"],
      ['{__name__="b",instance="127.0.0.1:2379",job="etcd"}', "2"],
      ['{__name__="scrape_duration_seconds",instance="127.0.0.1:2379",job="etcd"}', "0.012"],
      ['{__name__="scrape_samples_post_metric_relabeling",instance="127.0.0.1:2379",job="etcd"}', "3"],
      ['{__name__="scrape_samples_scraped",instance="127.0.0.1:2379",job="etcd"}', "3"],
      ['{__name__="scrape_series_added",instance="127.0.0.1:2379",job="etcd"}', "3"],
      ['{__name__="up",instance="127.0.0.1:2379",job="etcd"}', "1"],
    ]);
  });

  it("puts a stale marker on series the target stopped exposing: they vanish at once, not after 5 minutes", () => {
    const db = new Tsdb();
    db.ingest("a 1\nb 1\n", 0, target);
    db.ingest("a 2\n", 15_000, target);
    expect(vec(db, "b", 14_999)).toEqual([['{__name__="b",instance="127.0.0.1:2379",job="etcd"}', "1"]]);
    expect(vec(db, "b", 15_000)).toEqual([]);
    expect(vec(db, "b", 60_000)).toEqual([]);
    // Still in range vectors until the marker.
    expect(vec(db, "count_over_time(b[1m])", 60_000)).toEqual([['{instance="127.0.0.1:2379",job="etcd"}', "1"]]);
    // A series that comes back is back.
    db.ingest("a 3\nb 5\n", 30_000, target);
    expect(vec(db, "b", 30_000)).toEqual([['{__name__="b",instance="127.0.0.1:2379",job="etcd"}', "5"]]);
  });

  it("a failed scrape (target down, or text that does not parse) stores nothing, sets up to 0 and stales everything", () => {
    const db = new Tsdb();
    db.ingest("a 1\n", 0, target);
    expect(db.ingest(null, 15_000, target)).toMatchObject({ up: 0, error: "scrape failed" });
    expect(vec(db, "up", 15_000)).toEqual([['{__name__="up",instance="127.0.0.1:2379",job="etcd"}', "0"]]);
    expect(vec(db, "a", 15_000)).toEqual([]);
    db.ingest("a 2\n", 30_000, target);
    const bad = db.ingest("a 3\nb{oops} 4\n", 45_000, target);
    expect(bad).toMatchObject({ up: 0, error: 'expected equal, got "BCLOSE"', added: 0 });
    expect(vec(db, "a", 45_000)).toEqual([]);
    expect(vec(db, "a", 44_999)).toEqual([['{__name__="a",instance="127.0.0.1:2379",job="etcd"}', "2"]]);
    expect(db.ingest("a 1\n", 60_000, target, { error: "connection refused" })).toMatchObject({ up: 0, error: "connection refused" });
  });

  it("refuses a sample repeating a label name, as Prometheus' head does (the scrape fails)", () => {
    const db = new Tsdb();
    expect(db.ingest('a{x="1",x="2"} 1\n', 0, target)).toMatchObject({ up: 0, error: 'label name "x" is not unique: invalid sample' });
  });

  it("keeps each target's staleness to itself and stales all of a dropped target", () => {
    const db = new Tsdb();
    const other = { job: "etcd", instance: "127.0.0.1:22379" };
    db.ingest("a 1\n", 0, target);
    db.ingest("a 2\n", 0, other);
    db.ingest("a 3\n", 15_000, other);
    // "127.0.0.1:22379" sorts before "127.0.0.1:2379".
    expect(vec(db, "a", 15_000).map(([, v]) => v)).toEqual(["3", "1"]);
    db.dropTarget(other, 20_000);
    expect(vec(db, "a", 20_000).map(([l]) => l)).toEqual(['{__name__="a",instance="127.0.0.1:2379",job="etcd"}']);
    expect(vec(db, "up", 20_000)).toEqual([['{__name__="up",instance="127.0.0.1:2379",job="etcd"}', "1"]]);
  });

  it("drops out-of-order samples and a different value at the same time; the same one twice is fine", () => {
    const db = new Tsdb();
    expect(db.appendSample({ __name__: "x" }, 1000, 1)).toBe(true);
    expect(db.appendSample({ __name__: "x" }, 500, 2)).toBe(false);
    expect(db.appendSample({ __name__: "x" }, 1000, 3)).toBe(false);
    expect(db.ingest("y 1\ny 2\n", 0, target)).toMatchObject({ up: 1, added: 1 });
    expect(vec(db, "y", 0).map(([, v]) => v)).toEqual(["1"]);
  });

  it("forgets samples older than the retention window behind the newest one", () => {
    const db = new Tsdb();
    db.appendSample({ __name__: "old" }, 0, 1);
    db.appendSample({ __name__: "new" }, RETENTION_MS + 1, 1);
    expect(db.select([{ type: "=", name: "__name__", value: "old" }], 0, Infinity)).toEqual([]);
    expect(vec(db, "count_over_time(old[3h])", RETENTION_MS)).toEqual([]);
    // The series itself goes at the next collection.
    db.appendSample({ __name__: "new" }, RETENTION_MS + 2 * 60_000, 1);
    expect(db.labelValues("__name__")).toEqual(["new"]);
  });

  it("is bounded: no series beyond MAX_SERIES, no scrape beyond the sample limit", () => {
    const db = new Tsdb();
    for (let i = 0; i < MAX_SERIES; i++) expect(db.appendSample({ __name__: "s", i: String(i) }, 0, i)).toBe(true);
    expect(db.appendSample({ __name__: "s", i: "one more" }, 0, 1)).toBe(false);
    expect(db.seriesCount).toBe(MAX_SERIES);
    expect(db.refusedSamples).toBe(1);
    const big = Array.from({ length: MAX_SAMPLES_PER_SCRAPE + 1 }, (_, i) => `m{i="${i}"} 1`).join("\n");
    expect(new Tsdb().ingest(big, 0, target)).toMatchObject({ up: 0, error: "sample limit exceeded" });
  });

  it("selects with =, !=, =~ (fully anchored) and !~, a missing label matching the empty string", () => {
    const db = store({ 'x{a="foo"}': [1], 'x{a="foobar"}': [2], x: [3] });
    const sel = (type: "=" | "!=" | "=~" | "!~", value: string) =>
      db.select([{ type, name: "a", value }], 0, 0).map((s) => s.labels.a ?? "");
    expect(sel("=", "foo")).toEqual(["foo"]);
    expect(sel("=", "")).toEqual([""]);
    expect(sel("!=", "foo")).toEqual(["", "foobar"]);
    expect(sel("=~", "foo")).toEqual(["foo"]);
    expect(sel("=~", "fo+.*")).toEqual(["foo", "foobar"]);
    expect(sel("!~", "foo|")).toEqual(["foobar"]);
  });

  it("speaks RE2, not JavaScript: flags, classes, \\Q..\\E, a literal brace, and RE2's refusals", () => {
    const full = (re: string, s: string) => anchoredRegexp(re).test(s);
    expect(full("(?i)GET", "get")).toBe(true);
    expect(full("a(?i:b)c", "aBc")).toBe(true);
    expect(full("a(?i:b)c", "aBC")).toBe(false);
    expect(full("[[:digit:]]+", "123")).toBe(true);
    expect(full("\\Q.*\\E", ".*")).toBe(true);
    expect(full("\\Q.*\\E", "ab")).toBe(false);
    expect(full("a{", "a{")).toBe(true);
    expect(full("x{2,3}", "xxx")).toBe(true);
    expect(full("(?s).", "\n")).toBe(true);
    expect(full(".", "\n")).toBe(false);
    expect(full("\\x{48}i", "Hi")).toBe(true);
    expect(full("(?P<word>\\w+)", "ab_1")).toBe(true);
    expect(full("\\pL+", "héllo")).toBe(true);
    expect(() => anchoredRegexp("(?=x)")).toThrow("error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
    expect(() => anchoredRegexp("(a)\\1")).toThrow("error parsing regexp: invalid escape sequence: `\\1`");
    expect(() => anchoredRegexp("[z-a]")).toThrow("error parsing regexp: invalid character class range: `z-a`");
    expect(() => anchoredRegexp("a)")).toThrow("error parsing regexp: unexpected ): `^(?:a))$`");
    expect(() => anchoredRegexp("[a")).toThrow("error parsing regexp: missing closing ]: `[a)$`");
  });

  it("keys a label set whatever its key order, and orders label sets as Prometheus does", () => {
    expect(labelsKey({ b: "1", a: "2" })).toBe(labelsKey({ a: "2", b: "1" }));
    const sets: Labels[] = [{ a: "2" }, { a: "1", b: "1" }, { a: "1" }, { __name__: "z" }];
    expect([...sets].sort(compareLabels)).toEqual([{ __name__: "z" }, { a: "1" }, { a: "1", b: "1" }, { a: "2" }]);
  });

  it("refuses a target label that is not a label name", () => {
    expect(() => new Tsdb().ingest("a 1", 0, { "bad-name": "x" })).toThrow(TsdbError);
  });
});

// ------------------------------------------------------------------ parsing

describe("PromQL parsing", () => {
  it.each(PARSE_ERROR_CASES)("reports %j as Prometheus does: %s", (input, message) => {
    const got = checkQuery(input);
    expect(got).toContain(message);
    expect(got).toMatch(/^\d+:\d+: parse error: /);
  });

  it("reports the position as line:column", () => {
    expect(checkQuery("sum(\n  rate(x[5m]) + bool 1\n)")).toBe("2:15: parse error: bool modifier can only be used on comparison operators");
    expect(checkQuery('foo{a=~"(("}')).toBe("1:5: parse error: error parsing regexp: missing closing ): `^(?:(()$`");
  });

  it("follows Prometheus' precedence and associativity", () => {
    const cases: Array<[string, string]> = [
      ["2 + 3 * 4", "14"],
      ["2 * 3 + 4", "10"],
      ["10 - 4 - 3", "3"],
      ["2 ^ 3 ^ 2", "512"],
      ["-2 ^ 2", "-4"],
      ["(-2) ^ 2", "4"],
      ["2 ^ -1", "0.5"],
      ["-1 * -1", "1"],
      ["- - 3", "3"],
      ["24 / 4 / 2", "3"],
      ["7 % 4 * 2", "6"],
      ["1 + 2 > bool 2", "1"],
      ["2 > bool 1 == bool 1", "1"],
      ["1 + 1 ^ 2 * 3", "4"],
      ["0x10 + 010 + 1e1 + .5", "34.5"],
      ["Inf", "+Inf"],
      ["-inf", "-Inf"],
      ["NaN", "NaN"],
    ];
    for (const [expr, want] of cases) expect([expr, scalar(empty, expr)]).toEqual([expr, want]);
  });

  it("takes grouping before or after the aggregation's argument", () => {
    const db = store({ 'x{a="1",b="1"}': [1], 'x{a="1",b="2"}': [2], 'x{a="2",b="1"}': [4] });
    const by = [
      ['{a="1"}', "3"],
      ['{a="2"}', "4"],
    ];
    expect(vec(db, "sum by (a) (x)", 0)).toEqual(by);
    expect(vec(db, "sum(x) by (a)", 0)).toEqual(by);
    expect(vec(db, "sum without (b) (x)", 0)).toEqual(by);
    expect(vec(db, "SUM(x) WITHOUT (b,)", 0)).toEqual(by);
    expect(vec(db, "sum by () (x)", 0)).toEqual([["{}", "7"]]);
  });

  it("reads durations (compound ones too), ranges and offsets", () => {
    const db = store({ x: Array.from({ length: 121 }, (_, i) => i) });
    expect(vec(db, "count_over_time(x[1h30m])", 120 * MIN)).toEqual([["{}", "91"]]);
    expect(vec(db, "count_over_time(x[90s])", 120 * MIN)).toEqual([["{}", "2"]]);
    expect(vec(db, "count_over_time(x[30s])", 120 * MIN)).toEqual([["{}", "1"]]);
    expect(vec(db, "x offset 1h", 120 * MIN)).toEqual([['{__name__="x"}', "60"]]);
    expect(vec(db, "x offset -5m", 100 * MIN)).toEqual([['{__name__="x"}', "105"]]);
    expect(vec(db, "sum_over_time(x[2m] offset 1m)", 10 * MIN)).toEqual([["{}", "24"]]);
    expect(vec(db, "x @ 300", 120 * MIN)).toEqual([['{__name__="x"}', "5"]]);
    expect(checkQuery("x[5m1h]")).toBe('1:3: parse error: not a valid duration string: "5m1h"');
  });

  it("keeps comments out of the way", () => {
    const db = store({ x: [7] });
    expect(vec(db, "x # the value\n+ 1 # plus one", 0)).toEqual([["{}", "8"]]);
  });
});

// ------------------------------------------------------------------ evaluation

describe("PromQL evaluation", () => {
  it("answers in the HTTP API's shapes: scalar, string, vector, matrix", () => {
    const db = store({ 'x{a="1"}': [1, 2] });
    expect(instantQuery(db, "1 + 1", 90_500)).toEqual({ resultType: "scalar", result: [90.5, "2"] });
    expect(instantQuery(db, '"hi"', 1000)).toEqual({ resultType: "string", result: [1, "hi"] });
    expect(instantQuery(db, "x", 90_000)).toEqual({
      resultType: "vector",
      result: [{ metric: { __name__: "x", a: "1" }, value: [90, "2"] }],
    });
    expect(instantQuery(db, "x[2m]", 90_000)).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { __name__: "x", a: "1" },
          values: [
            [0, "1"],
            [60, "2"],
          ],
        },
      ],
    });
    expect(rangeQuery(db, "x * 2", 0, 120_000, 60_000)).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: { a: "1" },
          values: [
            [0, "2"],
            [60, "4"],
            [120, "4"],
          ],
        },
      ],
    });
    expect(rangeQuery(db, "time()", 0, 30_000, 15_000)).toEqual({
      resultType: "matrix",
      result: [
        {
          metric: {},
          values: [
            [0, "0"],
            [15, "15"],
            [30, "30"],
          ],
        },
      ],
    });
  });

  it("formats values as Go does for the API", () => {
    expect([1e-7, 0.000001, 1e21, 1.5e300, 123456789012345680000, -0, 0.1 + 0.2, NaN, Infinity, -Infinity].map(formatValue)).toEqual([
      "1e-07",
      "0.000001",
      "1e+21",
      "1.5e+300",
      "123456789012345680000",
      "-0",
      "0.30000000000000004",
      "NaN",
      "+Inf",
      "-Inf",
    ]);
  });

  it("checks a range query's arguments as the API does", () => {
    expect(error(() => rangeQuery(empty, "1", 10, 0, 1)).message).toBe("end timestamp must not be before start time");
    expect(error(() => rangeQuery(empty, "1", 0, 10, 0)).message).toBe(
      "zero or negative query resolution step widths are not accepted. Try a positive integer",
    );
    expect(error(() => rangeQuery(empty, "1", 0, 11_001, 1)).message).toBe(
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)",
    );
    expect(error(() => rangeQuery(empty, "x[5m]", 0, 10, 1)).message).toBe(
      'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
    );
    expect(error(() => rangeQuery(empty, "x +", 0, 10, 1)).errorType).toBe("bad_data");
  });

  it("looks back 5 minutes for an instant selector, inclusive, and no further", () => {
    const db = store({ x: [1] });
    expect(vec(db, "x", 5 * MIN)).toEqual([['{__name__="x"}', "1"]]);
    expect(vec(db, "x", 5 * MIN + 1)).toEqual([]);
    expect(vec(db, "x", -1)).toEqual([]);
  });

  it("stops at a stale marker even within the lookback", () => {
    const db = store({ x: [1, "stale", null, 4] });
    expect(vec(db, "x", 30_000)).toEqual([['{__name__="x"}', "1"]]);
    expect(vec(db, "x", MIN)).toEqual([]);
    expect(vec(db, "x", 2 * MIN)).toEqual([]);
    expect(vec(db, "x", 3 * MIN)).toEqual([['{__name__="x"}', "4"]]);
    expect(vec(db, "count_over_time(x[5m])", 3 * MIN)).toEqual([["{}", "2"]]);
  });

  it("rate, increase and delta extrapolate as extrapolatedRate does", () => {
    // A counter going up by one every 15 s (value = t / 15 s).
    const db = store({ c: Array.from({ length: 40 }, (_, i) => i) }, 15_000);
    // At 67 s the 1m window holds 15..60 s (1..4): 3 over 45 s, extrapolated by 8 s and 7 s to 60 s.
    expect(vec(db, "increase(c[1m])", 67_000)).toEqual([["{}", "4"]]);
    expect(num(vec(db, "rate(c[1m])", 67_000))).toBeCloseTo(4 / 60, 15);
    // Near the start the zero point caps the extrapolation: at 20 s the window holds 0 (0 s) and 1 (15 s).
    expect(num(vec(db, "increase(c[1m])", 20_000))).toBeCloseTo(4 / 3, 14);
    // A window reaching far before the first sample extrapolates half an interval on that side...
    expect(vec(db, "delta(c[5m])", 60_000)).toEqual([["{}", "4.5"]]);
    // ...but a counter not below zero: 0 at 0 s is where it started.
    expect(vec(db, "increase(c[5m])", 60_000)).toEqual([["{}", "4"]]);
    expect(vec(db, "delta(c[1m])", 67_000)).toEqual([["{}", "4"]]);
    expect(num(vec(db, "irate(c[1m])", 67_000))).toBeCloseTo(1 / 15, 15);
    expect(vec(db, "idelta(c[1m])", 67_000)).toEqual([["{}", "1"]]);
    // One sample: no rate.
    expect(vec(db, "rate(c[10s])", 67_000)).toEqual([]);
  });

  it("counts a counter reset as a restart from zero", () => {
    const db = store({ c: [5, 8, 11, 2, 5] });
    // 5→11 is 6, the reset adds 11, then 2→5: 5 - 5 + 11 = 11 over exactly the range.
    expect(vec(db, "increase(c[4m])", 4 * MIN)).toEqual([["{}", "11"]]);
    expect(vec(db, "resets(c[4m])", 4 * MIN)).toEqual([["{}", "1"]]);
    expect(vec(db, "irate(c[2m])", 3 * MIN)).toEqual([["{}", "0.03333333333333333"]]);
    // delta does not know about resets.
    expect(vec(db, "delta(c[4m])", 4 * MIN)).toEqual([["{}", "0"]]);
  });

  it("histogram_quantile interpolates within buckets like bucketQuantile", () => {
    const h = (le: string, n: number) => ({ [`b_bucket{le="${le}"}`]: [n] });
    const db = store({ ...h("0.1", 5), ...h("0.5", 8), ...h("1", 9), ...h("+Inf", 10) });
    const q = (x: string) => vec(db, `histogram_quantile(${x}, b_bucket)`, 0)[0]?.[1];
    expect(q("0.5")).toBe("0.1");
    expect(q("0.7")).toBe("0.3666666666666667");
    expect(q("0.9")).toBe("1");
    // In the +Inf bucket: the highest finite bound.
    expect(q("0.95")).toBe("1");
    expect(q("0")).toBe("0");
    expect(q("-1")).toBe("-Inf");
    expect(q("2")).toBe("+Inf");
    expect(q("NaN")).toBe("NaN");
    // Labels other than le and __name__ are kept.
    expect(
      vec(store({ 'b_bucket{le="+Inf",job="x"}': [1], 'b_bucket{le="1",job="x"}': [1] }), "histogram_quantile(0.5, b_bucket)", 0),
    ).toEqual([['{job="x"}', "0.5"]]);
    // No +Inf bucket, or no observations: NaN.
    expect(vec(store({ 'b_bucket{le="1"}': [1] }), "histogram_quantile(0.5, b_bucket)", 0)).toEqual([["{}", "NaN"]]);
    expect(vec(store({ 'b_bucket{le="1"}': [0], 'b_bucket{le="+Inf"}': [0] }), "histogram_quantile(0.5, b_bucket)", 0)).toEqual([
      ["{}", "NaN"],
    ]);
  });

  it("aggregates: sum avg min max count stddev stdvar group topk bottomk quantile count_values", () => {
    const db = store({ 'x{i="a",g="1"}': [1], 'x{i="b",g="1"}': [2], 'x{i="c",g="2"}': [3], 'x{i="d",g="2"}': [6] });
    const one = (e: string) => vec(db, e, 0);
    expect(one("sum(x)")).toEqual([["{}", "12"]]);
    expect(one("avg by (g) (x)")).toEqual([
      ['{g="1"}', "1.5"],
      ['{g="2"}', "4.5"],
    ]);
    expect(one("min(x)")).toEqual([["{}", "1"]]);
    expect(one("max without (i) (x)")).toEqual([
      ['{g="1"}', "2"],
      ['{g="2"}', "6"],
    ]);
    expect(one("count(x)")).toEqual([["{}", "4"]]);
    expect(one("stdvar(x)")).toEqual([["{}", "3.5"]]);
    expect(one("stddev by (g) (x)")).toEqual([
      ['{g="1"}', "0.5"],
      ['{g="2"}', "1.5"],
    ]);
    expect(one("group by (g) (x)")).toEqual([
      ['{g="1"}', "1"],
      ['{g="2"}', "1"],
    ]);
    expect(one("topk(2, x)")).toEqual([
      ['{__name__="x",g="2",i="d"}', "6"],
      ['{__name__="x",g="2",i="c"}', "3"],
    ]);
    expect(one("bottomk by (g) (1, x)")).toEqual([
      ['{__name__="x",g="1",i="a"}', "1"],
      ['{__name__="x",g="2",i="c"}', "3"],
    ]);
    expect(one("quantile(0.5, x)")).toEqual([["{}", "2.5"]]);
    expect(num(one("quantile(0.9, x)"))).toBeCloseTo(5.1, 14);
    expect(one('count_values("v", x * 0 + 1)')).toEqual([['{v="1"}', "4"]]);
    expect(one("sum by (__name__) (x)")).toEqual([['{__name__="x"}', "12"]]);
    expect(one("topk(0, x)")).toEqual([]);
  });

  it("matches vectors one to one, with on/ignoring, group_left/right, and the set operators", () => {
    const db = store({
      'req{job="a",code="200"}': [10],
      'req{job="a",code="500"}': [2],
      'req{job="b",code="200"}': [4],
      'limit{job="a"}': [100],
      'limit{job="b"}': [8],
    });
    const one = (e: string) => vec(db, e, 0);
    expect(one('req{code="500"} / ignoring(code) req{code="200"}')).toEqual([['{job="a"}', "0.2"]]);
    // In the order of the "many" side, which is the selector's (label) order.
    expect(one("req / on(job) group_left limit")).toEqual([
      ['{code="200",job="a"}', "0.1"],
      ['{code="200",job="b"}', "0.5"],
      ['{code="500",job="a"}', "0.02"],
    ]);
    expect(one("limit / on(job) group_right req")).toEqual([
      ['{code="200",job="a"}', "10"],
      ['{code="200",job="b"}', "2"],
      ['{code="500",job="a"}', "50"],
    ]);
    expect(one('req and on(job) limit{job="b"}')).toEqual([['{__name__="req",code="200",job="b"}', "4"]]);
    expect(one('req{code="500"} or limit')).toEqual([
      ['{__name__="req",code="500",job="a"}', "2"],
      ['{__name__="limit",job="a"}', "100"],
      ['{__name__="limit",job="b"}', "8"],
    ]);
    expect(one("req unless on(job) limit > 50")).toEqual([['{__name__="req",code="200",job="b"}', "4"]]);
    expect(error(() => one("req / on(job) limit")).message).toBe(
      "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)",
    );
    expect(error(() => one("limit / on(job) req")).message).toBe(
      'found duplicate series for the match group {job="a"} on the right hand-side of the operation: [{__name__="req", code="500", job="a"}, {__name__="req", code="200", job="a"}];many-to-many matching not allowed: matching labels must be unique on one side',
    );
    expect(error(() => one("limit / on(job) req")).errorType).toBe("execution");
  });

  it("compares with and without bool, keeping the vector's value either side", () => {
    const db = store({ 'x{i="a"}': [1], 'x{i="b"}': [5] });
    expect(vec(db, "x > 2", 0)).toEqual([['{__name__="x",i="b"}', "5"]]);
    expect(vec(db, "2 < x", 0)).toEqual([['{__name__="x",i="b"}', "5"]]);
    expect(vec(db, "x > bool 2", 0)).toEqual([
      ['{i="a"}', "0"],
      ['{i="b"}', "1"],
    ]);
    expect(vec(db, "x == bool x", 0)).toEqual([
      ['{i="a"}', "1"],
      ['{i="b"}', "1"],
    ]);
    expect(scalar(db, "3 >= bool 3")).toBe("1");
  });

  it("drops __name__ where Prometheus drops it, and only there", () => {
    const db = store({ x: [2, 3] });
    const names = (e: string) => vec(db, e, MIN).map(([l]) => l);
    for (const e of [
      "x * 1",
      "-x",
      "abs(x)",
      "rate(x[2m])",
      "sum_over_time(x[2m])",
      "x > bool 1",
      "round(x)",
      "timestamp(x)",
      "clamp_min(x, 0)",
      "histogram_quantile(0.5, x)",
    ])
      expect([e, names(e)]).not.toEqual([e, ['{__name__="x"}']]);
    for (const e of [
      "x",
      "+x",
      "x > 1",
      "last_over_time(x[2m])",
      "sort(x)",
      "x and x",
      "x offset 1m",
      'label_replace(x, "a", "b", "", "")',
    ])
      expect([e, names(e).map((l) => l.includes('__name__="x"'))]).toEqual([e, [true]]);
  });

  it("has the *_over_time family", () => {
    const db = store({ x: [1, 5, 2, 8] });
    const at = (e: string) => vec(db, e, 3 * MIN)[0]?.[1];
    expect(at("avg_over_time(x[3m])")).toBe("4");
    expect(at("min_over_time(x[3m])")).toBe("1");
    expect(at("max_over_time(x[3m])")).toBe("8");
    expect(at("sum_over_time(x[3m])")).toBe("16");
    expect(at("count_over_time(x[3m])")).toBe("4");
    expect(at("last_over_time(x[3m])")).toBe("8");
    expect(Number(at("stdvar_over_time(x[3m])"))).toBeCloseTo(7.5, 14);
    expect(at("quantile_over_time(0.5, x[3m])")).toBe("3.5");
    expect(at("changes(x[3m])")).toBe("3");
    expect(at("present_over_time(x[3m])")).toBe("1");
    expect(vec(db, "absent_over_time(x[3m])", 3 * MIN)).toEqual([]);
    expect(vec(db, 'absent_over_time(y{a="b"}[3m])', 3 * MIN)).toEqual([['{a="b"}', "1"]]);
  });

  it("has the instant-vector functions", () => {
    const db = store({ 'x{i="a"}': [-2.5], 'x{i="b"}': [4], 'x{i="c"}': [NaN] });
    const val = (e: string) => vec(db, e, 0).map(([, v]) => v);
    expect(val("abs(x)")).toEqual(["2.5", "4", "NaN"]);
    expect(val("ceil(x)")).toEqual(["-2", "4", "NaN"]);
    expect(val("floor(x)")).toEqual(["-3", "4", "NaN"]);
    expect(val("round(x)")).toEqual(["-2", "4", "NaN"]);
    // Ties round up: -2.5 to the nearest 5 is 0.
    expect(val("round(x, 5)")).toEqual(["0", "5", "NaN"]);
    expect(val("sqrt(x)")).toEqual(["NaN", "2", "NaN"]);
    expect(val("clamp_min(x, 0)")).toEqual(["0", "4", "NaN"]);
    expect(val("clamp_max(x, 0)")).toEqual(["-2.5", "0", "NaN"]);
    expect(Number(val("exp(x > 3)")[0])).toBeCloseTo(Math.exp(4), 12);
    expect(val("ln(x > 0)")).toEqual([String(Math.log(4))]);
    expect(val("log2(x > 0)")).toEqual(["2"]);
    expect(val("log10(x > 0)")).toEqual([String(Math.log10(4))]);
    expect(val("sort(x)")).toEqual(["-2.5", "4", "NaN"]);
    expect(val("sort_desc(x)")).toEqual(["4", "-2.5", "NaN"]);
    expect(scalar(db, "scalar(x)")).toBe("NaN");
    expect(scalar(db, 'scalar(x{i="b"})')).toBe("4");
    expect(scalar(db, "time()", 90_000)).toBe("90");
    expect(vec(db, "vector(2)", 0)).toEqual([["{}", "2"]]);
    expect(vec(db, "absent(x)", 0)).toEqual([]);
    expect(vec(db, 'absent(nope{job="j",i=~"x"})', 0)).toEqual([['{job="j"}', "1"]]);
    expect(vec(db, 'label_replace(x{i="a"}, "dst", "<$1>", "i", "(.)")', 0)).toEqual([['{__name__="x",dst="<a>",i="a"}', "-2.5"]]);
    expect(vec(db, 'label_replace(x{i="a"}, "dst", "$1", "i", "nomatch")', 0)).toEqual([['{__name__="x",i="a"}', "-2.5"]]);
    expect(vec(db, "hour(vector(7200))", 0)).toEqual([["{}", "2"]]);
  });

  it("evaluates subqueries on their own aligned steps", () => {
    const db = store({ x: Array.from({ length: 20 }, (_, i) => i * i) });
    // Steps at 4m..10m: 16, 25, ..., 100.
    expect(vec(db, "max_over_time(x[6m:1m])", 10 * MIN)).toEqual([["{}", "100"]]);
    expect(vec(db, "count_over_time(x[6m:2m])", 10 * MIN)).toEqual([["{}", "4"]]);
    // rate over the 6m step: 16, 25, 36 → 20 per 120 s; later steps are steeper.
    expect(num(vec(db, "min_over_time(rate(x[2m])[4m:1m])", 10 * MIN))).toBeCloseTo(20 / 120, 15);
  });

  it("keeps the instant result in evaluation order, and a range result sorted by labels", () => {
    const db = store({ 'x{i="a"}': [3, 3], 'x{i="b"}': [1, 2], 'x{i="c"}': [2, 1] });
    expect(vec(db, "sort_desc(x)", 0).map(([l]) => l)).toEqual(['{__name__="x",i="a"}', '{__name__="x",i="c"}', '{__name__="x",i="b"}']);
    const r = rangeQuery(db, "sort_desc(x)", 0, MIN, MIN) as Extract<PromValue, { resultType: "matrix" }>;
    expect(r.result.map((s) => s.metric.i)).toEqual(["a", "b", "c"]);
  });

  it("reports runtime errors with Prometheus' messages", () => {
    const db = store({ 'x{a="1"}': [1], 'x{a="2"}': [2] });
    expect(error(() => instantQuery(db, 'label_replace(x, "a", "same", "a", ".*")', 0)).message).toBe(
      "vector cannot contain metrics with the same labelset",
    );
    expect(error(() => instantQuery(db, 'label_replace(x, "b", "", "a", "(")', 0)).message).toBe(
      "invalid regular expression in label_replace(): (",
    );
    expect(error(() => instantQuery(db, "topk(1e30, x)", 0)).message).toBe("Scalar value 1e+30 overflows int64");
    expect(error(() => instantQuery(db, "x +", 0)).message).toBe("1:4: parse error: unexpected end of input");
  });

  it("bounds the work of a query", () => {
    const db = store({ x: Array.from({ length: 120 }, (_, i) => i) }, 1000);
    expect(error(() => rangeQuery(db, "count_over_time(x[1y:1ms])", 0, 1000, 1000)).message).toBe(
      "query processing would load too many samples into memory in query execution",
    );
    expect(error(() => instantQuery(db, "(".repeat(500) + "1" + ")".repeat(500), 0)).message).toMatch(/nested too deeply/);
  });
});

// ------------------------------------------------------------------ fuzz

const TOKENS = [
  "sum",
  "rate",
  "avg",
  "topk",
  "quantile",
  "count_values",
  "histogram_quantile",
  "label_replace",
  "absent",
  "scalar",
  "vector",
  "time",
  "(",
  ")",
  "[5m]",
  "[1m:15s]",
  "[",
  "]",
  ":",
  "{",
  "}",
  'job="etcd"',
  'le=~".+"',
  "a!~'x'",
  "by",
  "without",
  "(le)",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "offset",
  "5m",
  "-1m",
  "@",
  "start()",
  "1",
  "0.5",
  "1e3",
  "0x1f",
  "Inf",
  "NaN",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  "==",
  "!=",
  ">",
  "<=",
  "and",
  "or",
  "unless",
  "atan2",
  ",",
  "x",
  "up",
  "etcd_server_has_leader",
  "req_bucket",
  '"s"',
  '"(.*)"',
  "`raw`",
  "#",
  "\n",
];

describe("PromQL never throws anything but PromqlError", () => {
  const db = new Tsdb();
  const target = { job: "etcd", instance: "i" };
  db.ingest('x{a="1"} 1\nx{a="2"} 2\nreq_bucket{le="1"} 3\nreq_bucket{le="+Inf"} 4\netcd_server_has_leader 1\n', 0, target);
  db.ingest('x{a="1"} 5\nreq_bucket{le="1"} 6\nreq_bucket{le="+Inf"} 9\n', 15_000, target);
  const tryQuery = (q: string) => {
    for (const run of [() => instantQuery(db, q, 20_000), () => rangeQuery(db, q, 0, 30_000, 7_500)]) {
      try {
        run();
      } catch (e) {
        if (!(e instanceof PromqlError)) throw e;
        expect(e.message).not.toMatch(/^internal error/);
      }
    }
  };

  it("on random strings", () => {
    fc.assert(fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 40 }), tryQuery), { numRuns: 2000 });
  });

  it("on random token sequences", () => {
    const query = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }).map((ts) => ts.join(" "));
    fc.assert(fc.property(query, tryQuery), { numRuns: 4000 });
  });

  it("on random regular expressions in matchers and label_replace", () => {
    const re = fc
      .string({ unit: fc.constantFrom(..."ab.*+?()[]{}|^$\\-,:0123456789wdsQEPpxiU=<>!"), maxLength: 16 })
      .filter((s) => !s.includes("`"));
    fc.assert(
      fc.property(re, (r) => {
        tryQuery(`x{a=~\`${r}\`}`);
        tryQuery(`label_replace(x, "b", "$1", "a", \`${r}\`)`);
      }),
      { numRuns: 3000 },
    );
  });

  it("and the store takes any text as a scrape, failing it at worst", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 60 }), (text) => {
        const r = new Tsdb().ingest(text, 0, target);
        expect(r.up === 1 || typeof r.error === "string").toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

// ------------------------------------------------------------------ a real lab

describe("the lab's own metrics, scraped and queried", () => {
  it("answers the lesson's queries over a booted Kubernetes lab", () => {
    const lab = new Lab({ members: 3, world: "kube" }).boot();
    const db = new Tsdb();
    const members = lab.cluster.serverConfigs();
    const scrape = () => {
      for (const m of members) {
        // The same text curl gets; a stopped member's scrape fails.
        const text = lab.cluster.isUp(m.id) ? metricsText(lab.cluster, m.id) : null;
        db.ingest(text, lab.cluster.nowMs, { job: "etcd", instance: m.clientAddr });
      }
      const api = lab.run("kubectl get --raw /metrics");
      db.ingest(api.exitCode === 0 ? api.stdout : null, lab.cluster.nowMs, { job: "apiserver", instance: "127.0.0.1:6443" });
    };
    expect(lab.run("curl -s http://127.0.0.1:2379/metrics").stdout).toBe(metricsText(lab.cluster, members[0]!.id));
    for (let i = 0; i < 24; i++) {
      lab.run(`etcdctl put /lab/key${i % 5} value-${i}`);
      scrape();
      lab.cluster.runFor(15_000);
    }
    scrape();
    const now = lab.cluster.nowMs;
    const samples = (expr: string) => {
      const r = instantQuery(db, expr, now);
      if (r.resultType !== "vector") throw new Error(r.resultType);
      return r.result;
    };

    const rates = samples("rate(etcd_server_proposals_committed_total[1m])");
    expect(rates.map((s) => s.metric.instance).sort()).toEqual(members.map((m) => m.clientAddr).sort());
    for (const s of rates) {
      expect(s.metric.__name__).toBeUndefined();
      expect(Number(s.value[1])).toBeGreaterThan(0);
    }
    // About what the raw counter did over the last minute.
    const committed = (offset: string) => Number(samples(`max(etcd_server_proposals_committed_total${offset})`)[0]!.value[1]);
    const perSecond = (committed("") - committed(" offset 1m")) / 60;
    const maxRate = Math.max(...rates.map((s) => Number(s.value[1])));
    expect(maxRate).toBeGreaterThan(perSecond * 0.5);
    expect(maxRate).toBeLessThan(perSecond * 2);

    const p99 = samples("histogram_quantile(0.99, sum by (le) (rate(etcd_disk_wal_fsync_duration_seconds_bucket[5m])))");
    expect(p99).toHaveLength(1);
    expect(p99[0]!.metric).toEqual({});
    expect(Number(p99[0]!.value[1])).toBeGreaterThan(0);
    expect(Number(p99[0]!.value[1])).toBeLessThanOrEqual(8.192);

    const leader = samples("etcd_server_has_leader");
    expect(leader.map((s) => [s.metric.instance, s.value[1]])).toEqual(members.map((m) => [m.clientAddr, "1"]).sort());

    const ops = samples("sum by (operation) (rate(etcd_request_duration_seconds_count[1m]))");
    expect(ops.length).toBeGreaterThan(0);
    for (const s of ops) {
      expect(Object.keys(s.metric)).toEqual(["operation"]);
      expect(Number(s.value[1])).toBeGreaterThanOrEqual(0);
    }
    expect(ops.some((s) => Number(s.value[1]) > 0)).toBe(true);

    // A killed member: its scrape fails, `up` says so, and its series go stale at once.
    lab.run("cluster kill infra2");
    lab.cluster.runFor(15_000);
    scrape();
    const later = lab.cluster.nowMs;
    const up = instantQuery(db, 'up{job="etcd"} == 0', later);
    expect(up.resultType === "vector" && up.result.map((s) => s.metric.instance)).toEqual([members[1]!.clientAddr]);
    const stillThere = instantQuery(db, "etcd_server_has_leader", later);
    expect(stillThere.resultType === "vector" && stillThere.result.map((s) => s.metric.instance).sort()).toEqual(
      [members[0]!.clientAddr, members[2]!.clientAddr].sort(),
    );
    const range = rangeQuery(db, 'sum(up{job="etcd"})', later - 60_000, later, 15_000);
    expect(range.resultType === "matrix" && range.result[0]!.values.map(([, v]) => v)).toEqual(["3", "3", "3", "3", "2"]);
  });
});
