// The lab terminal's everyday commands against the real bash and GNU coreutils of this
// machine: the same command line in a fresh directory must print the same and exit the same.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lab } from "@/lib/engine/shell/lab";

/** Lines and whether stderr must match too (bash -c prefixes its own messages with "bash: line 1:"). */
const CASES: Array<[line: string, compareStderr: boolean]> = [
  ["echo hello   world", true],
  ["echo -n no newline; echo", true],
  ["echo -e 'a\\tb\\nc'", true],
  ["echo $HOME_NOT_SET x", true],
  ["A=1; echo $A; A=2 && echo $A", true],
  ["export B=exported; echo $B | cat", true],
  ["false || echo rescued; true && echo chained", true],
  ["false; echo $?", true],
  ["printf_missing 2>/dev/null; echo $?", true],
  ["echo 'line one' > f.txt; echo 'line two' >> f.txt; cat f.txt", true],
  ["echo x > f.txt; cat < f.txt", true],
  ["cat missing.txt", true],
  ["cat missing.txt 2>&1 | wc -l", true],
  ["printf_x=1; echo $printf_x", true],
  ["echo -e 'b\\na\\nc\\na' | sort", true],
  ["echo -e 'b\\na\\nc\\na' | sort -r | head -n 2", true],
  ["echo -e '10\\n9\\n100' | sort -n", true],
  ["echo -e 'a\\nb\\nb\\nc' | sort -u", true],
  ["echo -e 'one\\ntwo\\nthree' | wc -l", true],
  ["echo -e 'one two\\nthree' | wc", true],
  ["echo -n abc | wc -c", true],
  ["echo -e 'a\\nb\\nc\\nd' | tail -n 2", true],
  ["echo -e 'a\\nb\\nc\\nd' | tail -n +3", true],
  ["echo -e 'a\\nb\\nc\\nd' | head -3", true],
  ["echo -n abcdef | head -c 3", true],
  ["echo -e 'pods\\nPods\\nsecrets' | grep -i pods", true],
  ["echo -e 'pods\\nsecrets' | grep -v pods", true],
  ["echo -e 'pods\\nsecrets\\npods' | grep -c pods", true],
  ["echo -e 'a1\\nb2' | grep -E '[0-9]$' -n", true],
  ["echo nothing | grep zzz; echo $?", true],
  ["echo 'a.b' | grep -F .", true],
  ["echo 'x(y)' | grep 'x(y)'", true],
  ["echo 'key=value' | cut -d= -f2", true],
  ["echo 'a,b,c,d' | cut -d, -f1,3", true],
  ["echo 'a,b,c,d' | cut -d, -f2-", true],
  ["echo hello | tr a-z A-Z", true],
  ["echo hello | tr -d l", true],
  ["echo etcd | base64", true],
  ["echo ZXRjZAo= | base64 -d", true],
  ["echo -n 'привет' | base64", true],
  ["mkdir -p a/b && echo x > a/b/f && ls a a/b", true],
  ["ls missing", true],
  ["mkdir d; mkdir d", true],
  ["rm missing", true],
  ["echo x > f; rm f; ls", true],
  ["sleep 0.1 && echo slept", true],
  ["sleep abc", true],
  ["timeout 1 sleep 5; echo $?", true],
  ["timeout 5 sleep 0.1; echo $?", true],
  ["pwd", false],
  // printf: conversions, flags, the format reused while arguments remain, bash's errors.
  ["printf 'x%.0s' 1 2 3", true],
  ["printf '%s %s\\n' a b c", true],
  ["printf 'hi\\n' a b; printf '%s|%d|%c|\\n'", true],
  ["printf '%-10s|%10s|%.3s|%.0s|%5.1s|\\n' left right abcdef gone xyz", true],
  ["printf '%05d|%-5d|%+d|% d|%.3d|%.0d|%8.3d|%-05d|\\n' 42 42 42 42 7 0 -5 3", true],
  ["printf '%d %i %o %u %x %X %#x %#o %#X\\n' 255 -255 8 -1 255 255 255 8 0", true],
  ["printf '%c%c%c|%3c|%-3c|\\n' abc d '' e f", true],
  ["printf '%d %d %d %d\\n' 0x1F 010 -0x10 \"'A\"", true],
  ["printf '%*d|%-*d|%.*s|%*s|\\n' 5 1 4 2 2 abc -4 x", true],
  ["printf '%d\\n' abc; echo $?", true],
  ["printf '%d|' 12abc 08 0x 1.5 '12 ' '' ' 7'; echo \" $?\"", true],
  ["printf '%d %x\\n' 99999999999999999999 99999999999999999999", true],
  ["printf '%z'; echo \" $?\"", true],
  ["printf 'done %s %' a; echo \" $?\"", true],
  ["printf '%k' a; echo \" $?\"", true],
  ["printf 'a\\tb\\x41\\101\\0101\\u00e9\\q\\c\\\\\\n'", true],
  ["printf '\\x'; printf '\\u'; echo", true],
  ["printf '%b|' 'a\\nb' '\\0101' '\\101' 'q\\\"' '\\u263a'; echo", true],
  ["printf '%s %b %s\\n' a 'stop\\chere' never; echo \" $?\"", true],
  ["printf '%5b|%-5b|%.2b|\\n' 'a\\t' b cde", true],
  ["printf '%q\\n' 'a b' \"it's\" '$HOME' '#x' 'a~' '~x' '' 'é' \"$(printf 'tab\\there')\" '*?[]{}|&;<>()!^`\\\\,'", true],
  ["printf '%f|%.2f|%e|%g|%G|%10.3f|%-10.1e|%g|%g|\\n' 3.14159 2.5 12345.678 0.0001 1e-5 3.14159 1234.5 100000 1000000", true],
  ["printf '%.0f %.0f %.0f %.20f %a %g %f\\n' 0.5 1.5 2.5 0.1 1 inf -nan", true],
  ["printf '%f\\n' abc; echo $?", true],
  ["printf -v out '%s=%d;' a 1 b 2; echo \"[$out]\"", true],
  ["printf '%s%n|%s\\n' abc len x; echo \"$len\"", true],
  ["printf; echo $?", true],
  ["printf -x; echo $?", true],
  ["printf -v; echo $?", true],
  ["printf -v 1x a; echo $?", true],
  ["printf -- '-%s-\\n' x", true],
  ["printf --help; echo $?", true],
  ["printf '%s\\n' \"$(printf 'word %.0s' {1..25})\"", true],
  ["printf '%s' \"$(printf 'a\\0b')\"", false],
  ["printf '%s,' {a..e} | tr , '\\n' | sort -r | head -n 2", true],
  // ANSI-C quoting.
  [
    "printf '[%s]' $'a\\nb' $'\\t|\\r|\\a|\\b|\\e|\\E|\\f|\\v' $'\\0101' $'\\x41\\x4\\x' $'\\u00e9\\U0001F600\\u' $'q\\'s\\\"\\?\\\\' $'a\\0b' $'\\cA\\c?' $'\\x{41}' $''",
    true,
  ],
  ["printf '[%s]' $'\\xe6\\x97\\xa5' \"$'not in double quotes'\" x$'\\t'y", true],
  ["echo $'it\\'s' | cat; echo $(echo $'a\\'b')", true],
  // Brace expansion.
  ["echo {1..25}", true],
  ["echo {a..e} {01..10} {1..10..2} {10..1..3} {-3..3} {-03..3} {a..k..3} {1..3..0}", true],
  ["echo file{1,2}.txt x{a,{b,c}}y {a,b}{1,2} a{1..3}b{x,y}", true],
  ["echo {x} {} {a} {,a} {a,} x{,} {a..1} {1..a} {1.5..3} {a..} {1..3..x}", true],
  ["echo '{a,b}' \"{a,b}\" \\{a,b} {a\\,b} {a,'b,c'} {a,\"}\"} {'{',x}", true],
  ['echo {{a,b}} {a,b}} {{a,b} x{a,b {1..3"x,y"} {a..c{x,y}}', true],
  ["A='p q'; echo $A{1,2} ${A}{1,2} {$A,x} {1..2}$A", true],
  ["echo {Z..a}", true],
  ['A={1,2}; echo "$A"; echo Z={5,6}', true],
  ["{echo,brace} expanded", true],
  ["echo {#,x} '#'{1,2}", true],
  ["echo x > f{1..1}; cat f1; echo y > {a,b}; echo $?", false],
];

function bash(line: string): { stdout: string; stderr: string; exitCode: number } {
  const dir = mkdtempSync(join(tmpdir(), "shell-diff-"));
  try {
    const r = spawnSync("bash", ["--noprofile", "--norc", "-c", line], {
      cwd: dir,
      encoding: "utf8",
      // NODE_ENV only satisfies the typing of a Next.js project; the commands ignore it.
      env: { PATH: "/usr/bin:/bin", LANG: "C.UTF-8", HOME: dir, NODE_ENV: "test" },
    });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.status ?? -1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasBash = (() => {
  try {
    execFileSync("bash", ["-c", "true"]);
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasBash)("the lab shell against bash and coreutils", () => {
  const lab = new Lab({ members: 1 }).boot();
  for (const [line, compareStderr] of CASES) {
    it(line, () => {
      // Each case runs in a clean directory, as bash's does.
      lab.run("cd /root && rm -rf /root/w && mkdir /root/w && cd /root/w");
      const ours = lab.run(line);
      const theirs = bash(line);
      expect(ours.stdout).toBe(line === "pwd" ? "/root/w\n" : theirs.stdout);
      expect(ours.exitCode).toBe(theirs.exitCode);
      if (compareStderr) expect(ours.stderr).toBe(theirs.stderr.replace(/^bash: line 1: /gm, ""));
    });
  }

  it("answers an unknown command as an interactive bash does, with 127", () => {
    expect(lab.run("kubectl-typo get pods")).toEqual({ stdout: "", stderr: "kubectl-typo: command not found\n", exitCode: 127 });
  });

  it("words the shell's own complaints as an interactive bash does", () => {
    expect(lab.run("echo y > {a,b}")).toEqual({ stdout: "", stderr: "bash: {a,b}: ambiguous redirect\n", exitCode: 1 });
    expect(lab.run("echo \"$(printf 'a\\0b')\"")).toEqual({
      stdout: "ab\n",
      stderr: "bash: warning: command substitution: ignored null byte in input\n",
      exitCode: 0,
    });
  });

  it("refuses brace expansions and printf fields too big for the lab, and printf's %(fmt)T", () => {
    for (const line of ["echo {1..2000000}", "echo {1..40000} {a,b}{1..20000}"])
      expect(lab.run(line)).toEqual({ stdout: "", stderr: "bash: brace expansion: failed to allocate memory\n", exitCode: 2 });
    expect(lab.run("echo {1..60000} | wc -w").stdout).toBe("60000\n");
    expect(lab.run("printf 'x%2000000s' y")).toEqual({ stdout: "x", stderr: "printf: write error: Cannot allocate memory\n", exitCode: 1 });
    // The lab machine has no wall clock for strftime.
    expect(lab.run("printf 'x%(%Y)T' -1")).toEqual({
      stdout: "x",
      stderr: "printf: %(fmt)T is not supported in this terminal\n",
      exitCode: 1,
    });
  });

  it("keeps its history and numbers it as bash does", () => {
    const l = new Lab({ members: 1 }).boot();
    l.run("echo one");
    l.run("echo two");
    expect(l.run("history").stdout).toBe("    1  echo one\n    2  echo two\n    3  history\n");
  });
});

describe("tilde expansion", () => {
  it("expands an unquoted leading ~ to $HOME, as bash does", () => {
    const l = new Lab({ members: 1 }).boot();
    expect(l.run('echo ~ ~/x "~/y" a~b').stdout).toBe("/root /root/x ~/y a~b\n");
    l.run("mkdir ~/d && echo hi > ~/d/f");
    expect(l.run("cat /root/d/f").stdout).toBe("hi\n");
  });
});
