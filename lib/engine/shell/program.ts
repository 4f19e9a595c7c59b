// Commands as coroutines. A command is a generator that yields each Pending it waits on
// (a server's answer, a sleep, a watch event); the driver steps the simulated world until
// that Pending settles and resumes the command. Everything stays synchronous and
// deterministic, a command can be stopped at any yield (Ctrl-C, `timeout`) and its
// `finally` blocks still run.

import { Pending, wait, type Waitable } from "../etcd/pending";
import type { Shell } from "./shell";

export type Wait = Waitable;
export type Program = Generator<Wait, number, unknown>;

export { wait };

/** Settles when either settles (with no value: check which one). */
export function either(a: Wait, b: Wait): Wait {
  const p = new Pending<unknown>();
  a.onSettle(() => p.resolve(undefined));
  b.onSettle(() => p.resolve(undefined));
  return p;
}

export interface Io {
  stdin: string;
  out(text: string): void;
  err(text: string): void;
}

export interface CommandContext {
  /** argv[0] is the command's name. */
  argv: string[];
  env: ReadonlyMap<string, string>;
  io: Io;
  shell: Shell;
}

export type Command = (ctx: CommandContext) => Program;

/** Thrown inside a command to end it with an exit code (after its message was printed). */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Runs `program` until it finishes, yielding what it waits on; stops it (running its
 * `finally` blocks) when `stop` settles first. Returns the program's exit code, or
 * undefined when it was stopped.
 */
export function* runUntil(program: Program, stop: Wait): Generator<Wait, number | undefined, unknown> {
  let input: unknown;
  for (;;) {
    const r = program.next(input);
    if (r.done) return r.value;
    const w = r.value;
    if (!w.settled) yield either(w, stop);
    if (stop.settled && !w.settled) {
      program.return(0);
      return undefined;
    }
    input = undefined;
  }
}

/** Drives an execution to the end in one go, for callers that own the clock (tests, the headless runner). */
export interface Driver {
  /** Steps the world until `w` settles. */
  until(w: Wait): void;
}
