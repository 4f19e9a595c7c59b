// YAML as kubectl prints objects. kubectl's printer is sigs.k8s.io/yaml: the object goes to JSON
// (encoding/json), the JSON is read back by go-yaml v2 as plain maps, lists and scalars, and
// go-yaml v2 writes that. What follows is a port of the parts of go-yaml v2 (v2.4.0: encode.go,
// resolve.go, sorter.go, emitterc.go) that this path reaches, so that quoting, line folding at
// 80 columns, block scalars, key order and complex keys come out byte for byte as kubectl's.
// Only block collections are ported: go-yaml writes maps and lists in block style and uses flow
// style for nothing but the empty ones, `{}` and `[]`.

// ---------------------------------------------------------------------------------------------
// The JSON round trip (sigs.k8s.io/yaml's Marshal: json.Marshal, then JSONToYAML).

type Node = null | boolean | number | string | Node[] | { [key: string]: Node };

/**
 * Go's strings are UTF-8, and encoding/json writes a lone surrogate as U+FFFD. The JSON text is
 * then read by go-yaml as a YAML document: encoding/json leaves U+0085 (NEL) unescaped, and inside
 * a double-quoted YAML scalar NEL is a line break, so it folds with the spaces around it (one
 * break becomes a space, n breaks become n-1 newlines), as in scannerc.go's double-quoted scanner.
 */
function goString(s: string): string {
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  return wellFormed.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split("\u0085").length - 1;
    return breaks === 1 ? " " : "\n".repeat(breaks - 1);
  });
}

/** What json.Marshal followed by go-yaml's Unmarshal into interface{} gives back. */
function toNode(value: unknown): Node {
  // JSON's own rules decide what is dropped (undefined, functions) and what toJSON becomes.
  const json = JSON.stringify(value);
  if (json === undefined) return null;
  const walk = (v: unknown): Node => {
    if (typeof v === "string") return goString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      // No prototype, so that a "__proto__" key stays a key.
      const out = Object.create(null) as { [key: string]: Node };
      for (const [k, item] of Object.entries(v)) out[goString(k)] = walk(item);
      return out;
    }
    return v as Node;
  };
  return walk(JSON.parse(json));
}

// ---------------------------------------------------------------------------------------------
// resolve.go: the type a plain scalar would be read back as. A string that would come back as
// anything but a string is double-quoted by encode.go's stringv.

const RESOLVE_MAP = new Set([
  ...["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"],
  ...["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"],
  ...["", "~", "null", "Null", "NULL"],
  ...[".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"],
  "<<",
]);

/** resolveTable: the first byte says which kinds of value a scalar could be. */
function resolveHint(s: string): string | undefined {
  if (s === "") return "N";
  const c = s[0]!;
  if (c === "+" || c === "-") return "S";
  if (c >= "0" && c <= "9") return "D";
  if ("yYnNtTfFoO~".includes(c)) return "M";
  if (c === ".") return ".";
  return undefined;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Whether a plain scalar with this text resolves to a tag other than !!str. */
function resolvesToNonString(s: string): boolean {
  const hint = resolveHint(s);
  if (hint === undefined) return false;
  if (RESOLVE_MAP.has(s)) return true;
  if (hint === ".") return parseGoFloat(s);
  if (hint === "D" || hint === "S") {
    if (parseGoTimestamp(s)) return true;
    const plain = s.replaceAll("_", "");
    if (parseGoInt(plain)) return true;
    // resolve.go's separate 0b/-0b branch accepts nothing that ParseInt's base 0 did not.
    return YAML_STYLE_FLOAT.test(plain) && parseGoFloat(plain);
  }
  return false;
}

/** strconv's underscoreOK: underscores only between digits (or after a base prefix). */
function underscoreOK(text: string): boolean {
  let s = text;
  let saw = "^";
  let i = 0;
  if (s[0] === "-" || s[0] === "+") s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === "0" && "bBoOxX".includes(s[1]!)) {
    i = 2;
    saw = "0";
    hex = s[1] === "x" || s[1] === "X";
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= "0" && c <= "9") || (hex && /[a-fA-F]/.test(c))) {
      saw = "0";
      continue;
    }
    if (c === "_") {
      if (saw !== "0") return false;
      saw = "_";
      continue;
    }
    if (saw === "_") return false;
    saw = "!";
  }
  return saw !== "_";
}

/**
 * strconv.ParseFloat(s, 64) succeeding, for the decimal forms that reach it here (a leading '.',
 * or text YAML_STYLE_FLOAT already accepted): out of range (±Inf) is an error.
 */
function parseGoFloat(s: string): boolean {
  const m = /^[+-]?([0-9_]*\.?[0-9_]*)(?:[eE][+-]?[0-9][0-9_]*)?$/.exec(s);
  if (!m || !/[0-9]/.test(m[1]!)) return false;
  if (s.includes("_") && !underscoreOK(s)) return false;
  return Number.isFinite(Number(s.replaceAll("_", "")));
}

/** strconv.ParseInt(s, 0, 64) or strconv.ParseUint(s, 0, 64) succeeding. */
function parseGoInt(text: string): boolean {
  let s = text;
  const sign = s[0] === "+" || s[0] === "-" ? s[0] : "";
  s = s.slice(sign.length);
  if (s === "") return false;
  let base = 10;
  if (s[0] === "0") {
    const prefix = s.length >= 3 ? s[1]!.toLowerCase() : "";
    base = prefix === "b" ? 2 : prefix === "x" ? 16 : 8;
    s = s.slice(prefix === "b" || prefix === "o" || prefix === "x" ? 2 : 1);
  }
  const digits = base === 2 ? /^[01]*$/ : base === 8 ? /^[0-7]*$/ : base === 10 ? /^[0-9]*$/ : /^[0-9a-fA-F]*$/;
  if (!digits.test(s)) return false;
  let n = 0n;
  for (const c of s) n = n * BigInt(base) + BigInt(parseInt(c, 16));
  if (n >= 1n << 64n) return false;
  if (sign === "") return true; // ParseInt below 2^63, ParseUint up to 2^64
  return sign === "-" ? n <= 1n << 63n : n < 1n << 63n;
}

/** Go's time.Parse getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  const digit = (i: number) => i < s.length && s[i]! >= "0" && s[i]! <= "9";
  if (!digit(0)) return undefined;
  if (!digit(1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

const daysIn = (month: number, year: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * time.Parse with one of resolve.go's allowedTimestampFormats: "2006-1-2T15:4:5.999999999Z07:00",
 * the same with a lower-case t, "2006-1-2 15:4:5.999999999" and "2006-1-2".
 */
function parseGoTimeLayout(input: string, separator: "T" | "t" | " " | undefined): boolean {
  let value = input;
  let rangeError = false;
  const literal = (lit: string) => {
    if (lit === " ") {
      // A space in a layout matches any run of spaces.
      if (value.length > 0 && value[0] !== " ") return false;
      value = value.replace(/^ +/, "");
      return true;
    }
    if (value[0] !== lit) return false;
    value = value.slice(1);
    return true;
  };
  const num = (min: number, max: number): number | undefined => {
    const got = getnum(value, false);
    if (!got) return undefined;
    value = got[1];
    if (got[0] < min || got[0] > max) rangeError = true;
    return got[0];
  };
  if (value.length < 4 || !/^[0-9]/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  value = value.slice(4);
  if (!literal("-")) return false;
  const month = num(1, 12);
  if (month === undefined || !literal("-")) return false;
  const day = num(0, 99);
  if (day === undefined) return false;
  if (separator !== undefined) {
    if (!literal(separator)) return false;
    if (num(0, 23) === undefined || !literal(":") || num(0, 59) === undefined || !literal(":") || num(0, 59) === undefined) return false;
    // .999999999: an optional fraction of any length after a period or a comma.
    if (value.length >= 2 && (value[0] === "." || value[0] === ",") && value[1]! >= "0" && value[1]! <= "9") {
      value = value.replace(/^[.,][0-9]+/, "");
    }
    if (separator !== " ") {
      // Z07:00: Z, or a signed hh:mm offset.
      if (value[0] === "Z") value = value.slice(1);
      else {
        if (value.length < 6 || value[3] !== ":") return false;
        const hours = getnum(value.slice(1, 3), true);
        const minutes = getnum(value.slice(4, 6), true);
        if (!hours || !minutes || (value[0] !== "+" && value[0] !== "-")) return false;
        if (hours[0] > 24 || minutes[0] > 60) rangeError = true;
        value = value.slice(6);
      }
    }
  }
  if (value.length > 0 || rangeError) return false;
  return day >= 1 && day <= daysIn(month, year);
}

function parseGoTimestamp(s: string): boolean {
  // Quick check: all date formats start with YYYY-.
  if (!/^[0-9]{4}-/.test(s)) return false;
  return (["T", "t", " ", undefined] as const).some((separator) => parseGoTimeLayout(s, separator));
}

/** encode.go's isBase60Float: YAML 1.1 sexagesimal numbers, quoted for other parsers' sake. */
function isBase60Float(s: string): boolean {
  if (s === "" || !/^[-+0-9]/.test(s) || !s.includes(":")) return false;
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s);
}

// ---------------------------------------------------------------------------------------------
// Scalars as encode.go makes them, and emitterc.go's analysis of them.

type ScalarStyle = "plain" | "single" | "double" | "literal";

interface Scalar {
  value: string;
  style: ScalarStyle;
}

/** encode.go's stringv: literal for text with "\n", plain when it reads back as a string, else double quotes. */
function stringScalar(s: string): Scalar {
  const canUsePlain = !resolvesToNonString(s) && !isBase60Float(s);
  return { value: s, style: s.includes("\n") ? "literal" : canUsePlain ? "plain" : "double" };
}

/** strconv.FormatFloat(f, 'g', -1, 64), with go-yaml's names for the infinities and NaN. */
function goFloat(f: number): string {
  if (Number.isNaN(f)) return ".nan";
  if (!Number.isFinite(f)) return f > 0 ? ".inf" : "-.inf";
  const [mantissa, exp] = f.toExponential().split("e") as [string, string];
  const e = Number(exp);
  // The shortest form uses %e when the exponent is below -4 or at least 6 (eprec = 6).
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  return String(f);
}

/**
 * A JSON number as go-yaml reads it back: an integer when it fits int64 or uint64 (strconv.ParseInt,
 * then ParseUint), otherwise a float64. encoding/json writes integral floats below 1e21 without an
 * exponent, so those are the ones that can come back as integers.
 */
function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    const big = BigInt(n);
    if (big >= -(1n << 63n) && big < 1n << 64n) return big.toString();
  }
  return goFloat(n);
}

function scalarOf(value: null | boolean | number | string): Scalar {
  if (value === null) return { value: "null", style: "plain" };
  if (typeof value === "boolean") return { value: String(value), style: "plain" };
  if (typeof value === "number") return { value: numberText(value), style: "plain" };
  return stringScalar(value);
}

// yamlprivateh.go's character classes, on code points rather than UTF-8 bytes.
const isBreak = (c: string | undefined) => c === "\r" || c === "\n" || c === "\u0085" || c === "\u2028" || c === "\u2029";
const isSpace = (c: string | undefined) => c === " ";
const isBlank = (c: string | undefined) => c === " " || c === "\t";
const isBlankz = (c: string | undefined) => isBlank(c) || isBreak(c) || c === "\0" || c === undefined;
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  // Characters outside the BMP are not printable to go-yaml (its table stops at 3-byte UTF-8).
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}
const utf8Length = (s: string) => {
  let n = 0;
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
};

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar (the block context's half: nothing here is written in flow style). */
function analyzeScalar(value: string): Analysis {
  const chars = Array.from(value);
  if (chars.length === 0) return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = value.startsWith("---") || value.startsWith("...");
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let precededByWhitespace = true;
  let previousSpace = false;
  let previousBreak = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(c)) blockIndicators = true;
      else if ((c === "?" || c === ":" || c === "-") && followedByWhitespace) blockIndicators = true;
    } else if ((c === ":" && followedByWhitespace) || (c === "#" && precededByWhitespace)) blockIndicators = true;
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  const plainAllowed = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak || specialCharacters);
  return {
    multiline: lineBreaks,
    blockPlainAllowed: plainAllowed && !lineBreaks && !blockIndicators,
    singleQuotedAllowed: !(breakSpace || spaceBreak || specialCharacters),
    blockAllowed: !(trailingSpace || spaceBreak || specialCharacters),
  };
}

// ---------------------------------------------------------------------------------------------
// The emitter: emitterc.go's writer state and the block states that go-yaml's encoder reaches.

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

/** Where a node sits, as yaml_emitter_emit_node records it. */
interface Context {
  mapping: boolean;
  simpleKey: boolean;
}

class Emitter {
  private out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;

  /** yaml_emitter_emit_document_end: its write_indent ends the last line. */
  finish(): string {
    this.writeIndent();
    return this.out.join("");
  }

  private put(c: string): void {
    this.out.push(c);
    this.column++;
  }

  private putBreak(): void {
    this.out.push("\n");
    this.column = 0;
  }

  /** write_break: "\n" is the emitter's own line break; other breaks are copied as they are. */
  private writeBreak(c: string): void {
    if (c === "\n") this.putBreak();
    else {
      this.out.push(c);
      this.column = 0;
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const c of indicator) this.put(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  node(value: Node, ctx: Context): void {
    if (Array.isArray(value)) this.sequence(value, ctx);
    else if (value !== null && typeof value === "object") this.mapping(value);
    else this.scalar(scalarOf(value), ctx);
  }

  private emptyCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private sequence(items: Node[], ctx: Context): void {
    if (items.length === 0) return this.emptyCollection("[", "]");
    // A list that is a mapping's value on the key's line starts at the key's column.
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, { mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private mapping(map: { [key: string]: Node }): void {
    const keys = Object.keys(map).sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
    if (keys.length === 0) return this.emptyCollection("{", "}");
    this.increaseIndent(false, false);
    for (const key of keys) {
      const k = stringScalar(key);
      this.writeIndent();
      // yaml_emitter_check_simple_key: a one-line key of at most 128 bytes is written as `key:`;
      // any other is a complex key, `? key` with `: value` on the next line.
      if (!analyzeScalar(key).multiline && utf8Length(key) <= 128) {
        this.scalar(k, { mapping: true, simpleKey: true });
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.scalar(k, { mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(map[key]!, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  /** yaml_emitter_select_scalar_style, then the writer for the chosen style. */
  private scalar(scalar: Scalar, ctx: Context): void {
    const { value } = scalar;
    const analysis = analyzeScalar(value);
    let style = scalar.style;
    if (ctx.simpleKey && analysis.multiline) style = "double";
    if (style === "plain") {
      if (!analysis.blockPlainAllowed || (value === "" && ctx.simpleKey)) style = "single";
    }
    if (style === "single" && !analysis.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!analysis.blockAllowed || ctx.simpleKey)) style = "double";

    this.increaseIndent(true, false);
    const chars = Array.from(value);
    const allowBreaks = !ctx.simpleKey;
    if (style === "plain") this.writePlain(chars, allowBreaks);
    else if (style === "single") this.writeSingleQuoted(chars, allowBreaks);
    else if (style === "double") this.writeDoubleQuoted(chars, allowBreaks);
    else this.writeLiteral(chars);
    this.popIndent();
  }

  private writePlain(chars: string[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (isSpace(c)) {
        // A space past the width becomes a line break, unless the next one is a space too.
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(chars[i + 1])) this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (isSpace(c)) {
        // Never the first or last character: a folded edge space would be lost when read back.
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1 && !isSpace(chars[i + 1]))
          this.writeIndent();
        else this.put(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === "\n") this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.put(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(chars: string[], allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    // is_bom looks at the scalar's first character, whatever the position: a scalar that starts
    // with a byte order mark has every character escaped.
    const bom = chars[0] === "\uFEFF";
    let spaces = false;
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!;
      if (!isPrintable(c) || bom || isBreak(c) || c === '"' || c === "\\") {
        for (const e of escape(c)) this.put(e);
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < chars.length - 1) {
          this.writeIndent();
          // A space that starts the next line would be folded away, so it is escaped.
          if (isSpace(chars[i + 1])) this.put("\\");
        } else this.put(c);
        spaces = true;
      } else {
        this.put(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(chars: string[]): void {
    this.writeIndicator("|", true, false, false);
    // yaml_emitter_write_block_scalar_hints: an indentation indicator when the text starts with a
    // space or a break, and a chomping indicator for no final break (-) or more than one (+).
    if (isSpace(chars[0]) || isBreak(chars[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const last = chars.length - 1;
    const chomp = !isBreak(chars[last]) ? "-" : last === 0 || isBreak(chars[last - 1]) ? "+" : "";
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of chars) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** yaml_emitter_write_double_quoted_scalar's escapes. */
function escape(c: string): string {
  const cp = c.codePointAt(0)!;
  const named: Record<number, string> = {
    0x00: "0",
    0x07: "a",
    0x08: "b",
    0x09: "t",
    0x0a: "n",
    0x0b: "v",
    0x0c: "f",
    0x0d: "r",
    0x1b: "e",
    0x22: '"',
    0x5c: "\\",
    0x85: "N",
    0xa0: "_",
    0x2028: "L",
    0x2029: "P",
  };
  if (named[cp] !== undefined) return `\\${named[cp]}`;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, "0")}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, "0")}`;
  return `\\U${hex.padStart(8, "0")}`;
}

// ---------------------------------------------------------------------------------------------
// sorter.go: map keys in go-yaml's "natural" order. Letters sort after everything else, and runs
// of digits compare as numbers, so a9 comes before a10 and FOO_BAR before FOOBAR.

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string | undefined) => c !== undefined && /\p{Nd}/u.test(c);

function keyLess(a: string, b: string): boolean {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const ac = ar[i]!;
    const bc = br[i]!;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac.codePointAt(0)! < bc.codePointAt(0)!;
    if (al || bl) return bl;
    // The numbers are int64s, and overflow as Go's do.
    let an = 0n;
    let bn = 0n;
    if (ac === "0" || bc === "0") {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== "0") {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]!.codePointAt(0)! - 48));
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]!.codePointAt(0)! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac.codePointAt(0)! < bc.codePointAt(0)!;
  }
  return ar.length < br.length;
}

// ---------------------------------------------------------------------------------------------

/** kubectl -o yaml: one document, no `---`, ending in a line break. */
export function toYaml(value: unknown): string {
  const emitter = new Emitter();
  emitter.node(toNode(value), { mapping: false, simpleKey: false });
  return emitter.finish();
}

/**
 * kubectl -o json: encoding/json's MarshalIndent with four spaces, keys sorted (unstructured objects),
 * and Go's escapes for what JSON.stringify leaves alone: <, > and & (HTML-safe) and U+2028, U+2029.
 */
export function toKubeJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  const json = JSON.stringify(sortKeys(value), null, 4).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `${json}\n`;
}
