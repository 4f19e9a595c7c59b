// A result that arrives later in virtual time. The engine is single-threaded and
// deterministic, so instead of Promises (whose continuations run at the host's pleasure)
// a command waits on a Pending while its driver steps the world; see shell/program.ts.

import { EtcdError } from "./errors";

export class Pending<T> {
  state: "pending" | "ok" | "error" = "pending";
  value: T | undefined;
  error: EtcdError | undefined;
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

  reject(error: EtcdError): void {
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
