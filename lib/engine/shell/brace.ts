// Brace expansion, ported from bash 5's braces.c: `{a,b}` lists and `{1..10..2}` and
// `{a..e}` sequences, with a preamble and a postamble, nested. bash expands the word's text
// as typed, quotes included, before any other expansion, so `$A{1,2}` names $A1 and $A2; the
// parser lexes each resulting text again.

import { ansiCEnd, matchingParen } from "./scan";

/**
 * What the brace expansions of one command line may produce, counting the words of inner
 * braces too. bash would try anything; the lab keeps a command's arguments to twice what a
 * line of the longest length can hold without braces, which its commands' argument lists
 * (spread into calls here and there) take in their stride.
 */
export const MAX_BRACE_WORDS = 65_536;
export const MAX_BRACE_CHARS = 16 * 1024 * 1024;

class TooBig extends Error {}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT_MAX = 2 ** 31 - 1;

const braceWhitespace = (c: string | undefined) => c === undefined || c === " " || c === "\t" || c === "\n";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isAlpha = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);

/**
 * bash's brace_gobbler: from `from`, the index of the first `satisfy` outside quotes,
 * substitutions and inner braces (and -1 if none). A `}` only counts once a `,` or `..`
 * was seen at this level: that is what makes `{x}` and `{}` plain text.
 */
function gobble(text: string, from: number, satisfy: "{" | "}" | ","): number {
  let level = 0;
  let quoted = "";
  let commas = satisfy === "}" ? 0 : 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && quoted !== "'") {
      i++;
      continue;
    }
    // ${...} is a parameter expansion: its braces are not brace expansion's.
    if (c === "$" && text[i + 1] === "{" && quoted !== "'") {
      i++;
      if (quoted === "") level++;
      continue;
    }
    if (quoted !== "") {
      if (c === quoted) quoted = "";
      else if (quoted === '"' && c === "$" && text[i + 1] === "(") i = skipSubst(text, i);
      continue;
    }
    // bash turns $'...' into '...' while reading the line; its backslashes may escape a quote.
    if (c === "$" && text[i + 1] === "'") {
      const close = ansiCEnd(text, i + 2);
      i = close < 0 ? text.length : close;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      quoted = c;
      continue;
    }
    if (c === "$" && text[i + 1] === "(") {
      i = skipSubst(text, i);
      continue;
    }
    if (c === satisfy && level === 0 && commas > 0) {
      // An open brace alone between blanks, or right before a close brace, is a word of its own (`find -exec {} ;`).
      if (c === "{" && (i === 0 || braceWhitespace(text[i - 1])) && (braceWhitespace(text[i + 1]) || text[i + 1] === "}")) continue;
      return i;
    }
    if (c === "{") level++;
    else if (c === "}" && level > 0) level--;
    else if (satisfy === "}" && level === 0 && (c === "," || (text.startsWith("..", i) && text[i + 2] !== "}"))) commas++;
  }
  return -1;
}

/** The index of the `)` ending the `$(` at `at`. */
function skipSubst(text: string, at: number): number {
  const close = matchingParen(text, at + 2);
  return close < 0 ? text.length : close;
}

/** How much of MAX_BRACE_WORDS and MAX_BRACE_CHARS a command line's earlier words used. */
export class BraceBudget {
  words = 0;
  chars = 0;
  /** Refuses, before they are built, words that would not fit with the line's others. */
  check(words: number, chars: number): void {
    if (words > MAX_BRACE_WORDS - this.words || chars > MAX_BRACE_CHARS - this.chars) throw new TooBig();
  }
}

const totalLength = (words: readonly string[]) => words.reduce((n, w) => n + w.length, 0);

/**
 * The words a word's text expands to (itself alone when it has no brace expansion), or
 * undefined when that would be more than the lab holds.
 */
export function braceExpand(text: string, budget = new BraceBudget()): string[] | undefined {
  if (!text.includes("{")) return [text];
  try {
    const words = expand(text, budget);
    budget.words += words.length;
    budget.chars += totalLength(words);
    return words;
  } catch (error) {
    if (error instanceof TooBig) return undefined;
    throw error;
  }
}

function expand(text: string, budget: BraceBudget): string[] {
  // The first `{` that opens a brace expression; braces before it are text.
  let open = -1;
  for (let from = 0; ; from = open + 1) {
    open = gobble(text, from, "{");
    if (open < 0) return [text];
    if (gobble(text, open + 1, "}") >= 0) break;
  }
  const close = gobble(text, open + 1, "}");
  const preamble = text.slice(0, open);
  const amble = text.slice(open + 1, close);
  const postamble = text.slice(close + 1);

  let tack: string[];
  if (hasComma(amble)) tack = expandList(amble, budget);
  else {
    const seq = sequence(amble, budget);
    if (seq) tack = seq;
    // A sequence that is not one is text, and the rest of the word may still expand.
    else if (postamble !== "") tack = [`{${amble}}`];
    else return [text];
  }
  budget.check(tack.length, preamble.length * tack.length + totalLength(tack));
  const result = tack.map((t) => preamble + t);
  if (postamble === "") return result;
  const rest = expand(postamble, budget);
  budget.check(result.length * rest.length, totalLength(result) * rest.length + totalLength(rest) * result.length);
  const out: string[] = [];
  for (const r of result) for (const p of rest) out.push(r + p);
  return out;
}

/** bash looks for a comma here minding backslashes only: a quoted comma makes a list of one piece, not a sequence. */
function hasComma(amble: string): boolean {
  for (let i = 0; i < amble.length; i++) {
    if (amble[i] === "\\") i++;
    else if (amble[i] === ",") return true;
  }
  return false;
}

/** `a,b{c,d},e`: each comma-separated piece, itself expanded. */
function expandList(amble: string, budget: BraceBudget): string[] {
  const out: string[] = [];
  for (let start = 0; ;) {
    const comma = gobble(amble, start, ",");
    const words = expand(amble.slice(start, comma < 0 ? amble.length : comma), budget);
    budget.check(out.length + words.length, 0);
    for (const word of words) out.push(word);
    if (comma < 0) return out;
    start = comma + 1;
  }
}

/** C's strtoimax in base 10 from `from`: the value, where it stopped, and whether it overflowed. */
function strtoimax(s: string, from: number): { value: bigint; end: number; overflow: boolean } {
  let i = from;
  while (/^[ \t\n\v\f\r]$/.test(s[i] ?? "")) i++;
  const neg = s[i] === "-";
  if (s[i] === "-" || s[i] === "+") i++;
  const digitsStart = i;
  while (isDigit(s[i])) i++;
  if (i === digitsStart) return { value: 0n, end: from, overflow: false };
  const value = (neg ? -1n : 1n) * BigInt(s.slice(digitsStart, i));
  const overflow = value < INT64_MIN || value > INT64_MAX;
  return { value: overflow ? (neg ? INT64_MIN : INT64_MAX) : value, end: i, overflow };
}

/** bash's legal_number: an integer with optional blanks around it and nothing else. */
function legalNumber(s: string): bigint | undefined {
  const { value, end, overflow } = strtoimax(s, 0);
  if (overflow || end === 0) return undefined;
  return /^[ \t]*$/.test(s.slice(end)) ? value : undefined;
}

/** `{1..10}`, `{01..10}`, `{a..e}`, `{1..10..2}`: bash's expand_seqterm and mkseq; undefined when it is not one. */
function sequence(amble: string, budget: BraceBudget): string[] | undefined {
  const dots = amble.indexOf("..");
  if (dots < 0) return undefined;
  const lhs = amble.slice(0, dots);
  const rhs = amble.slice(dots + 2);
  if (lhs === "" || rhs === "") return undefined;

  const lhsNumber = legalNumber(lhs);
  const lhsType = lhsNumber !== undefined ? "int" : isAlpha(lhs[0]) && lhs.length === 1 ? "char" : "bad";
  let rhsType: "int" | "char" | "bad";
  let rhsValue = 0n;
  let end: number;
  if (isDigit(rhs[0]) || ((rhs[0] === "+" || rhs[0] === "-") && isDigit(rhs[1]))) {
    const r = strtoimax(rhs, 0);
    rhsValue = r.value;
    end = r.end;
    rhsType = r.overflow || (end < rhs.length && rhs[end] !== ".") ? "bad" : "int";
  } else if (isAlpha(rhs[0]) && (rhs.length === 1 || rhs[1] === ".")) {
    rhsType = "char";
    end = 1;
  } else return undefined;
  const rhsLength = end;

  let incr = 1n;
  if (rhsType !== "bad" && end < rhs.length) {
    if (rhs.startsWith("..", end) && end + 2 < rhs.length) {
      const r = strtoimax(rhs, end + 2);
      incr = r.value;
      if (r.overflow || r.end === end + 2 || r.end < rhs.length) rhsType = "bad";
    } else rhsType = "bad";
  }
  if (lhsType !== rhsType || lhsType === "bad") return undefined;

  let start: bigint;
  let stop: bigint;
  let width = 0;
  let zeroPad = false;
  if (lhsType === "char") {
    start = BigInt(lhs.charCodeAt(0));
    stop = BigInt(rhs.charCodeAt(0));
  } else {
    start = lhsNumber!;
    stop = rhsValue;
    // A leading zero on either side pads every number to the wider side's length.
    const lhsLength = lhs.length;
    if ((lhsLength > 1 && lhs[0] === "0") || (lhsLength > 2 && lhs.startsWith("-0"))) {
      width = lhsLength;
      zeroPad = true;
    }
    if (((rhsLength > 1 && rhs[0] === "0") || (rhsLength > 2 && rhs.startsWith("-0"))) && width < rhsLength) {
      width = rhsLength;
      zeroPad = true;
    }
    if (zeroPad) width = Math.max(width, lhsLength, rhsLength);
  }

  if (incr === 0n) incr = 1n;
  if ((start > stop && incr > 0n) || (start < stop && incr < 0n)) incr = -incr;
  const span = stop - start;
  if (span < INT64_MIN + 3n || span > INT64_MAX - 2n) return undefined;
  const count = (span < 0n ? -span : span) / (incr < 0n ? -incr : incr);
  if (count > BigInt(INT_MAX - 3)) return undefined;
  if (count >= BigInt(MAX_BRACE_WORDS - budget.words)) throw new TooBig();

  const out: string[] = [];
  for (let n = start; ;) {
    out.push(lhsType === "char" ? charTerm(Number(n)) : zeroPad ? padded(n, width) : n.toString());
    const next = n + incr;
    if (next < INT64_MIN || next > INT64_MAX) break;
    n = next;
    if ((incr < 0n && n < stop) || (incr > 0n && n > stop)) break;
  }
  return out;
}

/** printf("%0*d", width, (int)n), as mkseq pads. */
function padded(n: bigint, width: number): string {
  const v = BigInt.asIntN(32, n);
  const digits = (v < 0n ? -v : v).toString();
  return v < 0n ? `-${digits.padStart(width - 1, "0")}` : digits.padStart(width, "0");
}

/**
 * A letter sequence's term. bash lexes it again with the rest of the word, so the `\`
 * between `Z` and `a` escapes what follows it (and alone becomes an empty word); the
 * backquote there stays a backquote, which the lab's parser would otherwise refuse.
 */
function charTerm(code: number): string {
  const c = String.fromCharCode(code);
  return c === "`" ? "\\`" : c;
}
