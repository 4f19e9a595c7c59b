// A small in-memory time-series store that fills itself the way a Prometheus 2.42 server
// does: by scraping targets' exposition text. A scrape attaches the target's labels (an
// exposed `job` becomes `exported_job`), writes the synthetic `up` and `scrape_*` series,
// and puts a stale marker on every series the target exposed last time but not this time,
// so PromQL stops returning it at once instead of after the 5-minute lookback. Everything
// is bounded: the lab runs for as long as a learner likes, in a Web Worker.
//
// Time is whatever milliseconds the caller uses (the lab's virtual clock); nothing here
// reads a clock.

import { ExpositionError, LABEL_NAME_RE, goQuote, parseExposition, type Labels, type MetricType } from "./exposition";

export type { Labels } from "./exposition";

// ------------------------------------------------------------------ limits

/** Samples older than this behind the newest sample are gone: two hours covers every range a lesson uses (`[1h]`), and bounds memory. */
export const RETENTION_MS = 2 * 60 * 60 * 1000;
/** Series in the store; a new series beyond it is refused (its samples are dropped and counted). A lab exposes a few hundred. */
export const MAX_SERIES = 10_000;
/** Samples kept per series whatever the scrape rate: two hours at one scrape a second, with room. */
export const MAX_SAMPLES_PER_SERIES = 10_000;
/** Targets scraped into one store; each keeps the series set of its last scrape for staleness. */
export const MAX_TARGETS = 64;
/** Prometheus' `body_size_limit`: a bigger scrape fails. The lab's largest exposition is a few tens of kB. */
export const MAX_SCRAPE_BYTES = 4 * 1024 * 1024;
/** Prometheus' `sample_limit`: a scrape with more samples fails whole. */
export const MAX_SAMPLES_PER_SCRAPE = 20_000;
/** Prometheus' `label_limit`, `label_name_length_limit` and `label_value_length_limit`: a scrape breaking one fails. */
export const MAX_LABELS_PER_SERIES = 64;
export const MAX_LABEL_NAME_LENGTH = 256;
export const MAX_LABEL_VALUE_LENGTH = 4096;
/** Compiled regular expressions kept for reuse (matchers recur on every query of a dashboard). */
const MAX_CACHED_REGEXPS = 256;
/** A regular expression longer than this is refused rather than compiled (RE2 refuses huge programs too). */
export const MAX_REGEXP_LENGTH = 4096;
/** How often, in store time, series without samples in the retention window are dropped. */
const GC_INTERVAL_MS = 60 * 1000;

/** A misuse of the store by its caller (not a scrape failure, which is reported in IngestResult). */
export class TsdbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TsdbError";
  }
}

// ------------------------------------------------------------------ label sets

/** A label set without a prototype, so that a label called `constructor` or `__proto__` is just a label. */
export function newLabels(): Labels {
  return Object.create(null) as Labels;
}

/** A copy with the names sorted (Prometheus' order everywhere: keys, output, comparison) and empty values dropped (an empty label is no label). */
export function sortedLabels(l: Labels | Iterable<[string, string]>): Labels {
  const entries = Symbol.iterator in l ? [...(l as Iterable<[string, string]>)] : Object.entries(l as Labels);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = newLabels();
  for (const [k, v] of entries) if (v !== "") out[k] = v;
  return out;
}

/** A string identifying a label set (the series key): equal sets give equal keys whatever their key order. */
export function labelsKey(l: Labels): string {
  const names = Object.keys(l);
  let sorted = true;
  for (let i = 1; i < names.length; i++) if (names[i - 1]! > names[i]!) sorted = false;
  if (!sorted) names.sort();
  let key = "";
  for (const n of names) key += `${n}\u0000${l[n]}\u0001`;
  return key;
}

/** Prometheus' labels.Compare: label by label, name then value, then the shorter set first. */
export function compareLabels(a: Labels, b: Labels): number {
  const an = Object.keys(a).sort();
  const bn = Object.keys(b).sort();
  const n = Math.min(an.length, bn.length);
  for (let i = 0; i < n; i++) {
    const x = an[i]!;
    const y = bn[i]!;
    if (x !== y) return x < y ? -1 : 1;
    const xv = a[x]!;
    const yv = b[y]!;
    if (xv !== yv) return xv < yv ? -1 : 1;
  }
  return an.length - bn.length;
}

/** Prometheus' labels.String(): `{__name__="up", job="etcd"}`. */
export function labelsString(l: Labels): string {
  return `{${Object.keys(l)
    .sort()
    .map((k) => `${k}=${goQuote(l[k]!)}`)
    .join(", ")}}`;
}

// ------------------------------------------------------------------ RE2 on JavaScript's RegExp

/** A regular expression Go's regexp/syntax (RE2) refuses, with Go's message. */
export class RegexpError extends Error {
  constructor(code: string, arg: string) {
    super(`error parsing regexp: ${code}: \`${arg}\``);
    this.name = "RegexpError";
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};
const PERL_CLASSES: Record<string, string> = { d: "0-9", s: "\\t\\n\\f\\r ", w: "0-9A-Za-z_" };

function classLiteral(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (/[A-Za-z0-9 ]/.test(ch)) return ch;
  return `\\u{${cp.toString(16)}}`;
}

/** The code points a class item adds under (?i): the other case of ASCII letters. */
function foldRange(lo: number, hi: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const add = (from: number, to: number, shift: number) => {
    const a = Math.max(lo, from);
    const b = Math.min(hi, to);
    if (a <= b) out.push([a + shift, b + shift]);
  };
  add(0x41, 0x5a, 0x20);
  add(0x61, 0x7a, -0x20);
  return out;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

/**
 * Translates an RE2 pattern into an equivalent JavaScript one (with the `u` flag): the
 * flags `(?imsU)` and `(?i:...)` applied by rewriting (Node's RegExp has no inline
 * flags), `\A \z \Q..\E \pN [[:alpha:]] \x{..}` spelled out, a lone `{` taken literally,
 * and everything RE2 refuses (lookaround, backreferences, `**`) refused with RE2's message.
 */
export function translateRe2(re: string): string {
  let i = 0;
  let out = "";
  let depth = 0;
  const flagStack: Flags[] = [];
  let flags: Flags = { i: false, m: false, s: false, U: false };
  // Whether the last item can take a repetition operator, and where it started (for `**`).
  let canRepeat = false;
  let lastWasRepeat = "";
  const cp = (at: number) => re.codePointAt(at)!;
  const width = (at: number) => (cp(at) > 0xffff ? 2 : 1);

  const literal = (code: number): string => {
    const ch = String.fromCodePoint(code);
    if (flags.i && /[A-Za-z]/.test(ch)) return `[${ch.toLowerCase()}${ch.toUpperCase()}]`;
    if (/[\^$\\.*+?()[\]{}|/]/.test(ch)) return `\\${ch}`;
    if (/[A-Za-z0-9]/.test(ch)) return ch;
    return `\\u{${code.toString(16)}}`;
  };

  /** An escape at re[i] === "\\" outside or inside a class: returns [js, codepoint or -1 for a class]. */
  const escape = (inClass: boolean): [string, number] => {
    const start = i;
    i++;
    if (i >= re.length) throw new RegexpError("trailing backslash at end of expression", "");
    const c = re[i]!;
    i++;
    switch (c) {
      case "a":
        return ["\\x07", 7];
      case "f":
        return ["\\f", 12];
      case "t":
        return ["\\t", 9];
      case "n":
        return ["\\n", 10];
      case "r":
        return ["\\r", 13];
      case "v":
        return ["\\v", 11];
      case "d":
      case "s":
      case "w":
        return [inClass ? PERL_CLASSES[c]! : `[${PERL_CLASSES[c]!}]`, -1];
      case "D":
      case "S":
      case "W":
        if (inClass) throw new RegexpError("invalid character class range", re.slice(start, i));
        return [`[^${PERL_CLASSES[c.toLowerCase()]!}]`, -1];
      case "x": {
        let hex: string;
        if (re[i] === "{") {
          const end = re.indexOf("}", i);
          if (end < 0) throw new RegexpError("invalid escape sequence", re.slice(start, i + 1));
          hex = re.slice(i + 1, end);
          i = end + 1;
        } else {
          hex = re.slice(i, i + 2);
          i += 2;
        }
        const n = /^[0-9a-fA-F]{1,8}$/.test(hex) ? parseInt(hex, 16) : NaN;
        if (!(n <= 0x10ffff)) throw new RegexpError("invalid escape sequence", re.slice(start, i));
        return [literal(n), n];
      }
      case "p":
      case "P": {
        let name: string;
        if (re[i] === "{") {
          const end = re.indexOf("}", i);
          if (end < 0) throw new RegexpError("invalid character class range", re.slice(start));
          name = re.slice(i + 1, end);
          i = end + 1;
        } else {
          name = re[i] ?? "";
          i++;
        }
        let negate = c === "P";
        if (name.startsWith("^")) {
          negate = !negate;
          name = name.slice(1);
        }
        const prop = name === "Any" ? "Any" : /^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`;
        const js = `\\${negate ? "P" : "p"}{${prop}}`;
        try {
          new RegExp(js, "u");
        } catch {
          throw new RegexpError("invalid character class range", re.slice(start, i));
        }
        return [js, -1];
      }
      case "0":
      case "1":
      case "2":
      case "3":
      case "4":
      case "5":
      case "6":
      case "7": {
        // Octal; a single non-zero digit would be a backreference, which RE2 does not have.
        if (c !== "0" && !/[0-7]/.test(re[i] ?? "")) throw new RegexpError("invalid escape sequence", re.slice(start, i));
        let digits = c;
        while (digits.length < 3 && /[0-7]/.test(re[i] ?? "")) digits += re[i++];
        const n = parseInt(digits, 8);
        return [literal(n), n];
      }
      default: {
        const code = c.codePointAt(0)!;
        if (code < 0x80 && !/[A-Za-z0-9_]/.test(c)) return [inClass ? classLiteral(code) : literal(code), code];
        throw new RegexpError("invalid escape sequence", re.slice(start, i));
      }
    }
  };

  const parseClass = (): string => {
    const start = i;
    i++;
    let negate = false;
    if (re[i] === "^") {
      negate = true;
      i++;
    }
    const items: string[] = [];
    let first = true;
    for (;;) {
      if (i >= re.length) throw new RegexpError("missing closing ]", re.slice(start));
      if (re[i] === "]" && !first) {
        i++;
        break;
      }
      first = false;
      if (re.startsWith("[:", i)) {
        const end = re.indexOf(":]", i + 2);
        if (end >= 0) {
          let name = re.slice(i + 2, end);
          const neg = name.startsWith("^");
          if (neg) name = name.slice(1);
          const body = POSIX_CLASSES[name];
          if (body === undefined) throw new RegexpError("invalid character class range", re.slice(i, end + 2));
          if (neg) throw new RegexpError("invalid or unsupported Perl syntax", re.slice(i, end + 2));
          items.push(body);
          i = end + 2;
          continue;
        }
      }
      let lo: number;
      let loJs: string;
      const itemStart = i;
      if (re[i] === "\\") {
        [loJs, lo] = escape(true);
        if (lo < 0) {
          items.push(loJs);
          continue;
        }
      } else {
        lo = cp(i);
        i += width(i);
        loJs = classLiteral(lo);
      }
      let hi = lo;
      if (re[i] === "-" && re[i + 1] !== "]" && i + 1 < re.length) {
        i++;
        if (re[i] === "\\") {
          const [, h] = escape(true);
          if (h < 0) throw new RegexpError("invalid character class range", re.slice(itemStart, i));
          hi = h;
        } else {
          hi = cp(i);
          i += width(i);
        }
        if (hi < lo) throw new RegexpError("invalid character class range", re.slice(itemStart, i));
      }
      items.push(hi === lo ? classLiteral(lo) : `${classLiteral(lo)}-${classLiteral(hi)}`);
      if (flags.i) for (const [a, b] of foldRange(lo, hi)) items.push(a === b ? classLiteral(a) : `${classLiteral(a)}-${classLiteral(b)}`);
    }
    // An empty negated class matches everything; an empty class nothing (RE2 allows neither spelling, but `[^\x00-\x{10FFFF}]` gets here).
    return `[${negate ? "^" : ""}${items.join("")}]`;
  };

  const repeat = (op: string) => {
    if (!canRepeat) {
      if (lastWasRepeat) throw new RegexpError("invalid nested repetition operator", `${lastWasRepeat}${op}`);
      throw new RegexpError("missing argument to repetition operator", op);
    }
    let lazy = flags.U;
    if (re[i] === "?") {
      i++;
      lazy = !lazy;
      op += "?";
    }
    out += `${op.replace(/\?$/, "")}${lazy ? "?" : ""}`;
    canRepeat = false;
    lastWasRepeat = op;
  };

  while (i < re.length) {
    const c = re[i]!;
    const atomStart = out.length;
    if (c === "\\" && re[i + 1] === "Q") {
      i += 2;
      const end = re.indexOf("\\E", i);
      const text = end < 0 ? re.slice(i) : re.slice(i, end);
      i = end < 0 ? re.length : end + 2;
      for (const ch of text) out += literal(ch.codePointAt(0)!);
      canRepeat = text.length > 0;
      lastWasRepeat = "";
      continue;
    }
    switch (c) {
      case "\\": {
        if (re[i + 1] === "A") {
          i += 2;
          // The JavaScript pattern never gets the m flag, so ^ and $ are the text's ends.
          out += "^";
          canRepeat = false;
          break;
        }
        if (re[i + 1] === "z") {
          i += 2;
          out += "$";
          canRepeat = false;
          break;
        }
        if (re[i + 1] === "b" || re[i + 1] === "B") {
          out += re.slice(i, i + 2);
          i += 2;
          canRepeat = false;
          break;
        }
        out += escape(false)[0];
        canRepeat = true;
        break;
      }
      case "[":
        out += parseClass();
        canRepeat = true;
        break;
      case "(": {
        const start = i;
        if (re[i + 1] === "?") {
          if (re[i + 2] === "P" && re[i + 3] === "<") {
            const end = re.indexOf(">", i + 4);
            const name = end < 0 ? "" : re.slice(i + 4, end);
            if (end < 0 || !/^[A-Za-z0-9_]+$/.test(name))
              throw new RegexpError("invalid named capture", re.slice(start, end < 0 ? re.length : end + 1));
            // JavaScript names may not start with a digit; keep the group, drop the name.
            out += /^[0-9]/.test(name) ? "(" : `(?<${name}>`;
            i = end + 1;
          } else {
            const m = /^\(\?(-?[imsU]*(?:-[imsU]*)?)(:|\))/.exec(re.slice(i, i + 16));
            if (!m || m[1] === "-" || m[1]!.endsWith("-"))
              throw new RegexpError("invalid or unsupported Perl syntax", re.slice(start, Math.min(re.length, i + 3)));
            const next: Flags = { ...flags };
            let on = true;
            for (const f of m[1]!) {
              if (f === "-") on = false;
              else next[f as keyof Flags] = on;
            }
            i += m[0].length;
            if (m[2] === ")") {
              flags = next;
              canRepeat = false;
              lastWasRepeat = "";
              continue;
            }
            out += "(?:";
            flagStack.push(flags);
            flags = next;
            depth++;
            canRepeat = false;
            lastWasRepeat = "";
            continue;
          }
        } else {
          out += "(";
          i++;
        }
        flagStack.push(flags);
        depth++;
        canRepeat = false;
        lastWasRepeat = "";
        continue;
      }
      case ")":
        if (depth === 0) throw new RegexpError("unexpected )", re);
        depth--;
        flags = flagStack.pop()!;
        out += ")";
        i++;
        canRepeat = true;
        lastWasRepeat = "";
        continue;
      case "|":
        out += "|";
        i++;
        canRepeat = false;
        lastWasRepeat = "";
        continue;
      case "^":
        out += flags.m ? "(?<![^\\n])" : "^";
        i++;
        canRepeat = false;
        lastWasRepeat = "";
        continue;
      case "$":
        out += flags.m ? "(?![^\\n])" : "$";
        i++;
        canRepeat = false;
        lastWasRepeat = "";
        continue;
      case ".":
        out += flags.s ? "[\\s\\S]" : "[^\\n]";
        i++;
        canRepeat = true;
        lastWasRepeat = "";
        continue;
      case "*":
      case "+":
      case "?":
        i++;
        repeat(c);
        continue;
      case "{": {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(re.slice(i, i + 24));
        if (m) {
          const min = Number(m[1]);
          const max = m[3] === undefined ? (m[2] ? -1 : min) : Number(m[3]);
          if (min > 1000 || max > 1000 || (max >= 0 && max < min)) throw new RegexpError("invalid repeat count", m[0]);
          i += m[0].length;
          repeat(m[0]);
          continue;
        }
        // Not a repeat: a literal brace, as in RE2.
        out += "\\{";
        i++;
        canRepeat = true;
        lastWasRepeat = "";
        continue;
      }
      default:
        out += literal(cp(i));
        i += width(i);
        canRepeat = true;
    }
    if (out.length > atomStart) lastWasRepeat = "";
  }
  if (depth > 0) throw new RegexpError("missing closing )", re);
  return out;
}

const regexpCache = new Map<string, RegExp>();

/** A regular expression matching the whole string, as Prometheus' matchers and label_replace anchor theirs. Throws RegexpError. */
export function anchoredRegexp(re: string): RegExp {
  const cached = regexpCache.get(re);
  if (cached) return cached;
  if (re.length > MAX_REGEXP_LENGTH) throw new RegexpError("expression too large", re.slice(0, 32));
  // Translated as Prometheus compiles it, so error messages quote the same text.
  const source = translateRe2(`^(?:${re})$`);
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, "u");
  } catch {
    throw new RegexpError("invalid or unsupported Perl syntax", re);
  }
  if (regexpCache.size >= MAX_CACHED_REGEXPS) regexpCache.delete(regexpCache.keys().next().value!);
  regexpCache.set(re, compiled);
  return compiled;
}

// ------------------------------------------------------------------ matchers

export type MatchType = "=" | "!=" | "=~" | "!~";

export interface Matcher {
  type: MatchType;
  name: string;
  value: string;
}

/** Whether a label value (the empty string for a missing label) satisfies the matcher. Throws RegexpError for a bad regex. */
export function matches(m: Matcher, value: string): boolean {
  switch (m.type) {
    case "=":
      return value === m.value;
    case "!=":
      return value !== m.value;
    case "=~":
      return anchoredRegexp(m.value).test(value);
    case "!~":
      return !anchoredRegexp(m.value).test(value);
  }
}

// ------------------------------------------------------------------ the store

export interface Sample {
  /** Milliseconds on the store's clock. */
  t: number;
  v: number;
  /** A stale marker: the series disappeared from its target at `t` (`v` is NaN). */
  stale: boolean;
}

export interface SelectedSeries {
  labels: Labels;
  samples: Sample[];
}

export interface IngestResult {
  /** 1 when the scrape succeeded, as the `up` series records it. */
  up: 0 | 1;
  /** Why the scrape failed (Prometheus' message), when it did. */
  error?: string;
  /** Samples in the exposition, and those stored. */
  scraped: number;
  added: number;
  seriesAdded: number;
  /** Samples of new series refused because the store is full (MAX_SERIES). */
  refused: number;
}

export interface IngestOptions {
  /** Why the target could not be scraped: the text is ignored and the scrape fails. */
  error?: string;
  /** How long the scrape took, for `scrape_duration_seconds`. */
  durationMs?: number;
}

interface StoredSeries {
  labels: Labels;
  key: string;
  name: string;
  t: number[];
  v: number[];
  /** Timestamps of stale markers (their value is NaN in `v`); few, so a set beside the columns. */
  stale: Set<number>;
  /** Samples before this index are past retention. */
  head: number;
}

interface TargetState {
  labels: Labels;
  /** Keys of the series the last scrape appended, for staleness. */
  seen: Set<string>;
  lastScrapeMs: number;
}

const REPORT_SERIES = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added",
];

export interface MetricMetadata {
  type: MetricType | undefined;
  help: string | undefined;
}

export class Tsdb {
  private readonly series = new Map<string, StoredSeries>();
  private readonly byName = new Map<string, Set<StoredSeries>>();
  private readonly targets = new Map<string, TargetState>();
  private readonly meta = new Map<string, MetricMetadata>();
  /** The newest sample time: retention counts back from it, as Prometheus' does from its newest block. */
  private maxT = -Infinity;
  private lastGcT = -Infinity;
  /** Samples dropped because the store was full. */
  refusedSamples = 0;

  get seriesCount(): number {
    return this.series.size;
  }

  /** The newest sample time in the store (ms), or -Infinity when empty. */
  get newestMs(): number {
    return this.maxT;
  }

  /**
   * Records one scrape of a target at `atMs`: the target labels (`job`, `instance`, ...)
   * are attached to every sample, `up` and the `scrape_*` series are written, and series
   * the target exposed last time but not now get a stale marker. `text` null (or
   * `options.error`) is a failed scrape: `up` 0 and every series of the target goes stale.
   * Timestamps in the text are ignored: every sample gets the scrape's time.
   */
  ingest(text: string | null, atMs: number, targetLabels: Labels, options: IngestOptions = {}): IngestResult {
    const t = Math.floor(atMs);
    if (!Number.isFinite(t)) throw new TsdbError(`scrape time must be a finite number of milliseconds, got ${atMs}`);
    const target = sortedLabels(targetLabels);
    for (const name of Object.keys(target))
      if (!LABEL_NAME_RE.test(name) || name === "__name__") throw new TsdbError(`invalid target label name ${goQuote(name)}`);
    const tkey = labelsKey(target);
    let state = this.targets.get(tkey);
    if (!state) {
      if (this.targets.size >= MAX_TARGETS) throw new TsdbError(`too many targets (at most ${MAX_TARGETS})`);
      state = { labels: target, seen: new Set(), lastScrapeMs: -Infinity };
      this.targets.set(tkey, state);
    }
    state.lastScrapeMs = t;

    const result: IngestResult = { up: 1, scraped: 0, added: 0, seriesAdded: 0, refused: 0 };
    let error = options.error ?? (text === null ? "scrape failed" : undefined);
    const pending: Array<{ labels: Labels; key: string; value: number }> = [];
    if (error === undefined && text !== null) {
      if (text.length > MAX_SCRAPE_BYTES) error = "body size limit exceeded";
      else error = this.prepare(text, target, pending, result);
    }
    const seen = new Set<string>();
    if (error === undefined) {
      for (const p of pending) {
        let s = this.series.get(p.key);
        if (!s) {
          s = this.create(p.labels, p.key);
          if (!s) {
            result.refused++;
            continue;
          }
          result.seriesAdded++;
        }
        if (this.append(s, t, p.value, false)) {
          seen.add(p.key);
          result.added++;
        } else if (s.t[s.t.length - 1] === t && Object.is(s.v[s.v.length - 1], p.value)) {
          // The same sample twice is no error to Prometheus' head; a different value at the same time is dropped.
          seen.add(p.key);
        }
      }
    } else {
      // A failed scrape stores nothing (Prometheus rolls it back) and stales everything.
      result.up = 0;
      result.error = error;
    }
    for (const key of state.seen) {
      if (seen.has(key)) continue;
      const s = this.series.get(key);
      if (s) this.append(s, t, NaN, true);
    }
    state.seen = seen;
    this.refusedSamples += result.refused;
    this.report(target, t, [
      result.up,
      (options.durationMs ?? 0) / 1000,
      result.scraped,
      error === undefined ? pending.length : 0,
      result.seriesAdded,
    ]);
    this.gc();
    return result;
  }

  /** The target went away (or its member was removed): its series and report series go stale now, as at the end of a Prometheus scrape loop. */
  dropTarget(targetLabels: Labels, atMs: number): void {
    const target = sortedLabels(targetLabels);
    const tkey = labelsKey(target);
    const state = this.targets.get(tkey);
    if (!state) return;
    const t = Math.floor(atMs);
    for (const key of state.seen) {
      const s = this.series.get(key);
      if (s) this.append(s, t, NaN, true);
    }
    for (const name of REPORT_SERIES) {
      const labels = sortedLabels({ ...target, __name__: name });
      const s = this.series.get(labelsKey(labels));
      if (s) this.append(s, t, NaN, true);
    }
    this.targets.delete(tkey);
  }

  /**
   * Appends one sample to a series outside any scrape (tests, recording rules, imported
   * data). Out-of-order samples are dropped, as Prometheus drops them; returns whether it
   * was stored.
   */
  appendSample(labels: Labels, tMs: number, value: number, stale = false): boolean {
    const l = sortedLabels(labels);
    const name = l.__name__;
    if (name === undefined || name === "") throw new TsdbError("a series needs a __name__ label");
    for (const n of Object.keys(l)) if (!LABEL_NAME_RE.test(n)) throw new TsdbError(`invalid label name ${goQuote(n)}`);
    const key = labelsKey(l);
    const s = this.series.get(key) ?? this.create(l, key);
    if (!s) {
      this.refusedSamples++;
      return false;
    }
    const ok = this.append(s, Math.floor(tMs), stale ? NaN : value, stale);
    this.gc();
    return ok;
  }

  /**
   * The series matching every matcher, with their samples (stale markers included) in
   * [startMs, endMs], in Prometheus' label order. Throws RegexpError for a bad regex.
   */
  select(matchers: readonly Matcher[], startMs: number, endMs: number): SelectedSeries[] {
    const cutoff = this.maxT - RETENTION_MS;
    const from = Math.max(startMs, cutoff);
    const nameEq = matchers.find((m) => m.name === "__name__" && m.type === "=");
    const candidates = nameEq ? (this.byName.get(nameEq.value) ?? []) : this.series.values();
    const out: SelectedSeries[] = [];
    for (const s of candidates) {
      let ok = true;
      for (const m of matchers) {
        if (!matches(m, s.labels[m.name] ?? "")) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const lo = lowerBound(s.t, from, s.head);
      const samples: Sample[] = [];
      for (let i = lo; i < s.t.length && s.t[i]! <= endMs; i++) {
        const st = s.v[i] !== s.v[i] && s.stale.has(s.t[i]!);
        samples.push({ t: s.t[i]!, v: s.v[i]!, stale: st });
      }
      if (samples.length > 0) out.push({ labels: s.labels, samples });
    }
    out.sort((a, b) => compareLabels(a.labels, b.labels));
    return out;
  }

  /** Label names in use, sorted (for completion). */
  labelNames(): string[] {
    const names = new Set<string>();
    for (const s of this.series.values()) for (const n of Object.keys(s.labels)) names.add(n);
    return [...names].sort();
  }

  /** Values of one label in use, sorted (for completion); `__name__` gives the metric names. */
  labelValues(name: string): string[] {
    const values = new Set<string>();
    for (const s of this.series.values()) {
      const v = s.labels[name];
      if (v !== undefined) values.add(v);
    }
    return [...values].sort();
  }

  /** `# HELP` and `# TYPE` of a metric family as its targets last exposed them. */
  metadata(family: string): MetricMetadata | undefined {
    return this.meta.get(family);
  }

  // -------------------------------------------------------------- internals

  /** Parses and labels a scrape into `pending`; returns Prometheus' error when the scrape fails. */
  private prepare(
    text: string,
    target: Labels,
    pending: Array<{ labels: Labels; key: string; value: number }>,
    result: IngestResult,
  ): string | undefined {
    let parsed;
    try {
      parsed = parseExposition(text);
    } catch (e) {
      if (e instanceof ExpositionError) return e.message;
      throw e;
    }
    for (const [name, f] of parsed.families) {
      if (this.meta.size >= MAX_SERIES && !this.meta.has(name)) break;
      this.meta.set(name, { type: f.type, help: f.help });
    }
    result.scraped = parsed.samples.length;
    if (parsed.samples.length > MAX_SAMPLES_PER_SCRAPE) return "sample limit exceeded";
    for (const sample of parsed.samples) {
      if (sample.duplicateLabel !== undefined) return `label name ${goQuote(sample.duplicateLabel)} is not unique: invalid sample`;
      const labels = withTargetLabels(sample.labels, target);
      const names = Object.keys(labels);
      const metric = labels.__name__ ?? "";
      if (names.length > MAX_LABELS_PER_SERIES)
        return `label_limit exceeded (metric: ${metric.slice(0, 50)}, number of labels: ${names.length}, limit: ${MAX_LABELS_PER_SERIES})`;
      for (const n of names) {
        if (n.length > MAX_LABEL_NAME_LENGTH)
          return `label_name_length_limit exceeded (metric: ${metric.slice(0, 50)}, label name: ${n.slice(0, 50)}, length: ${n.length}, limit: ${MAX_LABEL_NAME_LENGTH})`;
        const v = labels[n]!;
        if (v.length > MAX_LABEL_VALUE_LENGTH)
          return `label_value_length_limit exceeded (metric: ${metric.slice(0, 50)}, label name: ${n.slice(0, 50)}, value: ${goQuote(v.slice(0, 50))}, length: ${v.length}, limit: ${MAX_LABEL_VALUE_LENGTH})`;
      }
      pending.push({ labels, key: labelsKey(labels), value: sample.value });
    }
    return undefined;
  }

  private report(target: Labels, t: number, values: number[]): void {
    REPORT_SERIES.forEach((name, i) => {
      const labels = sortedLabels({ ...target, __name__: name });
      const key = labelsKey(labels);
      const s = this.series.get(key) ?? this.create(labels, key);
      if (s) this.append(s, t, values[i]!, false);
      else this.refusedSamples++;
    });
  }

  private create(labels: Labels, key: string): StoredSeries | undefined {
    if (this.series.size >= MAX_SERIES) {
      this.gc(true);
      if (this.series.size >= MAX_SERIES) return undefined;
    }
    const name = labels.__name__ ?? "";
    const s: StoredSeries = { labels: Object.freeze(labels), key, name, t: [], v: [], stale: new Set(), head: 0 };
    this.series.set(key, s);
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(s);
    return s;
  }

  /** Appends unless out of order or a different value at the same time (both dropped, as the head does). */
  private append(s: StoredSeries, t: number, v: number, stale: boolean): boolean {
    const n = s.t.length;
    if (n > s.head) {
      const lastT = s.t[n - 1]!;
      if (t < lastT) return false;
      if (t === lastT) return false;
    }
    s.t.push(t);
    s.v.push(v);
    if (stale) s.stale.add(t);
    if (t > this.maxT) this.maxT = t;
    this.trim(s);
    return true;
  }

  private trim(s: StoredSeries): void {
    const cutoff = this.maxT - RETENTION_MS;
    while (s.head < s.t.length && (s.t[s.head]! < cutoff || s.t.length - s.head > MAX_SAMPLES_PER_SERIES)) {
      s.stale.delete(s.t[s.head]!);
      s.head++;
    }
    // Compact once the dead prefix is as long as the live part.
    if (s.head > 64 && s.head * 2 > s.t.length) {
      s.t.splice(0, s.head);
      s.v.splice(0, s.head);
      s.head = 0;
    }
  }

  /** Drops samples past retention and series left without samples, every GC_INTERVAL_MS of store time (or now, when the store is full). */
  private gc(force = false): void {
    if (!force && this.maxT - this.lastGcT < GC_INTERVAL_MS) return;
    this.lastGcT = this.maxT;
    for (const s of this.series.values()) {
      this.trim(s);
      if (s.head >= s.t.length) {
        this.series.delete(s.key);
        const set = this.byName.get(s.name);
        set?.delete(s);
        if (set && set.size === 0) this.byName.delete(s.name);
      }
    }
  }
}

/** Target labels win; an exposed label they override is kept as `exported_<name>` (honor_labels: false). */
function withTargetLabels(exposed: Labels, target: Labels): Labels {
  const out: Array<[string, string]> = [];
  const conflicting: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(exposed)) {
    if (target[k] !== undefined) conflicting.push([k, v]);
    else out.push([k, v]);
  }
  for (const [k, v] of Object.entries(target)) out.push([k, v]);
  conflicting.sort((a, b) => a[0].length - b[0].length);
  const taken = (n: string) => exposed[n] !== undefined || target[n] !== undefined || out.some(([k]) => k === n);
  for (const [k, v] of conflicting) {
    let name = k;
    do name = `exported_${name}`;
    while (taken(name));
    out.push([name, v]);
  }
  return sortedLabels(out);
}

function lowerBound(a: number[], x: number, from: number): number {
  let lo = from;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
