// The lab terminal's shell: runs a parsed command line (lists, pipelines, redirections,
// variables) over the commands it knows, with bash's messages and exit codes for what
// goes wrong. Pipelines run their commands one after another, each reading what the
// previous one wrote, which is what a learner can observe of a pipeline of
// non-interactive commands.

import type { EtcdCluster } from "../etcd/cluster";
import type { KubeCluster } from "../kube/cluster";
import { Pending } from "../etcd/pending";
import {
  expandWord,
  expandWords,
  parse,
  ShellSyntaxError,
  type CommandList,
  type SimpleCommand,
  type SubstOutput,
  type Word,
} from "./parse";
import { Exit, type Command, type Io, type Program, type Wait } from "./program";
import { Vfs, VfsError } from "./vfs";

export interface ShellOptions {
  cluster: EtcdCluster;
  /** The Kubernetes cluster on it, in labs that have one. */
  kube?: () => KubeCluster | undefined;
  /** A managed Kubernetes service: its etcd and control plane are the provider's. */
  managed?: boolean;
  commands: ReadonlyMap<string, Command>;
  env?: Record<string, string>;
  /** The machine's file system, when another shell (a second terminal) already has one. */
  vfs?: Vfs;
}

/** Lines kept by `history`. */
export const HISTORY_SIZE = 1000;

export class Shell {
  readonly cluster: EtcdCluster;
  private readonly kubeOf: () => KubeCluster | undefined;
  readonly managed: boolean;
  readonly vfs: Vfs;
  readonly env = new Map<string, string>();
  /** Variables set without `export`: visible to the shell's expansions, not to commands. */
  readonly locals = new Map<string, string>();
  readonly history: string[] = [];
  readonly commands: ReadonlyMap<string, Command>;
  lastStatus = 0;
  /** Set by `clear`; the terminal clears its screen and resets it. */
  clearRequested = false;

  constructor(options: ShellOptions) {
    this.cluster = options.cluster;
    this.kubeOf = options.kube ?? (() => undefined);
    this.managed = options.managed ?? false;
    this.commands = options.commands;
    this.vfs = options.vfs ?? new Vfs();
    const defaults: Record<string, string> = {
      HOME: "/root",
      PWD: "/root",
      USER: "root",
      SHELL: "/bin/bash",
      PATH: "/usr/local/bin:/usr/bin:/bin",
      ETCDCTL_API: "3",
    };
    for (const [k, v] of Object.entries({ ...defaults, ...options.env })) this.env.set(k, v);
  }

  get kube(): KubeCluster | undefined {
    return this.kubeOf();
  }

  lookup = (name: string): string | undefined => {
    if (name === "?") return String(this.lastStatus);
    return this.locals.get(name) ?? this.env.get(name);
  };

  /** A Pending that settles after `ms` of virtual time (sleep, timeout). */
  sleep(ms: number): Pending<void> {
    const p = new Pending<void>();
    this.cluster.at(this.cluster.nowMs + ms, () => p.resolve(undefined));
    return p;
  }

  /** Starts running a command line; the caller drives it (see Execution). */
  execute(line: string, out: (text: string) => void, err: (text: string) => void, stdin = ""): Execution {
    const trimmed = line.trim();
    if (trimmed !== "") {
      this.history.push(line);
      if (this.history.length > HISTORY_SIZE) this.history.shift();
    }
    return new Execution(this.runLine(line, { stdin, out, err }));
  }

  private *runLine(line: string, io: Io): Program {
    let list: CommandList;
    try {
      list = parse(line);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      io.err(`${error.message}\n`);
      this.lastStatus = 2;
      return 2;
    }
    let status = this.lastStatus;
    let skip = false;
    for (const item of list.items) {
      if (!skip) {
        status = yield* this.runPipeline(item.pipeline, io);
        this.lastStatus = status;
      }
      skip = (item.next === "&&" && status !== 0) || (item.next === "||" && status === 0);
      // A skipped command passes the status on: `false && a || b` runs b.
    }
    return status;
  }

  private *runPipeline(pipeline: SimpleCommand[], io: Io): Program {
    let input = io.stdin;
    let status = 0;
    for (let i = 0; i < pipeline.length; i++) {
      const last = i === pipeline.length - 1;
      let captured = "";
      const stage: Io = last ? { ...io, stdin: input } : { stdin: input, out: (t) => (captured += t), err: io.err };
      status = yield* this.runSimple(pipeline[i]!, stage);
      input = captured;
    }
    return status;
  }

  /** Runs the command substitutions in the command's words, in order, for expansion to use. */
  private *substitutions(cmd: SimpleCommand, io: Io): Generator<Wait, SubstOutput, unknown> {
    const outputs = new Map<object, string>();
    const words: Word[] = [
      ...cmd.assignments.map((a) => a.value),
      ...cmd.words,
      ...cmd.redirects.flatMap((r) => (typeof r.target === "object" ? [r.target] : [])),
    ];
    for (const word of words) {
      for (const part of word) {
        if (part.kind !== "subst") continue;
        let out = "";
        yield* this.runLine(part.source, { stdin: "", out: (t) => (out += t), err: io.err });
        // A shell variable is a C string: bash drops the NULs (printf '\0' makes them) and says so.
        if (out.includes("\0")) {
          io.err("bash: warning: command substitution: ignored null byte in input\n");
          out = out.replaceAll("\0", "");
        }
        outputs.set(part, out);
      }
    }
    return (part) => outputs.get(part) ?? "";
  }

  private *runSimple(cmd: SimpleCommand, io: Io): Program {
    const subst = yield* this.substitutions(cmd, io);
    const words = expandWords(cmd.words, this.lookup, subst);
    const assignments = cmd.assignments.map((a) => [a.name, expandWord(a.value, this.lookup, subst)] as const);
    if (words.length === 0) {
      for (const [name, value] of assignments) {
        if (this.env.has(name)) this.env.set(name, value);
        else this.locals.set(name, value);
      }
      return 0;
    }
    let redirected: Io;
    let flush: () => void;
    try {
      [redirected, flush] = this.redirect(cmd, io, subst);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      io.err(`bash: ${error.message}\n`);
      return 1;
    }
    const env = new Map(this.env);
    for (const [name, value] of assignments) env.set(name, value);
    const name = words[0]!;
    const command = this.commands.get(name);
    if (!command) {
      redirected.err(`${name}: command not found\n`);
      flush();
      return 127;
    }
    try {
      return yield* command({ argv: words, env, io: redirected, shell: this });
    } catch (error) {
      if (error instanceof Exit) return error.code;
      throw error;
    } finally {
      flush();
    }
  }

  /** Applies the command's redirections in order; `flush` writes captured output to its files. */
  private redirect(cmd: SimpleCommand, io: Io, subst: SubstOutput): [Io, () => void] {
    const out = { ...io };
    const files: Array<{ path: string; text: string; append: boolean }> = [];
    for (const r of cmd.redirects) {
      if (r.op === ">&") {
        const target = r.target === 1 ? out.out : out.err;
        if (r.fd === 1) out.out = target;
        else out.err = target;
        continue;
      }
      // bash reports it as it reports a file it cannot open: its message, status 1, the command not run.
      if (r.ambiguous !== undefined) throw new VfsError(`${r.ambiguous}: ambiguous redirect`);
      const path = expandWord(r.target as Word, this.lookup, subst);
      if (r.op === "<") {
        out.stdin = this.vfs.read(path);
        continue;
      }
      const file = { path, text: "", append: r.op === ">>" };
      // Opening for writing truncates (or creates) at once, as bash does.
      this.vfs.write(path, "", file.append);
      files.push(file);
      const sink = (t: string) => {
        file.text += t;
      };
      if (r.fd === 2) out.err = sink;
      else out.out = sink;
    }
    const flush = () => {
      for (const f of files) {
        try {
          this.vfs.write(f.path, f.text, true);
        } catch (error) {
          if (!(error instanceof VfsError)) throw error;
          io.err(`bash: ${error.message}\n`);
        }
      }
      files.length = 0;
    };
    return [out, flush];
  }
}

/** One command line being run: resume it whenever what it waits on has settled. */
export class Execution {
  finished = false;
  exitCode = 0;
  private current: Wait | undefined;

  constructor(private readonly program: Program) {}

  /** What the command waits on now (undefined once finished). */
  get waitingOn(): Wait | undefined {
    return this.finished ? undefined : this.current;
  }

  /** Runs the command as far as it can go without virtual time passing. */
  resume(): void {
    while (!this.finished && (!this.current || this.current.settled)) {
      const r = this.program.next();
      if (r.done) {
        this.finished = true;
        this.exitCode = r.value;
        return;
      }
      this.current = r.value;
    }
  }

  /** Ctrl-C: stops the command (its cleanup runs); bash reports 130. */
  interrupt(): void {
    if (this.finished) return;
    this.program.return(130);
    this.finished = true;
    this.exitCode = 130;
  }
}
