// Pieces of a command line that the parser and brace expansion both have to step over
// whole: `$(...)` and `$'...'`, and what a `$'...'` string means.

import { fromText, toText } from "../etcd/bytes";

/** The index of the `'` closing a `$'` whose contents start at `from` (a backslash escapes it there); -1 if none. */
export function ansiCEnd(line: string, from: number): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === "\\") i++;
    else if (line[i] === "'") return i;
  }
  return -1;
}

/** The index of the `)` closing a `$(` whose contents start at `from`, minding quotes and nesting; -1 if none. */
export function matchingParen(line: string, from: number): number {
  let depth = 1;
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\") i++;
    else if (c === "$" && line[i + 1] === "'") {
      const close = ansiCEnd(line, i + 2);
      if (close < 0) return -1;
      i = close;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return -1;
}

export const isOctal = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "7";
export const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/**
 * A code point as bash's u32toutf8 writes it, byte by byte: surrogates and values past
 * U+10FFFF get the old 4- to 6-byte forms rather than an error, and what no form holds
 * comes out as nothing.
 */
export function utf8Bytes(cp: number): string {
  const b = (...codes: number[]) => String.fromCharCode(...codes.map((c) => c & 0xff));
  const tail = (n: number) => Array.from({ length: n }, (_, k) => 0x80 | ((cp / 2 ** (6 * (n - 1 - k))) & 0x3f));
  if (cp < 0x80) return b(cp);
  if (cp < 0x800) return b(0xc0 | (cp >> 6), ...tail(1));
  if (cp < 0x10000) return b(0xe0 | (cp >> 12), ...tail(2));
  if (cp < 0x200000) return b(0xf0 | (cp >> 18), ...tail(3));
  if (cp < 0x4000000) return b(0xf8 | (cp >> 24), ...tail(4));
  if (cp < 0x80000000) return b(0xfc | Math.floor(cp / 2 ** 30), ...tail(5));
  return "";
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, e: 0x1b, E: 0x1b, f: 0xc, n: 0xa, r: 0xd, t: 9, v: 0xb };

/**
 * The text of `$'...'` (its contents, still escaped), as bash 5's ansicstr reads it. It
 * works on UTF-8 bytes because `\xHH` and `\NNN` name bytes, which may spell characters
 * only together; a NUL ends the string, as it ends a C string in bash.
 */
export function decodeAnsiC(body: string): string {
  const s = fromText(body);
  let out = "";
  for (let i = 0; i < s.length;) {
    const c = s[i++]!;
    if (c !== "\\" || i >= s.length) {
      out += c;
      continue;
    }
    const e = s[i++]!;
    if (Object.hasOwn(SIMPLE_ESCAPES, e)) out += String.fromCharCode(SIMPLE_ESCAPES[e]!);
    else if (isOctal(e)) {
      let v = Number(e);
      for (let n = 0; n < 2 && isOctal(s[i]); n++) v = v * 8 + Number(s[i++]);
      out += String.fromCharCode(v & 0xff);
    } else if (e === "x") {
      const braced = s[i] === "{";
      if (braced) i++;
      let v = 0;
      let n = 0;
      for (; (braced || n < 2) && isHex(s[i]); n++) v = (v * 16 + parseInt(s[i++]!, 16)) % 0x100000000;
      if (braced && s[i] === "}") i++;
      // `\x` with no digit stays as typed; `\x{}` is a NUL.
      out += n === 0 && !braced ? "\\x" : String.fromCharCode(v & 0xff);
    } else if (e === "u" || e === "U") {
      let v = 0;
      let n = 0;
      for (; n < (e === "u" ? 4 : 8) && isHex(s[i]); n++) v = v * 16 + parseInt(s[i++]!, 16);
      out += n === 0 ? `\\${e}` : utf8Bytes(v);
    } else if (e === "c") {
      if (i >= s.length) out += "\\c";
      else {
        const ch = s[i++]!;
        // $'\c\\' is a control-backslash that takes both backslashes.
        if (ch === "\\" && s[i] === "\\") i++;
        const code = ch.charCodeAt(0);
        out += String.fromCharCode(ch === "?" ? 0x7f : (code >= 0x61 && code <= 0x7a ? code - 32 : code) & 0x1f);
      }
    } else if (e === "\\" || e === "'" || e === '"' || e === "?") out += e;
    else out += `\\${e}`;
  }
  const nul = out.indexOf("\0");
  return toText(nul < 0 ? out : out.slice(0, nul));
}
