// The Prometheus text exposition format (version 0.0.4), read the way Prometheus 2.42's
// model/textparse/promparse.go reads a scrape: the same tokens, the same error messages, the
// same leniencies (blank lines, whitespace between tokens, a trailing comma in a label set,
// a missing final newline). Histograms and summaries are plain samples with suffixed names
// here, as they are to Prometheus; the family metadata says which family a sample belongs to.

/** A label set: label name to value. `__name__` holds the metric name where one is set. */
export interface Labels {
  [name: string]: string;
}

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

export interface ExpositionSample {
  /** Sorted by name, `__name__` included. */
  labels: Labels;
  value: number;
  /** The optional timestamp after the value (ms); Prometheus scrapes here ignore it. */
  timestampMs: number | undefined;
  /** A label name the sample repeats: the text parses, but Prometheus refuses the sample (and so the scrape). */
  duplicateLabel?: string;
}

export interface ExpositionFamily {
  name: string;
  type: MetricType | undefined;
  help: string | undefined;
}

export interface Exposition {
  samples: ExpositionSample[];
  /** `# HELP` and `# TYPE` lines by family name, in the order they first appear. */
  families: Map<string, ExpositionFamily>;
}

/** The text could not be parsed; Prometheus fails the whole scrape with this message. */
export class ExpositionError extends Error {
  constructor(
    message: string,
    /** 1-based line of the offending token. */
    readonly line: number,
  ) {
    super(message);
    this.name = "ExpositionError";
  }
}

/** Label names, as the exposition format and PromQL accept them. */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Metric names may also hold colons (recording rules' convention). */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

const GO_DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Go's strconv.ParseFloat(s, 64) for the spellings Prometheus lets through (it refuses
 * hexadecimal mantissas and underscores first): decimals, `Inf`/`Infinity` with a sign
 * and in any case, and an unsigned `NaN`. Throws Go's error text on anything else.
 */
export function parseGoFloat(s: string): number {
  const lower = s.toLowerCase();
  const unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.slice(1) : lower;
  if (unsigned === "inf" || unsigned === "infinity") return lower.startsWith("-") ? -Infinity : Infinity;
  if (lower === "nan") return NaN;
  if (!GO_DECIMAL_RE.test(s)) throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
  return v;
}

/** Go's %q for the strings that occur in error messages (close enough outside control characters). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

// ------------------------------------------------------------------ the lexer

// The token names are the ones promparse.go prints in its errors.
type Token =
  | "INVALID"
  | "EOF"
  | "LINEBREAK"
  | "HELP"
  | "TYPE"
  | "TEXT"
  | "COMMENT"
  | "MNAME"
  | "BOPEN"
  | "BCLOSE"
  | "LNAME"
  | "LVALUE"
  | "COMMA"
  | "EQUAL"
  | "TIMESTAMP"
  | "VALUE";

type State = "init" | "meta1" | "meta2" | "labels" | "lvalue" | "value" | "timestamp";

const isMetricStart = (c: string) => /[a-zA-Z_:]/.test(c);
const isMetricChar = (c: string) => /[a-zA-Z0-9_:]/.test(c);
const isLabelStart = (c: string) => /[a-zA-Z_]/.test(c);
const isLabelChar = (c: string) => /[a-zA-Z0-9_]/.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";

class Lexer {
  private readonly b: string;
  i = 0;
  start = 0;
  state: State = "init";
  line = 1;

  constructor(text: string) {
    // promparse appends a newline, so a missing final one is fine.
    this.b = `${text}\n`;
  }

  text(): string {
    return this.b.slice(this.start, this.i);
  }

  /** The next token that is not whitespace. */
  next(): Token {
    for (;;) {
      const t = this.lex();
      if (t !== null) return t;
    }
  }

  /** One token, or null for whitespace (skipped, as promparse's nextToken does). */
  private lex(): Token | null {
    const b = this.b;
    if (this.i >= b.length) return "EOF";
    this.start = this.i;
    const c = b[this.i]!;
    // Help text keeps its leading whitespace: the text rule is the longer match there.
    if ((c === " " || c === "\t") && this.state !== "meta2") {
      while (b[this.i] === " " || b[this.i] === "\t") this.i++;
      return null;
    }
    switch (this.state) {
      case "init":
        if (c === "\0") return "EOF";
        if (c === "\n") {
          this.i++;
          this.line++;
          return "LINEBREAK";
        }
        if (c === "#") return this.lexHash();
        if (isMetricStart(c)) {
          this.i++;
          while (isMetricChar(b[this.i]!)) this.i++;
          this.state = "value";
          return "MNAME";
        }
        return "INVALID";
      case "meta1":
        if (isMetricStart(c)) {
          this.i++;
          while (isMetricChar(b[this.i]!)) this.i++;
          this.state = "meta2";
          return "MNAME";
        }
        return "INVALID";
      case "meta2":
        // The rest of the line, its first (separating) character included.
        while (b[this.i] !== "\n") this.i++;
        this.state = "init";
        return "TEXT";
      case "value":
        if (c === "{") {
          this.i++;
          this.state = "labels";
          return "BOPEN";
        }
        if (c === "\n") return "INVALID";
        while (!"{ \t\n".includes(b[this.i]!)) this.i++;
        this.state = "timestamp";
        return "VALUE";
      case "labels":
        if (isLabelStart(c)) {
          this.i++;
          while (isLabelChar(b[this.i]!)) this.i++;
          return "LNAME";
        }
        this.i++;
        if (c === "}") {
          this.state = "value";
          return "BCLOSE";
        }
        if (c === "=") {
          this.state = "lvalue";
          return "EQUAL";
        }
        if (c === ",") return "COMMA";
        return "INVALID";
      case "lvalue": {
        if (c !== '"') return "INVALID";
        let j = this.i + 1;
        for (;;) {
          if (j >= b.length) return "INVALID";
          const d = b[j]!;
          if (d === "\\") j += 2;
          else if (d === '"') break;
          else j++;
        }
        for (let k = this.i; k <= j; k++) if (b[k] === "\n") this.line++;
        this.i = j + 1;
        this.state = "labels";
        return "LVALUE";
      }
      case "timestamp":
        if (isDigit(c)) {
          while (isDigit(b[this.i]!)) this.i++;
          return "TIMESTAMP";
        }
        if (c === "\n") {
          this.i++;
          this.line++;
          this.state = "init";
          return "LINEBREAK";
        }
        return "INVALID";
    }
  }

  private lexHash(): Token {
    const b = this.b;
    this.i++;
    if (b[this.i] === " " || b[this.i] === "\t") {
      while (b[this.i] === " " || b[this.i] === "\t") this.i++;
      const m = /^(HELP|TYPE)[ \t]+/.exec(b.slice(this.i, this.i + 64));
      if (m) {
        this.i += m[0].length;
        this.state = "meta1";
        return m[1] as "HELP" | "TYPE";
      }
    }
    while (b[this.i] !== "\n") this.i++;
    return "COMMENT";
  }
}

function unescapeLabelValue(s: string): string {
  return s.includes("\\") ? s.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c)) : s;
}

function unescapeHelp(s: string): string {
  return s.includes("\\") ? s.replace(/\\([\\n])/g, (_, c: string) => (c === "n" ? "\n" : c)) : s;
}

const TYPES: ReadonlySet<string> = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Parses a whole exposition; throws ExpositionError at the first error, as a scrape fails. */
export function parseExposition(text: string): Exposition {
  const l = new Lexer(text);
  const samples: ExpositionSample[] = [];
  const families = new Map<string, ExpositionFamily>();
  const fail = (msg: string): never => {
    throw new ExpositionError(msg, l.line);
  };
  const expected = (what: string, got: Token) => fail(`${what}, got "${got}"`);
  const family = (name: string) => {
    let f = families.get(name);
    if (!f) families.set(name, (f = { name, type: undefined, help: undefined }));
    return f;
  };

  for (;;) {
    const t = l.next();
    if (t === "EOF") break;
    if (t === "LINEBREAK" || t === "COMMENT") {
      if (t === "COMMENT" && l.next() !== "LINEBREAK") fail("linebreak expected after comment");
      continue;
    }
    if (t === "HELP" || t === "TYPE") {
      const t2 = l.next();
      if (t2 !== "MNAME") expected(`expected metric name after ${t}`, t2);
      const name = l.text();
      if (l.next() !== "TEXT") fail(`expected text in ${t}`);
      const body = l.text().slice(1);
      if (t === "TYPE") {
        if (!TYPES.has(body)) fail(`invalid metric type ${goQuote(body)}`);
        family(name).type = body as MetricType;
      } else {
        family(name).help = unescapeHelp(body);
      }
      const t3 = l.next();
      if (t3 !== "LINEBREAK") expected("linebreak expected after metadata", t3);
      continue;
    }
    if (t !== "MNAME") fail(`"${t}" is not a valid start token`);

    const pairs: Array<[string, string]> = [["__name__", l.text()]];
    let t2 = l.next();
    if (t2 === "BOPEN") {
      let lt = l.next();
      for (;;) {
        if (lt === "BCLOSE") break;
        if (lt !== "LNAME") expected("expected label name", lt);
        const name = l.text();
        const eq = l.next();
        if (eq !== "EQUAL") expected("expected equal", eq);
        const lv = l.next();
        if (lv !== "LVALUE") expected("expected label value", lv);
        pairs.push([name, unescapeLabelValue(l.text().slice(1, -1))]);
        lt = l.next();
        // A trailing comma is allowed.
        if (lt === "COMMA") lt = l.next();
      }
      t2 = l.next();
    }
    if (t2 !== "VALUE") expected("expected value after metric", t2);
    const raw = l.text();
    if (/[pP_]/.test(raw)) fail("unsupported character in float");
    let value = 0;
    try {
      value = parseGoFloat(raw);
    } catch (e) {
      fail((e as Error).message);
    }
    let timestampMs: number | undefined;
    const t3 = l.next();
    if (t3 === "TIMESTAMP") {
      timestampMs = Number(l.text());
      const t4 = l.next();
      if (t4 !== "LINEBREAK") expected("expected next entry after timestamp", t4);
    } else if (t3 !== "LINEBREAK") {
      expected("expected timestamp or new record", t3);
    }
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    // No prototype: `constructor` and `__proto__` are valid label names.
    const labels = Object.create(null) as Labels;
    let duplicateLabel: string | undefined;
    for (const [k, v] of pairs) {
      if (k in labels) duplicateLabel ??= k;
      labels[k] = v;
    }
    samples.push(duplicateLabel === undefined ? { labels, value, timestampMs } : { labels, value, timestampMs, duplicateLabel });
  }
  return { samples, families };
}

/**
 * The family a sample belongs to: its own name, or for histograms the name without
 * `_bucket`/`_sum`/`_count`, for summaries without `_sum`/`_count`.
 */
export function familyOf(sampleName: string, families: ReadonlyMap<string, ExpositionFamily>): ExpositionFamily | undefined {
  const own = families.get(sampleName);
  if (own) return own;
  for (const suffix of ["_bucket", "_sum", "_count"]) {
    if (!sampleName.endsWith(suffix)) continue;
    const f = families.get(sampleName.slice(0, -suffix.length));
    if (f && (f.type === "histogram" || (f.type === "summary" && suffix !== "_bucket"))) return f;
  }
  return undefined;
}
