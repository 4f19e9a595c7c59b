import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { ShellSyntaxError, expandWord, expandWords, parse } from "@/lib/engine/shell/parse";

// Differential test against the real bash on this machine: the same line, with the same
// variables, must give the same fields. bash prints them with printf "[%s]".
const ENV: Record<string, string> = { A: "one", SPACED: "  a  b  ", EMPTY: "", KEY: "/registry/pods/" };

function bashFields(line: string): string {
  const exports = Object.entries(ENV)
    .map(([k, v]) => `${k}='${v}'`)
    .join("; ");
  return execFileSync("bash", ["--noprofile", "--norc", "-c", `${exports}; set -f; printf "[%s]" START ${line}`], { encoding: "utf8" });
}

function ourFields(line: string): string {
  // START makes "no field" and "one empty field" print differently.
  const list = parse(`printf "[%s]" START ${line}`);
  const words = list.items[0]!.pipeline[0]!.words.slice(2);
  return expandWords(words, (name) => ENV[name])
    .map((f) => `[${f}]`)
    .join("");
}

const LINES = [
  "plain words here",
  "'single quoted $A' \"double $A\" $A",
  "$SPACED",
  '"$SPACED"',
  "x$SPACED",
  "$SPACED$A",
  "$EMPTY",
  '"$EMPTY"',
  "''",
  "a\\ b c\\\\d",
  '"quote \\" inside" "back\\slash" "dollar \\$A"',
  "${A}suffix pre${A}",
  "$KEY --prefix",
  "'it'\\''s'",
  "$ lonely $ sign",
  "a=b c=d",
  "\"mixed 'quotes'\" 'and \"others\"'",
  "*.txt",
  "$'a\\tb' $'it\\'s' \"$'x'\" $'\\x41\\u00e9\\0101' $'' x$'\\n'y",
  "{a,b}{1,2} x{a,{b,c}}y {x} {} {,a} {,}",
  "{1..5} {01..10} {1..10..2} {a..e} {10..1..3} {-03..3}",
  "$A{1,2} ${A}{1,2} {$A,x} x{$SPACED,y}",
  "'{a,b}' \"{a,b}\" \\{a,b} {a\\,b} {a,'b,c'} {$'a,b',c}",
  '{a..c{x,y}} {1..3"x,y"} {{a,b} {a,b}} ${KEY}{x,y}',
];

describe("shell words, compared with bash", () => {
  it.each(LINES)("%s", (line) => {
    expect(ourFields(line)).toBe(bashFields(line));
  });
});

describe("shell structure", () => {
  it("splits lists, pipelines, assignments and redirections", () => {
    const list = parse("export A=1; ETCDCTL_API=3 etcdctl get foo | grep bar > out.txt 2>&1 && echo ok || echo failed");
    expect(list.items.map((i) => [i.pipeline.length, i.next])).toEqual([
      [1, ";"],
      [2, "&&"],
      [1, "||"],
      [1, undefined],
    ]);
    const get = list.items[1]!.pipeline[0]!;
    expect(get.assignments.map((a) => [a.name, expandWord(a.value, () => undefined)])).toEqual([["ETCDCTL_API", "3"]]);
    const grep = list.items[1]!.pipeline[1]!;
    expect(
      grep.redirects.map((r) => [r.fd, r.op, typeof r.target === "number" ? r.target : expandWord(r.target, () => undefined)]),
    ).toEqual([
      [1, ">", "out.txt"],
      [2, ">&", 1],
    ]);
  });

  it("brace-expands command words and redirect targets, but not assignments", () => {
    const cmd = parse("A={1,2} echo {x,y} > f{1..1}").items[0]!.pipeline[0]!;
    expect(cmd.assignments.map((a) => [a.name, expandWord(a.value, () => undefined)])).toEqual([["A", "{1,2}"]]);
    expect(expandWords(cmd.words, () => undefined)).toEqual(["echo", "x", "y"]);
    expect(
      cmd.redirects.map((r) => [r.ambiguous, typeof r.target === "number" ? r.target : expandWord(r.target, () => undefined)]),
    ).toEqual([[undefined, "f1"]]);
    // Two files for one redirection: bash refuses when the command runs, not as a syntax error.
    expect(parse("echo > {a,b}").items[0]!.pipeline[0]!.redirects[0]!.ambiguous).toBe("{a,b}");
  });

  it("ignores comments and empty lines; a trailing ; is fine", () => {
    expect(parse("").items).toEqual([]);
    expect(parse("   # just a comment").items).toEqual([]);
    expect(parse("echo hi # comment").items[0]!.pipeline[0]!.words).toHaveLength(2);
    expect(parse("echo hi;").items).toHaveLength(1);
  });

  it.each([
    ["echo 'open", "bash: unexpected EOF while looking for matching `''"],
    ["echo $'open\\'", "bash: unexpected EOF while looking for matching `''"],
    ['echo "open', "bash: unexpected EOF while looking for matching `\"'"],
    ["| grep x", "bash: syntax error near unexpected token `|'"],
    ["echo a && && echo b", "bash: syntax error near unexpected token `&&'"],
    ["echo a |", "bash: syntax error: unexpected end of file"],
    ["echo >", "bash: syntax error near unexpected token `newline'"],
    ["echo (x)", "bash: syntax error near unexpected token `('"],
  ])("refuses %s like bash", (line, message) => {
    expect(() => parse(line)).toThrow(ShellSyntaxError);
    expect(() => parse(line)).toThrow(message);
  });

  it("bash agrees on those syntax errors", () => {
    const run = (line: string) => {
      try {
        execFileSync("bash", ["--noprofile", "--norc", "-n", "-c", line], { encoding: "utf8", stdio: "pipe" });
        return "";
      } catch (error) {
        return String((error as { stderr: string }).stderr);
      }
    };
    expect(run("| grep x")).toContain("syntax error near unexpected token `|'");
    expect(run("echo >")).toContain("syntax error near unexpected token `newline'");
    expect(run("echo a && && echo b")).toContain("syntax error near unexpected token `&&'");
  });
});
