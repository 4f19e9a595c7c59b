// What an etcdctl invocation knows: its global flags, its output format, and a clientv3
// connection to the endpoints. Requests wait in virtual time; failures print what
// etcdctl 3.4.23 prints (clientv3's retry-interceptor warning on stderr, then "Error: ...")
// and exit with cobrautl's codes.

import { hashString } from "../../sim/rng";
import type { EtcdCluster, ServerConfig } from "../../etcd/cluster";
import { EtcdError } from "../../etcd/errors";
import type { Pending } from "../../etcd/pending";
import { Exit, wait, type CommandContext, type Wait } from "../program";
import { boolValue, parseGoDuration, type FlagSpec, type FlagValues } from "./flags";
import { goJsonString, isoTime } from "./format";

/** cobrautl's exit codes. */
export const ExitCode = {
  Success: 0,
  Error: 1,
  BadConnection: 2,
  InvalidInput: 3,
  BadFeature: 4,
  Interrupted: 5,
  IO: 6,
  BadArgs: 128,
} as const;

export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: "cacert", type: "string", default: "" },
  { name: "cert", type: "string", default: "" },
  { name: "command-timeout", type: "duration", default: "5s" },
  { name: "debug", type: "bool", default: "false" },
  { name: "dial-timeout", type: "duration", default: "2s" },
  { name: "discovery-srv", short: "d", type: "string", default: "" },
  { name: "discovery-srv-name", type: "string", default: "" },
  { name: "endpoints", type: "stringSlice", default: "127.0.0.1:2379" },
  { name: "hex", type: "bool", default: "false" },
  { name: "insecure-discovery", type: "bool", default: "true" },
  { name: "insecure-skip-tls-verify", type: "bool", default: "false" },
  { name: "insecure-transport", type: "bool", default: "true" },
  { name: "keepalive-time", type: "duration", default: "2s" },
  { name: "keepalive-timeout", type: "duration", default: "6s" },
  { name: "key", type: "string", default: "" },
  { name: "password", type: "string", default: "" },
  { name: "user", type: "string", default: "" },
  { name: "write-out", short: "w", type: "string", default: "simple" },
];

/** One way across the loopback interface, with gRPC's framing. */
const LOOPBACK_MS = 0.15;

export type OutputFormat = "simple" | "json" | "fields" | "table" | "protobuf";

export class Invocation {
  readonly cluster: EtcdCluster;
  private clientSeq = 0;

  constructor(
    readonly ctx: CommandContext,
    readonly path: string,
    readonly args: string[],
    private readonly values: FlagValues,
    private readonly specs: readonly FlagSpec[],
  ) {
    this.cluster = ctx.shell.cluster;
  }

  /** A nested command with its own flags (a txn's get/put/del lines), sharing this invocation's globals. */
  child(path: string, args: string[], values: FlagValues, specs: readonly FlagSpec[]): Invocation {
    const merged = new Map(this.values);
    for (const [k, v] of values) merged.set(k, v);
    return new Invocation(this.ctx, path, args, merged, [...this.specs, ...specs]);
  }

  // -------------------------------------------------------------- flags

  flag(name: string): string {
    const v = this.values.get(name);
    if (v !== undefined) return v;
    return this.specs.find((s) => s.name === name)?.default ?? "";
  }

  isSet(name: string): boolean {
    return this.values.has(name);
  }

  bool(name: string): boolean {
    return boolValue(this.flag(name));
  }

  int(name: string): number {
    return Number(this.flag(name));
  }

  durationMs(name: string): number {
    const d = parseGoDuration(this.flag(name));
    return typeof d === "number" ? d : 0;
  }

  get hex(): boolean {
    return this.bool("hex");
  }

  get endpoints(): string[] {
    return this.flag("endpoints")
      .split(",")
      .map((e) => e.trim())
      .filter((e) => e !== "");
  }

  get commandTimeoutMs(): number {
    return this.durationMs("command-timeout");
  }

  // -------------------------------------------------------------- output

  out(text: string): void {
    this.ctx.io.out(text);
  }

  err(text: string): void {
    this.ctx.io.err(text);
  }

  /** cobrautl.ExitWithError: "Error: <message>" and the exit code. */
  fail(code: number, message: string): never {
    this.err(`Error: ${message}\n`);
    throw new Exit(code);
  }

  /** The printer etcdctl would make for -w; unknown formats end the command (exit 4). */
  format(): OutputFormat {
    const f = this.flag("write-out");
    if (f === "simple" || f === "json" || f === "fields" || f === "table" || f === "protobuf") return f;
    return this.fail(ExitCode.BadFeature, "unsupported output format");
  }

  /** printerUnsupported: the request was made, but the format cannot show its answer. */
  unsupported(format: string): never {
    return this.fail(ExitCode.BadFeature, `${format} not supported as output format`);
  }

  // -------------------------------------------------------------- connection

  /** A clientv3 client's target, as its log lines name it (the endpoint without its scheme). */
  target(endpoint: string): string {
    endpoint = endpoint.replace(/^[a-z]+:\/\//, "");
    const h = (n: number) => (hashString(`${this.cluster.nowMs}/${endpoint}/${n}/${this.clientSeq}`) >>> 0).toString(16).padStart(8, "0");
    const uuid = `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-a${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
    return `endpoint://client-${uuid}/${endpoint}`;
  }

  /** clientv3's retry interceptor logs every failed unary call at warn level, on stderr. */
  warn(error: string, target?: string): void {
    this.clientSeq++;
    const t = target ?? this.target(this.endpoints[0] ?? "");
    this.err(
      `{"level":"warn","ts":"${isoTime(this.cluster.nowUnixMs)}","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":${goJsonString(t)},"attempt":0,"error":${goJsonString(error)}}\n`,
    );
  }

  /** The member serving this client: the first endpoint whose server accepts connections. */
  server(endpoints = this.endpoints): ServerConfig | undefined {
    for (const e of endpoints) {
      const s = this.cluster.configByAddr(e);
      if (s && this.cluster.isUp(s.id)) return s;
    }
    return undefined;
  }

  /** Waits virtual time (the client stuck dialing until its deadline). */
  *sleep(ms: number): Generator<Wait, void, unknown> {
    yield* wait(this.ctx.shell.sleep(ms));
  }

  /**
   * One unary request to the cluster, with the command timeout. Returns the answer, or
   * prints what etcdctl prints and ends the command with `exitCode`. `describe` turns the
   * error message into etcdctl's (some commands wrap it: "failed to revoke lease (...)").
   */
  *unary<T>(
    call: (memberId: string) => Pending<T>,
    options: { exitCode?: number; describe?: (message: string) => string; endpoints?: string[]; readTimeoutUnknown?: boolean } = {},
  ): Generator<Wait, T, unknown> {
    const result = yield* this.tryUnary(call, options);
    if ("value" in result) return result.value;
    this.fail(options.exitCode ?? ExitCode.Error, (options.describe ?? ((m: string) => m))(result.message));
  }

  /** As unary, but hands a failure back (after the warning line) instead of ending the command. */
  *tryUnary<T>(
    call: (memberId: string) => Pending<T>,
    options: { endpoints?: string[]; readTimeoutUnknown?: boolean; target?: string } = {},
  ): Generator<Wait, { value: T } | { message: string }, unknown> {
    const endpoints = options.endpoints ?? this.endpoints;
    const deadline = this.cluster.nowMs + this.commandTimeoutMs;
    const server = this.server(endpoints);
    if (!server) {
      yield* this.sleep(this.commandTimeoutMs);
      // A single-endpoint client (passthrough) reports the dial error itself; a balancer, its state.
      const hostPort = (endpoints[0] ?? "").replace(/^[a-z]+:\/\//, "");
      const detail = options.target?.startsWith("passthrough:")
        ? `connection error: desc = "transport: Error while dialing dial tcp ${hostPort}: connect: connection refused"`
        : "all SubConns are in TransientFailure";
      this.warn(
        `rpc error: code = DeadlineExceeded desc = latest balancer error: ${detail}`,
        options.target ?? this.target(endpoints[0] ?? ""),
      );
      return { message: "context deadline exceeded" };
    }
    // The request and its answer cross the loopback interface: a fraction of a millisecond each way.
    yield* this.sleep(Math.min(LOOPBACK_MS, Math.max(0, deadline - this.cluster.nowMs)));
    if (this.cluster.nowMs >= deadline) {
      this.warn("rpc error: code = DeadlineExceeded desc = context deadline exceeded", options.target ?? this.target(endpoints[0] ?? ""));
      return { message: "context deadline exceeded" };
    }
    const p = this.cluster.deadline(call(server.id), deadline);
    try {
      const value = yield* wait(p);
      yield* this.sleep(LOOPBACK_MS);
      return { value };
    } catch (error) {
      if (!(error instanceof EtcdError)) throw error;
      const target = options.target ?? this.target(endpoints[0] ?? "");
      if (error.code === "DeadlineExceeded" && options.readTimeoutUnknown) {
        // A linearizable read's server context expires with the client's: it answers "Unknown".
        const message = "rpc error: code = Unknown desc = context deadline exceeded";
        this.warn(message, target);
        return { message };
      }
      this.warn(`rpc error: code = ${error.code} desc = ${error.message}`, target);
      return { message: error.message };
    }
  }
}
