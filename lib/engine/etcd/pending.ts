// A result that arrives later in virtual time. The engine is single-threaded and
// deterministic, so instead of Promises (whose continuations run at the host's pleasure)
// a command waits on a Pending while its driver steps the world; see shell/program.ts.

import { EtcdError } from "./errors";

/** E: the errors it may end with (etcd's by default; the Kubernetes layer has its own). */
export class Pending<T, E extends Error = EtcdError> {
  state: "pending" | "ok" | "error" = "pending";
  value: T | undefined;
  error: E | undefined;
  private readonly listeners: Array<() => void> = [];

  get settled(): boolean {
    return this.state !== "pending";
  }

  resolve(value: T): void {
    if (this.settled) return;
    this.state = "ok";
    this.value = value;
    this.fire();
  }

  reject(error: E): void {
    if (this.settled) return;
    this.state = "error";
    this.error = error;
    this.fire();
  }

  /** Calls `listener` once settled (at once if it already is). */
  onSettle(listener: () => void): void {
    if (this.settled) listener();
    else this.listeners.push(listener);
  }

  /** The value, or throws the error; only once settled. */
  unwrap(): T {
    if (this.state === "error") throw this.error!;
    if (this.state === "pending") throw new Error("Pending.unwrap before it settled");
    return this.value as T;
  }

  static resolved<T>(value: T): Pending<T> {
    const p = new Pending<T>();
    p.resolve(value);
    return p;
  }

  static rejected<T>(error: EtcdError): Pending<T> {
    const p = new Pending<T>();
    p.reject(error);
    return p;
  }

  /** Runs `fn` now, turning a thrown EtcdError into a rejected Pending. */
  static attempt<T>(fn: () => T): Pending<T> {
    try {
      return Pending.resolved(fn());
    } catch (error) {
      if (error instanceof EtcdError) return Pending.rejected(error);
      throw error;
    }
  }

  private fire(): void {
    for (const l of this.listeners.splice(0)) l();
  }
}

/** Anything a coroutine waits on. */
export type Waitable = Pending<unknown, Error>;

/** Waits for `p` inside a coroutine and returns its value, or throws its error. */
export function* wait<T, E extends Error>(p: Pending<T, E>): Generator<Waitable, T, unknown> {
  if (!p.settled) yield p;
  return p.unwrap();
}

/**
 * Runs a coroutine on its own: each time what it waits on settles (inside the world's
 * event that settled it), it goes on. The simulated processes (an API server handling a
 * request, a controller's loop) are such coroutines. Errors of type `catchable` end it as
 * a rejected Pending; any other error is a bug and propagates.
 */
export function spawn<T, E extends Error>(task: Generator<Waitable, T, unknown>, catchable: new (...args: never[]) => E): Pending<T, E> {
  const result = new Pending<T, E>();
  const step = () => {
    for (;;) {
      let r: IteratorResult<Waitable, T>;
      try {
        r = task.next();
      } catch (error) {
        if (error instanceof catchable) return result.reject(error);
        throw error;
      }
      if (r.done) return result.resolve(r.value);
      if (!r.value.settled) return r.value.onSettle(step);
    }
  };
  step();
  return result;
}
