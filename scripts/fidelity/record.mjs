// Records reference sessions against the real etcd 3.4 on this machine, so the emulator in
// lib/engine can replay the same command lines and be compared with what etcd really prints.
// Usage: node scripts/fidelity/record.mjs [family...]   (default: every tests/fidelity/sessions/*.sh)
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  familiesToRecord,
  parseSteps,
  portInUse,
  recordCommand,
  runRecorder,
  trackProcess,
  withSessionDirs,
  writeRecording,
} from "./session-runner.mjs";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const sessionsDir = path.join(projectRoot, "tests", "fidelity", "sessions");
const recordingsDir = path.join(projectRoot, "tests", "fidelity", "recordings");
const ETCD = "/usr/bin/etcd";
const ETCDCTL = "/usr/bin/etcdctl";
const COMMAND_TIMEOUT_MS = 30_000;
const LEADER_TIMEOUT_MS = 20_000;

// The emulator reproduces these layouts exactly (member ids derive from names, peer URLs and the token).
const LAYOUTS = {
  1: {
    token: "etcd-cluster",
    members: [{ name: "default", client: 2379, peer: 2380 }],
  },
  // etcd's Procfile.
  3: {
    token: "etcd-cluster-1",
    members: [
      { name: "infra1", client: 2379, peer: 12380 },
      { name: "infra2", client: 22379, peer: 22380 },
      { name: "infra3", client: 32379, peer: 32380 },
    ],
  },
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseSession(family, text) {
  const setup = { members: 1, quotaBackendBytes: null };
  const steps = parseSteps(family, text, (directive, args, where) => {
    if (directive === "members") {
      return () => {
        const value = Number(args[0]);
        if (!(value in LAYOUTS)) throw new Error(`${where}: members must be 1 or 3`);
        setup.members = value;
      };
    }
    if (directive === "quota-backend-bytes") {
      return () => {
        const value = Number(args[0]);
        if (!Number.isInteger(value) || value <= 0) throw new Error(`${where}: quota-backend-bytes needs a positive integer`);
        setup.quotaBackendBytes = value;
      };
    }
    if (["stop", "kill", "restart"].includes(directive) && args.length === 1) return { directive, member: args[0] };
    if (directive === "wait" && args.length === 1 && /^\d+$/.test(args[0])) return { directive, ms: Number(args[0]) };
    return undefined;
  });
  for (const step of steps) {
    if (step.member && !LAYOUTS[setup.members].members.some((m) => m.name === step.member)) {
      throw new Error(`${step.where}: no member "${step.member}" in a ${setup.members}-member cluster`);
    }
  }
  return { setup, steps };
}

function memberArgs(member, layout, tmp, quota) {
  const url = (port) => `http://127.0.0.1:${port}`;
  const args = [
    "--name",
    member.name,
    "--data-dir",
    path.join(tmp, `${member.name}.etcd`),
    "--listen-client-urls",
    url(member.client),
    "--advertise-client-urls",
    url(member.client),
    "--listen-peer-urls",
    url(member.peer),
    "--initial-advertise-peer-urls",
    url(member.peer),
    "--initial-cluster-token",
    layout.token,
    "--initial-cluster",
    layout.members.map((m) => `${m.name}=${url(m.peer)}`).join(","),
    "--initial-cluster-state",
    "new",
  ];
  if (layout.members.length === 3) args.push("--enable-pprof");
  args.push("--logger=zap", `--log-outputs=${path.join(tmp, `${member.name}.log`)}`);
  if (quota !== null) args.push(`--quota-backend-bytes=${quota}`);
  return args;
}

class Cluster {
  constructor(setup, tmp) {
    this.layout = LAYOUTS[setup.members];
    this.tmp = tmp;
    this.quota = setup.quotaBackendBytes;
    this.running = new Map();
  }

  endpointOf(name) {
    return `http://127.0.0.1:${this.layout.members.find((m) => m.name === name).client}`;
  }

  start(name) {
    const member = this.layout.members.find((m) => m.name === name);
    // grpc's own warnings and panics bypass zap: keep them next to the zap log, out of the recorder's output.
    const stderr = openSync(path.join(this.tmp, `${name}.stderr`), "a");
    const child = spawn(ETCD, memberArgs(member, this.layout, this.tmp, this.quota), {
      cwd: this.tmp,
      stdio: ["ignore", "ignore", stderr],
      env: { PATH: process.env.PATH, HOME: this.tmp },
    });
    closeSync(stderr);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    trackProcess(child);
    this.running.set(name, { child, exited });
  }

  async stop(name, signal) {
    const entry = this.running.get(name);
    if (!entry) throw new Error(`member ${name} is not running`);
    entry.child.kill(signal);
    await entry.exited;
    this.running.delete(name);
  }

  async startAll() {
    for (const member of this.layout.members) this.start(member.name);
    const endpoints = this.layout.members.map((m) => `127.0.0.1:${m.client}`).join(",");
    // `endpoint health` commits a proposal on every member, so it only passes once there is a leader everyone follows.
    const deadline = Date.now() + LEADER_TIMEOUT_MS;
    for (;;) {
      const health = etcdctlQuiet([`--endpoints=${endpoints}`, "--dial-timeout=1s", "--command-timeout=1s", "endpoint", "health"]);
      if (health.status === 0) break;
      for (const [name, { child }] of this.running) {
        if (child.exitCode !== null) throw new Error(`etcd ${name} exited with ${child.exitCode}:\n${this.logTail(name)}`);
      }
      if (Date.now() > deadline) {
        const logs = this.layout.members.map((m) => `--- ${m.name}\n${this.logTail(m.name)}`).join("\n");
        throw new Error(`no leader after ${LEADER_TIMEOUT_MS} ms:\n${health.stdout}${health.stderr}${logs}`);
      }
      await sleep(100);
    }
    await sleep(1000);
  }

  /** The temp dir goes away with the cluster, so a failure quotes the member's last log lines. */
  logTail(name) {
    const read = (file) => {
      try {
        return readFileSync(path.join(this.tmp, file), "utf8");
      } catch {
        return "";
      }
    };
    return (read(`${name}.log`) + read(`${name}.stderr`)).trimEnd().split("\n").slice(-15).join("\n");
  }

  async restart(name) {
    if (this.running.has(name)) throw new Error(`member ${name} is already running`);
    this.start(name);
    // A restarted member binds its client port at once but only serves requests after it has
    // rejoined (published itself through raft), so wait for a real answer, not for a TCP accept.
    const deadline = Date.now() + LEADER_TIMEOUT_MS;
    for (;;) {
      const status = etcdctlQuiet([
        `--endpoints=${this.endpointOf(name)}`,
        "--dial-timeout=1s",
        "--command-timeout=1s",
        "endpoint",
        "status",
      ]);
      if (status.status === 0) return;
      if (Date.now() > deadline) {
        process.stderr.write(`warning: restarted ${name} does not answer after ${LEADER_TIMEOUT_MS} ms; going on\n`);
        return;
      }
      await sleep(100);
    }
  }
}

function etcdctlQuiet(args) {
  return spawnSync(ETCDCTL, args, { encoding: "utf8", env: { PATH: process.env.PATH, ETCDCTL_API: "3" }, timeout: 5000 });
}

async function recordFamily(family, etcdVersion) {
  const { setup, steps } = parseSession(family, readFileSync(path.join(sessionsDir, `${family}.sh`), "utf8"));
  const layout = LAYOUTS[setup.members];
  for (const member of layout.members) {
    for (const port of [member.client, member.peer]) {
      if (await portInUse(port)) {
        throw new Error(`port ${port} on 127.0.0.1 is already in use (another etcd running?); stop it and try again`);
      }
    }
  }
  const entries = await withSessionDirs(`fidelity-${family}`, async ({ tmp, scratch, stateFile }) => {
    const cluster = new Cluster(setup, tmp);
    const session = {
      env: { PATH: process.env.PATH, HOME: scratch, LANG: "C.UTF-8", ETCDCTL_API: "3" },
      scratch,
      stateFile,
      timeoutMs: COMMAND_TIMEOUT_MS,
    };
    const entries = [];
    try {
      await cluster.startAll();
      for (const step of steps) {
        if (step.directive) {
          const label = step.directive === "wait" ? `wait ${step.ms}` : `${step.directive} ${step.member}`;
          process.stderr.write(`  #! ${label}\n`);
          if (step.directive === "stop") await cluster.stop(step.member, "SIGTERM");
          else if (step.directive === "kill") await cluster.stop(step.member, "SIGKILL");
          else if (step.directive === "restart") await cluster.restart(step.member);
          else await sleep(step.ms);
          entries.push({ directive: label });
        } else {
          entries.push(await recordCommand(step, session));
        }
      }
    } finally {
      // The members run in the temp dir, so they go before it does.
      for (const name of [...cluster.running.keys()]) await cluster.stop(name, "SIGKILL");
    }
    return entries;
  });
  writeRecording(recordingsDir, family, { family, etcdVersion, setup, entries });
  return entries.filter((e) => e.cmd !== undefined).length;
}

async function main() {
  const families = familiesToRecord(sessionsDir);
  if (await portInUse(2379)) {
    throw new Error("port 2379 on 127.0.0.1 is already in use (another etcd running?); stop it before recording");
  }
  const version = spawnSync(ETCD, ["--version"], { encoding: "utf8" });
  const etcdVersion = /etcd Version:\s*(\S+)/.exec(version.stdout)?.[1];
  if (!etcdVersion) throw new Error(`cannot read the version from ${ETCD} --version:\n${version.stdout}${version.stderr}`);
  for (const family of families) {
    process.stderr.write(`${family}:\n`);
    const count = await recordFamily(family, etcdVersion);
    process.stderr.write(`${family}: ${count} commands -> tests/fidelity/recordings/${family}.json\n`);
  }
}

runRecorder("record", main);
