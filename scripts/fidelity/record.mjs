// Records reference sessions against the real etcd 3.4 on this machine, so the emulator in
// lib/engine can replay the same command lines and be compared with what etcd really prints.
// Usage: node scripts/fidelity/record.mjs [family...]   (default: every tests/fidelity/sessions/*.sh)
import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

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

/** Everything started or created, so that any exit path can tear it down. */
const live = { processes: new Set(), groups: new Set(), dirs: new Set() };

function cleanup() {
  for (const child of live.processes) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
  live.processes.clear();
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
  const setup = { members: 1, quotaBackendBytes: null };
  const steps = [];
  let inHeader = true;
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const where = `${family}.sh:${index + 1}`;
    if (line.trim() === "" || line.startsWith("# ") || line === "#") return;
    if (line.startsWith("#!")) {
      const [directive, ...args] = line.slice(2).trim().split(/\s+/);
      if (directive === "members" || directive === "quota-backend-bytes") {
        if (!inHeader) throw new Error(`${where}: "#! ${directive}" belongs in the header, before the first command`);
        const value = Number(args[0]);
        if (directive === "members") {
          if (!(value in LAYOUTS)) throw new Error(`${where}: members must be 1 or 3`);
          setup.members = value;
        } else {
          if (!Number.isInteger(value) || value <= 0) throw new Error(`${where}: quota-backend-bytes needs a positive integer`);
          setup.quotaBackendBytes = value;
        }
        return;
      }
      if (["stop", "kill", "restart"].includes(directive) && args.length === 1) {
        steps.push({ directive, member: args[0], where });
      } else if (directive === "wait" && args.length === 1 && /^\d+$/.test(args[0])) {
        steps.push({ directive, ms: Number(args[0]), where });
      } else {
        throw new Error(`${where}: unknown directive "${line}"`);
      }
      inHeader = false;
      return;
    }
    inHeader = false;
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
    live.processes.add(child);
    exited.then(() => live.processes.delete(child));
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

/** Binary output (e.g. `-w protobuf`) would be mangled by a JSON string, so it also keeps the exact bytes. */
function text(name, bytes) {
  try {
    return { [name]: strictUtf8.decode(bytes) };
  } catch {
    return { [name]: bytes.toString("utf8"), [`${name}Base64`]: bytes.toString("base64") };
  }
}

function runLine(line, stdin, scratch, stateFile) {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", wrapLine(line, stateFile)], {
      cwd: scratch,
      env: { PATH: process.env.PATH, HOME: scratch, LANG: "C.UTF-8", ETCDCTL_API: "3" },
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so a timeout also ends whatever the line started (pipelines, `timeout ...`).
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
  const tmp = mkdtempSync(path.join(os.tmpdir(), `fidelity-${family}-`));
  const scratch = mkdtempSync(path.join(os.tmpdir(), `fidelity-${family}-cwd-`));
  live.dirs.add(tmp);
  live.dirs.add(scratch);
  const stateFile = path.join(tmp, "exports.sh");
  const cluster = new Cluster(setup, tmp);
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
        continue;
      }
      const started = Date.now();
      const result = await runLine(step.cmd, step.stdin ?? "", scratch, stateFile);
      process.stderr.write(`  [${result.exitCode}] ${step.cmd.slice(0, 100)} (${Date.now() - started} ms)\n`);
      const entry = { cmd: step.cmd };
      if (step.stdin !== undefined) entry.stdin = step.stdin;
      Object.assign(entry, result);
      entries.push(entry);
    }
  } finally {
    for (const name of [...cluster.running.keys()]) await cluster.stop(name, "SIGKILL");
    rmSync(tmp, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
    live.dirs.delete(tmp);
    live.dirs.delete(scratch);
  }
  const recording = { family, etcdVersion, setup, entries };
  mkdirSync(recordingsDir, { recursive: true });
  writeFileSync(path.join(recordingsDir, `${family}.json`), `${JSON.stringify(recording, null, 2)}\n`);
  return entries.filter((e) => e.cmd !== undefined).length;
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

main().catch((error) => {
  process.stderr.write(`record: ${error.message}\n`);
  cleanup();
  process.exit(1);
});
