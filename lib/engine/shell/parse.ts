// The lab terminal's command line: the part of bash a learner needs, parsed as bash does.
// Lists joined by `;`, `&&` and `||`; pipelines with `|`; `NAME=value cmd` assignments;
// redirections `<`, `>`, `>>`, `2>`, `2>&1`; single and double quotes, ANSI-C quotes
// `$'...'`, backslash escapes, brace expansion, `$NAME`, `${NAME}` and `$?`, and word
// splitting of unquoted expansions. Expansion happens when a command runs (`export A=1;
// echo $A` sees the new value), so the parser keeps words as parts; brace expansion alone
// happens here, since it works on a word's text before anything else is expanded. Anything
// beyond that (globs aside, which stay literal) is refused with bash's own syntax error
// messages.

import { BraceBudget, braceExpand } from "./brace";
import { ansiCEnd, decodeAnsiC, matchingParen } from "./scan";

export type WordPart =
  | { kind: "literal"; text: string; quoted: boolean }
  | { kind: "var"; name: string; quoted: boolean }
  /** $(command line): its output, trailing newlines removed, replaces it. */
  | { kind: "subst"; source: string; quoted: boolean };
export type Word = WordPart[];

export interface Redirect {
  fd: 0 | 1 | 2;
  op: "<" | ">" | ">>" | ">&";
  /** A file name, or for `>&` the descriptor it duplicates. */
  target: Word | 1 | 2;
  /** The target as typed, when its brace expansion gives other than one word: bash refuses it when the command runs. */
  ambiguous?: string;
}

export interface SimpleCommand {
  assignments: Array<{ name: string; value: Word }>;
  words: Word[];
  redirects: Redirect[];
}

export type Connector = ";" | "&&" | "||";

export interface CommandList {
  /** Each pipeline, with the connector that follows it (none after the last). */
  items: Array<{ pipeline: SimpleCommand[]; next?: Connector }>;
}

export class ShellSyntaxError extends Error {
  override name = "ShellSyntaxError";
}

/** Longest command line the terminal accepts; a limit on everything. */
export const MAX_LINE_LENGTH = 64 * 1024;

type Token =
  | { t: "word"; word: Word; raw: string }
  | { t: "op"; op: "|" | ";" | "&&" | "||" }
  | { t: "redir"; fd: 0 | 1 | 2; op: "<" | ">" | ">>" | ">&" };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SPECIAL_UNSUPPORTED = new Set(["(", ")", "`", "&"]);

/**
 * Splits a line into tokens. `asWord` lexes one word's text again after brace expansion:
 * there a `#` does not start a comment, and a trailing backslash (which only a `{Z..a}`
 * sequence puts there) leaves an empty word, as bash's quote removal does.
 */
function tokenize(line: string, asWord = false): Token[] {
  if (line.length > MAX_LINE_LENGTH) throw new ShellSyntaxError("bash: line too long");
  const tokens: Token[] = [];
  let i = 0;
  let word: Word | undefined;
  let wordStart = 0;
  const lit = (text: string, quoted: boolean) => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.kind === "literal" && last.quoted === quoted) last.text += text;
    else word.push({ kind: "literal", text, quoted });
  };
  const endWord = () => {
    if (word) tokens.push({ t: "word", word, raw: line.slice(wordStart, i) });
    word = undefined;
  };
  const readVar = (quoted: boolean): boolean => {
    // At a '$': $NAME, ${NAME}, $?; a lone '$' is literal.
    const rest = line.slice(i + 1);
    if (rest.startsWith("{")) {
      const close = rest.indexOf("}");
      if (close < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `}'");
      const name = rest.slice(1, close);
      if (!NAME.test(name) && name !== "?") throw new ShellSyntaxError(`bash: \${${name}}: bad substitution`);
      word ??= [];
      word.push({ kind: "var", name, quoted });
      i += close + 2;
      return true;
    }
    if (rest.startsWith("(")) {
      const close = matchingParen(line, i + 2);
      if (close < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `)'");
      word ??= [];
      word.push({ kind: "subst", source: line.slice(i + 2, close), quoted });
      i = close + 1;
      return true;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|\?)/.exec(rest);
    if (!m) return false;
    word ??= [];
    word.push({ kind: "var", name: m[1]!, quoted });
    i += 1 + m[1]!.length;
    return true;
  };

  while (i < line.length) {
    const c = line[i]!;
    if (word === undefined) wordStart = i;
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "#" && word === undefined && !asWord) {
      break; // a comment runs to the end of the line
    } else if (c === "$" && line[i + 1] === "'") {
      const close = ansiCEnd(line, i + 2);
      if (close < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `''");
      lit(decodeAnsiC(line.slice(i + 2, close)), true);
      i = close + 1;
    } else if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `''");
      lit(line.slice(i + 1, close), true);
      i = close + 1;
    } else if (c === '"') {
      i++;
      word ??= [];
      let closed = false;
      while (i < line.length) {
        const d = line[i]!;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\" && i + 1 < line.length && '$`"\\'.includes(line[i + 1]!)) {
          lit(line[i + 1]!, true);
          i += 2;
        } else if (d === "$" && readVar(true)) {
          // consumed
        } else if (d === "`") {
          throw new ShellSyntaxError("bash: command substitution is not supported in this terminal");
        } else {
          lit(d, true);
          i++;
        }
      }
      if (!closed) throw new ShellSyntaxError("bash: unexpected EOF while looking for matching `\"'");
      // "" is an empty word, not nothing.
      if (word.length === 0) word.push({ kind: "literal", text: "", quoted: true });
    } else if (c === "\\") {
      if (i + 1 < line.length) lit(line[i + 1]!, true);
      else if (asWord) lit("", true);
      i += 2;
    } else if (c === "$") {
      if (!readVar(false)) {
        lit("$", false);
        i++;
      }
    } else if (c === "|" || c === ";" || c === "&") {
      endWord();
      const two = line.slice(i, i + 2);
      if (two === "&&" || two === "||") {
        tokens.push({ t: "op", op: two });
        i += 2;
      } else if (c === "&") {
        throw new ShellSyntaxError("bash: background jobs (&) are not supported in this terminal");
      } else {
        tokens.push({ t: "op", op: c as "|" | ";" });
        i++;
      }
    } else if (c === "<" || c === ">" || ((c === "1" || c === "2") && word === undefined && line[i + 1] === ">")) {
      endWord();
      let fd: 0 | 1 | 2 = c === "<" ? 0 : 1;
      if (c === "1" || c === "2") {
        fd = c === "2" ? 2 : 1;
        i++;
      }
      if (line.startsWith(">>", i)) {
        tokens.push({ t: "redir", fd, op: ">>" });
        i += 2;
      } else if (line.startsWith(">&", i)) {
        tokens.push({ t: "redir", fd, op: ">&" });
        i += 2;
      } else {
        tokens.push({ t: "redir", fd, op: line[i] === "<" ? "<" : ">" });
        i++;
      }
    } else if (SPECIAL_UNSUPPORTED.has(c)) {
      throw new ShellSyntaxError(`bash: syntax error near unexpected token \`${c}'`);
    } else {
      lit(c, false);
      i++;
    }
  }
  endWord();
  return tokens;
}

/** Parses one command line; an empty line gives an empty list. */
export function parse(line: string): CommandList {
  const tokens = tokenize(line);
  const budget = new BraceBudget();
  const items: CommandList["items"] = [];
  let pipeline: SimpleCommand[] = [];
  let cmd: SimpleCommand = { assignments: [], words: [], redirects: [] };
  const empty = (c: SimpleCommand) => c.words.length === 0 && c.assignments.length === 0 && c.redirects.length === 0;

  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    if (tok.t === "word") {
      const first = tok.word[0];
      const assignment =
        cmd.words.length === 0 && first?.kind === "literal" && !first.quoted ? /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text) : null;
      if (assignment) {
        const rest: Word = [
          { kind: "literal", text: first!.kind === "literal" ? first!.text.slice(assignment[0].length) : "", quoted: false },
          ...tok.word.slice(1),
        ];
        cmd.assignments.push({ name: assignment[1]!, value: rest.filter((p) => p.kind !== "literal" || p.text !== "" || p.quoted) });
      } else {
        // Not push(...words): a long expansion would overflow the call stack.
        for (const w of braceWords(tok, budget)) cmd.words.push(w);
      }
    } else if (tok.t === "redir") {
      const target = tokens[k + 1];
      if (tok.op === ">&") {
        const fd = target?.t === "word" ? wordText(target.word) : undefined;
        if (fd !== "1" && fd !== "2") throw new ShellSyntaxError(`bash: ${fd ?? "newline"}: ambiguous redirect`);
        cmd.redirects.push({ fd: tok.fd, op: ">&", target: fd === "1" ? 1 : 2 });
      } else {
        if (target?.t !== "word")
          throw new ShellSyntaxError(`bash: syntax error near unexpected token \`${target ? tokenText(target) : "newline"}'`);
        const words = braceWords(target, budget);
        if (words.length === 1) cmd.redirects.push({ fd: tok.fd, op: tok.op, target: words[0]! });
        else cmd.redirects.push({ fd: tok.fd, op: tok.op, target: target.word, ambiguous: target.raw });
      }
      k++;
    } else {
      if (empty(cmd)) throw new ShellSyntaxError(`bash: syntax error near unexpected token \`${tok.op}'`);
      pipeline.push(cmd);
      cmd = { assignments: [], words: [], redirects: [] };
      if (tok.op !== "|") {
        items.push({ pipeline, next: tok.op });
        pipeline = [];
      }
    }
  }
  if (!empty(cmd)) pipeline.push(cmd);
  else if (pipeline.length > 0) throw new ShellSyntaxError("bash: syntax error: unexpected end of file");
  if (pipeline.length > 0) items.push({ pipeline });
  else if (items.length > 0 && items[items.length - 1]!.next !== ";")
    throw new ShellSyntaxError("bash: syntax error: unexpected end of file");
  if (items.length > 0 && items[items.length - 1]!.next === ";") delete items[items.length - 1]!.next;
  return { items };
}

/** A word token after brace expansion: the words its text expands to, each lexed again. */
function braceWords(tok: Extract<Token, { t: "word" }>, budget: BraceBudget): Word[] {
  const texts = braceExpand(tok.raw, budget);
  if (texts === undefined) throw new ShellSyntaxError("bash: brace expansion: failed to allocate memory");
  if (texts.length === 1 && texts[0] === tok.raw) return [tok.word];
  // An expansion that comes out empty (`{,a}`) is an unquoted null word, which bash drops.
  return texts.flatMap((text) => tokenize(text, true).flatMap((t) => (t.t === "word" ? [t.word] : [])));
}

function wordText(word: Word): string {
  return word.map((p) => (p.kind === "literal" ? p.text : p.kind === "var" ? `$${p.name}` : `$(${p.source})`)).join("");
}

/** What a variable or command substitution expands to. */
export type Lookup = (name: string) => string | undefined;
export type SubstOutput = (part: Extract<WordPart, { kind: "subst" }>) => string;

function partValue(part: Exclude<WordPart, { kind: "literal" }>, lookup: Lookup, subst: SubstOutput | undefined): string {
  if (part.kind === "var") return lookup(part.name) ?? "";
  // bash drops the trailing newlines of a command substitution's output.
  return (subst?.(part) ?? "").replace(/\n+$/, "");
}

function tokenText(tok: Token): string {
  return tok.t === "op" ? tok.op : tok.t === "redir" ? (tok.fd === 2 ? "2" : "") + tok.op : wordText(tok.word);
}

/**
 * Expands words into fields as bash does: variables are substituted, and unquoted
 * expansions are split on whitespace; a word made only of an empty unquoted expansion
 * disappears.
 */
export function expandWords(words: readonly Word[], lookup: Lookup, subst?: SubstOutput): string[] {
  const fields: string[] = [];
  for (const word of words) {
    let current = "";
    let hasField = false;
    for (const part of tilde(word, lookup)) {
      if (part.kind === "literal") {
        current += part.text;
        hasField = true;
        continue;
      }
      const value = partValue(part, lookup, subst);
      if (part.quoted) {
        current += value;
        hasField = true;
        continue;
      }
      const pieces = value.split(/[ \t\n]+/);
      // Leading whitespace ends the field being built; trailing whitespace starts a new one.
      pieces.forEach((piece, n) => {
        if (n > 0 && hasField) {
          fields.push(current);
          current = "";
          hasField = false;
        }
        if (piece !== "") {
          current += piece;
          hasField = true;
        }
      });
    }
    if (hasField) fields.push(current);
  }
  return fields;
}

/** Expands one word to a single string (assignment values and redirect targets are not split). */
/** Tilde expansion: an unquoted leading `~` (alone or before `/`) is $HOME. */
function tilde(word: Word, lookup: Lookup): Word {
  const first = word[0];
  if (!first || first.kind !== "literal" || first.quoted || !/^~(\/|$)/.test(first.text)) return word;
  if (first.text === "~" && word.length > 1) return word;
  return [{ ...first, text: `${lookup("HOME") ?? "/root"}${first.text.slice(1)}` }, ...word.slice(1)];
}

export function expandWord(word: Word, lookup: Lookup, subst?: SubstOutput): string {
  return tilde(word, lookup)
    .map((p) => (p.kind === "literal" ? p.text : partValue(p, lookup, subst)))
    .join("");
}
