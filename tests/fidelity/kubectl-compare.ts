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
const mask = (text: string) => text.replace(/^([IWE])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, "$1<klog> ");

/** Runs the entry's command in the lab; true when stdout, stderr and the exit code match (FIDELITY_REPORT=1 prints misses). */
export function replayMatches(lab: Lab, family: string, e: KubectlEntry & { cmd: string }): boolean {
  const actual = lab.run(e.cmd, e.stdin ?? "");
  const ok = mask(actual.stdout) === mask(e.stdout ?? "") && mask(actual.stderr) === mask(e.stderr ?? "") && actual.exitCode === e.exitCode;
  if (!ok && process.env.FIDELITY_REPORT)
    console.log(
      `--- ${family}: ${e.cmd}\nexpected [${e.exitCode}]:\n${e.stdout}${e.stderr}\nactual [${actual.exitCode}]:\n${actual.stdout}${actual.stderr}`,
    );
  return ok;
}
