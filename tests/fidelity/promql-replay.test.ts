// lib/metrics' PromQL against Prometheus' own engine: tests/fidelity/promql-recordings holds
// what promtool 2.42 (`promtool test rules`) returned for each expression at each time over
// synthetic series (scripts/fidelity/record-promql.ts). The replay loads the same samples
// into a Tsdb and asks the same questions, as instant queries and, for the families that
// step evenly, as one range query per expression. Values must agree to 1e-9 (relative);
// error messages are compared as a share that may not fall below the baseline.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PromqlError, instantQuery, rangeQuery, type PromValue } from "@/lib/metrics/promql";
import { Tsdb, compareLabels, type Labels } from "@/lib/metrics/tsdb";

interface Recording {
  family: string;
  prometheus: string;
  series: Array<{ notation: string; labels: Labels; samples: Array<[number, string]> }>;
  /** Each sample as promtool printed it: `{__name__="x", a="b"} 1.5E+00`. */
  cases: Array<{ expr: string; timeMs: number; error?: string; result?: string[] }>;
}

/** Share of recorded error messages we reproduce word for word (per family; values always must match). */
const ERROR_MESSAGE_BASELINE: Record<string, number> = { basic: 1, edge: 1, extrapolation: 1, staleness: 1, errors: 1 };

const dir = join(__dirname, "promql-recordings");
const recordings = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Recording);

function load(rec: Recording): Tsdb {
  const db = new Tsdb();
  for (const s of rec.series) for (const [t, v] of s.samples) db.appendSample(s.labels, t, v === "stale" ? NaN : Number(v), v === "stale");
  return db;
}

/** A sample as promtool prints it: Go-quoted label values, the value in Go's %E. */
function parseSample(text: string): { metric: Labels; value: number } {
  const space = text.lastIndexOf(" ");
  const metric: Labels = {};
  for (const [, name, quoted] of text.slice(0, space).matchAll(/(\w+)=("(?:[^"\\]|\\.)*")/g)) metric[name!] = JSON.parse(quoted!) as string;
  return { metric, value: goNumber(text.slice(space + 1)) };
}

function goNumber(s: string): number {
  if (s === "+Inf") return Infinity;
  if (s === "-Inf") return -Infinity;
  if (s === "NaN") return NaN;
  return Number(s);
}

function close(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

type Samples = Array<{ metric: Labels; value: number }>;

/** Our result as promtool reports it: a vector (a scalar is one sample without labels), sorted by labels. */
function asSamples(v: PromValue): Samples | "not a vector or scalar" {
  if (v.resultType === "scalar") return [{ metric: {}, value: goNumber(v.result[1]) }];
  if (v.resultType !== "vector") return "not a vector or scalar";
  return v.result.map((s) => ({ metric: { ...s.metric }, value: goNumber(s.value[1]) })).sort((a, b) => compareLabels(a.metric, b.metric));
}

function sameSamples(got: Samples, want: Samples, expr: string): boolean {
  if (got.length !== want.length) return false;
  // Which of several equal values topk/bottomk keep depends on the order series were created in, which
  // promtool draws from a Go map (it differs from run to run): only the values can be compared.
  if (/^\s*(topk|bottomk)\b/.test(expr)) {
    const values = (s: Samples) => s.map((x) => x.value).sort((a, b) => (Number.isNaN(a) ? -1 : Number.isNaN(b) ? 1 : a - b));
    const [g, w] = [values(got), values(want)];
    return g.every((v, i) => close(v, w[i]!));
  }
  return got.every((g, i) => compareLabels(g.metric, want[i]!.metric) === 0 && close(g.value, want[i]!.value));
}

function describeDiff(expr: string, t: number, got: unknown, want: unknown): string {
  return `${expr} @ ${t / 1000}s\n   got:  ${JSON.stringify(got)}\n   want: ${JSON.stringify(want)}`;
}

describe("PromQL against Prometheus 2.42 (promtool test rules)", () => {
  it("has recordings", () => {
    expect(recordings.map((r) => r.family).sort()).toEqual(Object.keys(ERROR_MESSAGE_BASELINE).sort());
  });

  for (const rec of recordings) {
    it(`${rec.family}: instant queries give Prometheus' values and errors`, () => {
      const db = load(rec);
      const mismatches: string[] = [];
      let errors = 0;
      let errorsMatched = 0;
      for (const c of rec.cases) {
        let got: PromValue | PromqlError;
        try {
          got = instantQuery(db, c.expr, c.timeMs);
        } catch (e) {
          if (!(e instanceof PromqlError)) throw e;
          got = e;
        }
        if (c.error === "rule result is not a vector or scalar") {
          if (got instanceof PromqlError || asSamples(got) !== "not a vector or scalar")
            mismatches.push(describeDiff(c.expr, c.timeMs, got, c.error));
          continue;
        }
        if (c.error !== undefined) {
          errors++;
          if (!(got instanceof PromqlError)) mismatches.push(describeDiff(c.expr, c.timeMs, got, c.error));
          else if (got.message === c.error) errorsMatched++;
          else console.log(`promql error message differs:\n${describeDiff(c.expr, c.timeMs, got.message, c.error)}`);
          continue;
        }
        const want = c.result!.map(parseSample).sort((a, b) => compareLabels(a.metric, b.metric));
        const ours = got instanceof PromqlError ? got.message : asSamples(got);
        if (typeof ours === "string" || !sameSamples(ours, want, c.expr)) mismatches.push(describeDiff(c.expr, c.timeMs, ours, want));
      }
      console.log(
        `promql fidelity ${rec.family}: ${rec.cases.length - mismatches.length}/${rec.cases.length} cases, error messages ${errorsMatched}/${errors}`,
      );
      expect(mismatches).toEqual([]);
      if (errors > 0) expect(errorsMatched / errors).toBeGreaterThanOrEqual(ERROR_MESSAGE_BASELINE[rec.family] ?? 1);
    });

    it(`${rec.family}: a range query agrees with the instant queries at every step`, () => {
      const db = load(rec);
      const byExpr = new Map<string, Recording["cases"]>();
      for (const c of rec.cases) byExpr.set(c.expr, [...(byExpr.get(c.expr) ?? []), c]);
      const mismatches: string[] = [];
      for (const [expr, cases] of byExpr) {
        if (cases.some((c) => c.error !== undefined)) continue;
        // The recorded times are not evenly spaced: one range query per recorded time, stepping over a few neighbours.
        for (const c of cases) {
          const start = c.timeMs - 60_000;
          const res = rangeQuery(db, expr, start, c.timeMs, 30_000);
          if (res.resultType !== "matrix") throw new Error("range query gave no matrix");
          const at = c.timeMs / 1000;
          const got = res.result
            .flatMap((s) => s.values.filter(([t]) => t === at).map(([, v]) => ({ metric: s.metric, value: goNumber(v) })))
            .sort((a, b) => compareLabels(a.metric, b.metric));
          const want = c.result!.map(parseSample).sort((a, b) => compareLabels(a.metric, b.metric));
          if (!sameSamples(got, want, expr)) mismatches.push(describeDiff(expr, c.timeMs, got, want));
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
