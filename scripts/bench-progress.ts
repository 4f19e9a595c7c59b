// npm run bench:progress — the server's side of quizzes and lab progress, printed (targets from the progress issue):
//  - 50 learners at once, each: start an attempt at the quiz "etcd", answer every question that is not
//    done in a lab (the right answers, from content/quizzes/etcd/quiz.ts), submit, and claim their own
//    solved run of the lab etcdctl-basics: p50/p95/max latency of each kind of operation, wall time and
//    throughput, on SQLite and on PostgreSQL;
//  - server-side replay (verifyLabRun) of a 30-virtual-minute run of leader-election and of
//    kubernetes-in-etcd, as a claim of their steps is verified (target: under 200 ms).
// Figures are printed and written to bench-results/progress.json; nothing here asserts (it only stops
// when an operation fails, since the figures would then time something else).
//
// What is timed is the server's work: the input checks the action guard makes (size, schema), then the
// functions the server actions call after authentication (startOrResumeAttempt, answerQuestion,
// submitAttempt, claimLabRun), so grading, the replay of a claimed run and the database. Not timed:
// HTTP, React's encoding of the action, and the session lookup. All learners share one Node process, as
// they would share one server process: while a claim's replay runs, the other learners' database round
// trips wait, and their latencies include that wait.
//
// lib/db.ts opens the database named by DATABASE_URL when it is imported, so each database is measured
// in a child process of this script (`--db sqlite|postgresql --out FILE`), on a fresh database that is
// deleted afterwards. PostgreSQL is the server of TEST_POSTGRES_URL when that is set; otherwise a
// throwaway one that scripts/postgres-test-server.sh starts on a free port and deletes afterwards. When
// that cannot start, the PostgreSQL half is skipped, with the reason.
//
// Run with --conditions=react-server (the npm script does): lib/quizzes and lib/progress import
// "server-only", which throws unless it resolves to its empty react-server build.
//
// A replay's figures: the cold one (the first in the process: V8 still compiles the engine), the median
// of the next WARMING_REPLAYS (V8 is still optimizing its hot paths), then the median and max of
// --replays more, the steady state of a server that verifies claims all day: the target is judged on these.
// Each starts, as on the server, from a session of the lab booted ahead (lib/labs/booted.ts: the boot
// is the same for every run of a lab, and the server makes it after the previous claim's response);
// the table also shows the boot alone and the median of --replays that boot first.
//
// Options: --learners N (default 50), --replays N (timed steady-state replays per lab, default 10),
// --replays-only (skip the databases: only the replay figures).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { z } from "zod";
import { Rng } from "../lib/engine/sim/rng";
import { bootAhead, bootForReplay } from "../lib/labs/booted";
import { raftState } from "../lib/labs/checks";
import { findLab } from "../lib/labs/registry";
import { LabSession } from "../lib/labs/session";
import type { LabDefinition } from "../lib/labs/types";
import { verifyLabRun, type StepClaim } from "../lib/labs/verify";
import type { Outcome } from "../lib/outcome";
import type { LabClaim } from "../lib/progress/labs";
import type { Question } from "../lib/quizzes/types";
import {
  answerSchema,
  labClaimSchema,
  MAX_ANSWER_BYTES,
  MAX_CLAIM_BYTES,
  startAttemptSchema,
  submitAttemptSchema,
} from "../lib/validation/progress";

type Provider = "sqlite" | "postgresql";
type Operation = "start" | "answer" | "submit" | "claim";
const OPERATIONS: readonly Operation[] = ["start", "answer", "submit", "claim"];
const QUIZ = "etcd";
const CLAIMED_LAB = "etcdctl-basics";
const REPLAY_TARGET_MS = 200;
const THIRTY_MINUTES = 30 * 60_000;

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const LEARNERS = Number(option("--learners") ?? 50);
const REPLAYS = Number(option("--replays") ?? 10);
const WARMING_REPLAYS = 3;
const REPLAYS_ONLY = args.includes("--replays-only");

// ───────────────────────────────────────────── figures

interface Latency {
  p50: number;
  p95: number;
  max: number;
  samples: number;
}

/** Nearest-rank percentile, as scripts/bench-lab.mjs computes it. */
function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function latency(xs: readonly number[]): Latency {
  return { p50: round1(percentile(xs, 50)), p95: round1(percentile(xs, 95)), max: round1(Math.max(...xs)), samples: xs.length };
}

/** m:ss of virtual time, as the lab's clock shows it. */
function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// ───────────────────────────────────────────── lab runs, made the way the learner's worker makes them

/** Latches every step that passes now, at this moment: the worker's host does this after each tick. */
function latchSteps(def: LabDefinition, session: LabSession, done: Map<string, number>): void {
  const ctx = { session, history: session.history };
  // Rounded up: the claim's schema wants whole ms, and a moment a hair later still passes.
  for (const step of def.steps) if (!done.has(step.id) && step.check(ctx)) done.set(step.id, Math.ceil(session.nowMs - session.bootedMs));
}

/** Lets `ms` of virtual time pass in one-second slices, latching steps as they pass. */
function wait(def: LabDefinition, session: LabSession, ms: number, done: Map<string, number>): void {
  for (let left = ms; left > 0; left -= 1000) {
    session.advance(Math.min(1000, left));
    latchSteps(def, session, done);
  }
}

/** Types a line in the first terminal and waits for its prompt to come back. */
function type(def: LabDefinition, session: LabSession, line: string, done: Map<string, number>): void {
  if (!session.command(0, line)) throw new Error(`${def.slug}: cannot start "${line}"`);
  const deadline = session.nowMs + 120_000;
  while (session.busy(0)) {
    if (session.nowMs > deadline) throw new Error(`${def.slug}: "${line}" still runs after 2 virtual minutes`);
    wait(def, session, 100, done);
  }
  latchSteps(def, session, done);
}

/** What the page sends for a run: the run, its steps at the moments they passed, and where it ends. */
function claimOf(def: LabDefinition, session: LabSession, done: Map<string, number>): LabClaim {
  const steps: StepClaim[] = [...done].map(([id, doneAtMs]) => ({ id, doneAtMs }));
  return { lab: def.slug, run: session.run, steps, endMs: Math.ceil(session.nowMs - session.bootedMs), hints: {} };
}

/**
 * Learner `n`'s solved run of etcdctl-basics: the steps' own solutions, with `etcdctl get /lab/greeting`
 * typed 1 + n % 5 times after the first step and n × 10 ms more thinking between commands, so that no
 * two learners claim the same run (a claim already recorded skips the replay) and each replay does
 * about the same work.
 */
function solvedBasics(n: number): LabClaim {
  const def = findLab(CLAIMED_LAB)!;
  const session = new LabSession(def.seed, def.topology, def.slug);
  const done = new Map<string, number>();
  const lines = def.steps.flatMap((step, i) => [
    ...step.solution.map((s) => (typeof s === "string" ? s : s.line)),
    ...(i === 0 ? Array.from({ length: 1 + (n % 5) }, () => "etcdctl get /lab/greeting") : []),
  ]);
  for (const line of lines) {
    type(def, session, line, done);
    wait(def, session, 1000 + 10 * n, done);
  }
  if (done.size !== def.steps.length) throw new Error(`${def.slug}: learner ${n}'s run does not pass every step`);
  return claimOf(def, session, done);
}

/** A command the learner types at a moment of the run (ms since boot), made from the state then. */
interface Milestone {
  atMs: number;
  line: string | ((session: LabSession) => string);
}

/**
 * A 30-virtual-minute run: a command every 20–60 virtual seconds, the milestones (which complete the
 * lab's steps, spread over the half hour so that verifying the last one replays nearly all of it) when
 * their moment comes and a filler otherwise.
 */
function thirtyMinuteRun(slug: string, milestones: readonly Milestone[], fillers: (rng: Rng, i: number) => string): LabClaim {
  const def = findLab(slug)!;
  const session = new LabSession(def.seed, def.topology, def.slug);
  const rng = new Rng(`bench-progress/${slug}`);
  const done = new Map<string, number>();
  let next = 0;
  for (let i = 0; session.nowMs - session.bootedMs < THIRTY_MINUTES; i++) {
    const due = milestones[next];
    const line = due && session.nowMs - session.bootedMs >= due.atMs ? milestones[next++]!.line : fillers(rng, i);
    type(def, session, typeof line === "string" ? line : line(session), done);
    wait(def, session, 20_000 + rng.intn(40_001), done);
  }
  if (done.size !== def.steps.length)
    throw new Error(
      `${slug}: the 30-minute run passes ${[...done.keys()].join(", ")}, not all of ${def.steps.map((s) => s.id).join(", ")}`,
    );
  return claimOf(def, session, done);
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.intn(xs.length)]!;

/** Find the leader, kill it at 10 minutes, restart it at 20, see the new term at 28; etcd reads and writes between. */
function leaderElectionRun(): LabClaim {
  const solution = (step: string) => findLab("leader-election")!.steps.find((s) => s.id === step)!.solution[0] as string;
  return thirtyMinuteRun(
    "leader-election",
    [
      { atMs: 60_000, line: "etcdctl endpoint status --cluster -w table" },
      { atMs: 10 * 60_000, line: solution("kill-leader") },
      {
        atMs: 20 * 60_000,
        line: (session) => {
          const up = raftState({ session, history: session.history }).up;
          const down = session.lab.cluster.serverConfigs().find((s) => !up.includes(s.name))!;
          return `cluster start ${down.name}`;
        },
      },
      // Any `endpoint status` after the restart completes the last step, so the fillers never run one.
      { atMs: 28 * 60_000, line: "etcdctl endpoint status --cluster -w table" },
    ],
    (rng, i) =>
      pick(rng, [
        `etcdctl put /bench/key${i} value-${i}`,
        `etcdctl put /bench/key${i} value-${i}`,
        `etcdctl get /bench/key${rng.intn(i + 1)}`,
        "etcdctl get /bench --prefix --keys-only",
        "etcdctl member list -w table",
        "etcdctl endpoint health --cluster",
      ]),
  );
}

/** A pod created and found in etcd early, its resourceVersion at 15 minutes, seen Running at 28; a deployment scaled between. */
function kubernetesInEtcdRun(): LabClaim {
  return thirtyMinuteRun(
    "kubernetes-in-etcd",
    [
      { atMs: 0, line: "kubectl create deployment web --image=nginx --replicas=2" },
      { atMs: 60_000, line: "kubectl run test-etcd --image=nginx" },
      { atMs: 8 * 60_000, line: "etcdctl get /registry/pods/default --prefix --keys-only" },
      { atMs: 15 * 60_000, line: "kubectl get pod test-etcd -o yaml | grep resourceVersion" },
      { atMs: 15 * 60_000, line: `etcdctl get /registry/pods/default/test-etcd -w json | grep -o '"mod_revision":[0-9]*'` },
      // A `kubectl get` listing test-etcd as Running completes the last step: the fillers never list it.
      { atMs: 28 * 60_000, line: "kubectl get pod test-etcd -o wide" },
    ],
    (rng, i) =>
      pick(rng, [
        `kubectl scale deployment web --replicas=${1 + rng.intn(6)}`,
        "kubectl get pods -l app=web",
        "kubectl get deployments -A",
        "kubectl get nodes",
        "kubectl get pods -n kube-system",
        "kubectl describe deployment web",
        "etcdctl get /registry/deployments --prefix --keys-only",
        `etcdctl put /bench/key${i} value-${i}`,
      ]),
  );
}

// ───────────────────────────────────────────── replay of 30-minute runs

interface ReplayFigures {
  inputs: number;
  /** Virtual time the replay covers: up to the last claimed step. */
  replayedMs: number;
  bootMs: number;
  coldMs: number;
  /** Median of the WARMING_REPLAYS after the cold one. */
  warmingMs: number;
  medianMs: number;
  maxMs: number;
  /** Median of replays that boot their session first (none booted ahead). */
  withBootMs: number;
  runs: number;
}

/** One verification of the claim; `bootFirst`: none booted ahead, so it boots its session (untimed otherwise, as the server boots after a response). */
function timedVerify(claim: LabClaim, bootFirst = false): number {
  if (!bootFirst) bootAhead([claim.lab]);
  const started = performance.now();
  const verdict = verifyLabRun(claim.lab, claim.run, claim.steps, claim.endMs);
  const ms = performance.now() - started;
  if (!verdict.ok || !verdict.verified.completed)
    throw new Error(`${claim.lab}: the 30-minute run does not verify: ${JSON.stringify(verdict)}`);
  return ms;
}

function measureReplay(claim: LabClaim): ReplayFigures {
  const def = findLab(claim.lab)!;
  // The first replay of a lab in a process pays for compiling the engine's code paths; a server pays it once.
  const coldMs = timedVerify(claim);
  // V8 goes on optimizing for a few more (measured: the 2nd ~1.8x and the 3rd ~1.2x the steady figure).
  const warming = Array.from({ length: WARMING_REPLAYS }, () => timedVerify(claim));
  const times = Array.from({ length: REPLAYS }, () => timedVerify(claim));
  const withBoot = Array.from({ length: REPLAYS }, () => timedVerify(claim, true));
  // Booting the lab's machines, on its own: what a replay that finds no session booted ahead adds.
  const boots = Array.from({ length: 5 }, () => {
    const started = performance.now();
    bootForReplay(def);
    return performance.now() - started;
  });
  return {
    inputs: claim.run.inputs.length,
    replayedMs: Math.max(...claim.steps.map((s) => s.doneAtMs)),
    bootMs: round1(percentile(boots, 50)),
    coldMs: round1(coldMs),
    warmingMs: round1(percentile(warming, 50)),
    medianMs: round1(percentile(times, 50)),
    maxMs: round1(Math.max(...times)),
    withBootMs: round1(percentile(withBoot, 50)),
    runs: REPLAYS,
  };
}

// ───────────────────────────────────────────── one database (the child process)

interface DatabaseFigures {
  provider: Provider;
  /** PostgreSQL's version and the app's pool size; absent for SQLite. */
  server?: string;
  poolSize?: number;
  learners: number;
  answersPerLearner: number;
  wallMs: number;
  opsPerS: number;
  ops: Record<Operation, Latency>;
}

/** What lib/actions/guard.ts checks before an action runs, the session aside: size, NUL characters, schema. */
function guardInput<S extends z.ZodType>(schema: S, raw: unknown, maxBytes = 64 * 1024): z.infer<S> {
  const json = JSON.stringify(raw);
  if (Buffer.byteLength(json) > maxBytes || json.includes("\\u0000")) throw new Error("the guard would refuse this input");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`the guard would refuse this input: ${parsed.error.message}`);
  return parsed.data;
}

/** The right response to a question, from its key (lab questions have none: they are skipped). */
function rightResponse(q: Question): unknown {
  switch (q.type) {
    case "single":
      return { choice: q.answer };
    case "multiple":
      return { choices: q.answer };
    case "truefalse":
      return { value: q.answer };
    case "ordering":
      return { order: q.items.map((item) => item.id) };
    case "matching":
      return { pairs: q.answer };
    case "numeric":
      return { value: q.answer };
    case "text":
      return { text: q.canonical.en };
    case "lab":
      throw new Error(`question ${q.id} is done in a lab`);
  }
}

/** The server modules, imported once DATABASE_URL names the fresh database (lib/db reads it at import). */
async function serverModules() {
  try {
    const [attempts, labs, registry, env] = await Promise.all([
      import("../lib/quizzes/attempts"),
      import("../lib/progress/labs"),
      import("../lib/quizzes/registry"),
      import("../lib/env"),
    ]);
    const { db } = await import("../lib/db");
    return { ...attempts, ...labs, ...registry, ...env, db };
  } catch (error) {
    if (/Client Component/.test(String(error)))
      throw new Error('"server-only" threw: run this script with node --conditions=react-server (npm run bench:progress does)');
    throw error;
  }
}

type Server = Awaited<ReturnType<typeof serverModules>>;
type Timings = Record<Operation, number[]>;

/** Runs an operation, records how long it took, and stops the benchmark if it failed. */
async function timed<T>(into: number[] | undefined, op: () => Promise<Outcome<T>>): Promise<T> {
  const started = performance.now();
  const outcome = await op();
  into?.push(performance.now() - started);
  if (!outcome.ok) throw new Error(`an operation failed: ${outcome.status} ${outcome.error}`);
  return outcome.data;
}

interface Plan {
  answers: Array<{ question: string; response: unknown }>;
  claim: LabClaim;
  /** The score a submission of these answers must get. */
  percent: number;
}

/** One learner's visit, every call as its server action makes it; `t` undefined for the warm-up. */
async function learnerVisit(server: Server, user: { id: string }, plan: Plan, t: Timings | undefined): Promise<void> {
  const { attemptId } = await timed(t?.start, () => server.startOrResumeAttempt(user, guardInput(startAttemptSchema, { quiz: QUIZ }).quiz));
  for (const a of plan.answers) {
    const raw = { attemptId, question: a.question, response: a.response, locale: "en" };
    const feedback = await timed(t?.answer, () => server.answerQuestion(user, guardInput(answerSchema, raw, MAX_ANSWER_BYTES)));
    if (feedback.credit !== 1 || feedback.alreadyAnswered) throw new Error(`question ${a.question}: ${JSON.stringify(feedback)}`);
  }
  const score = await timed(t?.submit, () => server.submitAttempt(user, guardInput(submitAttemptSchema, { attemptId }).attemptId));
  if (score.percent !== plan.percent) throw new Error(`the attempt scored ${score.percent}%, not ${plan.percent}%`);
  const claimed = await timed(t?.claim, () => server.claimLabRun(user, guardInput(labClaimSchema, plan.claim, MAX_CLAIM_BYTES)));
  // The claim action boots the next replay session after its response (lib/actions/boot-ahead.ts).
  setImmediate(() => bootAhead());
  if (claimed.duplicate || !claimed.completed)
    throw new Error(`the claim was not recorded as new and complete: ${JSON.stringify(claimed)}`);
}

function plans(server: Server, count: number): Plan[] {
  const quiz = server.findQuiz(QUIZ)!;
  const asked = quiz.questions.filter((q) => q.type !== "lab");
  const answers = asked.map((q) => ({ question: q.id, response: rightResponse(q) }));
  const percent = server.percent(
    asked.reduce((s, q) => s + (q.points ?? 1), 0),
    server.maxPoints(quiz),
  );
  const result = Array.from({ length: count }, (_, n) => ({ answers, claim: solvedBasics(n), percent }));
  if (new Set(result.map((p) => server.claimDigest(p.claim))).size !== count) throw new Error("two learners would claim the same run");
  return result;
}

/** Runs `fn` with a client of the PostgreSQL server's maintenance database (TEST_POSTGRES_URL). */
async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh, migrated database, made as tests/unit/support/test-db.ts makes them: a SQLite file in a
 * temporary directory, or a new database on TEST_POSTGRES_URL's server. (That module cannot be loaded
 * here: this package is CommonJS to tsx, and it imports scripts/migrate-postgres.mjs, an ES module with
 * top-level await, statically; vitest transforms it as ESM.)
 */
async function freshDatabase(provider: Provider): Promise<string> {
  const { sqliteMigrationsDir, postgresMigrationsDir } = await import("./db-schemas.mjs");
  if (provider === "sqlite") {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "bench-progress-db-")), "bench.db");
    const sqlite = new Database(file);
    for (const dir of readdirSync(sqliteMigrationsDir)
      .filter((d) => /^\d+_/.test(d))
      .sort())
      sqlite.exec(readFileSync(path.join(sqliteMigrationsDir, dir, "migration.sql"), "utf8"));
    sqlite.close();
    return `file:${file}`;
  }
  const { migrate } = await import("./migrate-postgres.mjs");
  const name = `etcd_academy_bench_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.pathname = `/${name}`;
  await migrate(url.toString(), postgresMigrationsDir);
  return url.toString();
}

/** Deletes the fresh database: its temporary directory, or the database on a server that may not be ours. */
async function removeDatabase(url: string): Promise<void> {
  if (url.startsWith("file:")) rmSync(path.dirname(url.slice("file:".length)), { recursive: true, force: true });
  else await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`));
}

async function measureDatabase(provider: Provider): Promise<DatabaseFigures> {
  if (provider === "postgresql" && !process.env.TEST_POSTGRES_URL) throw new Error("--db postgresql needs TEST_POSTGRES_URL");
  const url = await freshDatabase(provider);
  process.env.DATABASE_URL = url;
  try {
    const server = await serverModules();
    try {
      return await visitAll(server, provider);
    } finally {
      await server.db.$disconnect();
    }
  } finally {
    await removeDatabase(url);
  }
}

/** The warm-up learner, then all the others at once. */
async function visitAll(server: Server, provider: Provider): Promise<DatabaseFigures> {
  // One more learner than measured: the first visit warms the connections, Prisma and the engine.
  const visits = plans(server, LEARNERS + 1);
  const users = await Promise.all(
    visits.map((_, n) => server.db.user.create({ data: { email: `bench${n}@example.com`, name: `Learner ${n}`, passwordHash: "x" } })),
  );
  await learnerVisit(server, users[LEARNERS]!, visits[LEARNERS]!, undefined);

  const t: Timings = { start: [], answer: [], submit: [], claim: [] };
  const started = performance.now();
  await Promise.all(users.slice(0, LEARNERS).map((user, n) => learnerVisit(server, user, visits[n]!, t)));
  const wallMs = performance.now() - started;
  const count = OPERATIONS.reduce((s, op) => s + t[op].length, 0);
  const version = async () =>
    (await withAdmin((admin) => admin.query<{ server_version: string }>("SHOW server_version"))).rows[0]!.server_version;
  return {
    provider,
    ...(provider === "postgresql" ? { server: await version(), poolSize: server.databaseEnv().DATABASE_POOL_SIZE } : {}),
    learners: LEARNERS,
    answersPerLearner: visits[0]!.answers.length,
    wallMs: Math.round(wallMs),
    opsPerS: Math.round(count / (wallMs / 1000)),
    ops: Object.fromEntries(OPERATIONS.map((op) => [op, latency(t[op])])) as Record<Operation, Latency>,
  };
}

async function child(provider: Provider, out: string): Promise<void> {
  try {
    writeFileSync(out, JSON.stringify(await measureDatabase(provider)));
  } catch (error) {
    writeFileSync(out, JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    throw error;
  }
}

// ───────────────────────────────────────────── the parent: both databases, the replays, the table

type DatabaseOutcome = DatabaseFigures | { provider: Provider; skipped: string } | { provider: Provider; failed: string };

/** Runs a command, its output shown as it comes; resolves with its exit code and the tail of its stderr. */
function run(command: string, argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(command, argv, { env, stdio: ["ignore", "inherit", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
}

/** A TCP port nobody listens on now, so the throwaway server does not collide with a test run's (54329). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function measureIn(provider: Provider, dir: string): Promise<DatabaseOutcome> {
  const out = path.join(dir, `${provider}.json`);
  const self = [...process.execArgv, process.argv[1]!, "--db", provider, "--out", out, "--learners", String(LEARNERS)];
  const env = { ...process.env };
  let result: { code: number; stderr: string };
  if (provider === "sqlite") {
    delete env.TEST_POSTGRES_URL;
    result = await run(process.execPath, self, env);
  } else if (env.TEST_POSTGRES_URL) {
    result = await run(process.execPath, self, env);
  } else {
    // The script's `run` mode starts the server, runs us with TEST_POSTGRES_URL set, then stops and deletes it.
    env.PG_TEST_PORT = String(await freePort());
    result = await run("bash", ["scripts/postgres-test-server.sh", "run", process.execPath, ...self], env);
  }
  if (!existsSync(out)) {
    const reason = result.stderr.trim().split("\n").filter(Boolean).slice(-2).join(" ") || `exit code ${result.code}`;
    return { provider, skipped: reason };
  }
  const figures = JSON.parse(readFileSync(out, "utf8")) as DatabaseFigures | { error: string };
  return "error" in figures ? { provider, failed: figures.error } : figures;
}

const NAMES: Record<Provider, string> = { sqlite: "SQLite", postgresql: "PostgreSQL" };

function printDatabases(results: readonly DatabaseOutcome[]): void {
  const header = `${"database".padEnd(12)}${"operation".padEnd(11)}${"count".padStart(6)}${"p50 ms".padStart(9)}${"p95 ms".padStart(9)}${"max ms".padStart(9)}`;
  console.log(header);
  for (const r of results) {
    if ("skipped" in r || "failed" in r) {
      console.log(
        `${NAMES[r.provider].padEnd(12)}${"skipped" in r ? `skipped, the server did not start: ${r.skipped}` : `FAILED: ${r.failed}`}`,
      );
      continue;
    }
    OPERATIONS.forEach((op, i) => {
      const l = r.ops[op];
      const name = i === 0 ? NAMES[r.provider] : "";
      console.log(
        `${name.padEnd(12)}${op.padEnd(11)}${String(l.samples).padStart(6)}${l.p50.toFixed(1).padStart(9)}${l.p95.toFixed(1).padStart(9)}${l.max.toFixed(1).padStart(9)}`,
      );
    });
    const count = OPERATIONS.reduce((s, op) => s + r.ops[op].samples, 0);
    const server = r.server ? `; PostgreSQL ${r.server}, pool of ${r.poolSize}` : "";
    console.log(`${"".padEnd(12)}all ${count} operations in ${(r.wallMs / 1000).toFixed(1)} s wall: ${r.opsPerS} ops/s${server}`);
  }
}

function printReplays(replays: Record<string, ReplayFigures>): void {
  console.log(
    `\nServer-side replay of a 30-virtual-minute run (verifyLabRun from a session booted ahead: the cold one, the median of the ${WARMING_REPLAYS} after it, then median and max of ${REPLAYS} more; and the median of ${REPLAYS} that boot first)\n` +
      `${"lab".padEnd(20)}${"inputs".padStart(7)}${"replayed".padStart(10)}${"boot ms".padStart(9)}${"cold ms".padStart(9)}${"warming".padStart(9)}${"median ms".padStart(11)}${"max ms".padStart(9)}${"+boot ms".padStart(10)}   target`,
  );
  for (const [lab, r] of Object.entries(replays)) {
    const verdict = r.maxMs < REPLAY_TARGET_MS ? "met" : r.medianMs < REPLAY_TARGET_MS ? "median met, max over" : "OVER";
    console.log(
      `${lab.padEnd(20)}${String(r.inputs).padStart(7)}${clock(r.replayedMs).padStart(10)}${r.bootMs.toFixed(1).padStart(9)}${r.coldMs.toFixed(1).padStart(9)}${r.warmingMs.toFixed(1).padStart(9)}${r.medianMs.toFixed(1).padStart(11)}${r.maxMs.toFixed(1).padStart(9)}${r.withBootMs.toFixed(1).padStart(10)}   < ${REPLAY_TARGET_MS} ms: ${verdict}`,
    );
  }
}

async function parent(): Promise<number> {
  // Everything here competes for the CPU: other work on the machine slows every figure, so say how busy it was.
  const loadAtStart = round1(loadavg()[0]!);
  const dir = mkdtempSync(path.join(tmpdir(), "bench-progress-"));
  try {
    const databases: DatabaseOutcome[] = [];
    if (!REPLAYS_ONLY) for (const provider of ["sqlite", "postgresql"] as const) databases.push(await measureIn(provider, dir));
    const replays = { "leader-election": measureReplay(leaderElectionRun()), "kubernetes-in-etcd": measureReplay(kubernetesInEtcdRun()) };

    const perLearner = databases.find((d): d is DatabaseFigures => "ops" in d)?.answersPerLearner ?? "?";
    console.log(
      `\nProgress benchmark (Node ${process.version}, ${cpus().length} CPUs, load ${loadAtStart} at start): ${LEARNERS} learners at once, each: start an attempt at ` +
        `"${QUIZ}", ${perLearner} answers, submit, claim a solved ${CLAIMED_LAB} run (after one warm-up learner)`,
    );
    if (loadAtStart > cpus().length / 2)
      console.log(`(the machine was busy before this started: expect slower figures than on an idle one)`);
    if (!REPLAYS_ONLY) printDatabases(databases);
    printReplays(replays);

    const report = {
      replaysOnly: REPLAYS_ONLY,
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      loadAtStart,
      learners: LEARNERS,
      databases: Object.fromEntries(databases.map(({ provider, ...figures }) => [provider, figures])),
      replay: { targetMs: REPLAY_TARGET_MS, ...replays },
    };
    mkdirSync("bench-results", { recursive: true });
    writeFileSync("bench-results/progress.json", JSON.stringify(report, null, 2));
    console.log("written: bench-results/progress.json");
    return databases.some((d) => "failed" in d) ? 1 : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const db = option("--db");
const out = option("--out");
if (db === "sqlite" || db === "postgresql") {
  if (!out) throw new Error("--db needs --out FILE");
  child(db, out).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parent().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
