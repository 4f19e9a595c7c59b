// Records what the real kubectl prints on its own, with no cluster behind it: flag and argument errors,
// client-side dry runs, YAML and JSON printing, and the "connection refused" path. The kubectl emulator can
// replay the same command lines and be compared with these recordings.
// Usage: node scripts/fidelity/record-kubectl.mjs [family...]   (default: every tests/fidelity/kubectl-sessions/*.sh)
// KUBECTL=/path/to/kubectl picks another binary (default /usr/bin/kubectl).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const sessionsDir = path.join(projectRoot, "tests", "fidelity", "kubectl-sessions");
const recordingsDir = path.join(projectRoot, "tests", "fidelity", "kubectl-recordings");
const KUBECTL = process.env.KUBECTL || "/usr/bin/kubectl";
const COMMAND_TIMEOUT_MS = 20_000;
const API_PORT = 6443;

// kubeadm's names, so that `kubectl config ...` shows what a learner on a kubeadm cluster would see.
const SETUP = {
  server: `https://127.0.0.1:${API_PORT}`,
  cluster: "kubernetes",
  user: "kubernetes-admin",
  context: "kubernetes-admin@kubernetes",
};

// A user with no credentials makes kubectl prompt "Please enter Username:" for an https server, so it gets a
// made-up token (never sent anywhere: nothing listens on the port).
const KUBECONFIG_TEXT = `apiVersion: v1
kind: Config
clusters:
- name: ${SETUP.cluster}
  cluster:
    server: ${SETUP.server}
    insecure-skip-tls-verify: true
users:
- name: ${SETUP.user}
  user:
    token: fidelity-recorder
contexts:
- name: ${SETUP.context}
  context:
    cluster: ${SETUP.cluster}
    user: ${SETUP.user}
current-context: ${SETUP.context}
preferences: {}
`;

/**
 * `kubectl run`, `create role` and friends build their object on the client but first map the resource
 * through discovery, which fails with no server. kubectl trusts its disk cache of discovery for 6 hours, so a
 * seeded cache lets those commands print what they build while every real request still gets "connection
 * refused". Hand-written and minimal: only the kinds the sessions use, shaped like a 1.32 server's answer.
 * It also changes what discovery-only commands print (`api-resources` lists exactly these), so only the
 * sessions that ask for it with `#! discovery-cache` get it.
 */
const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const CLUSTER_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];
const resource = (name, singularName, kind, extra = {}) => ({ name, singularName, namespaced: true, kind, verbs: ALL_VERBS, ...extra });
const DISCOVERY = {
  v1: [
    resource("configmaps", "configmap", "ConfigMap", { shortNames: ["cm"] }),
    resource("namespaces", "namespace", "Namespace", { namespaced: false, verbs: CLUSTER_VERBS, shortNames: ["ns"] }),
    resource("nodes", "node", "Node", { namespaced: false, shortNames: ["no"] }),
    resource("pods", "pod", "Pod", { shortNames: ["po"], categories: ["all"] }),
    resource("secrets", "secret", "Secret"),
    resource("serviceaccounts", "serviceaccount", "ServiceAccount", { shortNames: ["sa"] }),
    resource("services", "service", "Service", { shortNames: ["svc"], categories: ["all"] }),
  ],
  "apps/v1": [
    resource("daemonsets", "daemonset", "DaemonSet", { shortNames: ["ds"], categories: ["all"] }),
    resource("deployments", "deployment", "Deployment", { shortNames: ["deploy"], categories: ["all"] }),
    resource("replicasets", "replicaset", "ReplicaSet", { shortNames: ["rs"], categories: ["all"] }),
    resource("statefulsets", "statefulset", "StatefulSet", { shortNames: ["sts"], categories: ["all"] }),
  ],
  "batch/v1": [
    resource("cronjobs", "cronjob", "CronJob", { shortNames: ["cj"], categories: ["all"] }),
    resource("jobs", "job", "Job", { categories: ["all"] }),
  ],
  "rbac.authorization.k8s.io/v1": [
    resource("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", { namespaced: false }),
    resource("clusterroles", "clusterrole", "ClusterRole", { namespaced: false }),
    resource("rolebindings", "rolebinding", "RoleBinding"),
    resource("roles", "role", "Role"),
  ],
};

function seedDiscoveryCache(home) {
  // The cache dir is named after the server's host:port, with ":" replaced by "_".
  const dir = path.join(home, ".kube", "cache", "discovery", `127.0.0.1_${API_PORT}`);
  const groups = Object.keys(DISCOVERY).map((groupVersion) => {
    const [name, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
    return { name, versions: [{ groupVersion, version }], preferredVersion: { groupVersion, version } };
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "servergroups.json"), JSON.stringify({ kind: "APIGroupList", apiVersion: "v1", groups }));
  for (const [groupVersion, resources] of Object.entries(DISCOVERY)) {
    mkdirSync(path.join(dir, groupVersion), { recursive: true });
    const list = { kind: "APIResourceList", apiVersion: "v1", groupVersion, resources };
    writeFileSync(path.join(dir, groupVersion, "serverresources.json"), JSON.stringify(list));
  }
}

/** Everything started or created, so that any exit path can tear it down. */
const live = { groups: new Set(), dirs: new Set() };

function cleanup() {
  for (const pgid of live.groups) {
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  live.groups.clear();
  for (const dir of live.dirs) rmSync(dir, { recursive: true, force: true });
  live.dirs.clear();
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    cleanup();
    process.exit(128 + (os.constants.signals[signal] ?? 1));
  });
}
process.on("exit", cleanup);

function portInUse(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error) => resolve(error.code === "EADDRINUSE" || error.code === "EACCES"));
    server.once("listening", () => server.close(() => resolve(false)));
    server.listen(port, "127.0.0.1");
  });
}

function parseSession(family, text) {
  const setup = { discoveryCache: false };
  const steps = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const where = `${family}.sh:${index + 1}`;
    if (line.trim() === "" || line.startsWith("# ") || line === "#") return;
    if (line.startsWith("#!")) {
      if (line.slice(2).trim() !== "discovery-cache") throw new Error(`${where}: unknown directive "${line}"`);
      if (steps.length > 0) throw new Error(`${where}: "#! discovery-cache" belongs in the header, before the first command`);
      setup.discoveryCache = true;
      return;
    }
    if (line.startsWith("{")) {
      const parsed = JSON.parse(line);
      if (typeof parsed.cmd !== "string" || typeof (parsed.stdin ?? "") !== "string") {
        throw new Error(`${where}: a JSON line needs "cmd" (and optionally "stdin") strings`);
      }
      steps.push({ cmd: parsed.cmd, stdin: parsed.stdin ?? "", where });
    } else {
      steps.push({ cmd: line, where });
    }
  });
  return { setup, steps };
}

/**
 * Every line is its own `bash -c`, but exported variables carry over through a state file: the
 * EXIT trap saves them whatever way the line ends, and `exit $rc` keeps the line's own status.
 * PWD and friends are left out so that restoring them cannot contradict the real working directory.
 */
function wrapLine(line, stateFile) {
  return [
    `__state='${stateFile.replaceAll("'", `'\\''`)}'`,
    `trap '__rc=$?; export -p | grep -Ev "^declare -x (PWD|OLDPWD|SHLVL|_)=" > "$__state"; exit $__rc' EXIT`,
    `source "$__state" 2>/dev/null`,
    line,
    "",
  ].join("\n");
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** A JSON string would mangle bytes that are not UTF-8, so those also keep the exact bytes. */
function text(name, bytes) {
  try {
    return { [name]: strictUtf8.decode(bytes) };
  } catch {
    return { [name]: bytes.toString("utf8"), [`${name}Base64`]: bytes.toString("base64") };
  }
}

function runLine(line, stdin, env, scratch, stateFile) {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", wrapLine(line, stateFile)], {
      cwd: scratch,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so a timeout also ends whatever the line started (pipelines, watches).
      detached: true,
    });
    live.groups.add(child.pid);
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    child.stdin.on("error", () => {}); // the command may exit without reading its input
    child.stdin.end(stdin);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, COMMAND_TIMEOUT_MS);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      live.groups.delete(child.pid);
      const result = { ...text("stdout", Buffer.concat(stdout)), ...text("stderr", Buffer.concat(stderr)) };
      result.exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
      if (timedOut) result.timedOut = true;
      resolve(result);
    });
  });
}

async function recordFamily(family, kubectlVersion) {
  const { setup, steps } = parseSession(family, readFileSync(path.join(sessionsDir, `${family}.sh`), "utf8"));
  // The kubeconfig and the state file live outside the scratch dir, so that `ls` in a session only shows its own files.
  const tmp = mkdtempSync(path.join(os.tmpdir(), `fidelity-kubectl-${family}-`));
  const scratch = mkdtempSync(path.join(os.tmpdir(), `fidelity-kubectl-${family}-cwd-`));
  live.dirs.add(tmp);
  live.dirs.add(scratch);
  const kubeconfig = path.join(tmp, "kubeconfig");
  writeFileSync(kubeconfig, KUBECONFIG_TEXT);
  // `kubectl` on a line must be the chosen binary even if another one comes earlier in PATH.
  const bin = path.join(tmp, "bin");
  mkdirSync(bin);
  symlinkSync(KUBECTL, path.join(bin, "kubectl"));
  const env = { PATH: `${bin}:${process.env.PATH}`, HOME: scratch, LANG: "C.UTF-8", KUBECONFIG: kubeconfig };
  if (setup.discoveryCache) seedDiscoveryCache(scratch);
  const stateFile = path.join(tmp, "exports.sh");
  const entries = [];
  try {
    for (const step of steps) {
      const started = Date.now();
      const result = await runLine(step.cmd, step.stdin ?? "", env, scratch, stateFile);
      process.stderr.write(`  [${result.exitCode}] ${step.cmd.slice(0, 100)} (${Date.now() - started} ms)\n`);
      const entry = { cmd: step.cmd };
      if (step.stdin !== undefined) entry.stdin = step.stdin;
      Object.assign(entry, result);
      entries.push(entry);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    live.dirs.delete(tmp);
    live.dirs.delete(scratch);
  }
  const recording = { family, kubectlVersion, setup: { ...SETUP, ...setup, kubeconfig: KUBECONFIG_TEXT }, entries };
  mkdirSync(recordingsDir, { recursive: true });
  writeFileSync(path.join(recordingsDir, `${family}.json`), `${JSON.stringify(recording, null, 2)}\n`);
  return entries.length;
}

async function main() {
  const available = readdirSync(sessionsDir)
    .filter((f) => f.endsWith(".sh"))
    .map((f) => f.slice(0, -3))
    .sort();
  const families = process.argv.length > 2 ? process.argv.slice(2) : available;
  for (const family of families) {
    if (!available.includes(family)) throw new Error(`no session ${family}: expected ${path.join(sessionsDir, `${family}.sh`)}`);
  }
  // A listener on the API port would turn "connection refused" into whatever it answers.
  if (await portInUse(API_PORT)) {
    throw new Error(`port ${API_PORT} on 127.0.0.1 is in use (a cluster running?); the recordings need nothing listening there`);
  }
  // An empty HOME and no KUBECONFIG, so that the version check cannot read or write the user's ~/.kube.
  const emptyHome = mkdtempSync(path.join(os.tmpdir(), "fidelity-kubectl-version-"));
  live.dirs.add(emptyHome);
  const version = spawnSync(KUBECTL, ["version", "--client", "-o", "json"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: emptyHome, LANG: "C.UTF-8" },
    timeout: COMMAND_TIMEOUT_MS,
  });
  let kubectlVersion;
  try {
    kubectlVersion = JSON.parse(version.stdout).clientVersion.gitVersion;
  } catch {
    throw new Error(`cannot read the version from ${KUBECTL} version --client -o json:\n${version.stdout}${version.stderr}`);
  }
  for (const family of families) {
    process.stderr.write(`${family}:\n`);
    const count = await recordFamily(family, kubectlVersion);
    process.stderr.write(`${family}: ${count} commands -> tests/fidelity/kubectl-recordings/${family}.json\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`record-kubectl: ${error.message}\n`);
  cleanup();
  process.exit(1);
});
