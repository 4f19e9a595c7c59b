// Shared by the kubectl fidelity replays: runs a recorded command line in the lab and says
// whether the lab's kubectl printed what the real one did.
import type { Lab } from "@/lib/engine/shell/lab";

export interface KubectlEntry {
  cmd?: string;
  stdin?: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

/** klog's line header carries the time and the process id. */
const maskKlog = (text: string) => text.replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "$1<klog> ");

/** The same for the Age column of a node's Non-terminated Pods (its last column). */
const maskPodAges = (text: string) =>
  text.replace(
    /^(Non-terminated Pods:.*\n {2}.*\n {2}-.*\n)((?: {2}.*\n?)*)/gm,
    (_all, head: string, rows: string) => head + rows.replace(/ \S+$/gm, " <age>"),
  );

/**
 * describe's Events ages come from the client's clock: the real kubectl's is the host's, the
 * lab's the virtual one, so they cannot agree. The rows are compared without the Age column.
 */
const maskEventAges = (text: string) =>
  text.replace(
    /^Events:\n((?: {2}.*\n?)*)/gm,
    (_block, rows: string) =>
      `Events:\n${rows
        .split("\n")
        .map((row) => {
          const cells = row.trim().split(/ {2,}/);
          if (cells.length >= 5) cells[2] = "<age>";
          return row ? `  ${cells.join("  ")}` : row;
        })
        .join("\n")}`,
  );

/** Runs the entry's command in the lab; true when stdout, stderr and the exit code match (FIDELITY_REPORT=1 prints misses). */
export function replayMatches(lab: Lab, family: string, e: KubectlEntry & { cmd: string }): boolean {
  const actual = lab.run(e.cmd, e.stdin ?? "");
  const mask = (text: string) => (/\bdescribe\b/.test(e.cmd) ? maskPodAges(maskEventAges(maskKlog(text))) : maskKlog(text));
  const ok = mask(actual.stdout) === mask(e.stdout ?? "") && mask(actual.stderr) === mask(e.stderr ?? "") && actual.exitCode === e.exitCode;
  if (!ok && process.env.FIDELITY_REPORT)
    console.log(
      `--- ${family}: ${e.cmd}\nexpected [${e.exitCode}]:\n${e.stdout}${e.stderr}\nactual [${actual.exitCode}]:\n${actual.stdout}${actual.stderr}`,
    );
  return ok;
}
