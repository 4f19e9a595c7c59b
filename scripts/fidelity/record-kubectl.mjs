// Records what the real kubectl prints on its own, with no cluster behind it: flag and argument errors,
// client-side dry runs, YAML and JSON printing, and the "connection refused" path. The kubectl emulator can
// replay the same command lines and be compared with these recordings.
// Usage: node scripts/fidelity/record-kubectl.mjs [family...]   (default: every tests/fidelity/kubectl-sessions/*.sh)
// KUBECTL=/path/to/kubectl picks another binary (default /usr/bin/kubectl).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  familiesToRecord,
  makeTempDir,
  parseSteps,
  portInUse,
  recordCommand,
  runRecorder,
  withSessionDirs,
  writeRecording,
} from "./session-runner.mjs";

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

function parseSession(family, text) {
  const setup = { discoveryCache: false };
  const steps = parseSteps(family, text, (directive, args) => {
    if (directive !== "discovery-cache" || args.length > 0) return undefined;
    return () => {
      setup.discoveryCache = true;
    };
  });
  return { setup, steps };
}

async function recordFamily(family, kubectlVersion) {
  const { setup, steps } = parseSession(family, readFileSync(path.join(sessionsDir, `${family}.sh`), "utf8"));
  const entries = await withSessionDirs(`fidelity-kubectl-${family}`, async ({ tmp, scratch, stateFile }) => {
    // Outside the scratch dir, so that `ls` in a session only shows its own files.
    const kubeconfig = path.join(tmp, "kubeconfig");
    writeFileSync(kubeconfig, KUBECONFIG_TEXT);
    // `kubectl` on a line must be the chosen binary even if another one comes earlier in PATH.
    const bin = path.join(tmp, "bin");
    mkdirSync(bin);
    symlinkSync(KUBECTL, path.join(bin, "kubectl"));
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: scratch, LANG: "C.UTF-8", KUBECONFIG: kubeconfig };
    if (setup.discoveryCache) seedDiscoveryCache(scratch);
    const session = { env, scratch, stateFile, timeoutMs: COMMAND_TIMEOUT_MS };
    const entries = [];
    for (const step of steps) entries.push(await recordCommand(step, session));
    return entries;
  });
  writeRecording(recordingsDir, family, { family, kubectlVersion, setup: { ...SETUP, ...setup, kubeconfig: KUBECONFIG_TEXT }, entries });
  return entries.length;
}

async function main() {
  const families = familiesToRecord(sessionsDir);
  // A listener on the API port would turn "connection refused" into whatever it answers.
  if (await portInUse(API_PORT)) {
    throw new Error(`port ${API_PORT} on 127.0.0.1 is in use (a cluster running?); the recordings need nothing listening there`);
  }
  // An empty HOME and no KUBECONFIG, so that the version check cannot read or write the user's ~/.kube.
  const emptyHome = makeTempDir("fidelity-kubectl-version-");
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

runRecorder("record-kubectl", main);
