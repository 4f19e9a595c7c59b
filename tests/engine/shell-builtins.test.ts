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
