// PromQL as Prometheus 2.42 evaluates it (promql/parser, engine.go, functions.go,
// quantile.go), over the lab's Tsdb. The parser follows the yacc grammar's precedence and
// error productions, so a mistake gets the message Prometheus would print; the evaluator
// is a port of the engine's range evaluation (an instant query is a range of one step),
// so lookback, staleness, extrapolation, vector matching and `__name__` dropping behave
// the same. Times are milliseconds on the store's clock; results are shaped and
// formatted like the HTTP API's `data` field.
//
// Semantics are 2.42's, the version the fidelity test can run: range selectors and the
// lookback include both ends. Instant vectors come out in label order (Prometheus' head
// returns creation order, so ties in topk/bottomk may pick differently). Not here: native
// histograms (histogram_count/sum/fraction see none), query statistics, and RE2's
// linear-time guarantee (regexes run on JavaScript's backtracking engine, translated by
// tsdb.ts; MAX_QUERY_SAMPLES bounds everything else).

import { LABEL_NAME_RE, goQuote, parseGoFloat } from "./exposition";
import {
  RegexpError,
  anchoredRegexp,
  compareLabels,
  labelsKey,
  labelsString,
  matches,
  newLabels,
  type Labels,
  type Matcher,
  type MatchType,
  type Tsdb,
} from "./tsdb";

export type { Labels } from "./exposition";

// ------------------------------------------------------------------ limits and defaults

/** Prometheus' default `--query.lookback-delta`: how far back an instant selector looks for a sample. */
export const LOOKBACK_DELTA_MS = 5 * 60 * 1000;
/** The step of a subquery without one: Prometheus uses the global evaluation interval, 1m by default. */
export const DEFAULT_SUBQUERY_STEP_MS = 60 * 1000;
/** A bound on the work of one query (samples read, window points visited, steps, points produced), like `--query.max-samples`: beyond a few million the worker stalls for seconds. */
export const MAX_QUERY_SAMPLES = 5_000_000;
/** The API's limit on points per series of a range query. */
export const MAX_RANGE_POINTS = 11_000;
/** Longer expressions are refused before lexing: nobody types this much, and it bounds parse time. */
export const MAX_QUERY_LENGTH = 64 * 1024;
/** Nesting deeper than this is refused (the parser and evaluator recurse; Go's stack grows, a worker's does not). */
export const MAX_NESTING_DEPTH = 200;

// ------------------------------------------------------------------ results

export type PromValue =
  | { resultType: "scalar"; result: [number, string] }
  | { resultType: "string"; result: [number, string] }
  | { resultType: "vector"; result: Array<{ metric: Labels; value: [number, string] }> }
  | { resultType: "matrix"; result: Array<{ metric: Labels; values: Array<[number, string]> }> };

/** A query that cannot be parsed (`bad_data`) or evaluated (`execution`), with Prometheus' message. */
export class PromqlError extends Error {
  constructor(
    message: string,
    readonly errorType: "bad_data" | "execution" = "bad_data",
  ) {
    super(message);
    this.name = "PromqlError";
  }
}

/** A value as the HTTP API writes it: Go's shortest 'f' formatting, 'e' below 1e-6 and from 1e21, `+Inf`, `-Inf`, `NaN`. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (Object.is(v, -0)) return "-0";
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go writes at least two exponent digits.
    return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  }
  return goFormatF(v);
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest digits that round-trip, never an exponent. */
export function goFormatF(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (Object.is(v, -0)) return "-0";
  const s = String(v);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, int, frac = "", expText] = m;
  const digits = int! + frac;
  const exp = Number(expText);
  if (exp >= 0) {
    const point = 1 + exp;
    return (
      sign + (digits.length <= point ? digits + "0".repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`)
    );
  }
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

/** Go's %v of a float64: shortest digits, an exponent below 1e-4 and from 1e21. */
function goFormatV(v: number): string {
  if (!Number.isFinite(v) || v === 0) return goFormatF(v);
  const e = Number(v.toExponential().split("e")[1]);
  if (e < -4 || e >= 21) return v.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  return goFormatF(v);
}

/** Go's %f (six decimals, `+Inf`), for the messages that use it. */
function goPercentF(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return v.toFixed(6);
}

// ------------------------------------------------------------------ the lexer (promql/parser/lex.go)

type ItemType =
  | "EOF"
  | "ERROR"
  | "COMMENT"
  | "IDENTIFIER"
  | "METRIC_IDENTIFIER"
  | "NUMBER"
  | "STRING"
  | "DURATION"
  | "LEFT_PAREN"
  | "RIGHT_PAREN"
  | "LEFT_BRACE"
  | "RIGHT_BRACE"
  | "LEFT_BRACKET"
  | "RIGHT_BRACKET"
  | "COMMA"
  | "EQL"
  | "COLON"
  // Operators.
  | "ADD"
  | "SUB"
  | "MUL"
  | "DIV"
  | "MOD"
  | "POW"
  | "EQLC"
  | "NEQ"
  | "LTE"
  | "LSS"
  | "GTE"
  | "GTR"
  | "EQL_REGEX"
  | "NEQ_REGEX"
  | "AT"
  | "ATAN2"
  | "LAND"
  | "LOR"
  | "LUNLESS"
  // Aggregators.
  | "AVG"
  | "BOTTOMK"
  | "COUNT"
  | "COUNT_VALUES"
  | "GROUP"
  | "MAX"
  | "MIN"
  | "QUANTILE"
  | "STDDEV"
  | "STDVAR"
  | "SUM"
  | "TOPK"
  // Keywords.
  | "BOOL"
  | "BY"
  | "GROUP_LEFT"
  | "GROUP_RIGHT"
  | "IGNORING"
  | "OFFSET"
  | "ON"
  | "WITHOUT"
  | "START"
  | "END";

interface Item {
  typ: ItemType;
  pos: number;
  val: string;
}

const KEYWORDS: Readonly<Record<string, ItemType>> = {
  and: "LAND",
  or: "LOR",
  unless: "LUNLESS",
  atan2: "ATAN2",
  sum: "SUM",
  avg: "AVG",
  count: "COUNT",
  min: "MIN",
  max: "MAX",
  group: "GROUP",
  stddev: "STDDEV",
  stdvar: "STDVAR",
  topk: "TOPK",
  bottomk: "BOTTOMK",
  count_values: "COUNT_VALUES",
  quantile: "QUANTILE",
  offset: "OFFSET",
  by: "BY",
  without: "WITHOUT",
  on: "ON",
  ignoring: "IGNORING",
  group_left: "GROUP_LEFT",
  group_right: "GROUP_RIGHT",
  bool: "BOOL",
  start: "START",
  end: "END",
  inf: "NUMBER",
  nan: "NUMBER",
};

const PUNCTUATION: Partial<Record<ItemType, string>> = {
  LEFT_PAREN: "(",
  RIGHT_PAREN: ")",
  LEFT_BRACE: "{",
  RIGHT_BRACE: "}",
  LEFT_BRACKET: "[",
  RIGHT_BRACKET: "]",
  COMMA: ",",
  EQL: "=",
  COLON: ":",
  SUB: "-",
  ADD: "+",
  MUL: "*",
  MOD: "%",
  DIV: "/",
  EQLC: "==",
  NEQ: "!=",
  LTE: "<=",
  LSS: "<",
  GTE: ">=",
  GTR: ">",
  EQL_REGEX: "=~",
  NEQ_REGEX: "!~",
  POW: "^",
};
const OPERATORS: ReadonlySet<ItemType> = new Set<ItemType>([
  "ADD",
  "DIV",
  "EQLC",
  "EQL_REGEX",
  "GTE",
  "GTR",
  "LAND",
  "LOR",
  "LSS",
  "LTE",
  "LUNLESS",
  "MOD",
  "MUL",
  "NEQ",
  "NEQ_REGEX",
  "POW",
  "SUB",
  "AT",
  "ATAN2",
]);
const AGGREGATORS: ReadonlySet<ItemType> = new Set<ItemType>([
  "AVG",
  "BOTTOMK",
  "COUNT",
  "COUNT_VALUES",
  "GROUP",
  "MAX",
  "MIN",
  "QUANTILE",
  "STDDEV",
  "STDVAR",
  "SUM",
  "TOPK",
]);
const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([
  "BOOL",
  "BY",
  "GROUP_LEFT",
  "GROUP_RIGHT",
  "IGNORING",
  "OFFSET",
  "ON",
  "WITHOUT",
]);
const NAMED_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([
  ...(Object.keys(PUNCTUATION) as ItemType[]),
  ...(Object.values(KEYWORDS).filter((t) => t !== "NUMBER") as ItemType[]),
]);

/** How an item appears in "unexpected ..." messages (Item.desc in lex.go). */
function describe(i: Item): string {
  if (NAMED_TYPES.has(i.typ)) return itemString(i);
  if (i.typ === "EOF") return "end of input";
  const desc: Partial<Record<ItemType, string>> = {
    ERROR: "error",
    COMMENT: "comment",
    IDENTIFIER: "identifier",
    METRIC_IDENTIFIER: "metric identifier",
    STRING: "string",
    NUMBER: "number",
    DURATION: "duration",
  };
  return `${desc[i.typ] ?? i.typ} ${itemString(i)}`;
}

function itemString(i: Item): string {
  if (i.typ === "EOF") return "EOF";
  if (i.typ === "ERROR") return i.val;
  if (i.typ === "IDENTIFIER" || i.typ === "METRIC_IDENTIFIER") return goQuote(i.val);
  if (KEYWORD_TYPES.has(i.typ)) return `<${i.val}>`;
  if (OPERATORS.has(i.typ)) return `<op:${i.val}>`;
  if (AGGREGATORS.has(i.typ)) return `<aggr:${i.val}>`;
  if ([...i.val].length > 10) return `${goQuote([...i.val].slice(0, 10).join(""))}...`;
  return goQuote(i.val);
}

/** Go's %q of a rune. */
function quoteRune(r: number): string {
  if (r < 0) return "'\uFFFD'";
  const ch = String.fromCodePoint(r);
  if (ch === "'") return "'\\''";
  if (ch === "\\") return "'\\\\'";
  if (ch === "\n") return "'\\n'";
  if (ch === "\t") return "'\\t'";
  if (ch === "\r") return "'\\r'";
  if (r < 0x20 || r === 0x7f) return `'\\x${r.toString(16).padStart(2, "0")}'`;
  return `'${ch}'`;
}

/** Go's %#U: `U+0063 'c'`. */
function unicodeRune(r: number): string {
  if (r < 0) return "U+FFFFFFFFFFFFFFFF";
  const hex = `U+${r.toString(16).toUpperCase().padStart(4, "0")}`;
  return r >= 0x20 && r !== 0x7f ? `${hex} '${String.fromCodePoint(r)}'` : hex;
}

const EOF_RUNE = -1;
const isSpace = (r: number) => r === 0x20 || r === 0x09 || r === 0x0a || r === 0x0d;
const isDigit = (r: number) => r >= 0x30 && r <= 0x39;
const isAlpha = (r: number) => r === 0x5f || (r >= 0x61 && r <= 0x7a) || (r >= 0x41 && r <= 0x5a);
const isAlphaNumeric = (r: number) => isAlpha(r) || isDigit(r);
const isLabel = (s: string) => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(s);

interface StateFn {
  (l: Lexer): StateFn | null;
}

class Lexer {
  pos = 0;
  start = 0;
  private width = 0;
  parenDepth = 0;
  braceOpen = false;
  bracketOpen = false;
  gotColon = false;
  stringOpen = 0;
  private state: StateFn | null = lexStatements;
  private item: Item | null = null;

  constructor(readonly input: string) {}

  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF_RUNE;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  backup(): void {
    this.pos -= this.width;
  }

  emit(typ: ItemType): void {
    this.item = { typ, pos: this.start, val: this.input.slice(this.start, this.pos) };
    this.start = this.pos;
  }

  ignore(): void {
    this.start = this.pos;
  }

  accept(valid: string): boolean {
    const r = this.next();
    if (r !== EOF_RUNE && valid.includes(String.fromCodePoint(r))) return true;
    this.backup();
    return false;
  }

  acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  errorf(message: string): null {
    this.item = { typ: "ERROR", pos: this.start, val: message };
    return null;
  }

  nextItem(): Item {
    this.item = null;
    for (;;) {
      if (this.state === null) this.emit("EOF");
      else this.state = this.state(this);
      const item = this.item as Item | null;
      if (item) return item;
    }
  }

  scanNumber(): boolean {
    let digits = "0123456789";
    if (this.accept("0") && this.accept("xX")) digits = "0123456789abcdefABCDEF";
    this.acceptRun(digits);
    if (this.accept(".")) this.acceptRun(digits);
    if (this.accept("eE")) {
      this.accept("+-");
      this.acceptRun("0123456789");
    }
    return !isAlphaNumeric(this.peek());
  }

  acceptRemainingDuration(): boolean {
    if (!this.accept("smhdwy")) return false;
    this.accept("s");
    while (this.accept("0123456789")) {
      while (this.accept("0123456789"));
      if (!this.accept("smhdw")) return false;
      this.accept("s");
    }
    return !isAlphaNumeric(this.next());
  }
}

function lexStatements(l: Lexer): StateFn | null {
  if (l.braceOpen) return lexInsideBraces;
  if (l.input.startsWith("#", l.pos)) return lexLineComment;
  const r = l.next();
  if (r === EOF_RUNE) {
    if (l.parenDepth !== 0) return l.errorf("unclosed left parenthesis");
    if (l.bracketOpen) return l.errorf("unclosed left bracket");
    l.emit("EOF");
    return null;
  }
  if (r === 0x2c) l.emit("COMMA");
  else if (isSpace(r)) return lexSpace;
  else if (r === 0x2a) l.emit("MUL");
  else if (r === 0x2f) l.emit("DIV");
  else if (r === 0x25) l.emit("MOD");
  else if (r === 0x2b) l.emit("ADD");
  else if (r === 0x2d) l.emit("SUB");
  else if (r === 0x5e) l.emit("POW");
  else if (r === 0x3d) {
    const t = l.peek();
    if (t === 0x3d) {
      l.next();
      l.emit("EQLC");
    } else if (t === 0x7e) {
      return l.errorf(`unexpected character after '=': ${quoteRune(t)}`);
    } else l.emit("EQL");
  } else if (r === 0x21) {
    const t = l.next();
    if (t === 0x3d) l.emit("NEQ");
    else return l.errorf(`unexpected character after '!': ${quoteRune(t)}`);
  } else if (r === 0x3c) {
    if (l.peek() === 0x3d) {
      l.next();
      l.emit("LTE");
    } else l.emit("LSS");
  } else if (r === 0x3e) {
    if (l.peek() === 0x3d) {
      l.next();
      l.emit("GTE");
    } else l.emit("GTR");
  } else if (isDigit(r) || (r === 0x2e && isDigit(l.peek()))) {
    l.backup();
    return lexNumberOrDuration;
  } else if (r === 0x22 || r === 0x27) {
    l.stringOpen = r;
    return lexString;
  } else if (r === 0x60) {
    l.stringOpen = r;
    return lexRawString;
  } else if (isAlpha(r) || r === 0x3a) {
    if (!l.bracketOpen) {
      l.backup();
      return lexKeywordOrIdentifier;
    }
    if (l.gotColon) return l.errorf(`unexpected colon ${quoteRune(r)}`);
    l.emit("COLON");
    l.gotColon = true;
  } else if (r === 0x28) {
    l.emit("LEFT_PAREN");
    l.parenDepth++;
    return lexStatements;
  } else if (r === 0x29) {
    l.emit("RIGHT_PAREN");
    l.parenDepth--;
    if (l.parenDepth < 0) return l.errorf(`unexpected right parenthesis ${quoteRune(r)}`);
    return lexStatements;
  } else if (r === 0x7b) {
    l.emit("LEFT_BRACE");
    l.braceOpen = true;
    return lexInsideBraces;
  } else if (r === 0x5b) {
    if (l.bracketOpen) return l.errorf(`unexpected left bracket ${quoteRune(r)}`);
    l.gotColon = false;
    l.emit("LEFT_BRACKET");
    if (isSpace(l.peek())) {
      while (isSpace(l.peek())) l.next();
      l.ignore();
    }
    l.bracketOpen = true;
    return lexDuration;
  } else if (r === 0x5d) {
    if (!l.bracketOpen) return l.errorf(`unexpected right bracket ${quoteRune(r)}`);
    l.emit("RIGHT_BRACKET");
    l.bracketOpen = false;
  } else if (r === 0x40) {
    l.emit("AT");
  } else {
    return l.errorf(`unexpected character: ${quoteRune(r)}`);
  }
  return lexStatements;
}

function lexInsideBraces(l: Lexer): StateFn | null {
  if (l.input.startsWith("#", l.pos)) return lexLineComment;
  const r = l.next();
  if (r === EOF_RUNE) return l.errorf("unexpected end of input inside braces");
  if (isSpace(r)) return lexSpace;
  if (isAlpha(r)) {
    l.backup();
    return lexIdentifier;
  }
  if (r === 0x2c) l.emit("COMMA");
  else if (r === 0x22 || r === 0x27) {
    l.stringOpen = r;
    return lexString;
  } else if (r === 0x60) {
    l.stringOpen = r;
    return lexRawString;
  } else if (r === 0x3d) {
    if (l.next() === 0x7e) l.emit("EQL_REGEX");
    else {
      l.backup();
      l.emit("EQL");
    }
  } else if (r === 0x21) {
    const nr = l.next();
    if (nr === 0x7e) l.emit("NEQ_REGEX");
    else if (nr === 0x3d) l.emit("NEQ");
    else return l.errorf(`unexpected character after '!' inside braces: ${quoteRune(nr)}`);
  } else if (r === 0x7b) {
    return l.errorf(`unexpected left brace ${quoteRune(r)}`);
  } else if (r === 0x7d) {
    l.emit("RIGHT_BRACE");
    l.braceOpen = false;
    return lexStatements;
  } else {
    return l.errorf(`unexpected character inside braces: ${quoteRune(r)}`);
  }
  return lexInsideBraces;
}

function lexEscape(l: Lexer): StateFn | null {
  let ch = l.next();
  let n: number;
  let base: number;
  let max: number;
  if ("abfnrtv\\".includes(ch >= 0 ? String.fromCodePoint(ch) : "\u0000") || ch === l.stringOpen) return lexString;
  if (ch >= 0x30 && ch <= 0x37) [n, base, max] = [3, 8, 255];
  else if (ch === 0x78) {
    ch = l.next();
    [n, base, max] = [2, 16, 255];
  } else if (ch === 0x75) {
    ch = l.next();
    [n, base, max] = [4, 16, 0x10ffff];
  } else if (ch === 0x55) {
    ch = l.next();
    [n, base, max] = [8, 16, 0x10ffff];
  } else if (ch === EOF_RUNE) {
    return l.errorf("escape sequence not terminated");
  } else {
    return l.errorf(`unknown escape sequence ${unicodeRune(ch)}`);
  }
  let x = 0;
  while (n > 0) {
    const d =
      ch >= 0x30 && ch <= 0x39 ? ch - 0x30 : ch >= 0x61 && ch <= 0x66 ? ch - 0x61 + 10 : ch >= 0x41 && ch <= 0x46 ? ch - 0x41 + 10 : 16;
    if (d >= base) {
      if (ch === EOF_RUNE) return l.errorf("escape sequence not terminated");
      return l.errorf(`illegal character ${unicodeRune(ch)} in escape sequence`);
    }
    x = x * base + d;
    n--;
    if (n > 0) ch = l.next();
  }
  if (x > max || (x >= 0xd800 && x < 0xe000)) return l.errorf("escape sequence is an invalid Unicode code point");
  return lexString;
}

function lexString(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === 0x5c) return lexEscape;
    if (r === EOF_RUNE || r === 0x0a) return l.errorf("unterminated quoted string");
    if (r === l.stringOpen) break;
  }
  l.emit("STRING");
  return lexStatements;
}

function lexRawString(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (r === EOF_RUNE) return l.errorf("unterminated raw string");
    if (r === l.stringOpen) break;
  }
  l.emit("STRING");
  return lexStatements;
}

function lexSpace(l: Lexer): StateFn | null {
  while (isSpace(l.peek())) l.next();
  l.ignore();
  return lexStatements;
}

function lexLineComment(l: Lexer): StateFn | null {
  l.pos += 1;
  for (let r = l.next(); r !== 0x0a && r !== 0x0d && r !== EOF_RUNE; r = l.next());
  l.backup();
  l.emit("COMMENT");
  return lexStatements;
}

function lexDuration(l: Lexer): StateFn | null {
  if (l.scanNumber()) return l.errorf("missing unit character in duration");
  if (!l.acceptRemainingDuration()) return l.errorf(`bad duration syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
  l.backup();
  l.emit("DURATION");
  return lexStatements;
}

function lexNumberOrDuration(l: Lexer): StateFn | null {
  if (l.scanNumber()) {
    l.emit("NUMBER");
    return lexStatements;
  }
  if (l.acceptRemainingDuration()) {
    l.backup();
    l.emit("DURATION");
    return lexStatements;
  }
  return l.errorf(`bad number or duration syntax: ${goQuote(l.input.slice(l.start, l.pos))}`);
}

function lexIdentifier(l: Lexer): StateFn | null {
  while (isAlphaNumeric(l.next()));
  l.backup();
  l.emit("IDENTIFIER");
  return lexStatements;
}

function lexKeywordOrIdentifier(l: Lexer): StateFn | null {
  for (;;) {
    const r = l.next();
    if (isAlphaNumeric(r) || r === 0x3a) continue;
    l.backup();
    const word = l.input.slice(l.start, l.pos);
    const kw = Object.hasOwn(KEYWORDS, word.toLowerCase()) ? KEYWORDS[word.toLowerCase()] : undefined;
    if (kw) l.emit(kw);
    else if (!word.includes(":")) l.emit("IDENTIFIER");
    else l.emit("METRIC_IDENTIFIER");
    return lexStatements;
  }
}

// ------------------------------------------------------------------ the syntax tree

type ValueType = "none" | "vector" | "scalar" | "matrix" | "string";

function documentedType(t: ValueType): string {
  return t === "vector" ? "instant vector" : t === "matrix" ? "range vector" : t;
}

type BinaryOp =
  "ADD" | "SUB" | "MUL" | "DIV" | "MOD" | "POW" | "ATAN2" | "EQLC" | "NEQ" | "GTR" | "LSS" | "GTE" | "LTE" | "LAND" | "LOR" | "LUNLESS";
type AggregateOp =
  "AVG" | "BOTTOMK" | "COUNT" | "COUNT_VALUES" | "GROUP" | "MAX" | "MIN" | "QUANTILE" | "STDDEV" | "STDVAR" | "SUM" | "TOPK";
type Cardinality = "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many";

interface VectorMatching {
  card: Cardinality;
  matchingLabels: string[];
  on: boolean;
  include: string[];
}

/** `@ <time>` (ms), or `@ start()` / `@ end()` until the query resolves them. */
type At = number | "start" | "end" | null;

type Expr =
  | { kind: "number"; pos: number; val: number }
  | { kind: "string"; pos: number; val: string }
  | { kind: "paren"; pos: number; expr: Expr }
  | { kind: "unary"; pos: number; op: "ADD" | "SUB"; expr: Expr }
  | { kind: "binary"; pos: number; opPos: number; op: BinaryOp; lhs: Expr; rhs: Expr; returnBool: boolean; matching: VectorMatching | null }
  | { kind: "aggregate"; pos: number; op: AggregateOp; expr: Expr; param: Expr | null; grouping: string[]; without: boolean }
  | { kind: "call"; pos: number; func: FunctionDef; args: Expr[] }
  | VectorSelector
  | { kind: "matrix"; pos: number; vs: Expr; range: number }
  | { kind: "subquery"; pos: number; expr: Expr; range: number; step: number; offset: number; at: At };

interface VectorSelector {
  kind: "vector";
  pos: number;
  name: string;
  matchers: Matcher[];
  offset: number;
  at: At;
}

interface FunctionDef {
  name: string;
  argTypes: ValueType[];
  variadic: number;
  returnType: ValueType;
}

const FUNCTIONS = new Map<string, FunctionDef>();
function fn(name: string, argTypes: ValueType[], returnType: ValueType = "vector", variadic = 0): void {
  FUNCTIONS.set(name, { name, argTypes, variadic, returnType });
}
for (const name of ["abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh", "deg", "exp", "floor"])
  fn(name, ["vector"]);
for (const name of ["histogram_count", "histogram_sum", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc"])
  fn(name, ["vector"]);
for (const name of ["sqrt", "tan", "tanh", "timestamp"]) fn(name, ["vector"]);
for (const name of ["absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv", "idelta", "increase", "irate"])
  fn(name, ["matrix"]);
for (const name of ["last_over_time", "max_over_time", "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time"])
  fn(name, ["matrix"]);
for (const name of ["stdvar_over_time", "sum_over_time"]) fn(name, ["matrix"]);
for (const name of ["days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year"])
  fn(name, ["vector"], "vector", 1);
fn("clamp", ["vector", "scalar", "scalar"]);
fn("clamp_max", ["vector", "scalar"]);
fn("clamp_min", ["vector", "scalar"]);
fn("histogram_fraction", ["scalar", "scalar", "vector"]);
fn("histogram_quantile", ["scalar", "vector"]);
fn("holt_winters", ["matrix", "scalar", "scalar"]);
fn("label_replace", ["vector", "string", "string", "string", "string"]);
fn("label_join", ["vector", "string", "string", "string"], "vector", -1);
fn("pi", [], "scalar");
fn("predict_linear", ["matrix", "scalar"]);
fn("quantile_over_time", ["scalar", "matrix"]);
fn("round", ["vector", "scalar"], "vector", 1);
fn("scalar", ["vector"], "scalar");
fn("time", [], "scalar");
fn("vector", ["scalar"]);

/** The functions PromQL knows, for completion in the UI. */
export const FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()].sort();

function typeOf(e: Expr): ValueType {
  switch (e.kind) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "paren":
    case "unary":
      return typeOf(e.expr);
    case "binary":
      return typeOf(e.lhs) === "scalar" && typeOf(e.rhs) === "scalar" ? "scalar" : "vector";
    case "aggregate":
    case "vector":
      return "vector";
    case "call":
      return e.func.returnType;
    case "matrix":
    case "subquery":
      return "matrix";
  }
}

const isComparison = (op: BinaryOp) => op === "EQLC" || op === "NEQ" || op === "GTR" || op === "LSS" || op === "GTE" || op === "LTE";
const isSetOperator = (op: BinaryOp) => op === "LAND" || op === "LOR" || op === "LUNLESS";
const OP_TEXT: Record<BinaryOp, string> = {
  ADD: "+",
  SUB: "-",
  MUL: "*",
  DIV: "/",
  MOD: "%",
  POW: "^",
  ATAN2: "atan2",
  EQLC: "==",
  NEQ: "!=",
  GTR: ">",
  LSS: "<",
  GTE: ">=",
  LTE: "<=",
  LAND: "and",
  LOR: "or",
  LUNLESS: "unless",
};

/** Binary operator precedence, lowest first (the grammar's %left/%right lines). */
const PRECEDENCE: Partial<Record<ItemType, number>> = {
  LOR: 1,
  LAND: 2,
  LUNLESS: 2,
  EQLC: 3,
  GTE: 3,
  GTR: 3,
  LSS: 3,
  LTE: 3,
  NEQ: 3,
  ADD: 4,
  SUB: 4,
  MUL: 5,
  DIV: 5,
  MOD: 5,
  ATAN2: 5,
  POW: 6,
};
/** Unary minus binds like `*` (tighter than `+`, looser than `^`): `-2^2` is -4. */
const UNARY_OPERAND_PRECEDENCE = 6;

/** Tokens that name a metric where an expression starts (metric_identifier in the grammar). */
const METRIC_KEYWORDS: ReadonlySet<ItemType> = new Set<ItemType>(["BY", "WITHOUT", "LAND", "LOR", "LUNLESS", "OFFSET", "START", "END"]);
/** Tokens a grouping list accepts as label names (maybe_label). */
const MAYBE_LABEL: ReadonlySet<ItemType> = new Set<ItemType>([
  ...AGGREGATORS,
  ...KEYWORD_TYPES,
  "IDENTIFIER",
  "METRIC_IDENTIFIER",
  "LAND",
  "LOR",
  "LUNLESS",
  "START",
  "END",
  "ATAN2",
]);

// ------------------------------------------------------------------ parsing (generated_parser.y, parse.go)

/** Thrown inside the parser to stop at a syntax error (the error itself is in `errors`). */
class Abort {}

interface ParseErr {
  pos: number;
  message: string;
}

/** Go's model.ParseDuration followed by the parser's "greater than 0" check; returns ms. */
function parseDuration(s: string): number {
  if (s === "0") throw new Error("duration must be greater than 0");
  if (s === "") throw new Error("empty duration string");
  const m = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(s);
  if (!m) throw new Error(`not a valid duration string: ${goQuote(s)}`);
  const units = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];
  let ms = 0;
  units.forEach((u, i) => {
    if (m[i + 1] !== undefined) ms += Number(m[i + 1]) * u;
  });
  // Go's Duration is int64 nanoseconds.
  if (ms * 1e6 > 9_223_372_036_854_775_807) throw new Error("duration out of range");
  if (ms === 0) throw new Error("duration must be greater than 0");
  return ms;
}

/** Go's strconv.ParseInt(s, 0, 64) for the spellings the lexer produces (decimal, 0x hex, 0 octal). */
function parseGoInt(s: string): number | undefined {
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) v = BigInt(s);
  else if (/^0[0-7]+$/.test(s)) v = BigInt(`0o${s.slice(1)}`);
  else if (/^(?:0|[1-9][0-9]*)$/.test(s)) v = BigInt(s);
  else return undefined;
  if (v > 9_223_372_036_854_775_807n) return undefined;
  return Number(v);
}

/** strutil.Unquote: Go's unquoting, with single-quoted strings of any length. */
function unquote(s: string): string {
  const q = s[0];
  if (q === "`") return s.slice(1, -1);
  const body = s.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i]!;
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" };
    if (simple[e] !== undefined) out += simple[e];
    else if (e === q) out += e;
    else if (e >= "0" && e <= "7") {
      out += String.fromCodePoint(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const code = parseInt(body.slice(i + 1, i + 1 + len), 16);
      // \x escapes are bytes in Go; a lone byte above 0x7F is not valid UTF-8 text, kept as the code point here.
      out += String.fromCodePoint(code);
      i += len;
    }
  }
  return out;
}

class Parser {
  private readonly lex: Lexer;
  private tok: Item = { typ: "EOF", pos: 0, val: "" };
  readonly errors: ParseErr[] = [];
  /** Enclosing constructs whose error productions name them ("aggregation"). */
  private readonly context: string[] = [];
  private depth = 0;

  constructor(readonly input: string) {
    this.lex = new Lexer(input);
  }

  private fetch(): Item {
    for (;;) {
      const item = this.lex.nextItem();
      if (item.typ === "COMMENT") continue;
      if (item.typ === "ERROR") {
        this.errors.push({ pos: this.lex.start, message: item.val });
        throw new Abort();
      }
      return item;
    }
  }

  /** The current token's type (a call, so TypeScript does not narrow it across advance()). */
  private peek(): ItemType {
    return this.tok.typ;
  }

  private advance(): Item {
    const t = this.tok;
    this.tok = this.fetch();
    return t;
  }

  private semantic(pos: number, message: string): void {
    this.errors.push({ pos, message });
  }

  /** A syntax error at the current token, as the grammar's error productions word it. */
  private unexpected(context: string, expected: string): never {
    let msg = `unexpected ${describe(this.tok)}`;
    if (context) msg += ` in ${context}`;
    if (expected) msg += `, expected ${expected}`;
    this.errors.push({ pos: this.tok.pos, message: msg });
    throw new Abort();
  }

  private generic(): never {
    return this.unexpected(this.context[this.context.length - 1] ?? "", "");
  }

  parse(): Expr | undefined {
    try {
      this.tok = this.fetch();
      if (this.peek() === "EOF") {
        this.semantic(0, "no expression found in input");
        return undefined;
      }
      const e = this.expr(0);
      if (this.peek() !== "EOF") this.generic();
      return e;
    } catch (e) {
      if (e instanceof Abort) return undefined;
      throw e;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING_DEPTH) {
      this.errors.push({ pos: this.tok.pos, message: `expression nested too deeply (more than ${MAX_NESTING_DEPTH} levels)` });
      throw new Abort();
    }
  }

  private expr(minPrec: number): Expr {
    this.enter();
    let lhs = this.unary();
    for (;;) {
      const prec = PRECEDENCE[this.peek()];
      if (prec === undefined || prec < minPrec) break;
      const opTok = this.advance();
      const op = opTok.typ as BinaryOp;
      const modifiers = this.binModifiers();
      const rhs = this.expr(op === "POW" ? prec : prec + 1);
      lhs = { kind: "binary", pos: lhs.pos, opPos: opTok.pos, op, lhs, rhs, ...modifiers };
    }
    this.depth--;
    return lhs;
  }

  private binModifiers(): { returnBool: boolean; matching: VectorMatching } {
    const matching: VectorMatching = { card: "one-to-one", matchingLabels: [], on: false, include: [] };
    let returnBool = false;
    if (this.peek() === "BOOL") {
      this.advance();
      returnBool = true;
    }
    if (this.peek() === "ON" || this.peek() === "IGNORING") {
      matching.on = this.advance().typ === "ON";
      matching.matchingLabels = this.groupingLabels();
      if (this.peek() === "GROUP_LEFT" || this.peek() === "GROUP_RIGHT") {
        matching.card = this.advance().typ === "GROUP_LEFT" ? "many-to-one" : "one-to-many";
        if (this.peek() === "LEFT_PAREN") matching.include = this.groupingLabels();
      }
    }
    return { returnBool, matching };
  }

  private groupingLabels(): string[] {
    if (this.peek() !== "LEFT_PAREN") this.unexpected("grouping opts", '"("');
    this.advance();
    const labels: string[] = [];
    if (this.peek() === "RIGHT_PAREN") {
      this.advance();
      return labels;
    }
    for (;;) {
      if (!MAYBE_LABEL.has(this.peek())) this.unexpected("grouping opts", "label");
      if (!isLabel(this.tok.val)) this.semantic(this.tok.pos, `unexpected ${describe(this.tok)} in grouping opts, expected label`);
      labels.push(this.advance().val);
      if (this.peek() === "COMMA") {
        this.advance();
        if (this.peek() === "RIGHT_PAREN") break;
        continue;
      }
      if (this.peek() === "RIGHT_PAREN") break;
      this.unexpected("grouping opts", '"," or ")"');
    }
    this.advance();
    return labels;
  }

  private unary(): Expr {
    if (this.peek() === "ADD" || this.peek() === "SUB") {
      const opTok = this.advance();
      const operand = this.expr(UNARY_OPERAND_PRECEDENCE);
      if (operand.kind === "number") {
        return { kind: "number", pos: opTok.pos, val: opTok.typ === "SUB" ? -operand.val : operand.val };
      }
      return { kind: "unary", pos: opTok.pos, op: opTok.typ as "ADD" | "SUB", expr: operand };
    }
    let e = this.primary();
    // Ranges, subqueries, offset and @ bind tighter than any operator.
    for (;;) {
      if (this.peek() === "LEFT_BRACKET") e = this.rangeOrSubquery(e);
      else if (this.peek() === "OFFSET") e = this.offset(e);
      else if (this.peek() === "AT") e = this.at(e);
      else return e;
    }
  }

  private primary(): Expr {
    const t = this.tok;
    switch (t.typ) {
      case "NUMBER": {
        this.advance();
        let val = parseGoInt(t.val);
        if (val === undefined) {
          try {
            val = parseGoFloat(t.val);
          } catch (e) {
            this.semantic(t.pos, `error parsing number: ${(e as Error).message}`);
            val = 0;
          }
        }
        return { kind: "number", pos: t.pos, val };
      }
      case "STRING":
        this.advance();
        return { kind: "string", pos: t.pos, val: unquote(t.val) };
      case "LEFT_PAREN": {
        this.advance();
        const inner = this.expr(0);
        if (this.peek() !== "RIGHT_PAREN") this.generic();
        this.advance();
        return { kind: "paren", pos: t.pos, expr: inner };
      }
      case "LEFT_BRACE":
        return this.vectorSelector("", t.pos);
      case "IDENTIFIER":
        this.advance();
        if (this.peek() === "LEFT_PAREN") return this.call(t);
        return this.vectorSelector(t.val, t.pos);
      case "METRIC_IDENTIFIER":
        this.advance();
        return this.vectorSelector(t.val, t.pos);
      default:
        if (AGGREGATORS.has(t.typ)) {
          this.advance();
          if (this.peek() === "LEFT_PAREN" || this.peek() === "BY" || this.peek() === "WITHOUT") return this.aggregate(t);
          return this.vectorSelector(t.val, t.pos);
        }
        if (METRIC_KEYWORDS.has(t.typ)) {
          this.advance();
          return this.vectorSelector(t.val, t.pos);
        }
        return this.generic();
    }
  }

  private callArgs(): { args: Expr[] } {
    // At "(".
    this.advance();
    const args: Expr[] = [];
    if (this.peek() === "RIGHT_PAREN") {
      this.advance();
      return { args };
    }
    for (;;) {
      args.push(this.expr(0));
      if (this.peek() === "COMMA") {
        const comma = this.advance();
        if (this.peek() === "RIGHT_PAREN") {
          this.semantic(comma.pos, "trailing commas not allowed in function call args");
          break;
        }
        continue;
      }
      if (this.peek() === "RIGHT_PAREN") break;
      this.generic();
    }
    this.advance();
    return { args };
  }

  private call(name: Item): Expr {
    const { args } = this.callArgs();
    const func = FUNCTIONS.get(name.val);
    if (!func) {
      this.semantic(name.pos, `unknown function with name ${goQuote(name.val)}`);
      return { kind: "call", pos: name.pos, func: { name: name.val, argTypes: [], variadic: 0, returnType: "vector" }, args };
    }
    return { kind: "call", pos: name.pos, func, args };
  }

  private aggregate(opTok: Item): Expr {
    this.context.push("aggregation");
    let grouping: string[] = [];
    let without = false;
    let modifier = false;
    if (this.peek() === "BY" || this.peek() === "WITHOUT") {
      without = this.advance().typ === "WITHOUT";
      grouping = this.groupingLabels();
      modifier = true;
    }
    if (this.peek() !== "LEFT_PAREN") this.unexpected("aggregation", "");
    const { args } = this.callArgs();
    if (!modifier && (this.peek() === "BY" || this.peek() === "WITHOUT")) {
      without = this.advance().typ === "WITHOUT";
      grouping = this.groupingLabels();
    }
    this.context.pop();
    const op = opTok.typ as AggregateOp;
    const withParam = op === "TOPK" || op === "BOTTOMK" || op === "COUNT_VALUES" || op === "QUANTILE";
    const placeholder: Expr = { kind: "number", pos: opTok.pos, val: 0 };
    if (args.length === 0) {
      this.semantic(opTok.pos, "no arguments for aggregate expression provided");
      return { kind: "aggregate", pos: opTok.pos, op, expr: placeholder, param: null, grouping, without };
    }
    const desired = withParam ? 2 : 1;
    if (args.length !== desired) {
      this.semantic(opTok.pos, `wrong number of arguments for aggregate expression provided, expected ${desired}, got ${args.length}`);
      return { kind: "aggregate", pos: opTok.pos, op, expr: placeholder, param: null, grouping, without };
    }
    return { kind: "aggregate", pos: opTok.pos, op, expr: args[desired - 1]!, param: withParam ? args[0]! : null, grouping, without };
  }

  private vectorSelector(name: string, pos: number): VectorSelector {
    const matchers: Matcher[] = [];
    if (this.peek() === "LEFT_BRACE") {
      this.advance();
      while (this.peek() !== "RIGHT_BRACE") {
        if (this.peek() !== "IDENTIFIER") this.unexpected("label matching", 'identifier or "}"');
        const label = this.advance();
        if (this.peek() !== "EQL" && this.peek() !== "NEQ" && this.peek() !== "EQL_REGEX" && this.peek() !== "NEQ_REGEX")
          this.unexpected("label matching", "label matching operator");
        const op = this.advance();
        if (this.peek() !== "STRING") this.unexpected("label matching", "string");
        const value = unquote(this.advance().val);
        const type = ({ EQL: "=", NEQ: "!=", EQL_REGEX: "=~", NEQ_REGEX: "!~" } as Record<string, MatchType>)[op.typ]!;
        if (type === "=~" || type === "!~") {
          try {
            anchoredRegexp(value);
          } catch (e) {
            this.semantic(label.pos, (e as Error).message);
          }
        }
        matchers.push({ type, name: label.val, value });
        if (this.peek() === "COMMA") this.advance();
        else if (this.peek() !== "RIGHT_BRACE") this.unexpected("label matching", '"," or "}"');
      }
      this.advance();
    }
    if (name !== "") matchers.push({ type: "=", name: "__name__", value: name });
    return { kind: "vector", pos, name, matchers, offset: 0, at: null };
  }

  private duration(): number {
    const t = this.advance();
    try {
      return parseDuration(t.val);
    } catch (e) {
      this.semantic(t.pos, (e as Error).message);
      return 0;
    }
  }

  private rangeOrSubquery(e: Expr): Expr {
    const open = this.advance();
    if (this.peek() !== "DURATION") this.unexpected("subquery selector", "duration");
    const range = this.duration();
    if (this.peek() === "RIGHT_BRACKET") {
      this.advance();
      if (e.kind !== "vector") this.semantic(open.pos, "ranges only allowed for vector selectors");
      else if (e.offset !== 0) this.semantic(open.pos, "no offset modifiers allowed before range");
      else if (e.at !== null) this.semantic(open.pos, "no @ modifiers allowed before range");
      return { kind: "matrix", pos: e.pos, vs: e, range };
    }
    if (this.peek() !== "COLON") this.unexpected("subquery or range", '":" or "]"');
    this.advance();
    let step = 0;
    if (this.peek() === "DURATION") {
      step = this.duration();
      if (this.peek() !== "RIGHT_BRACKET") this.unexpected("subquery selector", '"]"');
    } else if (this.peek() !== "RIGHT_BRACKET") this.unexpected("subquery selector", 'duration or "]"');
    this.advance();
    return { kind: "subquery", pos: e.pos, expr: e, range, step, offset: 0, at: null };
  }

  private offset(e: Expr): Expr {
    this.advance();
    let sign = 1;
    if (this.peek() === "SUB") {
      this.advance();
      sign = -1;
      if (this.peek() !== "DURATION") this.unexpected("offset", "duration");
    }
    if (this.peek() !== "DURATION") this.unexpected("offset", "duration");
    const d = sign * this.duration();
    const target = e.kind === "matrix" ? e.vs : e;
    if (e.kind === "matrix" && e.vs.kind !== "vector") this.semantic(e.pos, "ranges only allowed for vector selectors");
    else if (target.kind !== "vector" && target.kind !== "subquery")
      this.semantic(e.pos, "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    else if (target.offset !== 0) this.semantic(e.pos, "offset may not be set multiple times");
    else target.offset = d;
    return e;
  }

  private at(e: Expr): Expr {
    this.advance();
    let at: At;
    if (this.peek() === "START" || this.peek() === "END") {
      const which = this.advance().typ === "START" ? "start" : "end";
      if (this.peek() !== "LEFT_PAREN") this.unexpected("@", "timestamp");
      this.advance();
      if (this.peek() !== "RIGHT_PAREN") this.unexpected("@", "timestamp");
      this.advance();
      at = which;
    } else {
      let sign = 1;
      if (this.peek() === "ADD" || this.peek() === "SUB") {
        sign = this.advance().typ === "SUB" ? -1 : 1;
      }
      if (this.peek() !== "NUMBER") this.unexpected("@", "timestamp");
      const t = this.advance();
      let v = parseGoInt(t.val);
      if (v === undefined) {
        try {
          v = parseGoFloat(t.val);
        } catch (err) {
          this.semantic(t.pos, `error parsing number: ${(err as Error).message}`);
          v = 0;
        }
      }
      const ts = sign * v;
      if (!Number.isFinite(ts) || ts >= 9.223372036854776e18 || ts <= -9.223372036854776e18) {
        this.semantic(e.pos, `timestamp out of bounds for @ modifier: ${goPercentF(ts)}`);
        return e;
      }
      at = Math.round(ts * 1000);
    }
    const target = e.kind === "matrix" ? e.vs : e;
    if (e.kind === "matrix" && e.vs.kind !== "vector") this.semantic(e.pos, "ranges only allowed for vector selectors");
    else if (target.kind !== "vector" && target.kind !== "subquery")
      this.semantic(e.pos, "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    else if (target.at !== null) this.semantic(e.pos, "@ <timestamp> may not be set multiple times");
    else target.at = at;
    return e;
  }

  // -------------------------------------------------------------- type checks (checkAST)

  check(node: Expr): ValueType {
    const t = typeOf(node);
    switch (node.kind) {
      case "aggregate":
        this.expectType(node.expr, "vector", "aggregation expression");
        if (node.param && (node.op === "TOPK" || node.op === "BOTTOMK" || node.op === "QUANTILE"))
          this.expectType(node.param, "scalar", "aggregation parameter");
        if (node.param && node.op === "COUNT_VALUES") this.expectType(node.param, "string", "aggregation parameter");
        break;
      case "binary": {
        const lt = this.check(node.lhs);
        const rt = this.check(node.rhs);
        if (node.returnBool && !isComparison(node.op)) this.semantic(node.opPos, "bool modifier can only be used on comparison operators");
        if (isComparison(node.op) && !node.returnBool && lt === "scalar" && rt === "scalar")
          this.semantic(node.opPos, "comparisons between scalars must use BOOL modifier");
        const m = node.matching;
        if (m && isSetOperator(node.op) && m.card === "one-to-one") m.card = "many-to-many";
        if (m?.on)
          for (const l of m.matchingLabels)
            if (m.include.includes(l)) this.semantic(node.opPos, `label ${goQuote(l)} must not occur in ON and GROUP clause at once`);
        if (lt !== "scalar" && lt !== "vector")
          this.semantic(node.lhs.pos, "binary expression must contain only scalar and instant vector types");
        if (rt !== "scalar" && rt !== "vector")
          this.semantic(node.rhs.pos, "binary expression must contain only scalar and instant vector types");
        if ((lt !== "vector" || rt !== "vector") && m) {
          if (m.matchingLabels.length > 0) this.semantic(node.pos, "vector matching only allowed between instant vectors");
          node.matching = null;
        } else if (m && isSetOperator(node.op)) {
          if (m.card === "one-to-many" || m.card === "many-to-one")
            this.semantic(node.pos, `no grouping allowed for ${goQuote(OP_TEXT[node.op])} operation`);
          if (m.card !== "many-to-many") this.semantic(node.pos, "set operations must always be many-to-many");
        }
        if ((lt === "scalar" || rt === "scalar") && isSetOperator(node.op))
          this.semantic(node.pos, `set operator ${goQuote(OP_TEXT[node.op])} not allowed in binary scalar expression`);
        break;
      }
      case "call": {
        const f = node.func;
        const nargs = f.argTypes.length;
        if (f.variadic === 0) {
          if (nargs !== node.args.length)
            this.semantic(node.pos, `expected ${nargs} argument(s) in call to ${goQuote(f.name)}, got ${node.args.length}`);
        } else {
          const na = nargs - 1;
          if (na > node.args.length)
            this.semantic(node.pos, `expected at least ${na} argument(s) in call to ${goQuote(f.name)}, got ${node.args.length}`);
          else if (f.variadic > 0 && na + f.variadic < node.args.length)
            this.semantic(
              node.pos,
              `expected at most ${na + f.variadic} argument(s) in call to ${goQuote(f.name)}, got ${node.args.length}`,
            );
        }
        for (let i = 0; i < node.args.length; i++) {
          let j = i;
          if (j >= nargs) {
            if (f.variadic === 0) break;
            j = nargs - 1;
          }
          this.expectType(node.args[i]!, f.argTypes[j]!, `call to function ${goQuote(f.name)}`);
        }
        break;
      }
      case "paren":
        this.check(node.expr);
        break;
      case "unary": {
        const inner = this.check(node.expr);
        if (inner !== "scalar" && inner !== "vector")
          this.semantic(
            node.pos,
            `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(inner))}`,
          );
        break;
      }
      case "subquery": {
        const inner = this.check(node.expr);
        if (inner !== "vector") this.semantic(node.pos, `subquery is only allowed on instant vector, got ${inner} instead`);
        break;
      }
      case "matrix":
        this.check(node.vs);
        break;
      case "vector":
        if (node.name !== "") {
          for (const m of node.matchers.slice(0, -1))
            if (m.name === "__name__")
              this.semantic(node.pos, `metric name must not be set twice: ${goQuote(node.name)} or ${goQuote(m.value)}`);
          break;
        }
        if (!node.matchers.some((m) => !matchesSafely(m, "")))
          this.semantic(node.pos, "vector selector must contain at least one non-empty matcher");
        break;
      case "number":
      case "string":
        break;
    }
    return t;
  }

  private expectType(node: Expr, want: ValueType, context: string): void {
    const t = this.check(node);
    if (t !== want) this.semantic(node.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }
}

function matchesSafely(m: Matcher, value: string): boolean {
  try {
    return matches(m, value);
  } catch {
    return false;
  }
}

function positionString(input: string, pos: number): string {
  if (pos < 0 || pos > input.length) return "invalid position:";
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < pos; i++) {
    if (input[i] === "\n") {
      lastBreak = i;
      line++;
    }
  }
  return `${line}:${pos - lastBreak}:`;
}

/** Parses and type-checks an expression; throws PromqlError with Prometheus' `<line>:<col>: parse error: ...`. */
function parseExpr(input: string): Expr {
  if (input.length > MAX_QUERY_LENGTH) throw new PromqlError(`query is too long (more than ${MAX_QUERY_LENGTH} characters)`);
  const p = new Parser(input);
  const e = p.parse();
  if (e && p.errors.length === 0) p.check(e);
  const first = p.errors[0];
  if (first) throw new PromqlError(`${positionString(input, first.pos)} parse error: ${first.message}`);
  return e!;
}

/** Whether an expression parses (for the UI); the error message when it does not. */
export function checkQuery(expr: string): string | undefined {
  try {
    parseExpr(expr);
    return undefined;
  } catch (e) {
    if (e instanceof PromqlError) return e.message;
    throw e;
  }
}

// ------------------------------------------------------------------ evaluation (engine.go)

interface Point {
  t: number;
  v: number;
}
interface Series {
  metric: Labels;
  points: Point[];
}
type Matrix = Series[];
interface Sample {
  metric: Labels;
  /** The sample's time: the step's, except for timestamp() on a selector. */
  t: number;
  v: number;
}
type Vector = Sample[];

const EMPTY_LABELS: Labels = Object.freeze(newLabels());

function execError(message: string): PromqlError {
  return new PromqlError(message, "execution");
}

const keyCache = new WeakMap<Labels, string>();
function keyOf(l: Labels): string {
  let k = keyCache.get(l);
  if (k === undefined) keyCache.set(l, (k = labelsKey(l)));
  return k;
}

function buildLabels(entries: Array<[string, string]>): Labels {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out = newLabels();
  for (const [k, v] of entries) if (v !== "") out[k] = v;
  return Object.freeze(out);
}

const dropNameCache = new WeakMap<Labels, Labels>();
function dropName(l: Labels): Labels {
  if (l.__name__ === undefined) return l;
  let d = dropNameCache.get(l);
  if (!d) dropNameCache.set(l, (d = buildLabels(Object.entries(l).filter(([k]) => k !== "__name__"))));
  return d;
}

function setLabel(l: Labels, name: string, value: string): Labels {
  return buildLabels([...Object.entries(l).filter(([k]) => k !== name), [name, value]]);
}

function withoutLabels(l: Labels, names: readonly string[]): Labels {
  return buildLabels(Object.entries(l).filter(([k]) => !names.includes(k)));
}

function keepLabels(l: Labels, names: readonly string[]): Labels {
  return buildLabels(Object.entries(l).filter(([k]) => names.includes(k)));
}

/** The key of the labels named (`on`), or of all but those and `__name__` (`ignoring`, `without`). */
function signature(l: Labels, on: boolean, names: readonly string[]): string {
  let key = "";
  for (const k of Object.keys(l)) {
    const listed = names.includes(k);
    if (on ? listed : !listed && k !== "__name__") key += `${k}\u0000${l[k]}\u0001`;
  }
  return key;
}

function unwrapParens(e: Expr): Expr {
  while (e.kind === "paren") e = e.expr;
  return e;
}

function checkDuplicates(vec: Vector | Matrix): void {
  const seen = new Set<string>();
  for (const s of vec) {
    const k = keyOf(s.metric);
    if (seen.has(k)) throw execError("vector cannot contain metrics with the same labelset");
    seen.add(k);
  }
}

function kahanSumInc(inc: number, sum: number, c: number): [number, number] {
  const t = sum + inc;
  // Neumaier's improvement: swap when the next term is larger than the sum.
  if (Math.abs(sum) >= Math.abs(inc)) c += sum - t + inc;
  else c += inc - t + sum;
  return [t, c];
}

/** Go's math.Pow where it differs from `**`: 1 to any power, anything to 0, and -1 to ±Inf are 1. */
function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return x ** y;
}

/** quantile.go's quantile(): linear between the two nearest ranks; NaNs sort first. */
function quantile(q: number, values: number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const sorted = [...values].sort((a, b) => (Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b));
  const n = sorted.length;
  const rank = q * (n - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(n - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

interface Bucket {
  upperBound: number;
  count: number;
}

/** quantile.go's bucketQuantile: linear interpolation within the bucket, the second-highest bound for the +Inf bucket, 0 as the lowest bucket's lower bound when it is positive. */
function bucketQuantile(q: number, buckets: Bucket[]): number {
  if (Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  buckets.sort((a, b) => a.upperBound - b.upperBound);
  if (buckets[buckets.length - 1]!.upperBound !== Infinity) return NaN;
  // coalesceBuckets: equal bounds (from differently spelled `le`) add up.
  const merged: Bucket[] = [];
  for (const b of buckets) {
    const last = merged[merged.length - 1];
    if (last && last.upperBound === b.upperBound) last.count += b.count;
    else merged.push({ ...b });
  }
  // ensureMonotonic: a bucket never counts less than the one below it.
  let max = merged[0]!.count;
  for (let i = 1; i < merged.length; i++) {
    if (merged[i]!.count > max) max = merged[i]!.count;
    else if (merged[i]!.count < max) merged[i]!.count = max;
  }
  if (merged.length < 2) return NaN;
  const observations = merged[merged.length - 1]!.count;
  if (observations === 0) return NaN;
  let rank = q * observations;
  // sort.Search over all but the last bucket.
  let b = merged.length - 1;
  for (let i = 0; i < merged.length - 1; i++) {
    if (merged[i]!.count >= rank) {
      b = i;
      break;
    }
  }
  if (b === merged.length - 1) return merged[merged.length - 2]!.upperBound;
  if (b === 0 && merged[0]!.upperBound <= 0) return merged[0]!.upperBound;
  let bucketStart = 0;
  const bucketEnd = merged[b]!.upperBound;
  let count = merged[b]!.count;
  if (b > 0) {
    bucketStart = merged[b - 1]!.upperBound;
    count -= merged[b - 1]!.count;
    rank -= merged[b - 1]!.count;
  }
  return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

// A binary heap as Go's container/heap runs it, so topk/bottomk keep the same series on ties.
function heapUp<T>(h: T[], less: (a: T, b: T) => boolean, j: number): void {
  for (;;) {
    const i = Math.trunc((j - 1) / 2);
    if (i === j || !less(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    j = i;
  }
}
function heapDown<T>(h: T[], less: (a: T, b: T) => boolean, i0: number, n: number): void {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && less(h[j2]!, h[j1]!)) j = j2;
    if (!less(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    i = j;
  }
}
function heapPush<T>(h: T[], less: (a: T, b: T) => boolean, x: T): void {
  h.push(x);
  heapUp(h, less, h.length - 1);
}
function heapPop<T>(h: T[], less: (a: T, b: T) => boolean): void {
  const n = h.length - 1;
  [h[0], h[n]] = [h[n]!, h[0]!];
  heapDown(h, less, 0, n);
  h.pop();
}

const byValue = (a: Sample, b: Sample) => Number.isNaN(a.v) || a.v < b.v;
const byReverseValue = (a: Sample, b: Sample) => Number.isNaN(a.v) || a.v > b.v;

interface Budget {
  n: number;
}

interface RangeCtx {
  ts: number;
  rangeStart: number;
  rangeEnd: number;
  rangeMs: number;
  /** The call's other (scalar) arguments at this step, by position. */
  args: number[];
}

function extrapolatedRate(pts: Point[], c: RangeCtx, isCounter: boolean, isRate: boolean): number | undefined {
  if (pts.length < 2) return undefined;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  let result = last.v - first.v;
  if (isCounter) {
    let prev = first.v;
    for (let i = 1; i < pts.length; i++) {
      const v = pts[i]!.v;
      if (v < prev) result += prev;
      prev = v;
    }
  }
  let durationToStart = (first.t - c.rangeStart) / 1000;
  const durationToEnd = (c.rangeEnd - last.t) / 1000;
  const sampledInterval = (last.t - first.t) / 1000;
  const averageDurationBetweenSamples = sampledInterval / (pts.length - 1);
  if (isCounter && result > 0 && first.v >= 0) {
    // A counter cannot go below zero: do not extrapolate past the point where it would.
    const durationToZero = sampledInterval * (first.v / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = averageDurationBetweenSamples * 1.1;
  let extrapolateToInterval = sampledInterval;
  extrapolateToInterval += durationToStart < threshold ? durationToStart : averageDurationBetweenSamples / 2;
  extrapolateToInterval += durationToEnd < threshold ? durationToEnd : averageDurationBetweenSamples / 2;
  let factor = extrapolateToInterval / sampledInterval;
  if (isRate) factor /= c.rangeMs / 1000;
  return result * factor;
}

function instantValue(pts: Point[], isRate: boolean): number | undefined {
  if (pts.length < 2) return undefined;
  const last = pts[pts.length - 1]!;
  const prev = pts[pts.length - 2]!;
  let result = isRate && last.v < prev.v ? last.v : last.v - prev.v;
  const interval = last.t - prev.t;
  if (interval === 0) return undefined;
  if (isRate) result /= interval / 1000;
  return result;
}

function linearRegression(pts: Point[], interceptTime: number): [number, number] {
  let n = 0;
  let [sumX, cX, sumY, cY, sumXY, cXY, sumX2, cX2] = [0, 0, 0, 0, 0, 0, 0, 0];
  const initY = pts[0]!.v;
  let constY = true;
  pts.forEach((p, i) => {
    if (constY && i > 0 && p.v !== initY) constY = false;
    n += 1;
    const x = (p.t - interceptTime) / 1e3;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(p.v, sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * p.v, sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  });
  if (constY) {
    if (!Number.isFinite(initY) && !Number.isNaN(initY)) return [NaN, NaN];
    return [0, initY];
  }
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

function varianceOverTime(pts: Point[]): number {
  let count = 0;
  let [mean, cMean, aux, cAux] = [0, 0, 0, 0];
  for (const p of pts) {
    count++;
    const delta = p.v - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (p.v - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

const RANGE_FUNCTIONS: Readonly<Record<string, (pts: Point[], c: RangeCtx) => number | undefined>> = {
  rate: (pts, c) => extrapolatedRate(pts, c, true, true),
  increase: (pts, c) => extrapolatedRate(pts, c, true, false),
  delta: (pts, c) => extrapolatedRate(pts, c, false, false),
  irate: (pts) => instantValue(pts, true),
  idelta: (pts) => instantValue(pts, false),
  avg_over_time: (pts) => {
    let [mean, count, c] = [0, 0, 0];
    for (const p of pts) {
      count++;
      if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
        // Inf plus more of the same, or plus anything finite, stays Inf (the update below would make it NaN).
        if (!Number.isFinite(p.v) && !Number.isNaN(p.v) && mean > 0 === p.v > 0) continue;
        if (Number.isFinite(p.v)) continue;
      }
      [mean, c] = kahanSumInc(p.v / count - mean / count, mean, c);
    }
    return !Number.isFinite(mean) && !Number.isNaN(mean) ? mean : mean + c;
  },
  count_over_time: (pts) => pts.length,
  last_over_time: (pts) => pts[pts.length - 1]!.v,
  max_over_time: (pts) => {
    let max = pts[0]!.v;
    for (const p of pts) if (p.v > max || Number.isNaN(max)) max = p.v;
    return max;
  },
  min_over_time: (pts) => {
    let min = pts[0]!.v;
    for (const p of pts) if (p.v < min || Number.isNaN(min)) min = p.v;
    return min;
  },
  sum_over_time: (pts) => {
    let [sum, c] = [0, 0];
    for (const p of pts) [sum, c] = kahanSumInc(p.v, sum, c);
    return !Number.isFinite(sum) && !Number.isNaN(sum) ? sum : sum + c;
  },
  quantile_over_time: (pts, c) =>
    quantile(
      c.args[0]!,
      pts.map((p) => p.v),
    ),
  stddev_over_time: (pts) => Math.sqrt(varianceOverTime(pts)),
  stdvar_over_time: (pts) => varianceOverTime(pts),
  present_over_time: () => 1,
  absent_over_time: () => 1,
  changes: (pts) => {
    let changes = 0;
    let prev = pts[0]!.v;
    for (const p of pts.slice(1)) {
      if (p.v !== prev && !(Number.isNaN(p.v) && Number.isNaN(prev))) changes++;
      prev = p.v;
    }
    return changes;
  },
  resets: (pts) => {
    let resets = 0;
    let prev = pts[0]!.v;
    for (const p of pts.slice(1)) {
      if (p.v < prev) resets++;
      prev = p.v;
    }
    return resets;
  },
  deriv: (pts) => (pts.length < 2 ? undefined : linearRegression(pts, pts[0]!.t)[0]),
  predict_linear: (pts, c) => {
    if (pts.length < 2) return undefined;
    const [slope, intercept] = linearRegression(pts, c.ts);
    return slope * c.args[1]! + intercept;
  },
  holt_winters: (pts, c) => {
    const sf = c.args[1]!;
    const tf = c.args[2]!;
    if (sf <= 0 || sf >= 1) throw execError(`invalid smoothing factor. Expected: 0 < sf < 1, got: ${goPercentF(sf)}`);
    if (tf <= 0 || tf >= 1) throw execError(`invalid trend factor. Expected: 0 < tf < 1, got: ${goPercentF(tf)}`);
    if (pts.length < 2) return undefined;
    let s0 = 0;
    let s1 = pts[0]!.v;
    let b = pts[1]!.v - pts[0]!.v;
    for (let i = 1; i < pts.length; i++) {
      const x = sf * pts[i]!.v;
      b = i - 1 === 0 ? b : tf * (s1 - s0) + (1 - tf) * b;
      const y = (1 - sf) * (s1 + b);
      [s0, s1] = [s1, x + y];
    }
    return s1;
  },
};

const SIMPLE_FUNCTIONS: Readonly<Record<string, (v: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  rad: (v) => (v * Math.PI) / 180,
  deg: (v) => (v * 180) / Math.PI,
  sgn: (v) => (v < 0 ? -1 : v > 0 ? 1 : v),
};

/** The UTC calendar fields of a Unix time in seconds (what Go's time.Time gives the date functions). */
function civil(secs: number): Record<string, number> {
  const days = Math.floor(secs / 86_400);
  const rem = secs - days * 86_400;
  // Howard Hinnant's days_from_civil, inverted.
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  let yday = day;
  for (let m = 1; m < month; m++) yday += lengths[m - 1]!;
  return {
    year,
    month,
    day_of_month: day,
    days_in_month: lengths[month - 1]!,
    day_of_year: yday,
    day_of_week: (((days + 4) % 7) + 7) % 7,
    hour: Math.floor(rem / 3600),
    minute: Math.floor((rem % 3600) / 60),
  };
}

/** Go's regexp Expand for label_replace: `$1`, `${1}`, `$name`, `${name}`, `$$`. */
function expandTemplate(template: string, m: RegExpExecArray): string {
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== "$" || i + 1 >= template.length) {
      out += c;
      continue;
    }
    if (template[i + 1] === "$") {
      out += "$";
      i++;
      continue;
    }
    let name: string | undefined;
    let end = i;
    if (template[i + 1] === "{") {
      const close = template.indexOf("}", i + 2);
      const inner = close < 0 ? "" : template.slice(i + 2, close);
      if (close >= 0 && /^[A-Za-z0-9_]+$/.test(inner)) {
        name = inner;
        end = close;
      }
    } else {
      const word = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (word) {
        name = word[0];
        end = i + word[0].length;
      }
    }
    if (name === undefined) {
      out += c;
      continue;
    }
    i = end;
    if (/^[0-9]+$/.test(name)) out += m[Number(name)] ?? "";
    else out += m.groups?.[name] ?? "";
  }
  return out;
}

class Evaluator {
  constructor(
    private readonly db: Tsdb,
    private readonly start: number,
    private readonly end: number,
    private readonly interval: number,
    /** The query's own start and end, for `@ start()` and `@ end()` inside subqueries. */
    private readonly queryStart: number,
    private readonly queryEnd: number,
    private readonly budget: Budget,
  ) {}

  private spend(n: number): void {
    this.budget.n += n;
    if (this.budget.n > MAX_QUERY_SAMPLES) throw execError("query processing would load too many samples into memory in query execution");
  }

  private steps(): number {
    return Math.floor((this.end - this.start) / this.interval) + 1;
  }

  private resolveAt(at: At): number | null {
    return at === "start" ? this.queryStart : at === "end" ? this.queryEnd : at;
  }

  evalMatrix(e: Expr): Matrix {
    const v = this.eval(e);
    if (typeof v === "string") throw execError("unexpected string in expression");
    return v;
  }

  eval(e: Expr): Matrix | string {
    switch (e.kind) {
      case "number":
        return this.rangeEval([], () => [{ metric: EMPTY_LABELS, t: 0, v: e.val }]);
      case "string":
        return e.val;
      case "paren":
        return this.eval(e.expr);
      case "unary": {
        const mat = this.evalMatrix(e.expr);
        if (e.op === "ADD") return mat;
        const out = mat.map((s) => ({ metric: dropName(s.metric), points: s.points.map((p) => ({ t: p.t, v: -p.v })) }));
        checkDuplicates(out);
        return out;
      }
      case "binary":
        return this.binary(e);
      case "aggregate":
        return this.aggregate(e);
      case "call":
        return this.call(e);
      case "vector": {
        const at = this.instantSelector(e);
        const out: Matrix = [];
        for (const s of at.series) {
          this.spend(this.steps());
          const points: Point[] = [];
          for (let ts = this.start; ts <= this.end; ts += this.interval) {
            const smp = at.sampleAt(s, ts);
            if (smp) points.push({ t: ts, v: smp.v });
          }
          if (points.length > 0) out.push({ metric: s.labels, points });
        }
        return out;
      }
      case "matrix": {
        if (this.start !== this.end) throw execError("cannot do range evaluation of matrix selector");
        const vs = e.vs as VectorSelector;
        const maxt = (this.resolveAt(vs.at) ?? this.start) - vs.offset;
        const mint = maxt - e.range;
        const out: Matrix = [];
        for (const s of this.select(vs.matchers, mint, maxt)) {
          const points = s.samples.filter((p) => !p.stale).map((p) => ({ t: p.t, v: p.v }));
          if (points.length > 0) out.push({ metric: s.labels, points });
        }
        return out;
      }
      case "subquery":
        return this.subquery(e);
    }
  }

  private select(matchers: Matcher[], mint: number, maxt: number) {
    let series;
    try {
      series = this.db.select(matchers, mint, maxt);
    } catch (err) {
      if (err instanceof RegexpError) throw new PromqlError(err.message);
      throw err;
    }
    for (const s of series) this.spend(s.samples.length);
    return series;
  }

  /** An instant selector's series and, per step, the sample it sees: the latest within the lookback, unless that one is a stale marker. */
  private instantSelector(vs: VectorSelector) {
    const at = this.resolveAt(vs.at);
    const refFirst = (at ?? this.start) - vs.offset;
    const refLast = (at ?? this.end) - vs.offset;
    const series = this.select(vs.matchers, refFirst - LOOKBACK_DELTA_MS, refLast);
    const cursors = new Map<object, number>();
    return {
      series,
      sampleAt: (s: (typeof series)[number], ts: number) => {
        const ref = (at ?? ts) - vs.offset;
        let i = cursors.get(s) ?? 0;
        // Steps only move forward, so each series is scanned once across the whole query.
        while (i < s.samples.length && s.samples[i]!.t <= ref) i++;
        cursors.set(s, i);
        const smp = s.samples[i - 1];
        if (!smp || smp.t < ref - LOOKBACK_DELTA_MS || smp.stale) return undefined;
        return smp;
      },
    };
  }

  /** Evaluates each expression over all steps, then calls fn with their values at each step (engine.go's rangeEval). */
  private rangeEval(exprs: Array<Expr | null>, fn: (args: Array<Vector | undefined>, ts: number) => Vector): Matrix {
    if (this.steps() > MAX_QUERY_SAMPLES) throw execError("query processing would load too many samples into memory in query execution");
    const mats = exprs.map((e) => (e && typeOf(e) !== "string" ? this.evalMatrix(e) : null));
    const cursors = mats.map((m) => (m ? new Array<number>(m.length).fill(0) : null));
    const out = new Map<string, Series>();
    for (let ts = this.start; ts <= this.end; ts += this.interval) {
      const args = mats.map((m, i) => {
        if (!m) return undefined;
        const c = cursors[i]!;
        const vec: Vector = [];
        m.forEach((s, si) => {
          const p = s.points[c[si]!];
          if (p && p.t === ts) {
            vec.push({ metric: s.metric, t: p.t, v: p.v });
            c[si]!++;
          }
        });
        return vec;
      });
      const result = fn(args, ts);
      checkDuplicates(result);
      this.spend(result.length + 1);
      if (this.start === this.end) return result.map((s) => ({ metric: s.metric, points: [{ t: ts, v: s.v }] }));
      for (const s of result) {
        const k = keyOf(s.metric);
        let series = out.get(k);
        if (!series) out.set(k, (series = { metric: s.metric, points: [] }));
        series.points.push({ t: ts, v: s.v });
      }
    }
    return [...out.values()];
  }

  private subquery(e: Extract<Expr, { kind: "subquery" }>): Matrix {
    const step = e.step || DEFAULT_SUBQUERY_STEP_MS;
    const at = this.resolveAt(e.at);
    const end = (at ?? this.end) - e.offset;
    const from = (at ?? this.start) - e.offset - e.range;
    // The first step-aligned time at or after the range's start.
    const start = Math.ceil(from / step) * step || 0;
    return new Evaluator(this.db, start, end, step, this.queryStart, this.queryEnd, this.budget).evalMatrix(e.expr);
  }

  // -------------------------------------------------------------- operators

  private binary(e: Extract<Expr, { kind: "binary" }>): Matrix {
    const lt = typeOf(e.lhs);
    const rt = typeOf(e.rhs);
    const op = e.op;
    if (lt === "scalar" && rt === "scalar")
      return this.rangeEval([e.lhs, e.rhs], (v) => [{ metric: EMPTY_LABELS, t: 0, v: scalarBinop(op, v[0]![0]!.v, v[1]![0]!.v) }]);
    if (lt === "vector" && rt === "vector") {
      const m = e.matching!;
      const sig = (l: Labels) => signature(l, m.on, m.matchingLabels);
      if (op === "LAND") return this.rangeEval([e.lhs, e.rhs], (v) => vectorAnd(v[0]!, v[1]!, sig));
      if (op === "LOR") return this.rangeEval([e.lhs, e.rhs], (v) => vectorOr(v[0]!, v[1]!, sig));
      if (op === "LUNLESS") return this.rangeEval([e.lhs, e.rhs], (v) => vectorUnless(v[0]!, v[1]!, sig));
      return this.rangeEval([e.lhs, e.rhs], (v) => vectorBinop(op, v[0]!, v[1]!, m, e.returnBool, sig));
    }
    if (lt === "vector") return this.rangeEval([e.lhs, e.rhs], (v) => vectorScalarBinop(op, v[0]!, v[1]![0]!.v, false, e.returnBool));
    return this.rangeEval([e.lhs, e.rhs], (v) => vectorScalarBinop(op, v[1]!, v[0]![0]!.v, true, e.returnBool));
  }

  private aggregate(e: Extract<Expr, { kind: "aggregate" }>): Matrix {
    const grouping = [...e.grouping].sort();
    const param = e.param ? unwrapParens(e.param) : null;
    if (param?.kind === "string") return this.rangeEval([e.expr], (v) => aggregation(e.op, grouping, e.without, param.val, v[0]!));
    return this.rangeEval([e.param, e.expr], (v) => aggregation(e.op, grouping, e.without, e.param ? v[0]![0]!.v : 0, v[1]!));
  }

  // -------------------------------------------------------------- functions

  private call(e: Extract<Expr, { kind: "call" }>): Matrix {
    const name = e.func.name;
    const args = e.args.map(unwrapParens);
    if (name === "timestamp" && args[0]!.kind === "vector") {
      // A selector's samples keep their own times here; everywhere else they take the step's.
      const sel = this.instantSelector(args[0]!);
      return this.rangeEval([], (_, ts) => {
        const out: Vector = [];
        for (const s of sel.series) {
          const smp = sel.sampleAt(s, ts);
          if (smp) out.push({ metric: dropName(s.labels), t: ts, v: smp.t / 1000 });
        }
        return out;
      });
    }
    const matrixIndex = args.findIndex((a) => a.kind === "matrix" || a.kind === "subquery");
    if (matrixIndex >= 0) return this.rangeFunction(e, args, matrixIndex);
    return this.rangeEval(args, (v, ts) => this.instantFunction(name, args, v, ts));
  }

  private rangeFunction(e: Extract<Expr, { kind: "call" }>, args: Expr[], matrixIndex: number): Matrix {
    const name = e.func.name;
    const f = RANGE_FUNCTIONS[name]!;
    const scalars = args.map((a, i) => (i === matrixIndex || typeOf(a) === "string" ? null : this.evalMatrix(a)));
    const arg = args[matrixIndex]!;
    let sources: Array<{ labels: Labels; points: Point[] }>;
    let range: number;
    let offset: number;
    let at: number | null;
    if (arg.kind === "matrix") {
      const vs = arg.vs as VectorSelector;
      range = arg.range;
      offset = vs.offset;
      at = this.resolveAt(vs.at);
      const mint = (at ?? this.start) - offset - range;
      const maxt = (at ?? this.end) - offset;
      sources = this.select(vs.matchers, mint, maxt).map((s) => ({
        labels: s.labels,
        points: s.samples.filter((p) => !p.stale).map((p) => ({ t: p.t, v: p.v })),
      }));
    } else {
      const sq = arg as Extract<Expr, { kind: "subquery" }>;
      range = sq.range;
      offset = sq.offset;
      at = this.resolveAt(sq.at);
      sources = this.subquery(sq).map((s) => ({ labels: s.metric, points: s.points }));
    }
    const out: Matrix = [];
    for (const src of sources) {
      this.spend(this.steps());
      const metric = name === "last_over_time" ? src.labels : dropName(src.labels);
      const points: Point[] = [];
      const pts = src.points;
      let lo = 0;
      let hi = 0;
      let step = -1;
      for (let ts = this.start; ts <= this.end; ts += this.interval) {
        step++;
        const maxt = (at ?? ts) - offset;
        const mint = maxt - range;
        while (hi < pts.length && pts[hi]!.t <= maxt) hi++;
        while (lo < hi && pts[lo]!.t < mint) lo++;
        if (hi <= lo) continue;
        this.spend(hi - lo);
        const others = scalars.map((m) => m?.[0]?.points[step]?.v ?? NaN);
        const v = f(pts.slice(lo, hi), { ts, rangeStart: mint, rangeEnd: maxt, rangeMs: range, args: others });
        if (v !== undefined) points.push({ t: ts, v });
      }
      if (points.length > 0) out.push({ metric, points });
    }
    if (name === "absent_over_time") {
      const steps = this.steps();
      const found = new Set<number>();
      for (const s of out) for (const p of s.points) found.add(p.t);
      if (found.size === steps) return [];
      const points: Point[] = [];
      for (let ts = this.start; ts <= this.end; ts += this.interval) if (!found.has(ts)) points.push({ t: ts, v: 1 });
      return [{ metric: absentLabels(arg), points }];
    }
    checkDuplicates(out);
    return out;
  }

  private instantFunction(name: string, args: Expr[], v: Array<Vector | undefined>, ts: number): Vector {
    const vec = v[0] ?? [];
    const scalar = (i: number) => v[i]![0]!.v;
    const str = (i: number) => (args[i] as { val: string }).val;
    const simple = SIMPLE_FUNCTIONS[name];
    if (simple) return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: simple(s.v) }));
    switch (name) {
      case "time":
        return [{ metric: EMPTY_LABELS, t: ts, v: ts / 1000 }];
      case "pi":
        return [{ metric: EMPTY_LABELS, t: ts, v: Math.PI }];
      case "vector":
        return [{ metric: EMPTY_LABELS, t: ts, v: scalar(0) }];
      case "scalar":
        return [{ metric: EMPTY_LABELS, t: ts, v: vec.length === 1 ? vec[0]!.v : NaN }];
      case "absent":
        return vec.length > 0 ? [] : [{ metric: absentLabels(args[0]!), t: ts, v: 1 }];
      case "clamp": {
        const [min, max] = [scalar(1), scalar(2)];
        if (max < min) return [];
        return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: Math.max(min, Math.min(max, s.v)) }));
      }
      case "clamp_max":
        return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: Math.min(scalar(1), s.v) }));
      case "clamp_min":
        return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: Math.max(scalar(1), s.v) }));
      case "round": {
        // The inverse, as Prometheus, for fewer floating point surprises; ties round up.
        const inverse = 1 / (args.length >= 2 ? scalar(1) : 1);
        return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: Math.floor(s.v * inverse + 0.5) / inverse }));
      }
      case "sort":
        return [...vec].sort((a, b) => (Number.isNaN(a.v) ? (Number.isNaN(b.v) ? 0 : 1) : Number.isNaN(b.v) ? -1 : a.v - b.v));
      case "sort_desc":
        return [...vec].sort((a, b) => (Number.isNaN(a.v) ? (Number.isNaN(b.v) ? 0 : 1) : Number.isNaN(b.v) ? -1 : b.v - a.v));
      case "timestamp":
        return vec.map((s) => ({ metric: dropName(s.metric), t: ts, v: s.t / 1000 }));
      case "histogram_quantile":
        return histogramQuantile(scalar(0), v[1]!, ts);
      case "histogram_count":
      case "histogram_sum":
      case "histogram_fraction":
        // Native histograms only; the lab's histograms are classic buckets, which these skip.
        return [];
      case "label_replace":
        return labelReplace(vec, str(1), str(2), str(3), str(4), ts);
      case "label_join":
        return labelJoin(
          vec,
          str(1),
          str(2),
          args.slice(3).map((a) => (a as { val: string }).val),
          ts,
        );
      default: {
        // The date functions.
        if (args.length === 0) return [{ metric: EMPTY_LABELS, t: ts, v: civil(Math.trunc(ts / 1000))[name]! }];
        return vec.map((s) => ({
          metric: dropName(s.metric),
          t: ts,
          v: Number.isFinite(s.v) ? civil(Math.trunc(s.v))[name]! : NaN,
        }));
      }
    }
  }
}

function scalarBinop(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case "ADD":
      return l + r;
    case "SUB":
      return l - r;
    case "MUL":
      return l * r;
    case "DIV":
      return l / r;
    case "POW":
      return goPow(l, r);
    case "MOD":
      return l % r;
    case "ATAN2":
      return Math.atan2(l, r);
    case "EQLC":
      return l === r ? 1 : 0;
    case "NEQ":
      return l !== r ? 1 : 0;
    case "GTR":
      return l > r ? 1 : 0;
    case "LSS":
      return l < r ? 1 : 0;
    case "GTE":
      return l >= r ? 1 : 0;
    case "LTE":
      return l <= r ? 1 : 0;
    default:
      throw execError(`operator ${goQuote(OP_TEXT[op])} not allowed for Scalar operations`);
  }
}

/** One element of a vector operation: the value, and whether a comparison keeps it. */
function vectorElemBinop(op: BinaryOp, l: number, r: number): [number, boolean] {
  switch (op) {
    case "EQLC":
      return [l, l === r];
    case "NEQ":
      return [l, l !== r];
    case "GTR":
      return [l, l > r];
    case "LSS":
      return [l, l < r];
    case "GTE":
      return [l, l >= r];
    case "LTE":
      return [l, l <= r];
    default:
      return [scalarBinop(op, l, r), true];
  }
}

const dropsName = (op: BinaryOp) => op === "ADD" || op === "SUB" || op === "MUL" || op === "DIV" || op === "POW" || op === "MOD";

function vectorScalarBinop(op: BinaryOp, vec: Vector, scalar: number, swap: boolean, returnBool: boolean): Vector {
  const out: Vector = [];
  for (const s of vec) {
    const [l, r] = swap ? [scalar, s.v] : [s.v, scalar];
    let [value, keep] = vectorElemBinop(op, l, r);
    // A comparison keeps the vector's value, whichever side it is on.
    if (isComparison(op) && swap) value = r;
    if (returnBool) {
      value = keep ? 1 : 0;
      keep = true;
    }
    if (keep) out.push({ metric: dropsName(op) || returnBool ? dropName(s.metric) : s.metric, t: s.t, v: value });
  }
  return out;
}

function vectorAnd(lhs: Vector, rhs: Vector, sig: (l: Labels) => string): Vector {
  if (lhs.length === 0 || rhs.length === 0) return [];
  const right = new Set(rhs.map((s) => sig(s.metric)));
  return lhs.filter((s) => right.has(sig(s.metric)));
}

function vectorOr(lhs: Vector, rhs: Vector, sig: (l: Labels) => string): Vector {
  if (lhs.length === 0) return [...rhs];
  if (rhs.length === 0) return [...lhs];
  const left = new Set(lhs.map((s) => sig(s.metric)));
  return [...lhs, ...rhs.filter((s) => !left.has(sig(s.metric)))];
}

function vectorUnless(lhs: Vector, rhs: Vector, sig: (l: Labels) => string): Vector {
  if (lhs.length === 0 || rhs.length === 0) return [...lhs];
  const right = new Set(rhs.map((s) => sig(s.metric)));
  return lhs.filter((s) => !right.has(sig(s.metric)));
}

function matchLabels(l: Labels, on: boolean, names: readonly string[]): Labels {
  return buildLabels(Object.entries(l).filter(([k]) => (on ? names.includes(k) : !names.includes(k) && k !== "__name__")));
}

function vectorBinop(op: BinaryOp, lhs: Vector, rhs: Vector, m: VectorMatching, returnBool: boolean, sig: (l: Labels) => string): Vector {
  if (lhs.length === 0 || rhs.length === 0) return [];
  const swapped = m.card === "one-to-many";
  // The "one" side goes right; with group_right the sides swap and the values swap back.
  if (swapped) [lhs, rhs] = [rhs, lhs];
  const right = new Map<string, Sample>();
  for (const rs of rhs) {
    const s = sig(rs.metric);
    const dup = right.get(s);
    if (dup)
      throw execError(
        `found duplicate series for the match group ${labelsString(matchLabels(rs.metric, m.on, m.matchingLabels))} on the ${swapped ? "left" : "right"} hand-side of the operation: [${labelsString(rs.metric)}, ${labelsString(dup.metric)}];many-to-many matching not allowed: matching labels must be unique on one side`,
      );
    right.set(s, rs);
  }
  const matched = new Map<string, Set<string> | null>();
  const out: Vector = [];
  for (const ls of lhs) {
    const s = sig(ls.metric);
    const rs = right.get(s);
    if (!rs) continue;
    const [vl, vr] = swapped ? [rs.v, ls.v] : [ls.v, rs.v];
    const [computed, keep] = vectorElemBinop(op, vl, vr);
    let value = computed;
    if (returnBool) value = keep ? 1 : 0;
    else if (!keep) continue;
    let metric = resultMetric(ls.metric, rs.metric, op, m);
    if (returnBool) metric = dropName(metric);
    const inserted = matched.get(s);
    if (m.card === "one-to-one") {
      if (inserted !== undefined)
        throw execError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
      matched.set(s, null);
    } else {
      const k = keyOf(metric);
      if (inserted === undefined) matched.set(s, new Set([k]));
      else if (inserted!.has(k)) throw execError("multiple matches for labels: grouping labels must ensure unique matches");
      else inserted!.add(k);
    }
    out.push({ metric, t: ls.t, v: value });
  }
  return out;
}

function resultMetric(lhs: Labels, rhs: Labels, op: BinaryOp, m: VectorMatching): Labels {
  let entries = Object.entries(lhs);
  if (dropsName(op)) entries = entries.filter(([k]) => k !== "__name__");
  if (m.card === "one-to-one") {
    entries = m.on ? entries.filter(([k]) => m.matchingLabels.includes(k)) : entries.filter(([k]) => !m.matchingLabels.includes(k));
  }
  // group_left/group_right(labels): copied from the "one" side.
  for (const name of m.include) {
    entries = entries.filter(([k]) => k !== name);
    const v = rhs[name];
    if (v !== undefined && v !== "") entries.push([name, v]);
  }
  return buildLabels(entries);
}

interface Group {
  labels: Labels;
  value: number;
  mean: number;
  count: number;
  heap: Sample[];
}

function aggregation(op: AggregateOp, grouping: string[], without: boolean, param: number | string, vec: Vector): Vector {
  let k = 0;
  if (op === "TOPK" || op === "BOTTOMK") {
    const f = param as number;
    if (!(f <= 9.223372036854776e18 && f >= -9.223372036854776e18)) throw execError(`Scalar value ${goFormatV(f)} overflows int64`);
    k = Math.trunc(f);
    if (k < 1) return [];
  }
  const q = op === "QUANTILE" ? (param as number) : 0;
  let valueLabel = "";
  if (op === "COUNT_VALUES") {
    valueLabel = param as string;
    if (!LABEL_NAME_RE.test(valueLabel)) throw execError(`invalid label name ${goQuote(valueLabel)}`);
    if (!without) grouping = [...grouping, valueLabel].sort();
  }
  const groups = new Map<string, Group>();
  const ordered: Group[] = [];
  for (const s of vec) {
    let metric = s.metric;
    if (op === "COUNT_VALUES") metric = setLabel(metric, valueLabel, goFormatF(s.v));
    const key = without ? signature(metric, false, grouping) : signature(metric, true, grouping);
    const group = groups.get(key);
    if (!group) {
      const labels = without
        ? withoutLabels(metric, [...grouping, "__name__"])
        : grouping.length > 0
          ? keepLabels(metric, grouping)
          : EMPTY_LABELS;
      const g: Group = { labels, value: s.v, mean: s.v, count: 1, heap: [] };
      if (op === "STDDEV" || op === "STDVAR") g.value = 0;
      else if (op === "TOPK" || op === "BOTTOMK" || op === "QUANTILE") g.heap = [{ metric: s.metric, t: s.t, v: s.v }];
      else if (op === "GROUP") g.value = 1;
      groups.set(key, g);
      ordered.push(g);
      continue;
    }
    switch (op) {
      case "SUM":
        group.value += s.v;
        break;
      case "AVG":
        group.count++;
        if (!Number.isFinite(group.mean) && !Number.isNaN(group.mean)) {
          // Inf stays Inf unless the opposite Inf or NaN arrives (the update below would make it NaN).
          if (!Number.isFinite(s.v) && !Number.isNaN(s.v) && group.mean > 0 === s.v > 0) break;
          if (Number.isFinite(s.v)) break;
        }
        group.mean += s.v / group.count - group.mean / group.count;
        break;
      case "GROUP":
        break;
      case "MAX":
        if (group.value < s.v || Number.isNaN(group.value)) group.value = s.v;
        break;
      case "MIN":
        if (group.value > s.v || Number.isNaN(group.value)) group.value = s.v;
        break;
      case "COUNT":
      case "COUNT_VALUES":
        group.count++;
        break;
      case "STDVAR":
      case "STDDEV": {
        group.count++;
        const delta = s.v - group.mean;
        group.mean += delta / group.count;
        group.value += delta * (s.v - group.mean);
        break;
      }
      case "TOPK":
      case "BOTTOMK": {
        const less = op === "TOPK" ? byValue : byReverseValue;
        const h = group.heap;
        const top = h[0]!;
        const better = op === "TOPK" ? top.v < s.v : top.v > s.v;
        if (h.length < k || better || Number.isNaN(top.v)) {
          const item = { metric: s.metric, t: s.t, v: s.v };
          if (h.length === k) {
            if (k === 1) {
              h[0] = item;
              break;
            }
            heapPop(h, less);
          }
          heapPush(h, less, item);
        }
        break;
      }
      case "QUANTILE":
        group.heap.push(s);
        break;
    }
  }
  const out: Vector = [];
  for (const g of ordered) {
    let value = g.value;
    switch (op) {
      case "AVG":
        value = g.mean;
        break;
      case "COUNT":
      case "COUNT_VALUES":
        value = g.count;
        break;
      case "STDVAR":
        value = g.value / g.count;
        break;
      case "STDDEV":
        value = Math.sqrt(g.value / g.count);
        break;
      case "TOPK":
      case "BOTTOMK": {
        const less = op === "TOPK" ? byValue : byReverseValue;
        const sorted = [...g.heap].sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
        for (const s of sorted) out.push({ metric: s.metric, t: s.t, v: s.v });
        continue;
      }
      case "QUANTILE":
        value = quantile(
          q,
          g.heap.map((s) => s.v),
        );
        break;
    }
    out.push({ metric: g.labels, t: 0, v: value });
  }
  return out;
}

function histogramQuantile(q: number, vec: Vector, ts: number): Vector {
  const groups = new Map<string, { metric: Labels; buckets: Bucket[] }>();
  for (const s of vec) {
    let upperBound: number;
    try {
      upperBound = parseGoFloat(s.metric.le ?? "");
    } catch {
      // No bucket label, or one that is not a number: skipped, as Prometheus does.
      continue;
    }
    // Grouped by every label but `le`, the metric name included; the output drops both.
    const key = signature(s.metric, false, ["le"]) + `\u0002${s.metric.__name__ ?? ""}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { metric: withoutLabels(s.metric, ["__name__", "le"]), buckets: [] }));
    g.buckets.push({ upperBound, count: s.v });
  }
  const out: Vector = [];
  for (const g of groups.values()) out.push({ metric: g.metric, t: ts, v: bucketQuantile(q, g.buckets) });
  return out;
}

function labelReplace(vec: Vector, dst: string, repl: string, src: string, regex: string, ts: number): Vector {
  let re: RegExp;
  try {
    re = anchoredRegexp(regex);
  } catch {
    throw execError(`invalid regular expression in label_replace(): ${regex}`);
  }
  if (!LABEL_NAME_RE.test(dst)) throw execError(`invalid destination label name in label_replace(): ${dst}`);
  return vec.map((s) => {
    const m = re.exec(s.metric[src] ?? "");
    if (!m) return { metric: s.metric, t: ts, v: s.v };
    const res = expandTemplate(repl, m);
    return { metric: setLabel(s.metric, dst, res), t: ts, v: s.v };
  });
}

function labelJoin(vec: Vector, dst: string, sep: string, srcs: string[], ts: number): Vector {
  for (const src of srcs) if (!LABEL_NAME_RE.test(src)) throw execError(`invalid source label name in label_join(): ${src}`);
  if (!LABEL_NAME_RE.test(dst)) throw execError(`invalid destination label name in label_join(): ${dst}`);
  return vec.map((s) => ({ metric: setLabel(s.metric, dst, srcs.map((n) => s.metric[n] ?? "").join(sep)), t: ts, v: s.v }));
}

/** absent()'s labels: those a selector pins with `=`, unless pinned twice or also matched otherwise. */
function absentLabels(e: Expr): Labels {
  const vs = e.kind === "vector" ? e : e.kind === "matrix" && e.vs.kind === "vector" ? e.vs : null;
  if (!vs) return EMPTY_LABELS;
  const set = new Map<string, string>();
  const has = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === "__name__") continue;
    if (m.type === "=" && !has.has(m.name)) {
      set.set(m.name, m.value);
      has.add(m.name);
    } else set.delete(m.name);
  }
  return buildLabels([...set]);
}

// ------------------------------------------------------------------ the API

function toMs(ms: number, what: string): number {
  if (!Number.isFinite(ms)) throw new PromqlError(`invalid ${what}: ${ms}`);
  return Math.round(ms);
}

/** Runs a query, turning whatever goes wrong into a PromqlError. */
function guarded(run: () => PromValue): PromValue {
  try {
    return run();
  } catch (e) {
    if (e instanceof PromqlError) throw e;
    if (e instanceof RegexpError) throw new PromqlError(e.message);
    // A stack overflow or a bug: still the module's own error, so callers handle one type.
    throw new PromqlError(`internal error: ${e instanceof Error ? e.message : String(e)}`, "execution");
  }
}

function matrixValue(mat: Matrix): PromValue {
  return {
    resultType: "matrix",
    result: mat.map((s) => ({ metric: s.metric, values: s.points.map((p): [number, string] => [p.t / 1000, formatValue(p.v)]) })),
  };
}

/** Evaluates an expression at one time (ms on the store's clock), as `/api/v1/query` does. */
export function instantQuery(db: Tsdb, expr: string, atMs: number): PromValue {
  return guarded(() => {
    const t = toMs(atMs, "time");
    const e = parseExpr(expr);
    const val = new Evaluator(db, t, t, 1, t, t, { n: 0 }).eval(e);
    const ts = t / 1000;
    if (typeof val === "string") return { resultType: "string", result: [ts, val] };
    switch (typeOf(e)) {
      case "scalar":
        return { resultType: "scalar", result: [ts, formatValue(val[0]?.points[0]?.v ?? NaN)] };
      case "matrix":
        return matrixValue(val);
      default:
        return {
          resultType: "vector",
          result: val.map((s) => ({ metric: s.metric, value: [ts, formatValue(s.points[0]!.v)] as [number, string] })),
        };
    }
  });
}

/** Evaluates an expression at every step from start to end (ms), as `/api/v1/query_range` does: a matrix sorted by labels. */
export function rangeQuery(db: Tsdb, expr: string, startMs: number, endMs: number, stepMs: number): PromValue {
  return guarded(() => {
    const start = toMs(startMs, "start");
    const end = toMs(endMs, "end");
    const step = toMs(stepMs, "step");
    if (end < start) throw new PromqlError("end timestamp must not be before start time");
    if (step <= 0) throw new PromqlError("zero or negative query resolution step widths are not accepted. Try a positive integer");
    if ((end - start) / step > MAX_RANGE_POINTS)
      throw new PromqlError("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
    const e = parseExpr(expr);
    const t = typeOf(e);
    if (t !== "vector" && t !== "scalar")
      throw new PromqlError(`invalid expression type ${goQuote(documentedType(t))} for range query, must be Scalar or instant Vector`);
    const mat = new Evaluator(db, start, end, step, start, end, { n: 0 }).evalMatrix(e);
    return matrixValue([...mat].sort((a, b) => compareLabels(a.metric, b.metric)));
  });
}
