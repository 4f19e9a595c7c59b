// What the fidelity recorders share: reading session files, running their lines through bash, and tearing down
// whatever they started on every way out, so that each recorder only holds what it sets up around the lines.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

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

/** A long-running child (a server) that the recorder stops itself, but that must not outlive an error or Ctrl-C. */
export function trackProcess(child) {
  live.processes.add(child);
  child.once("exit", () => live.processes.delete(child));
}

/** A temp dir that goes away at exit even if nobody removes it before. */
export function makeTempDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  live.dirs.add(dir);
  return dir;
}

function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  live.dirs.delete(dir);
}

/**
 * The state file lives outside the scratch dir, so that `ls` in a session only shows the session's own files;
 * `tmp` is the place for it and for anything else the recorder sets up around the lines.
 */
export async function withSessionDirs(prefix, record) {
  const tmp = makeTempDir(`${prefix}-`);
  const scratch = makeTempDir(`${prefix}-cwd-`);
  try {
    return await record({ tmp, scratch, stateFile: path.join(tmp, "exports.sh") });
  } finally {
    removeTempDir(tmp);
    removeTempDir(scratch);
  }
}

export function portInUse(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (error) => resolve(error.code === "EADDRINUSE" || error.code === "EACCES"));
    server.once("listening", () => server.close(() => resolve(false)));
    server.listen(port, "127.0.0.1");
  });
}

/**
 * Reads a session file into steps. `directive(name, args, where)` gets every `#!` line and returns the step it stands
 * for, a function for a header line (it only configures the session, so it is applied only before the first
 * step), or undefined for a line it does not know.
 */
export function parseSteps(family, text, directive) {
  const steps = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const where = `${family}.sh:${index + 1}`;
    if (line.trim() === "" || line.startsWith("# ") || line === "#") return;
    if (line.startsWith("#!")) {
      const [name, ...args] = line.slice(2).trim().split(/\s+/);
      const handled = directive(name, args, where);
      if (handled === undefined) throw new Error(`${where}: unknown directive "${line}"`);
      if (typeof handled === "function") {
        if (steps.length > 0) throw new Error(`${where}: "#! ${name}" belongs in the header, before the first command`);
        handled();
      } else {
        steps.push({ ...handled, where });
      }
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
  return steps;
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

/** A JSON string would mangle bytes that are not UTF-8 (e.g. `-w protobuf`), so those also keep the exact bytes. */
function decodeOutput(name, bytes) {
  try {
    return { [name]: strictUtf8.decode(bytes) };
  } catch {
    return { [name]: bytes.toString("utf8"), [`${name}Base64`]: bytes.toString("base64") };
  }
}

function runLine(line, stdin, { env, scratch, stateFile, timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", wrapLine(line, stateFile)], {
      cwd: scratch,
      env,
      stdio: ["pipe", "pipe", "pipe"],
      // Its own process group, so a timeout also ends whatever the line started (pipelines, `timeout ...`, watches).
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
    }, timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      live.groups.delete(child.pid);
      const result = { ...decodeOutput("stdout", Buffer.concat(stdout)), ...decodeOutput("stderr", Buffer.concat(stderr)) };
      result.exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
      if (timedOut) result.timedOut = true;
      resolve(result);
    });
  });
}

/**
 * `session` is `{ env, scratch, stateFile, timeoutMs }`. `env` is the line's whole environment, so that nothing
 * of the recorder's own environment leaks into a recording; `scratch` is its working directory.
 */
export async function recordCommand(step, session) {
  const started = Date.now();
  const result = await runLine(step.cmd, step.stdin ?? "", session);
  process.stderr.write(`  [${result.exitCode}] ${step.cmd.slice(0, 100)} (${Date.now() - started} ms)\n`);
  const entry = { cmd: step.cmd };
  if (step.stdin !== undefined) entry.stdin = step.stdin;
  return Object.assign(entry, result);
}

export function writeRecording(recordingsDir, family, recording) {
  mkdirSync(recordingsDir, { recursive: true });
  writeFileSync(path.join(recordingsDir, `${family}.json`), `${JSON.stringify(recording, null, 2)}\n`);
}

/** The families named on the command line, or every session in `sessionsDir`; unknown names fail before anything starts. */
export function familiesToRecord(sessionsDir) {
  const available = readdirSync(sessionsDir)
    .filter((f) => f.endsWith(".sh"))
    .map((f) => f.slice(0, -3))
    .sort();
  const families = process.argv.length > 2 ? process.argv.slice(2) : available;
  for (const family of families) {
    if (!available.includes(family)) throw new Error(`no session ${family}: expected ${path.join(sessionsDir, `${family}.sh`)}`);
  }
  return families;
}

/** Runs a recorder's `main` so that whatever it leaves running is killed on an error, on exit and on Ctrl-C. */
export function runRecorder(name, main) {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      cleanup();
      process.exit(128 + (os.constants.signals[signal] ?? 1));
    });
  }
  process.on("exit", cleanup);
  main().catch((error) => {
    process.stderr.write(`${name}: ${error.message}\n`);
    cleanup();
    process.exit(1);
  });
}
