// Replays a recording of real etcd 3.4.23 sessions through the lab engine and compares
// each command's stdout, stderr and exit code after masking what truly varies between
// two runs of the real thing: wall-clock timestamps, client UUIDs, durations, lease ids
// (they embed the server's start time) and, where the storage layout differs, DB sizes.

import { Lab } from "../../lib/engine/shell/lab";

export interface Entry {
  cmd?: string;
  stdin?: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  directive?: string;
}

export interface Recording {
  family: string;
  setup: { members: number; quotaBackendBytes: number | null };
  entries: Entry[];
}

export interface Outcome {
  cmd: string;
  match: boolean;
  expected: { stdout: string; stderr: string; exitCode: number };
  actual: { stdout: string; stderr: string; exitCode: number };
}

/** Numbers every unknown 64-bit id in order of appearance, so two runs compare by use, not value. */
class IdMasker {
  private readonly seen = new Map<string, string>();

  constructor(private readonly known: Set<string>) {}

  mask(text: string): string {
    return text.replace(/\b(?:[0-9a-f]{16}|\d{17,20})\b/g, (id) => {
      const key = /^\d+$/.test(id) ? BigInt(id).toString(16).padStart(16, "0") : id;
      if (this.known.has(key.replace(/^0+/, ""))) return id;
      let name = this.seen.get(key);
      if (!name) {
        name = `<ID${this.seen.size + 1}>`;
        this.seen.set(key, name);
      }
      return name;
    });
  }
}

/** Table borders and padding depend on the widths of masked cells: compare tables without them. */
function normalizeTables(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^[+|]/.test(line) ? line.replace(/-{2,}/g, "-").replace(/ {2,}/g, " ") : line))
    .join("\n");
}

export function maskOutput(text: string, ids: IdMasker, options: { sizes: boolean; snapshotHash: boolean }): string {
  let t = text
    .replace(/"ts":"[^"]*"/g, '"ts":"<TS>"')
    .replace(/"ts":[0-9.e+]+/g, '"ts":<TS>')
    .replace(/client-[0-9a-f-]{36}/g, "client-<UUID>")
    // Without a quorum, whether the server's context (Unknown) or the client's deadline
    // (DeadlineExceeded) expires first is a race that real etcd loses either way.
    .replace(/(rpc error: )?code = (Unknown|DeadlineExceeded) desc = context deadline exceeded/g, "context deadline exceeded")
    .replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} /gm, "<TIME> ")
    .replace(/took = [0-9.]+(ns|µs|ms|s)/g, "took = <DUR>")
    .replace(/"took":"[^"]*"/g, '"took":"<DUR>"')
    .replace(/"took":[0-9.e-]+/g, '"took":<DUR>')
    .replace(/\| +[0-9.]+(ns|µs|ms|s) \|/g, "| <DUR> |")
    .replace(/"Took" : .*/g, '"Took" : <DUR>')
    // Go panics print goroutine arguments and program counters that differ per build and run.
    .replace(/0x[0-9a-f]+/g, "0x?");
  if (options.snapshotHash) {
    // A snapshot's hash is over bbolt's file, whose page layout the model does not reproduce.
    t = t
      .replace(/^[0-9a-f]{8}, /gm, "<HASH>, ")
      .replace(/^\| [0-9a-f]{8} \|/gm, "| <HASH> |")
      .replace(/^\{"hash":\d+,/gm, '{"hash":<HASH>,');
  }
  if (options.sizes) {
    t = t
      .replace(/\b\d+(\.\d)? (B|kB|MB|GB)\b/g, "<SIZE>")
      .replace(/"(dbSize|dbSizeInUse|totalSize|size)":\d+/g, '"$1":<SIZE>')
      .replace(/"(DBSize|Size)" : \d+/g, '"$1" : <SIZE>');
  }
  return normalizeTables(ids.mask(t));
}

/** Families whose DB sizes differ from the model's (bbolt's page layout for large values). */
const SIZE_MASKED = new Set(["quota"]);

/**
 * The recorder starts a multi-member session by moving leadership to infra1, and prints
 * which member led before. Boot the simulated cluster from the first seed that elects that
 * same member, so both sessions start from the same state.
 */
function bootLike(rec: Recording): Lab {
  const options = { members: rec.setup.members, quotaBackendBytes: rec.setup.quotaBackendBytes ?? undefined };
  const first = rec.entries.find((e) => e.cmd);
  const leader = /Leadership transferred from (\w+) to/.exec(first?.stdout ?? "")?.[1];
  for (let seed = 1; seed <= 50; seed++) {
    const lab = new Lab({ ...options, seed }).boot();
    if (!leader || lab.cluster.leaderId() === leader) return lab;
  }
  throw new Error(`no seed elects ${leader} first`);
}

export function replay(rec: Recording): Outcome[] {
  const lab = bootLike(rec);
  const known = new Set<string>([lab.cluster.layout.clusterId, ...lab.cluster.serverConfigs().map((s) => s.id)]);
  const expectedIds = new IdMasker(known);
  const actualIds = new IdMasker(known);
  const sizes = SIZE_MASKED.has(rec.family);
  const outcomes: Outcome[] = [];
  for (const e of rec.entries) {
    if (e.directive) {
      const [verb, arg] = e.directive.split(" ");
      if (verb === "wait") lab.cluster.runFor(Number(arg));
      else if (verb === "kill") lab.run(`cluster kill ${arg}`);
      else if (verb === "stop") lab.run(`cluster stop ${arg}`);
      else if (verb === "restart") {
        lab.run(`cluster start ${arg}`);
        lab.cluster.runFor(1000);
      }
      continue;
    }
    // The recorder killed a command that did not end in 30 s: nothing to compare.
    if (e.exitCode === 137) continue;
    const actual = lab.run(e.cmd!, e.stdin ?? "");
    const expected = { stdout: e.stdout ?? "", stderr: e.stderr ?? "", exitCode: e.exitCode ?? 0 };
    // Health checks run concurrently and print in the order they finish, which varies.
    const unordered = /endpoint health/.test(e.cmd!);
    const m = (text: string, ids: IdMasker) => {
      const masked = maskOutput(text, ids, { sizes, snapshotHash: /snapshot status/.test(e.cmd!) });
      return unordered ? masked.split("\n").sort().join("\n") : masked;
    };
    const match =
      m(expected.stdout, expectedIds) === m(actual.stdout, actualIds) &&
      m(expected.stderr, expectedIds) === m(actual.stderr, actualIds) &&
      expected.exitCode === actual.exitCode;
    outcomes.push({ cmd: e.cmd!, match, expected, actual });
  }
  return outcomes;
}
