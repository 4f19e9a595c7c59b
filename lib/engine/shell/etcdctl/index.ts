// etcdctl 3.4.23 (API v3) for the lab terminal: cobra's command lookup, flag parsing and
// help, global flags and their ETCDCTL_* environment variables, then the command itself.

import { Exit, type Command, type CommandContext, type Program } from "../program";
import { GLOBAL_FLAGS, Invocation, ExitCode } from "./client";
import { FlagError, parseFlags, type FlagSpec } from "./flags";
import { isoTime } from "./format";
import { ETCDCTL_HELP } from "./help-text";
import * as kv from "./kv";
import * as lease from "./lease";
import * as m from "./maintenance";

interface Node {
  run?: (inv: Invocation) => Program;
  flags?: FlagSpec[];
  /** Flags that the node's subcommands inherit (endpoint --cluster). */
  persistent?: FlagSpec[];
  children?: Record<string, Node>;
}

/** A command of etcdctl that this lab's etcd does not implement: a clear refusal, not a fake. */
function notInLab(what: string): Node {
  return {
    run: (inv) => {
      return (function* (): Program {
        return inv.fail(
          ExitCode.Error,
          `${what} is not available in this lab's etcd (it emulates the key-value, lease, watch, cluster and maintenance APIs)`,
        );
      })();
    },
  };
}

const group = (names: string[], what: string): Record<string, Node> => Object.fromEntries(names.map((n) => [n, notInLab(`${what} ${n}`)]));

const TREE: Node = {
  children: {
    get: { run: kv.get, flags: kv.GET_FLAGS },
    put: { run: kv.put, flags: kv.PUT_FLAGS },
    del: { run: kv.del, flags: kv.DEL_FLAGS },
    txn: { run: kv.txn, flags: kv.TXN_FLAGS },
    compaction: { run: kv.compaction, flags: kv.COMPACTION_FLAGS },
    watch: { run: kv.watch, flags: kv.WATCH_FLAGS },
    lease: {
      children: {
        grant: { run: lease.grant },
        revoke: { run: lease.revoke },
        timetolive: { run: lease.timetolive, flags: lease.TIMETOLIVE_FLAGS },
        list: { run: lease.list },
        "keep-alive": { run: lease.keepAlive, flags: lease.KEEPALIVE_FLAGS },
      },
    },
    member: {
      children: {
        add: { run: m.memberAdd, flags: m.MEMBER_ADD_FLAGS },
        remove: { run: m.memberRemove },
        update: { run: m.memberUpdate, flags: m.MEMBER_UPDATE_FLAGS },
        list: { run: m.memberList },
        promote: { run: m.memberPromote },
      },
    },
    endpoint: {
      persistent: m.ENDPOINT_FLAGS,
      children: {
        health: { run: m.endpointHealth },
        status: { run: m.endpointStatus },
        hashkv: { run: m.endpointHashKV, flags: m.HASHKV_FLAGS },
      },
    },
    "move-leader": { run: m.moveLeader },
    alarm: { children: { disarm: { run: m.alarmDisarm }, list: { run: m.alarmList } } },
    defrag: { run: m.defrag, flags: m.DEFRAG_FLAGS },
    snapshot: {
      children: {
        save: { run: m.snapshotSave },
        restore: { run: m.snapshotRestore, flags: m.RESTORE_FLAGS },
        status: { run: m.snapshotStatus },
      },
    },
    version: { run: m.version },
    auth: { children: group(["enable", "disable"], "auth") },
    user: { children: group(["add", "delete", "get", "grant-role", "list", "passwd", "revoke-role"], "user") },
    role: { children: group(["add", "delete", "get", "grant-permission", "list", "revoke-permission"], "role") },
    check: { children: group(["datascale", "perf"], "check") },
    completion: { children: group(["bash", "fish", "powershell", "zsh"], "completion") },
    elect: notInLab("elect"),
    lock: notInLab("lock"),
    "make-mirror": notInLab("make-mirror"),
    migrate: notInLab("migrate"),
    help: {},
  },
};

const HELP_FLAG: FlagSpec = { name: "help", short: "h", type: "bool", default: "false" };

/** Flags a node accepts: its own, inherited persistent ones, the globals and --help. */
function specsFor(chain: Node[]): FlagSpec[] {
  const node = chain[chain.length - 1]!;
  return [...GLOBAL_FLAGS, HELP_FLAG, ...chain.flatMap((n) => n.persistent ?? []), ...(node.flags ?? [])];
}

/** cobra's stripFlags: what is left of args once flags (and the values of non-boolean ones) are dropped. */
function stripFlags(args: string[], specs: FlagSpec[]): string[] {
  const bools = new Set(specs.filter((s) => s.type === "bool").flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]));
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") break;
    if (a.startsWith("--") && !a.includes("=") && !bools.has(a)) i++;
    else if (a.startsWith("-") && !a.startsWith("--") && !a.includes("=") && a.length === 2 && !bools.has(a)) i++;
    else if (!a.startsWith("-")) out.push(a);
  }
  return out;
}

/** Finds the command the arguments name, as cobra's Find does. */
function find(args: string[]): { chain: Node[]; path: string[]; rest: string[] } {
  const chain: Node[] = [TREE];
  const path: string[] = [];
  let rest = args;
  for (;;) {
    const node = chain[chain.length - 1]!;
    const words = stripFlags(rest, specsFor(chain));
    const next = words[0];
    const child = next === undefined ? undefined : node.children?.[next];
    if (!child) return { chain, path, rest };
    chain.push(child);
    path.push(next!);
    const at = rest.indexOf(next!);
    rest = [...rest.slice(0, at), ...rest.slice(at + 1)];
  }
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

function suggestions(word: string): string {
  const names = Object.keys(TREE.children!).filter((n) => n !== "help");
  const found = names.filter((n) => levenshtein(word, n) <= 2 || n.startsWith(word));
  return found.length > 0 ? `\n\nDid you mean this?\n${found.map((n) => `\t${n}\n`).join("")}` : "";
}

function help(path: string): string {
  return ETCDCTL_HELP[path] ?? ETCDCTL_HELP[""]!;
}

/** capnslog's line prefix: "2026-11-25 11:09:27.229899 C | pkg/flags: ". */
function capnslog(ctx: CommandContext, level: "C" | "W", message: string): void {
  const iso = isoTime(ctx.shell.cluster.nowUnixMs);
  ctx.io.err(`${iso.slice(0, 10)} ${iso.slice(11, 23)}000 ${level} | pkg/flags: ${message}\n`);
}

/** ETCDCTL_* variables etcdctl reads besides the global flags. */
const OTHER_ENV = new Set(["ETCDCTL_API", "ETCDCTL_WATCH_KEY", "ETCDCTL_WATCH_RANGE_END"]);

/** ETCDCTL_<FLAG> variables set the global flags a command line does not (etcd's pkg/flags). */
function applyEnv(ctx: CommandContext, values: Map<string, string>): void {
  const known = new Set(OTHER_ENV);
  for (const spec of GLOBAL_FLAGS) {
    const name = `ETCDCTL_${spec.name.toUpperCase().replace(/-/g, "_")}`;
    known.add(name);
    const env = ctx.env.get(name);
    if (env === undefined) continue;
    if (values.has(spec.name)) {
      capnslog(
        ctx,
        "C",
        `conflicting environment variable ${JSON.stringify(name)} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)`,
      );
      throw new Exit(ExitCode.Error);
    }
    values.set(spec.name, env);
  }
  for (const [name, value] of ctx.env) {
    if (name.startsWith("ETCDCTL_") && !known.has(name)) capnslog(ctx, "W", `unrecognized environment variable ${name}=${value}`);
  }
}

export const etcdctl: Command = function* (ctx) {
  const api = ctx.env.get("ETCDCTL_API");
  if (api !== undefined && api !== "" && api !== "3") {
    if (api === "2") ctx.io.err("Error: this lab emulates etcdctl's v3 API only: run it with ETCDCTL_API=3 (the default in etcd 3.4)\n");
    else ctx.io.err(`unsupported API version ${api}\n`);
    return 1;
  }
  const args = ctx.argv.slice(1);
  const { chain, path, rest } = find(args);
  const node = chain[chain.length - 1]!;
  const name = path.join(" ");
  if (path.length === 0) {
    const words = stripFlags(rest, specsFor(chain));
    if (words.length > 0) {
      const message = `unknown command ${JSON.stringify(words[0])} for "etcdctl"${suggestions(words[0]!)}`;
      ctx.io.err(`Error: ${message}\nRun 'etcdctl --help' for usage.\nError: ${message}\n`);
      return ExitCode.Error;
    }
  }
  const specs = specsFor(chain);
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(rest, specs);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    // cobra prints the usage (etcdctl's goes to stdout) and the error; etcdctl prints it again.
    ctx.io.out(help(name));
    ctx.io.err(`Error: ${error.message}\n\nError: ${error.message}\n`);
    return ExitCode.Error;
  }
  if (parsed.values.get("help") === "true" || parsed.values.get("help") === "1") {
    ctx.io.out(help(name));
    return 0;
  }
  if (name === "help") {
    const topic = find(parsed.positional);
    ctx.io.out(help(topic.path.join(" ")));
    return 0;
  }
  if (!node.run) {
    ctx.io.out(help(name));
    return 0;
  }
  applyEnv(ctx, parsed.values);
  const inv = new Invocation(ctx, name, parsed.positional, parsed.values, specs);
  // With --user, clientv3 authenticates first; this cluster has authentication off, which it only warns about.
  if (inv.flag("user") !== "" && inv.server())
    inv.warn("rpc error: code = FailedPrecondition desc = etcdserver: authentication is not enabled");
  try {
    return yield* node.run(inv);
  } catch (error) {
    if (error instanceof Exit) return error.code;
    throw error;
  }
};
