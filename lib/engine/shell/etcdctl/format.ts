// Go's formatting, as etcdctl's output depends on it: %q quoting, %x of ids,
// encoding/json (HTML-safe escaping, 64-bit integers, base64 byte slices), go-humanize's
// byte sizes and olekukonko/tablewriter's tables.

import type { Bytes } from "../../etcd/bytes";
import { isoSeconds } from "../../sim/calendar";
import { base64Encode } from "../builtins";

// ------------------------------------------------------------------ strings

function decodeRune(bytes: Bytes, i: number): [cp: number, size: number] {
  const b = bytes.charCodeAt(i);
  if (b < 0x80) return [b, 1];
  const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b < 0xe0 ? 1 : -1;
  if (need < 0 || i + need >= bytes.length) return [-1, 1];
  let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= need; k++) {
    const c = bytes.charCodeAt(i + k);
    if ((c & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (c & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, need + 1];
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Go's strconv.Quote of a byte string (fmt's %q). */
export function goQuote(bytes: Bytes): string {
  let out = '"';
  for (let i = 0; i < bytes.length;) {
    const [cp, size] = decodeRune(bytes, i);
    if (cp < 0) {
      out += `\\x${bytes.charCodeAt(i).toString(16).padStart(2, "0")}`;
      i += size;
      continue;
    }
    i += size;
    const ch = String.fromCodePoint(cp);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp in GO_ESCAPES) out += GO_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, "0")}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}

const GO_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v" };

/** etcdctl --hex: every byte as \xNN. */
export function hexEscape(bytes: Bytes): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += `\\x${bytes.charCodeAt(i).toString(16).padStart(2, "0")}`;
  return out;
}

/** %016x of a 64-bit id. */
export function hex16(id: bigint): string {
  return BigInt.asUintN(64, id).toString(16).padStart(16, "0");
}

/** Member ids (types.ID / %x): hex without padding. */
export function hexId(id: string | bigint): string {
  return typeof id === "string" ? id : BigInt.asUintN(64, id).toString(16);
}

/** A hex member id as the unsigned decimal Go prints for uint64 fields. */
export function uint64(idHex: string): string {
  return BigInt(`0x${idHex || "0"}`).toString();
}

/** Go's strconv.Unquote of a double-quoted literal; undefined where Go reports "invalid syntax". */
export function goUnquote(quoted: string): string | undefined {
  if (quoted.length < 2 || quoted[0] !== '"' || quoted[quoted.length - 1] !== '"') return undefined;
  const body = quoted.slice(1, -1);
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "\n") return undefined;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"' };
    if (e === undefined) return undefined;
    if (e in simple) out += simple[e];
    else if (e === "x" || e === "u" || e === "U") {
      const len = e === "x" ? 2 : e === "u" ? 4 : 8;
      const hex = body.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined;
      const v = parseInt(hex, 16);
      if (e !== "x" && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))) return undefined;
      out += String.fromCodePoint(v);
      i += len;
    } else if (/[0-7]/.test(e)) {
      const oct = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct) || parseInt(oct, 8) > 255) return undefined;
      out += String.fromCharCode(parseInt(oct, 8));
      i += 2;
    } else return undefined;
  }
  return out;
}

// ------------------------------------------------------------------ encoding/json

/** A JSON number given as its decimal text (64-bit values that a JS number would round). */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export function num(value: number | bigint | string): JsonNumber {
  return new JsonNumber(typeof value === "string" ? value : value.toString());
}

/** A []byte field: base64 in JSON. */
export class JsonBytes {
  constructor(readonly bytes: Bytes) {}
}

export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029)
      out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal of a value built from plain objects (keys in struct order; omitted fields left out). */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof JsonNumber) return value.text;
  if (value instanceof JsonBytes) return goJsonString(base64Encode(value.bytes));
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number" || typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${goJsonString(k)}:${goJson(v)}`).join(",")}}`;
}

// ------------------------------------------------------------------ sizes

/** go-humanize's Bytes: SI units, one decimal below 10. */
export function humanizeBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
  const e = Math.floor(Math.log(n) / Math.log(1000));
  const val = Math.floor((n / 1000 ** e) * 10 + 0.5) / 10;
  return val < 10 ? `${goFixed(val, 1)} ${units[e]}` : `${goFixed(val, 0)} ${units[e]}`;
}

/** Go's %.Nf: rounds half to even on the binary value, as strconv does. */
function goFixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  const scaled = x * 10 ** digits;
  if (Math.abs(scaled - Math.trunc(scaled)) === 0.5) {
    const down = Math.floor(scaled);
    const even = down % 2 === 0 ? down : down + 1;
    return (even / 10 ** digits).toFixed(digits);
  }
  return s;
}

// ------------------------------------------------------------------ tables

const WRAP_WIDTH = 30;

/** tablewriter's WrapString: words greedily onto lines of at most `limit` characters. */
function wrap(cell: string, limit: number): string[] {
  if ([...cell].length <= limit) return [cell];
  const words = cell.replace(/\n/g, " ").split(" ");
  const out: string[] = [];
  let line = "";
  for (const w of words) {
    if (line === "") line = w;
    else if ([...line].length + 1 + [...w].length <= limit) line += ` ${w}`;
    else {
      out.push(line);
      line = w;
    }
  }
  out.push(line);
  return out;
}

/** A table as etcdctl renders it: headers centered, cells right-aligned, long cells wrapped at spaces. */
export function renderTable(header: string[], rows: string[][]): string {
  const wrapped = rows.map((r) => r.map((c) => wrap(c, WRAP_WIDTH)));
  const widths = header.map((h, i) => Math.max([...h].length, ...wrapped.map((r) => Math.max(...r[i]!.map((l) => [...l].length)))));
  const border = `+${widths.map((w) => "-".repeat(w + 2)).join("+")}+\n`;
  const center = (s: string, w: number) => {
    const gap = w - [...s].length;
    const left = Math.floor(gap / 2);
    return " ".repeat(left) + s + " ".repeat(gap - left);
  };
  let out = border;
  out += `|${header.map((h, i) => ` ${center(h, widths[i]!)} `).join("|")}|\n`;
  out += border;
  for (const r of wrapped) {
    const height = Math.max(...r.map((c) => c.length));
    for (let line = 0; line < height; line++) {
      out += `|${r.map((c, i) => ` ${(c[line] ?? "").padStart(widths[i]!)} `).join("|")}|\n`;
    }
  }
  out += border;
  return out;
}

// ------------------------------------------------------------------ time

/** Unix ms → "2026-11-25T11:01:22.096Z" (zap's ISO8601 encoder), without the host's Date. */
export function isoTime(unixMs: number): string {
  return `${isoSeconds(unixMs)}.${String(Math.floor(unixMs) % 1000).padStart(3, "0")}Z`;
}

/** Go's time.Duration String() for a duration in ms (1.527846ms, 2.5s, 1m0s). */
export function goDuration(ms: number): string {
  if (ms === 0) return "0s";
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${trimZeros((ns / 1e3).toFixed(3))}µs`;
  if (ns < 1e9) return `${trimZeros((ns / 1e6).toFixed(6))}ms`;
  const totalS = ns / 1e9;
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = trimZeros((totalS % 60).toFixed(9));
  return `${h > 0 ? `${h}h` : ""}${h > 0 || m > 0 ? `${m}m` : ""}${s}s`;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}
