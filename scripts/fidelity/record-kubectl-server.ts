// Records what the real kubectl prints against the lab's own simulated cluster: the lab's
// kube-apiserver is served over HTTPS (scripts/fidelity/kube-http.ts) and each session line
// runs through bash with the real kubectl. tests/fidelity/kubectl-server-replay.test.ts boots
// the same lab, runs the same lines through the lab's kubectl at the same virtual times and
// compares: same cluster, two kubectls.
//
// Usage: npx tsx scripts/fidelity/record-kubectl-server.ts [family...]
//   (default: every tests/fidelity/kubectl-server-sessions/*.sh; KUBECTL picks the binary,
//   by default upstream kubectl 1.32 from the Cloud SDK, as the other kubectl recordings.)
// Session lines: a command line for bash; `#! lab <line>` runs <line> in the lab's own shell
// (sleep, etcdctl, cluster ...) instead; `#! watch N <line>` runs a watching kubectl while N
// virtual seconds pass (replayed as `timeout N <line>`); header `#! world kube|demo` picks the lab.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Lab } from "@/lib/engine/shell/lab";
import { serveLab } from "./kube-http";
import * as runner from "./session-runner.mjs";

interface Step {
  cmd: string;
  stdin?: string;
  lab?: boolean;
  /** Seconds of virtual time to let pass while the command watches. */
  watch?: number;
  inner?: string;
  where: string;
}

interface Entry {
  cmd: string;
  lab?: boolean;
  /** Virtual time (ms since the lab booted) when the line started. */
  at: number;
  stdout: string;
  stderr: string;
  exitCode: number;
}

const { familiesToRecord, makeTempDir, parseSteps, recordCommand, runRecorder, writeRecording } = runner as {
  familiesToRecord(dir: string): string[];
  makeTempDir(prefix: string): string;
  parseSteps(family: string, text: string, directive: (name: string, args: string[], where: string) => unknown): Step[];
  recordCommand(step: Step, session: object): Promise<Entry>;
  runRecorder(name: string, main: () => Promise<void>): void;
  writeRecording(dir: string, family: string, recording: object): void;
};

const projectRoot = path.resolve(import.meta.dirname, "..", "..");
const sessionsDir = path.join(projectRoot, "tests", "fidelity", "kubectl-server-sessions");
const recordingsDir = path.join(projectRoot, "tests", "fidelity", "kubectl-server-recordings");
const KUBECTL = process.env.KUBECTL || "/usr/lib/google-cloud-sdk/bin/kubectl.1.32";
const COMMAND_TIMEOUT_MS = 30_000;
/** A watching kubectl gets this long (wall clock) to list and start watching, and this long in all. */
const WATCH_START_MS = 1500;
const WATCH_WALL_S = 5;

/** A throwaway self-signed certificate: the kubeconfig skips verification, as a lab would. */
function certificate(dir: string): { key: string; cert: string } {
  const key = path.join(dir, "tls.key");
  const cert = path.join(dir, "tls.crt");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=kube-apiserver", "-keyout", key, "-out", cert],
    {
      stdio: "ignore",
    },
  );
  return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
}

function kubeconfig(port: number): string {
  // kubeadm's names, as the lab's kubectl shows them.
  return `apiVersion: v1
kind: Config
clusters:
- name: kubernetes
  cluster:
    server: https://127.0.0.1:${port}
    insecure-skip-tls-verify: true
users:
- name: kubernetes-admin
  user:
    token: fidelity-recorder
contexts:
- name: kubernetes-admin@kubernetes
  context:
    cluster: kubernetes
    user: kubernetes-admin
current-context: kubernetes-admin@kubernetes
preferences: {}
`;
}

async function recordFamily(family: string): Promise<void> {
  let world: "kube" | "demo" = "demo";
  const steps = parseSteps(family, readFileSync(path.join(sessionsDir, `${family}.sh`), "utf8"), (name, args) => {
    if (name === "world") return () => (world = args[0] === "kube" ? "kube" : "demo");
    if (name === "lab") return { cmd: args.join(" "), lab: true };
    // `#! watch N cmd`: cmd runs while N virtual seconds pass; replayed as `timeout N cmd`.
    if (name === "watch")
      return { cmd: `timeout ${args[0]} ${args.slice(1).join(" ")}`, watch: Number(args[0]), inner: args.slice(1).join(" ") };
    return undefined;
  });
  const tmp = makeTempDir(`kubectl-server-${family}-`);
  const home = path.join(tmp, "home");
  const scratch = path.join(tmp, "scratch");
  const bin = path.join(tmp, "bin");
  for (const d of [home, scratch, bin]) mkdirSync(d, { recursive: true });
  symlinkSync(KUBECTL, path.join(bin, "kubectl"));
  const lab = new Lab({ members: 3, world }).boot();
  const booted = lab.cluster.nowMs;
  const server = await serveLab(lab, certificate(tmp), 6443);
  writeFileSync(path.join(home, "config"), kubeconfig(server.port));
  const session = {
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: home, KUBECONFIG: path.join(home, "config"), LANG: "C.UTF-8" },
    scratch,
    stateFile: path.join(tmp, "state"),
    timeoutMs: COMMAND_TIMEOUT_MS,
  };
  const entries: Entry[] = [];
  try {
    for (const step of steps) {
      const at = lab.cluster.nowMs - booted;
      if (step.lab) {
        entries.push({ cmd: step.cmd, lab: true, at, ...lab.run(step.cmd, step.stdin ?? "") });
        continue;
      }
      if (step.watch !== undefined) {
        // The real kubectl lists and opens its watch; then virtual time passes and the changes stream to it;
        // a wall-clock timeout ends it, as `timeout` ends the lab's (exit 124 both).
        const running = recordCommand({ ...step, cmd: `timeout ${WATCH_WALL_S} ${step.inner}` }, session);
        await new Promise((resolve) => setTimeout(resolve, WATCH_START_MS));
        lab.run(`sleep ${step.watch}`);
        entries.push({ ...(await running), cmd: step.cmd, at });
        continue;
      }
      const entry = await recordCommand(step, session);
      entries.push({ ...entry, at });
    }
  } finally {
    await server.close();
  }
  const version = execFileSync(KUBECTL, ["version", "--client", "-o", "json"], { encoding: "utf8", env: { ...process.env, HOME: home } });
  writeRecording(recordingsDir, family, {
    recordedWith: `kubectl ${(JSON.parse(version) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion}`,
    world,
    entries,
  });
}

runRecorder("record-kubectl-server", async () => {
  for (const family of familiesToRecord(sessionsDir)) {
    process.stderr.write(`${family}:\n`);
    await recordFamily(family);
  }
});
