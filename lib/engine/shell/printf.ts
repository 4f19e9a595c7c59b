// bash 5's printf builtin (printf.def), with its messages and exit statuses. bash hands
// each conversion to the C library's printf, which counts bytes, so this works on the
// UTF-8 bytes of the format and the arguments: `%.1s` of `é` is half a character, as in
// bash, and `\xHH` escapes may spell characters together.

import { fromText, toText } from "../etcd/bytes";
import { formatFloat, longDoubleOf, strtold, type LongDouble } from "./float";
import type { Command, CommandContext } from "./program";
import { isHex, isOctal, utf8Bytes } from "./scan";

const USAGE = "printf: usage: printf [-v var] format [arguments]\n";

/** `help printf`, which `printf --help` prints too; its blank lines keep bash's four spaces. */
const HELP = [
  "printf: printf [-v var] format [arguments]",
  "    Formats and prints ARGUMENTS under control of the FORMAT.",
  "    ",
  "    Options:",
  "      -v var\tassign the output to shell variable VAR rather than",
  "    \t\tdisplay it on the standard output",
  "    ",
  "    FORMAT is a character string which contains three types of objects: plain",
  "    characters, which are simply copied to standard output; character escape",
  "    sequences, which are converted and copied to the standard output; and",
  "    format specifications, each of which causes printing of the next successive",
  "    argument.",
  "    ",
  "    In addition to the standard format specifications described in printf(1),",
  "    printf interprets:",
  "    ",
  "      %b\texpand backslash escape sequences in the corresponding argument",
  "      %q\tquote the argument in a way that can be reused as shell input",
  "      %Q\tlike %q, but apply any precision to the unquoted argument before",
  "    \t\tquoting",
  "      %(fmt)T\toutput the date-time string resulting from using FMT as a format",
  "    \t        string for strftime(3)",
  "    ",
  "    The format is re-used as necessary to consume all of the arguments.  If",
  "    there are fewer arguments than the format requires,  extra format",
  "    specifications behave as if a zero value or null string, as appropriate,",
  "    had been supplied.",
  "    ",
  "    Exit Status:",
  "    Returns success unless an invalid option is given or a write or assignment",
  "    error occurs.",
]
  .map((line) => `${line}\n`)
  .join("");

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const INT_MAX = 2 ** 31 - 1;
/**
 * The widest field or precision the lab writes out. bash would print a gigabyte of
 * padding; the lab refuses with the write error bash gives when output fails.
 */
export const MAX_FIELD = 1 << 20;

interface Spec {
  flags: string;
  width: number;
  precision: number | undefined;
}

/** Ends the output early (a bad conversion, `\c` in %b) with this status; what was written so far stays. */
class Stop extends Error {
  constructor(readonly status: number) {
    super(`printf stopped with ${status}`);
  }
}

/** The characters of a byte string: valid UTF-8 sequences with their code point, other bytes alone. */
function utf8Chars(bytes: string): Array<{ bytes: string; cp: number | undefined }> {
  const out: Array<{ bytes: string; cp: number | undefined }> = [];
  for (let i = 0; i < bytes.length;) {
    const b = bytes.charCodeAt(i);
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) {
      const c = bytes.charCodeAt(i + k);
      ok = c >= (k === 1 ? lo : 0x80) && c <= (k === 1 ? hi : 0xbf);
    }
    if (!ok) {
      out.push({ bytes: bytes[i]!, cp: undefined });
      i++;
      continue;
    }
    const seq = bytes.slice(i, i + len);
    out.push({ bytes: seq, cp: toText(seq).codePointAt(0)! });
    i += len;
  }
  return out;
}

/** What glibc's iswprint says no to in a UTF-8 locale: controls, line and paragraph separators, unassigned code points. */
const NOT_PRINTABLE = /^[\p{Cc}\p{Cn}\u2028\u2029]$/u;

/** Characters sh_backslash_quote escapes anywhere in a word. */
const BACKSLASHED = new Set([
  "\t",
  "\n",
  " ",
  "!",
  '"',
  "$",
  "&",
  "'",
  "(",
  ")",
  "*",
  ",",
  ";",
  "<",
  ">",
  "?",
  "[",
  "\\",
  "]",
  "^",
  "`",
  "{",
  "|",
  "}",
]);

const ANSI_C_NAMES: Readonly<Record<string, string>> = {
  "\x1b": "E",
  "\x07": "a",
  "\v": "v",
  "\b": "b",
  "\f": "f",
  "\n": "n",
  "\r": "r",
  "\t": "t",
};

/** %q: the argument as bash would type it back, in `$'...'` when it holds what cannot be typed. */
function shellQuote(bytes: string): string {
  if (bytes === "") return "''";
  const chars = utf8Chars(bytes);
  const octal = (b: string) => `\\${b.charCodeAt(0).toString(8).padStart(3, "0")}`;
  if (chars.some((c) => c.cp === undefined || NOT_PRINTABLE.test(String.fromCodePoint(c.cp)))) {
    let out = "$'";
    for (const c of chars) {
      if (Object.hasOwn(ANSI_C_NAMES, c.bytes)) out += `\\${ANSI_C_NAMES[c.bytes]}`;
      else if (c.bytes === "\\" || c.bytes === "'") out += `\\${c.bytes}`;
      else if (c.cp === undefined || NOT_PRINTABLE.test(String.fromCodePoint(c.cp))) out += [...c.bytes].map(octal).join("");
      else out += c.bytes;
    }
    return `${out}'`;
  }
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    // `#` starts a comment and `~` a home directory only where a word (or an assignment's value) starts.
    if (BACKSLASHED.has(c) || (c === "#" && i === 0) || (c === "~" && (i === 0 || bytes[i - 1] === ":" || bytes[i - 1] === "=")))
      out += "\\";
    out += c;
  }
  return out;
}

function pad(prefix: string, body: string, spec: Spec, zeros: boolean): string {
  const n = spec.width - prefix.length - body.length;
  if (n <= 0) return prefix + body;
  if (spec.flags.includes("-")) return prefix + body + " ".repeat(n);
  if (zeros && spec.flags.includes("0")) return prefix + "0".repeat(n) + body;
  return " ".repeat(n) + prefix + body;
}

/** %d %i %o %u %x %X as C's printf writes an intmax_t or uintmax_t. */
function formatInteger(value: bigint, conv: string, spec: Spec): string {
  const signed = conv === "d" || conv === "i";
  let v = signed ? value : BigInt.asUintN(64, value);
  const negative = v < 0n;
  if (negative) v = -v;
  let digits = v.toString(conv === "o" ? 8 : conv === "x" || conv === "X" ? 16 : 10);
  if (conv === "X") digits = digits.toUpperCase();
  if (spec.precision !== undefined) digits = spec.precision === 0 && v === 0n ? "" : digits.padStart(spec.precision, "0");
  let prefix = signed ? (negative ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "") : "";
  if (spec.flags.includes("#")) {
    if (conv === "o" && !digits.startsWith("0")) digits = `0${digits}`;
    if ((conv === "x" || conv === "X") && v !== 0n) prefix = conv === "x" ? "0x" : "0X";
  }
  // A precision turns the 0 flag off.
  return pad(prefix, digits, spec, spec.precision === undefined);
}

/** C's strtoimax/strtoumax in base 0: decimal, 0x hex or 0 octal, after blanks and a sign. */
function strtoint(s: string, unsigned: boolean): { value: bigint; end: number; erange: boolean } {
  let i = 0;
  while (i < s.length && " \t\n\v\f\r".includes(s[i]!)) i++;
  const negative = s[i] === "-";
  if (s[i] === "-" || s[i] === "+") i++;
  let base = 10;
  if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && isHex(s[i + 2])) {
    base = 16;
    i += 2;
  } else if (s[i] === "0") base = 8;
  const start = i;
  const digit = base === 16 ? isHex : base === 8 ? isOctal : (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  while (digit(s[i])) i++;
  if (i === start) return { value: 0n, end: 0, erange: false };
  const magnitude = BigInt((base === 16 ? "0x" : base === 8 ? "0o" : "") + s.slice(start, i));
  if (unsigned) {
    if (magnitude > UINT64_MAX) return { value: UINT64_MAX, end: i, erange: true };
    return { value: negative ? BigInt.asUintN(64, -magnitude) : magnitude, end: i, erange: false };
  }
  const value = negative ? -magnitude : magnitude;
  if (value > INT64_MAX) return { value: INT64_MAX, end: i, erange: true };
  if (value < INT64_MIN) return { value: INT64_MIN, end: i, erange: true };
  return { value, end: i, erange: false };
}

/** A quote before an argument asks for its first character's code: printf %d "'A" is 65. */
function characterCode(arg: string): bigint {
  const first = utf8Chars(arg.slice(1))[0];
  if (!first) return 0n;
  return BigInt(first.cp ?? first.bytes.charCodeAt(0));
}

const ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
};

/**
 * One backslash escape, `s[at]` being the character after the backslash: the bytes it
 * stands for and where it ends, or undefined when the backslash is just a backslash. `inB`
 * is %b's dialect: `\0` takes three more octal digits, `\c` ends the output, and `\'`,
 * `\"` and `\?` keep their backslash.
 */
function escape(
  s: string,
  at: number,
  inB: boolean,
  warn: (message: string) => void,
): { bytes: string; end: number; stop?: true } | undefined {
  const c = s[at];
  if (c === undefined) return undefined;
  if (Object.hasOwn(ESCAPES, c)) return { bytes: ESCAPES[c]!, end: at + 1 };
  let i = at + 1;
  if (isOctal(c)) {
    let v = Number(c);
    for (let n = v === 0 && inB ? 3 : 2; n > 0 && isOctal(s[i]); n--) v = v * 8 + Number(s[i++]);
    return { bytes: String.fromCharCode(v & 0xff), end: i };
  }
  if (c === "x") {
    let v = 0;
    for (let n = 2; n > 0 && isHex(s[i]); n--) v = v * 16 + parseInt(s[i++]!, 16);
    if (i === at + 1) {
      warn("missing hex digit for \\x");
      return undefined;
    }
    return { bytes: String.fromCharCode(v), end: i };
  }
  if (c === "u" || c === "U") {
    let v = 0;
    for (let n = c === "u" ? 4 : 8; n > 0 && isHex(s[i]); n--) v = v * 16 + parseInt(s[i++]!, 16);
    if (i === at + 1) {
      warn(`missing unicode digit for \\${c}`);
      return undefined;
    }
    return { bytes: utf8Bytes(v), end: i };
  }
  if ((c === "'" || c === '"' || c === "?") && !inB) return { bytes: c, end: i };
  if (c === "c" && inB) return { bytes: "", end: i, stop: true };
  return undefined;
}

/** `printf [-v var] format [arguments]`: options as bash's internal getopt reads them, then the format. */
export const printf: Command = function* (ctx) {
  const argv = ctx.argv.slice(1);
  let target: string | undefined;
  let k = 0;
  for (; k < argv.length; k++) {
    const a = argv[k]!;
    if (a === "--") {
      k++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a === "--help") {
      ctx.io.out(HELP);
      return 2;
    }
    if (a[1] !== "v") {
      ctx.io.err(`printf: -${a[1]}: invalid option\n${USAGE}`);
      return 2;
    }
    const name = a.length > 2 ? a.slice(2) : argv[++k];
    if (name === undefined) {
      ctx.io.err(`printf: -v: option requires an argument\n${USAGE}`);
      return 2;
    }
    if (!NAME.test(name)) {
      ctx.io.err(`printf: \`${name}': not a valid identifier\n`);
      return 2;
    }
    target = name;
  }
  if (k >= argv.length) {
    ctx.io.err(USAGE);
    return 2;
  }
  // Arguments are C strings in bash: a NUL ends them.
  const [format, ...args] = argv.slice(k).map((a) => {
    const bytes = fromText(a);
    const nul = bytes.indexOf("\0");
    return nul < 0 ? bytes : bytes.slice(0, nul);
  }) as [string, ...string[]];
  return run(ctx, format, args, target);
};

function run(ctx: CommandContext, format: string, args: string[], target: string | undefined): number {
  let out = "";
  let next = 0;
  let conversionError = false;
  const warn = (message: string) => ctx.io.err(`printf: ${toText(message)}\n`);
  const assign = (name: string, value: string) => {
    if (ctx.shell.env.has(name)) ctx.shell.env.set(name, value);
    else ctx.shell.locals.set(name, value);
  };
  const finish = (status: number): number => {
    if (target === undefined) ctx.io.out(toText(out));
    else {
      const nul = out.indexOf("\0");
      assign(target, toText(nul < 0 ? out : out.slice(0, nul)));
    }
    return status;
  };

  const getstr = () => (next < args.length ? args[next++]! : "");
  const invalid = (arg: string) => {
    const kind =
      arg[0] === "0" && /[0-9]/.test(arg[1] ?? "")
        ? "invalid octal number"
        : arg.startsWith("0x")
          ? "invalid hex number"
          : "invalid number";
    warn(`${arg}: ${kind}`);
    conversionError = true;
  };
  const getint = (unsigned: boolean): bigint => {
    if (next >= args.length) return 0n;
    const arg = args[next]!;
    if (arg[0] === "'" || arg[0] === '"') {
      next++;
      return characterCode(arg);
    }
    const { value, end, erange } = strtoint(arg, unsigned);
    if (end < arg.length) invalid(arg);
    else if (erange) warn(`warning: ${arg}: Numerical result out of range`);
    next++;
    return value;
  };
  /** A `*` width or precision. bash names the argument after it when the value does not fit an int. */
  const getstar = (): number => {
    const v = getint(false);
    if (next >= args.length) return Number(BigInt.asIntN(32, v));
    if (v > BigInt(INT_MAX) || v < BigInt(-INT_MAX - 1)) {
      warn(`warning: ${args[next]}: Numerical result out of range`);
      return v > 0n ? INT_MAX : -INT_MAX - 1;
    }
    return Number(v);
  };
  const getfloat = (): LongDouble => {
    if (next >= args.length) return longDoubleOf(0n);
    const arg = args[next]!;
    if (arg[0] === "'" || arg[0] === '"') {
      next++;
      return longDoubleOf(characterCode(arg));
    }
    const { value, end, erange } = strtold(arg);
    if (end < arg.length) invalid(arg);
    else if (erange) warn(`warning: ${arg}: Numerical result out of range`);
    next++;
    return value;
  };
  /** %s-like output of bytes already converted (%b, %q): precision cuts, width pads with blanks. */
  const printstr = (bytes: string, spec: Spec) => {
    const cut = spec.precision !== undefined && spec.precision >= 0 ? bytes.slice(0, spec.precision) : bytes;
    out += pad("", cut, spec, false);
  };

  if (format === "") return finish(0);
  try {
    do {
      const passStart = out.length;
      for (let i = 0; i < format.length; i++) {
        const ch = format[i]!;
        if (ch === "\\") {
          const e = escape(format, i + 1, false, warn);
          if (e) {
            out += e.bytes;
            i = e.end - 1;
          } else out += "\\";
          continue;
        }
        if (ch !== "%") {
          out += ch;
          continue;
        }
        const start = i++;
        if (format[i] === "%") {
          out += "%";
          continue;
        }
        const spec: Spec = { flags: "", width: 0, precision: undefined };
        while (i < format.length && "#'-+ 0".includes(format[i]!)) spec.flags += format[i++];
        // A width or precision past what an int holds makes the C library print nothing for the conversion.
        let overflow = false;
        if (format[i] === "*") {
          i++;
          spec.width = getstar();
          if (spec.width < 0) {
            spec.flags += "-";
            spec.width = -spec.width;
          }
        } else {
          const digits = /^\d*/.exec(format.slice(i))![0];
          i += digits.length;
          if (digits !== "") spec.width = Number(digits);
          overflow ||= spec.width > INT_MAX;
        }
        if (format[i] === ".") {
          i++;
          if (format[i] === "*") {
            i++;
            const p = getstar();
            spec.precision = p < 0 ? undefined : p;
          } else {
            // bash skips a minus here; C takes the precision as not given.
            const negative = format[i] === "-";
            if (negative) i++;
            const digits = /^\d*/.exec(format.slice(i))![0];
            i += digits.length;
            spec.precision = negative ? undefined : Number(digits || "0");
            overflow ||= (spec.precision ?? 0) > INT_MAX;
          }
        }
        while (i < format.length && "hjlLtz".includes(format[i]!)) i++;
        if (i >= format.length) {
          warn(`\`${format.slice(start)}': missing format character`);
          throw new Stop(1);
        }
        if (overflow) {
          spec.width = 0;
          spec.precision = 0;
        }
        const conv = format[i]!;
        // A precision only makes numbers longer; it cuts strings.
        if (spec.width > MAX_FIELD || (!"csbqQ".includes(conv) && (spec.precision ?? 0) > MAX_FIELD)) {
          warn("write error: Cannot allocate memory");
          throw new Stop(1);
        }
        const before = out.length;
        switch (conv) {
          case "c": {
            out += pad("", next < args.length ? (args[next++]![0] ?? "\0") : "\0", spec, false);
            break;
          }
          case "s": {
            const s = getstr();
            out += pad("", spec.precision === undefined ? s : s.slice(0, spec.precision), spec, false);
            break;
          }
          case "b": {
            const s = getstr();
            let expanded = "";
            let stop = false;
            for (let j = 0; j < s.length; j++) {
              if (s[j] !== "\\" || j + 1 >= s.length) {
                expanded += s[j];
                continue;
              }
              const e = escape(s, j + 1, true, warn);
              if (e?.stop) {
                stop = true;
                break;
              }
              if (e) {
                expanded += e.bytes;
                j = e.end - 1;
              } else expanded += "\\";
            }
            printstr(expanded, spec);
            // `\c` ends all output, with the status so far (an earlier bad number does not count).
            if (stop) throw new Stop(0);
            break;
          }
          case "q":
          case "Q": {
            let s = getstr();
            if (conv === "Q" && spec.precision !== undefined) {
              s = s.slice(0, spec.precision);
              spec.precision = undefined;
            }
            printstr(shellQuote(s), spec);
            break;
          }
          case "d":
          case "i":
            out += formatInteger(getint(false), conv, spec);
            break;
          case "o":
          case "u":
          case "x":
          case "X":
            out += formatInteger(getint(true), conv, spec);
            break;
          case "e":
          case "E":
          case "f":
          case "F":
          case "g":
          case "G":
          case "a":
          case "A":
            out += formatFloat(getfloat(), conv, spec);
            break;
          case "n": {
            const name = getstr();
            if (name === "") break;
            if (!NAME.test(name)) {
              warn(`\`${name}': not a valid identifier`);
              throw new Stop(1);
            }
            assign(name, String(out.length - passStart));
            break;
          }
          case "(":
            // The lab machine has no wall clock for strftime to read.
            warn("%(fmt)T is not supported in this terminal");
            throw new Stop(1);
          default:
            warn(`\`${conv}': invalid format character`);
            throw new Stop(1);
        }
        if (overflow) out = out.slice(0, before);
      }
    } while (next > 0 && next < args.length);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return finish(error.status);
  }
  return finish(conversionError ? 1 : 0);
}
