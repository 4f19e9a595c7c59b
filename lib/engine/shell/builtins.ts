// The everyday commands of the lab terminal, with GNU coreutils' and bash's messages and
// exit codes for the cases a learner meets. Output always goes to a pipe or the
// terminal's scrollback, so `ls` prints one name per line, as it does into a pipe.

import { fromText, toText } from "../etcd/bytes";
import { printf } from "./printf";
import { Exit, runUntil, wait, type Command, type CommandContext, type Program } from "./program";
import { VfsError } from "./vfs";

function fail(ctx: CommandContext, message: string, code = 1): never {
  ctx.io.err(`${message}\n`);
  throw new Exit(code);
}

/** Splits text into lines, keeping the information whether the last one was terminated. */
function lines(text: string): string[] {
  if (text === "") return [];
  const out = text.split("\n");
  if (out[out.length - 1] === "") out.pop();
  return out;
}

function joinLines(ls: string[]): string {
  return ls.map((l) => `${l}\n`).join("");
}

/** Reads the named files (or stdin for none or "-"), reporting unreadable ones as `cmd: name: reason`. */
function readInputs(ctx: CommandContext, files: string[]): { text: string; ok: boolean } {
  if (files.length === 0) return { text: ctx.io.stdin, ok: true };
  let text = "";
  let ok = true;
  for (const f of files) {
    if (f === "-") {
      text += ctx.io.stdin;
      continue;
    }
    try {
      text += ctx.shell.vfs.read(f);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      ctx.io.err(`${ctx.argv[0]}: ${error.message}\n`);
      ok = false;
    }
  }
  return { text, ok };
}

/** Parses short options like `-n 5`, `-n5`, `-vc`; returns the options and the operands. */
function shortOptions(
  ctx: CommandContext,
  args: string[],
  flags: string,
  withValue: string,
): { opts: Map<string, string | true>; rest: string[] } {
  const opts = new Map<string, string | true>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      rest.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (withValue.includes(c)) {
        const value = a.slice(j + 1) || args[++i];
        if (value === undefined)
          fail(ctx, `${ctx.argv[0]}: option requires an argument -- '${c}'\nTry '${ctx.argv[0]} --help' for more information.`, 2);
        opts.set(c, value);
        break;
      }
      if (!flags.includes(c)) fail(ctx, `${ctx.argv[0]}: invalid option -- '${c}'\nTry '${ctx.argv[0]} --help' for more information.`, 2);
      opts.set(c, true);
    }
  }
  return { opts, rest };
}

// ------------------------------------------------------------------ text

const echo: Command = function* (ctx) {
  let args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0]!)) {
    for (const c of args[0]!.slice(1)) {
      if (c === "n") newline = false;
      else if (c === "e") escapes = true;
      else escapes = false;
    }
    args = args.slice(1);
  }
  let text = args.join(" ");
  if (escapes) {
    const cut = text.indexOf("\\c");
    if (cut >= 0) {
      text = text.slice(0, cut);
      newline = false;
    }
    text = text.replace(/\\(0[0-7]{0,3}|x[0-9a-fA-F]{1,2}|[abefnrtv\\])/g, (_m, e: string) => {
      if (e.startsWith("0")) return String.fromCharCode(parseInt(e.slice(1) || "0", 8));
      if (e.startsWith("x")) return String.fromCharCode(parseInt(e.slice(1), 16));
      return { a: "\x07", b: "\b", e: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\" }[e]!;
    });
  }
  ctx.io.out(newline ? `${text}\n` : text);
  return 0;
};

const cat: Command = function* (ctx) {
  const { text, ok } = readInputs(ctx, ctx.argv.slice(1));
  ctx.io.out(text);
  return ok ? 0 : 1;
};

const grep: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "ivcnEFowqlHh", "em");
  const pattern = (opts.get("e") as string | undefined) ?? rest.shift();
  if (pattern === undefined) fail(ctx, "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.", 2);
  let source = opts.has("F") ? pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : pattern;
  if (!opts.has("F") && !opts.has("E")) source = basicToExtended(source);
  if (opts.has("w")) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  let re: RegExp;
  try {
    re = new RegExp(source, opts.has("i") ? "iu" : "u");
  } catch {
    fail(ctx, `grep: Unmatched ( or \\(`, 2);
  }
  const { text, ok } = readInputs(ctx, rest);
  const invert = opts.has("v");
  const matched: string[] = [];
  lines(text).forEach((line, n) => {
    if (re.test(line) === invert) return;
    if (opts.has("o") && !invert) {
      const all = new RegExp(re.source, `${re.flags}g`);
      for (const m of line.matchAll(all)) if (m[0] !== "") matched.push(m[0]);
      return;
    }
    matched.push(opts.has("n") ? `${n + 1}:${line}` : line);
  });
  if (!opts.has("q")) {
    if (opts.has("c")) ctx.io.out(`${matched.length}\n`);
    else ctx.io.out(joinLines(matched));
  }
  if (!ok) return 2;
  return matched.length > 0 ? 0 : 1;
};

/** POSIX basic regular expressions → JavaScript: \( \) \| \{ \} are the operators, ( ) | { } + ? literals. */
function basicToExtended(bre: string): string {
  let out = "";
  for (let i = 0; i < bre.length; i++) {
    const c = bre[i]!;
    if (c === "\\" && i + 1 < bre.length) {
      const n = bre[++i]!;
      out += "(){}|+?".includes(n) ? n : `\\${n}`;
    } else if ("(){}|+?".includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
}

const wc: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "lwcm", "");
  const { text, ok } = readInputs(ctx, rest);
  const counts: number[] = [];
  const all = opts.size === 0;
  if (all || opts.has("l")) counts.push((text.match(/\n/g) ?? []).length);
  if (all || opts.has("w")) counts.push(text.split(/\s+/).filter((w) => w !== "").length);
  if (opts.has("m")) counts.push([...text].length);
  if (all || opts.has("c")) counts.push(utf8Length(text));
  // GNU wc pads to 7 columns when it prints several counts of a stream.
  const width = counts.length > 1 ? 7 : 0;
  const suffix = rest.length === 1 ? ` ${rest[0]}` : "";
  ctx.io.out(`${counts.map((c) => String(c).padStart(width)).join(" ")}${suffix}\n`);
  return ok ? 0 : 1;
};

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

function countOption(ctx: CommandContext, args: string[]): { n: number; fromStart: boolean; bytes: boolean; rest: string[] } {
  // head/tail accept the old `-5` form too.
  const normalized = args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
  const { opts, rest } = shortOptions(ctx, normalized, "qv", "nc");
  const raw = (opts.get("n") ?? opts.get("c") ?? "10") as string;
  const fromStart = raw.startsWith("+");
  const n = Number(raw.replace(/^[+-]/, ""));
  if (!Number.isInteger(n)) fail(ctx, `${ctx.argv[0]}: invalid number of ${opts.has("c") ? "bytes" : "lines"}: ‘${raw}’`);
  return { n, fromStart, bytes: opts.has("c"), rest };
}

const head: Command = function* (ctx) {
  const { n, bytes, rest } = countOption(ctx, ctx.argv.slice(1));
  const { text, ok } = readInputs(ctx, rest);
  if (bytes) ctx.io.out(text.slice(0, n));
  else {
    const parts = text.split("\n");
    const keep = parts.slice(0, n);
    ctx.io.out(keep.join("\n") + (parts.length > n ? "\n" : ""));
  }
  return ok ? 0 : 1;
};

const tail: Command = function* (ctx) {
  const { n, fromStart, bytes, rest } = countOption(ctx, ctx.argv.slice(1));
  const { text, ok } = readInputs(ctx, rest);
  if (bytes) ctx.io.out(fromStart ? text.slice(Math.max(0, n - 1)) : text.slice(Math.max(0, text.length - n)));
  else {
    const ls = lines(text);
    const kept = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
    let out = joinLines(kept);
    if (kept.length > 0 && !text.endsWith("\n")) out = out.slice(0, -1);
    ctx.io.out(out);
  }
  return ok ? 0 : 1;
};

const sort: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "rnuf", "");
  const { text, ok } = readInputs(ctx, rest);
  let ls = lines(text);
  const key = (s: string) => (opts.has("f") ? s.toUpperCase() : s);
  if (opts.has("n")) ls.sort((a, b) => (parseFloat(a) || 0) - (parseFloat(b) || 0) || (a < b ? -1 : a > b ? 1 : 0));
  else ls.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  if (opts.has("r")) ls.reverse();
  if (opts.has("u")) ls = ls.filter((l, i) => i === 0 || l !== ls[i - 1]);
  ctx.io.out(joinLines(ls));
  return ok ? 0 : 2;
};

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Base64 of a byte string (one char per byte). */
export function base64Encode(bytes: string): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes.charCodeAt(i);
    const b = i + 1 < bytes.length ? bytes.charCodeAt(i + 1) : 0;
    const c = i + 2 < bytes.length ? bytes.charCodeAt(i + 2) : 0;
    const n = (a << 16) | (b << 8) | c;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? B64[n & 63]! : "=";
  }
  return out;
}

export function base64Decode(text: string): string | undefined {
  const clean = text.replace(/[\s]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return undefined;
  let bits = 0;
  let value = 0;
  let out = "";
  for (const ch of clean.replace(/=+$/, "")) {
    value = (value << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}

const base64: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "di", "w");
  const { text, ok } = readInputs(ctx, rest);
  // Text in the terminal is UTF-8 on the wire.
  if (opts.has("d")) {
    const decoded = base64Decode(text);
    if (decoded === undefined) fail(ctx, "base64: invalid input");
    ctx.io.out(toText(decoded));
    return ok ? 0 : 1;
  }
  const encoded = base64Encode(fromText(text));
  const width = Number(opts.get("w") ?? 76);
  const wrapped = width > 0 ? (encoded.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join("\n") : encoded;
  ctx.io.out(encoded === "" ? "" : `${wrapped}\n`);
  return ok ? 0 : 1;
};

/** cut -d DELIM -f LIST (fields) or -c LIST (characters); LIST like 1, 1,3 or 2-4. */
const cut: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "s", "dfc");
  const list = (opts.get("f") ?? opts.get("c")) as string | undefined;
  if (!list) fail(ctx, "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.");
  const ranges = list.split(",").map((part) => {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (m[1] === "" && m[3] === "")) fail(ctx, `cut: invalid field value ‘${part}’\nTry 'cut --help' for more information.`);
    const from = m[1] === "" ? 1 : Number(m[1]);
    const to = m[2] === "" ? from : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    return [from, to] as const;
  });
  const pick = (n: number) => ranges.some(([a, b]) => n >= a && n <= b);
  const { text, ok } = readInputs(ctx, rest);
  const out = lines(text).map((line) => {
    if (opts.has("c")) return [...line].filter((_, i) => pick(i + 1)).join("");
    const delim = (opts.get("d") as string | undefined) ?? "\t";
    if (!line.includes(delim)) return opts.has("s") ? undefined : line;
    return line
      .split(delim)
      .filter((_, i) => pick(i + 1))
      .join(delim);
  });
  ctx.io.out(joinLines(out.filter((l): l is string => l !== undefined)));
  return ok ? 0 : 1;
};

/** tr SET1 SET2 (translate), tr -d SET (delete); sets with a-z ranges and \n \t \0 escapes. */
const tr: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "ds", "");
  const expand = (set: string) => {
    const unescaped = set.replace(/\\(n|t|0|\\)/g, (_m, c: string) => ({ n: "\n", t: "\t", "0": "\0", "\\": "\\" })[c]!);
    let out = "";
    for (let i = 0; i < unescaped.length; i++) {
      if (unescaped[i + 1] === "-" && i + 2 < unescaped.length) {
        for (let c = unescaped.charCodeAt(i); c <= unescaped.charCodeAt(i + 2); c++) out += String.fromCharCode(c);
        i += 2;
      } else out += unescaped[i];
    }
    return out;
  };
  if (rest.length === 0) fail(ctx, "tr: missing operand\nTry 'tr --help' for more information.");
  const from = expand(rest[0]!);
  let text = ctx.io.stdin;
  if (opts.has("d")) text = [...text].filter((c) => !from.includes(c)).join("");
  else {
    if (rest.length < 2)
      fail(
        ctx,
        `tr: missing operand after ‘${rest[0]}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.`,
      );
    const to = expand(rest[1]!);
    const map = new Map([...from].map((c, i) => [c, to[Math.min(i, to.length - 1)]!]));
    text = [...text].map((c) => map.get(c) ?? c).join("");
  }
  if (opts.has("s")) text = text.replace(/(.)\1+/gs, "$1");
  ctx.io.out(text);
  return 0;
};

// ------------------------------------------------------------------ files

const ls: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "1aAlRF", "");
  const vfs = ctx.shell.vfs;
  const targets = rest.length > 0 ? rest : ["."];
  let status = 0;
  const files = targets.filter((t) => vfs.isFile(t));
  const dirs = targets.filter((t) => vfs.isDir(t)).sort();
  for (const t of targets) {
    if (!vfs.exists(t)) {
      ctx.io.err(`ls: cannot access '${t}': No such file or directory\n`);
      status = 2;
    }
  }
  const out: string[] = [...files.sort()];
  const listDir = (d: string, label: boolean) => {
    if (out.length > 0) out.push("");
    if (label) out.push(`${d}:`);
    const names = vfs.list(d);
    out.push(...names);
    if (opts.has("R")) for (const n of names) if (vfs.isDir(`${d}/${n}`)) listDir(`${d}/${n}`, true);
  };
  for (const d of dirs) listDir(d, targets.length > 1 || opts.has("R"));
  ctx.io.out(joinLines(out));
  return status;
};

const mkdir: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "pv", "m");
  if (rest.length === 0) fail(ctx, "mkdir: missing operand\nTry 'mkdir --help' for more information.");
  let status = 0;
  for (const d of rest) {
    if (ctx.shell.vfs.exists(d) && !opts.has("p")) {
      ctx.io.err(`mkdir: cannot create directory ‘${d}’: File exists\n`);
      status = 1;
      continue;
    }
    ctx.shell.vfs.mkdirs(d);
  }
  return status;
};

const rm: Command = function* (ctx) {
  const { opts, rest } = shortOptions(ctx, ctx.argv.slice(1), "rRfv", "");
  if (rest.length === 0 && !opts.has("f")) fail(ctx, "rm: missing operand\nTry 'rm --help' for more information.");
  let status = 0;
  for (const f of rest) {
    try {
      ctx.shell.vfs.remove(f, opts.has("r") || opts.has("R"));
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      if (opts.has("f") && !ctx.shell.vfs.exists(f)) continue;
      const reason = error.message.endsWith("Is a directory") ? "Is a directory" : "No such file or directory";
      ctx.io.err(`rm: cannot remove '${f}': ${reason}\n`);
      status = 1;
    }
  }
  return status;
};

const pwd: Command = function* (ctx) {
  ctx.io.out(`${ctx.shell.vfs.cwd}\n`);
  return 0;
};

const cd: Command = function* (ctx) {
  const target = ctx.argv[1] ?? ctx.shell.env.get("HOME") ?? "/root";
  if (!ctx.shell.vfs.isDir(target)) {
    fail(ctx, ctx.shell.vfs.exists(target) ? `bash: cd: ${target}: Not a directory` : `bash: cd: ${target}: No such file or directory`);
  }
  ctx.shell.vfs.cwd = ctx.shell.vfs.resolve(target);
  ctx.shell.env.set("PWD", ctx.shell.vfs.cwd);
  return 0;
};

// ------------------------------------------------------------------ the shell itself

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function declareLine(name: string, value: string): string {
  return `declare -x ${name}="${value.replace(/(["\\$`])/g, "\\$1")}"`;
}

const exportCmd: Command = function* (ctx) {
  const args = ctx.argv.slice(1).filter((a) => a !== "-p");
  if (args.length === 0) {
    const names = [...ctx.shell.env.keys()].sort();
    ctx.io.out(joinLines(names.map((n) => declareLine(n, ctx.shell.env.get(n)!))));
    return 0;
  }
  let status = 0;
  for (const a of args) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!NAME.test(name)) {
      ctx.io.err(`bash: export: \`${a}': not a valid identifier\n`);
      status = 1;
      continue;
    }
    const value = eq < 0 ? (ctx.shell.locals.get(name) ?? ctx.shell.env.get(name) ?? "") : a.slice(eq + 1);
    ctx.shell.locals.delete(name);
    ctx.shell.env.set(name, value);
  }
  return status;
};

const unset: Command = function* (ctx) {
  for (const name of ctx.argv.slice(1)) {
    ctx.shell.env.delete(name);
    ctx.shell.locals.delete(name);
  }
  return 0;
};

const env: Command = function* (ctx) {
  ctx.io.out(joinLines([...ctx.env].map(([k, v]) => `${k}=${v}`)));
  return 0;
};

const trueCmd: Command = function* () {
  return 0;
};

const falseCmd: Command = function* () {
  return 1;
};

const history: Command = function* (ctx) {
  const entries = ctx.shell.history;
  const n = ctx.argv[1] === undefined ? entries.length : Number(ctx.argv[1]);
  if (!Number.isInteger(n) || n < 0) fail(ctx, `bash: history: ${ctx.argv[1]}: numeric argument required`);
  const start = Math.max(0, entries.length - n);
  ctx.io.out(joinLines(entries.slice(start).map((e, i) => `${String(start + i + 1).padStart(5)}  ${e}`)));
  return 0;
};

const clear: Command = function* (ctx) {
  ctx.shell.clearRequested = true;
  ctx.io.out("\x1b[H\x1b[2J\x1b[3J");
  return 0;
};

/** GNU sleep/timeout durations: a number with an optional s, m, h or d suffix. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(text);
  if (!m) return undefined;
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!]!;
  return Number(m[1]) * unit * 1000;
}

const sleep: Command = function* (ctx) {
  const args = ctx.argv.slice(1);
  if (args.length === 0) fail(ctx, "sleep: missing operand\nTry 'sleep --help' for more information.");
  let total = 0;
  for (const a of args) {
    const ms = parseDuration(a);
    if (ms === undefined) fail(ctx, `sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.`);
    total += ms;
  }
  yield* wait(ctx.shell.sleep(total));
  return 0;
};

const timeout: Command = function* (ctx): Program {
  const args = ctx.argv.slice(1);
  while (args[0]?.startsWith("-")) {
    const opt = args.shift()!;
    if (opt === "-s" || opt === "-k") args.shift();
  }
  if (args.length < 2) fail(ctx, `timeout: missing operand\nTry 'timeout --help' for more information.`, 125);
  const ms = parseDuration(args[0]!);
  if (ms === undefined) fail(ctx, `timeout: invalid time interval ‘${args[0]}’\nTry 'timeout --help' for more information.`, 125);
  const name = args[1]!;
  const command = ctx.shell.commands.get(name);
  if (!command) fail(ctx, `timeout: failed to run command ‘${name}’: No such file or directory`, 127);
  const inner = command({ ...ctx, argv: args.slice(1) });
  let code: number | undefined;
  try {
    code = yield* runUntil(inner, ctx.shell.sleep(ms));
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
  return code ?? 124;
};

export const BASIC_COMMANDS: ReadonlyArray<[string, Command]> = [
  ["echo", echo],
  ["printf", printf],
  ["cat", cat],
  ["grep", grep],
  ["wc", wc],
  ["head", head],
  ["tail", tail],
  ["sort", sort],
  ["base64", base64],
  ["cut", cut],
  ["tr", tr],
  ["ls", ls],
  ["mkdir", mkdir],
  ["rm", rm],
  ["pwd", pwd],
  ["cd", cd],
  ["export", exportCmd],
  ["unset", unset],
  ["env", env],
  ["true", trueCmd],
  ["false", falseCmd],
  ["history", history],
  ["clear", clear],
  ["sleep", sleep],
  ["timeout", timeout],
];
