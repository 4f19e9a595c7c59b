// etcdctl get, put, del, txn, compaction and watch (ctlv3/command/{get,put,del,txn,
// compaction,watch}_command.go), over the simulated cluster.

import { fromText, prefixEnd, toText, FROM_KEY_END, type Bytes } from "../../etcd/bytes";
import type { Header } from "../../etcd/cluster";
import type {
  Compare,
  RangeRequest,
  RangeResponse,
  RequestOp,
  ResponseOp,
  SortOrder,
  SortTarget,
  TxnRequest,
  TxnResponse,
} from "../../etcd/kv";
import type { KeyValue } from "../../etcd/mvcc";
import type { WatchResponse } from "../../etcd/watch";
import { Exit, wait, type Program, type Wait } from "../program";
import { ExitCode, type Invocation } from "./client";
import { FlagError, parseFlags, type FlagSpec } from "./flags";
import { goJson, goUnquote, num } from "./format";
import { fieldsHeader, fieldsKv, jsonHeader, jsonKv, simpleKv } from "./output";

// ------------------------------------------------------------------ flags

export const GET_FLAGS: FlagSpec[] = [
  { name: "consistency", type: "string", default: "l" },
  { name: "order", type: "string", default: "" },
  { name: "sort-by", type: "string", default: "" },
  { name: "limit", type: "int", default: "0" },
  { name: "prefix", type: "bool", default: "false" },
  { name: "from-key", type: "bool", default: "false" },
  { name: "rev", type: "int", default: "0" },
  { name: "keys-only", type: "bool", default: "false" },
  { name: "print-value-only", type: "bool", default: "false" },
];

export const PUT_FLAGS: FlagSpec[] = [
  { name: "lease", type: "string", default: "0" },
  { name: "prev-kv", type: "bool", default: "false" },
  { name: "ignore-value", type: "bool", default: "false" },
  { name: "ignore-lease", type: "bool", default: "false" },
];

export const DEL_FLAGS: FlagSpec[] = [
  { name: "prefix", type: "bool", default: "false" },
  { name: "prev-kv", type: "bool", default: "false" },
  { name: "from-key", type: "bool", default: "false" },
];

export const TXN_FLAGS: FlagSpec[] = [{ name: "interactive", short: "i", type: "bool", default: "false" }];
export const COMPACTION_FLAGS: FlagSpec[] = [{ name: "physical", type: "bool", default: "false" }];
export const WATCH_FLAGS: FlagSpec[] = [
  { name: "interactive", short: "i", type: "bool", default: "false" },
  { name: "prefix", type: "bool", default: "false" },
  { name: "rev", type: "int", default: "0" },
  { name: "prev-kv", type: "bool", default: "false" },
];

/** Go's strconv.ParseInt(s, base, 64) error text, or the value. */
function parseInt64(text: string, base: 10 | 16): bigint | string {
  const ok = base === 16 ? /^[+-]?[0-9a-fA-F]+$/.test(text) : /^[+-]?\d+$/.test(text);
  if (!ok) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`;
  const neg = text.startsWith("-");
  const digits = text.replace(/^[+-]/, "");
  const v = BigInt(base === 16 ? `0x${digits}` : digits) * (neg ? -1n : 1n);
  if (v > (1n << 63n) - 1n || v < -(1n << 63n)) return `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`;
  return v;
}

export function parseUint64Hex(text: string): bigint | string {
  if (!/^\+?[0-9a-fA-F]+$/.test(text)) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: invalid syntax`;
  const v = BigInt(`0x${text.replace(/^\+/, "")}`);
  if (v >= 1n << 64n) return `strconv.ParseUint: parsing ${JSON.stringify(text)}: value out of range`;
  return v;
}

/** A lease id flag or argument (hex), as etcdctl parses it. */
export function parseLeaseId(inv: Invocation, text: string, what: string): bigint {
  const v = parseInt64(text, 16);
  if (typeof v === "string") return inv.fail(ExitCode.BadArgs, `${what} (${v}), expecting ID in Hex`);
  return v;
}

// ------------------------------------------------------------------ get

interface KeyRange {
  key: Bytes;
  rangeEnd: Bytes;
}

/** clientv3.WithPrefix / WithFromKey / an explicit range end. */
function keyRange(key: Bytes, rangeEnd: Bytes | undefined, prefix: boolean, fromKey: boolean): KeyRange {
  if (prefix) return key === "" ? { key: "\0", rangeEnd: "\0" } : { key, rangeEnd: prefixEnd(key) };
  if (fromKey) return { key: key === "" ? "\0" : key, rangeEnd: FROM_KEY_END };
  return { key, rangeEnd: rangeEnd ?? "" };
}

function getRequest(inv: Invocation, args: string[]): RangeRequest {
  if (args.length === 0) return inv.fail(ExitCode.BadArgs, "get command needs one argument as key and an optional argument as range_end");
  const prefix = inv.bool("prefix");
  const fromKey = inv.bool("from-key");
  if (prefix && fromKey) return inv.fail(ExitCode.BadArgs, "`--prefix` and `--from-key` cannot be set at the same time, choose one");
  if (prefix && args.length > 1) return inv.fail(ExitCode.BadArgs, "too many arguments, only accept one argument when `--prefix` is set.");
  if (fromKey && args.length > 1)
    return inv.fail(ExitCode.BadArgs, "too many arguments, only accept one argument when `--from-key` is set.");
  const consistency = inv.flag("consistency");
  if (consistency !== "l" && consistency !== "s")
    return inv.fail(ExitCode.BadFeature, `unknown consistency flag ${JSON.stringify(consistency)}`);
  const order = inv.flag("order").toUpperCase();
  let sortOrder: SortOrder = "NONE";
  if (order === "ASCEND" || order === "DESCEND") sortOrder = order;
  else if (order !== "") return inv.fail(ExitCode.BadFeature, `bad sort order ${inv.flag("order")}`);
  const targets: Record<string, SortTarget> = {
    CREATE: "CREATE",
    KEY: "KEY",
    MODIFY: "MOD",
    VALUE: "VALUE",
    VERSION: "VERSION",
    "": "KEY",
  };
  const sortTarget = targets[inv.flag("sort-by").toUpperCase()];
  if (!sortTarget) return inv.fail(ExitCode.BadFeature, `bad sort target ${inv.flag("sort-by")}`);
  // clientv3.WithSort: keys come back sorted by key anyway, so ascending by key is no sort.
  if (sortTarget === "KEY" && sortOrder === "ASCEND") sortOrder = "NONE";
  const range = keyRange(fromText(args[0]!), args[1] === undefined ? undefined : fromText(args[1]), prefix, fromKey);
  return {
    ...range,
    limit: inv.int("limit"),
    revision: inv.int("rev"),
    sortOrder,
    sortTarget,
    serializable: consistency === "s",
    keysOnly: inv.bool("keys-only"),
  };
}

type RangeAnswer = RangeResponse & { header: Header };

export function printGet(inv: Invocation, r: RangeAnswer, format = inv.format()): void {
  const hex = inv.hex;
  switch (format) {
    case "simple":
      for (const kv of r.kvs) inv.out(simpleKv(kv, hex, inv.isSet("print-value-only") && inv.bool("print-value-only")));
      return;
    case "fields":
      inv.out(fieldsHeader(r.header, hex) + r.kvs.map((kv) => fieldsKv(kv, hex)).join("") + `"More" : ${r.more}\n"Count" : ${r.count}\n`);
      return;
    case "json":
      inv.out(`${goJson(rangeJson(r))}\n`);
      return;
    case "protobuf":
      inv.out(`${protobufNotice(inv)}`);
      return;
    default:
      inv.unsupported(format);
  }
}

function rangeJson(r: { header: Partial<Header>; kvs: KeyValue[]; more: boolean; count: number }): Record<string, unknown> {
  return {
    header: jsonHeader(r.header),
    kvs: r.kvs.length > 0 ? r.kvs.map(jsonKv) : undefined,
    more: r.more || undefined,
    count: r.count ? num(r.count) : undefined,
  };
}

/** The protobuf format writes binary messages; this terminal shows text only. */
function protobufNotice(inv: Invocation): string {
  return inv.fail(ExitCode.BadFeature, "protobuf output is binary and not shown in this terminal; use -w json");
}

export function* get(inv: Invocation): Program {
  const req = getRequest(inv, inv.args);
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.range(id, req), { readTimeoutUnknown: !req.serializable });
  printGet(inv, r, format);
  return 0;
}

// ------------------------------------------------------------------ put

export function* put(inv: Invocation): Program {
  const args = inv.args;
  if (args.length === 0) return inv.fail(ExitCode.BadArgs, "put command needs 1 argument and input from stdin or 2 arguments");
  const ignoreValue = inv.bool("ignore-value");
  if (ignoreValue && args.length > 1) return inv.fail(ExitCode.BadArgs, "put command needs only 1 argument when 'ignore-value' is set");
  let value = "";
  if (!ignoreValue) {
    const v = args.length > 1 ? args[1]! : inv.ctx.io.stdin;
    if (v === "") return inv.fail(ExitCode.BadArgs, "put command needs 1 argument and input from stdin or 2 arguments");
    value = v;
  }
  const lease = parseLeaseId(inv, inv.flag("lease"), "bad lease ID");
  const format = inv.format();
  const req = {
    key: fromText(args[0]!),
    value: fromText(value),
    lease,
    prevKv: inv.bool("prev-kv"),
    ignoreValue,
    ignoreLease: inv.bool("ignore-lease"),
  };
  const r = yield* inv.unary((id) => inv.cluster.put(id, req));
  printPut(inv, { header: r.header, prevKv: r.prevKv }, format);
  return 0;
}

function printPut(inv: Invocation, r: { header: Partial<Header>; prevKv?: KeyValue }, format: string): void {
  switch (format) {
    case "simple":
      inv.out("OK\n");
      if (r.prevKv) inv.out(simpleKv(r.prevKv, inv.hex, false));
      return;
    case "fields":
      inv.out(fieldsHeader(r.header, inv.hex) + (r.prevKv ? fieldsKv(r.prevKv, inv.hex, "Prev") : ""));
      return;
    case "json":
      inv.out(`${goJson({ header: jsonHeader(r.header), prev_kv: r.prevKv && jsonKv(r.prevKv) })}\n`);
      return;
    default:
      inv.unsupported(format);
  }
}

// ------------------------------------------------------------------ del

export function* del(inv: Invocation): Program {
  const args = inv.args;
  if (args.length === 0 || args.length > 2)
    return inv.fail(ExitCode.BadArgs, "del command needs one argument as key and an optional argument as range_end");
  const prefix = inv.bool("prefix");
  const fromKey = inv.bool("from-key");
  if (prefix && fromKey) return inv.fail(ExitCode.BadArgs, "`--prefix` and `--from-key` cannot be set at the same time, choose one");
  if ((prefix || fromKey) && args.length > 1)
    return inv.fail(ExitCode.BadArgs, `too many arguments, only accept one argument when \`--${prefix ? "prefix" : "from-key"}\` is set.`);
  const range = keyRange(fromText(args[0]!), args[1] === undefined ? undefined : fromText(args[1]), prefix, fromKey);
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.deleteRange(id, { ...range, prevKv: inv.bool("prev-kv") }));
  printDel(inv, r, format);
  return 0;
}

function printDel(inv: Invocation, r: { header: Partial<Header>; deleted: number; prevKvs: KeyValue[] }, format: string): void {
  switch (format) {
    case "simple":
      inv.out(`${r.deleted}\n`);
      for (const kv of r.prevKvs) inv.out(simpleKv(kv, inv.hex, false));
      return;
    case "fields":
      inv.out(
        fieldsHeader(r.header, inv.hex) + `"Deleted" : ${r.deleted}\n` + r.prevKvs.map((kv) => fieldsKv(kv, inv.hex, "Prev")).join(""),
      );
      return;
    case "json":
      inv.out(`${goJson(delJson(r))}\n`);
      return;
    default:
      inv.unsupported(format);
  }
}

function delJson(r: { header: Partial<Header>; deleted: number; prevKvs: KeyValue[] }): Record<string, unknown> {
  return {
    header: jsonHeader(r.header),
    deleted: r.deleted ? num(r.deleted) : undefined,
    prev_kvs: r.prevKvs.length ? r.prevKvs.map(jsonKv) : undefined,
  };
}

// ------------------------------------------------------------------ txn

/** A Go panic, as the runtime prints it (etcdctl 3.4 panics on some txn compares). */
function panic(inv: Invocation, message: string, frames: string): never {
  inv.err(`panic: ${message}\n\ngoroutine 1 [running]:\n${frames}`);
  throw new Exit(2);
}

const PANIC_TAIL = `go.etcd.io/etcd/etcdctl/ctlv3/command.readCompares(0xc0000faf00?)
	go.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:87 +0xa5
go.etcd.io/etcd/etcdctl/ctlv3/command.txnCommandFunc(0xc0001c6c00?, {0x1492a88?, 0x0?, 0x0?})
	go.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:54 +0x1f2
github.com/spf13/cobra.(*Command).execute(0xc0001c6c00, {0x1492a88, 0x0, 0x0})
	github.com/spf13/cobra/command.go:920 +0x847
github.com/spf13/cobra.(*Command).ExecuteC(0x13b9920)
	github.com/spf13/cobra/command.go:1044 +0x3bd
github.com/spf13/cobra.(*Command).Execute(...)
	github.com/spf13/cobra/command.go:968
go.etcd.io/etcd/etcdctl/ctlv3.Start()
	go.etcd.io/etcd/etcdctl/ctlv3/ctl_nocov.go:26 +0x97
main.main()
	go.etcd.io/etcd/etcdctl/main.go:35 +0x65
`;

/** fmt.Sscanf(s, "%q) %s %q"): how many of the three it read. */
function scanCompare(s: string): { n: number; key: string; op: string; val: string } {
  const out = { n: 0, key: "", op: "", val: "" };
  const q = /^"(?:[^"\\]|\\.)*"/;
  let rest = s;
  const m1 = q.exec(rest);
  const key = m1 ? goUnquote(m1[0]) : undefined;
  if (!m1 || key === undefined) return out;
  out.key = key;
  out.n = 1;
  rest = rest.slice(m1[0].length);
  if (!rest.startsWith(")")) return out;
  rest = rest.slice(1).replace(/^\s+/, "");
  const m2 = /^\S+/.exec(rest);
  if (!m2) return out;
  out.op = m2[0];
  out.n = 2;
  rest = rest.slice(m2[0].length).replace(/^\s+/, "");
  const m3 = q.exec(rest);
  const val = m3 ? goUnquote(m3[0]) : undefined;
  if (!m3 || val === undefined) return out;
  out.val = val;
  out.n = 3;
  return out;
}

function parseCompare(inv: Invocation, line: string): Compare {
  const paren = line.indexOf("(");
  if (paren < 0) return inv.fail(ExitCode.InvalidInput, `malformed comparison: ${line}`);
  const target = line.slice(0, paren);
  const { n, key, op, val } = scanCompare(line.slice(paren + 1));
  if (n !== 3)
    return inv.fail(
      ExitCode.InvalidInput,
      `malformed comparison: ${line}; got ${target}(${JSON.stringify(key)}) ${op} ${JSON.stringify(val)}`,
    );
  const results: Record<string, Compare["result"]> = { "=": "EQUAL", "!=": "NOT_EQUAL", ">": "GREATER", "<": "LESS" };
  const result = results[op];
  const number = () => {
    const v = parseInt64(val, 10);
    if (typeof v === "string") return inv.fail(ExitCode.InvalidInput, `invalid txn compare request: ${line}`);
    return Number(v);
  };
  const frame = (pc: string, l: number) =>
    `go.etcd.io/etcd/clientv3.Compare({0x0, 0x3, {0xc00003f958, 0x1, 0x8}, {0x0, 0x0}, {0x0, 0x0, 0x0}}, ...)\n\tgo.etcd.io/etcd/clientv3/compare.go:46 +0x3f1\ngo.etcd.io/etcd/etcdctl/ctlv3/command.parseCompare({0xc000042858, 0x11})\n\tgo.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:${l} +${pc}\n`;
  const k = fromText(key);
  let c: Compare;
  switch (target) {
    case "ver":
    case "version":
      c = { key: k, target: "VERSION", result: result!, version: number() };
      break;
    case "c":
    case "create":
      c = { key: k, target: "CREATE", result: result!, createRevision: number() };
      break;
    case "m":
    case "mod":
      c = { key: k, target: "MOD", result: result!, modRevision: number() };
      break;
    case "val":
    case "value":
      c = { key: k, target: "VALUE", result: result!, value: fromText(val) };
      break;
    case "lease":
      // etcdctl 3.4 passes the value as a string where clientv3 expects a number, and panics.
      return panic(
        inv,
        "bad value",
        `go.etcd.io/etcd/clientv3.mustInt64(...)\n\tgo.etcd.io/etcd/clientv3/compare.go:130\ngo.etcd.io/etcd/clientv3.mustInt64orLeaseID(...)\n\tgo.etcd.io/etcd/clientv3/compare.go:139\ngo.etcd.io/etcd/clientv3.Compare({0x0, 0x4, {0x0, 0x0, 0x0}, {0x0, 0x0}, {0x0, 0x0, 0x0}}, ...)\n\tgo.etcd.io/etcd/clientv3/compare.go:64 +0x385\ngo.etcd.io/etcd/etcdctl/ctlv3/command.parseCompare({0xc000042768, 0x10})\n\tgo.etcd.io/etcd/etcdctl/ctlv3/command/txn_command.go:197 +0x585\n${PANIC_TAIL}`,
      );
    default:
      return inv.fail(ExitCode.InvalidInput, `malformed comparison: ${line} (unknown target ${target})`);
  }
  if (!result) return panic(inv, "Unknown result op", frame("0x738", 195) + PANIC_TAIL);
  return c;
}

/** etcdctl's argify: words split on spaces, "double quoted" (Go-unquoted) and 'single quoted' words. */
function argify(inv: Invocation, line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"(?:[^"\\]|\\.)*"|'[^']*'|[^'"\s]\S*[^'"\s]?/g)) {
    const w = m[0];
    if (w.startsWith("'")) out.push(w.slice(1, -1));
    else if (w.startsWith('"')) {
      const unquoted = goUnquote(w);
      if (unquoted === undefined) return inv.fail(ExitCode.InvalidInput, "invalid syntax");
      out.push(unquoted);
    } else out.push(w);
  }
  return out;
}

function parseOp(inv: Invocation, line: string): RequestOp {
  const words = argify(inv, line);
  const name = words[0];
  const specs = name === "get" ? GET_FLAGS : name === "put" ? PUT_FLAGS : name === "del" ? DEL_FLAGS : undefined;
  if (!specs) return inv.fail(ExitCode.InvalidInput, `invalid txn request: ${line}`);
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(words.slice(1), specs);
  } catch (error) {
    if (!(error instanceof FlagError)) throw error;
    return inv.fail(ExitCode.InvalidInput, `invalid txn request: ${line}`);
  }
  const sub = inv.child(name!, parsed.positional, parsed.values, specs);
  const args = parsed.positional;
  if (name === "get") return { range: getRequest(sub, args) };
  if (name === "put") {
    if (args.length < 2) return inv.fail(ExitCode.BadArgs, "put command needs 1 argument and input from stdin or 2 arguments");
    return {
      put: {
        key: fromText(args[0]!),
        value: fromText(args[1]!),
        lease: parseLeaseId(sub, sub.flag("lease"), "bad lease ID"),
        prevKv: sub.bool("prev-kv"),
      },
    };
  }
  if (args.length === 0 || args.length > 2)
    return inv.fail(ExitCode.BadArgs, "del command needs one argument as key and an optional argument as range_end");
  return {
    deleteRange: {
      ...keyRange(fromText(args[0]!), args[1] === undefined ? undefined : fromText(args[1]), sub.bool("prefix"), sub.bool("from-key")),
      prevKv: sub.bool("prev-kv"),
    },
  };
}

export function* txn(inv: Invocation): Program {
  if (inv.args.length > 0) return inv.fail(ExitCode.BadArgs, "txn command does not accept argument");
  const interactive = inv.bool("interactive");
  const lines = inv.ctx.io.stdin.split("\n");
  let at = 0;
  // bufio.ReadString('\n'): a line without its newline is end of input.
  const readLine = (): string => {
    if (at >= lines.length - 1) return inv.fail(ExitCode.InvalidInput, "EOF");
    return lines[at++]!;
  };
  const section = <T>(prompt: string, parse: (line: string) => T): T[] => {
    if (interactive) inv.out(`${prompt}\n`);
    const items: T[] = [];
    for (;;) {
      const line = readLine().trim();
      if (line === "") return items;
      items.push(parse(line));
    }
  };
  const compare = section("compares:", (l) => parseCompare(inv, l));
  const success = section("success requests (get, put, del):", (l) => parseOp(inv, l));
  const failure = section("failure requests (get, put, del):", (l) => parseOp(inv, l));
  const format = inv.format();
  const req: TxnRequest = { compare, success, failure };
  const r = yield* inv.unary((id) => inv.cluster.txn(id, req));
  printTxn(inv, r, r.header, format);
  return 0;
}

function printTxn(inv: Invocation, r: TxnResponse, header: Partial<Header>, format: string): void {
  const nested = (resp: ResponseOp): Partial<Header> => ({ revision: "range" in resp ? resp.range.revision : 0 });
  switch (format) {
    case "simple":
      inv.out(r.succeeded ? "SUCCESS\n" : "FAILURE\n");
      for (const resp of r.responses) {
        inv.out("\n");
        if ("put" in resp) inv.out("OK\n");
        else if ("deleteRange" in resp) {
          inv.out(`${resp.deleteRange.deleted}\n`);
          for (const kv of resp.deleteRange.prevKvs) inv.out(simpleKv(kv, inv.hex, false));
        } else if ("range" in resp) for (const kv of resp.range.kvs) inv.out(simpleKv(kv, inv.hex, false));
      }
      return;
    case "fields": {
      let out = fieldsHeader(header, inv.hex) + `"Succeeded" : ${r.succeeded}\n`;
      for (const resp of r.responses) {
        const h = {
          revision:
            "range" in resp
              ? resp.range.revision
              : "put" in resp
                ? resp.put.revision
                : "deleteRange" in resp
                  ? resp.deleteRange.revision
                  : 0,
        };
        if ("range" in resp)
          out +=
            fieldsHeader(h, inv.hex) +
            resp.range.kvs.map((kv) => fieldsKv(kv, inv.hex)).join("") +
            `"More" : ${resp.range.more}\n"Count" : ${resp.range.count}\n`;
        else if ("put" in resp) out += fieldsHeader(h, inv.hex) + (resp.put.prevKv ? fieldsKv(resp.put.prevKv, inv.hex, "Prev") : "");
        else if ("deleteRange" in resp)
          out +=
            fieldsHeader(h, inv.hex) +
            `"Deleted" : ${resp.deleteRange.deleted}\n` +
            resp.deleteRange.prevKvs.map((kv) => fieldsKv(kv, inv.hex, "Prev")).join("");
      }
      inv.out(out);
      return;
    }
    case "json": {
      const responses = r.responses.map((resp) => {
        if ("range" in resp) return { Response: { ResponseRange: rangeJson({ ...resp.range, header: nested(resp) }) } };
        if ("put" in resp)
          return {
            Response: {
              ResponsePut: { header: jsonHeader({ revision: resp.put.revision }), prev_kv: resp.put.prevKv && jsonKv(resp.put.prevKv) },
            },
          };
        if ("deleteRange" in resp)
          return { Response: { ResponseDeleteRange: delJson({ ...resp.deleteRange, header: { revision: resp.deleteRange.revision } }) } };
        return { Response: { ResponseTxn: {} } };
      });
      inv.out(
        `${goJson({ header: jsonHeader(header), succeeded: r.succeeded || undefined, responses: responses.length ? responses : undefined })}\n`,
      );
      return;
    }
    default:
      inv.unsupported(format);
  }
}

// ------------------------------------------------------------------ compaction

export function* compaction(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "compaction command needs 1 argument");
  const rev = parseInt64(inv.args[0]!, 10);
  if (typeof rev === "string") return inv.fail(ExitCode.Error, rev);
  yield* inv.unary((id) => inv.cluster.compact(id, Number(rev), inv.bool("physical")));
  inv.out(`compacted revision ${rev}\n`);
  return 0;
}

// ------------------------------------------------------------------ watch

export function* watch(inv: Invocation): Program {
  if (inv.bool("interactive")) return yield* watchInteractive(inv);
  // `watch key [range_end] [--] [exec-command args...]`: after "--" comes a command run for every event.
  const raw = inv.ctx.argv;
  const sep = raw.indexOf("--");
  if (sep === raw.length - 1) return inv.fail(ExitCode.BadArgs, "bad number of arguments after separator");
  const execArgs = sep >= 0 ? raw.slice(sep + 1) : [];
  const args = sep >= 0 ? inv.args.slice(0, inv.args.length - execArgs.length) : inv.args;
  if (args.length < 1) return inv.fail(ExitCode.BadArgs, "bad number of arguments");
  if (args.length === 2 && inv.bool("prefix")) return inv.fail(ExitCode.BadArgs, "`range_end` and `--prefix` are mutually exclusive");
  const format = inv.format();
  // Only exactly two arguments make a range; etcdctl 3.4 ignores any more.
  const range = keyRange(fromText(args[0]!), args.length === 2 ? fromText(args[1]!) : undefined, inv.bool("prefix"), false);
  yield* streamWatch(inv, { ...range, startRevision: inv.int("rev"), prevKv: inv.bool("prev-kv") }, format, execArgs);
  return 0;
}

function* watchInteractive(inv: Invocation): Program {
  // Each stdin line is a `watch ...` request; etcdctl reads until the end of its input.
  const lines = inv.ctx.io.stdin.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    const words = argify(inv, lines[i]!);
    if (words.length < 2) {
      inv.err(`Invalid command ${lines[i]} (command type or key is not provided)\n`);
      continue;
    }
    if (words[0] !== "watch") {
      inv.err(`Invalid command ${lines[i]} (only support watch)\n`);
      continue;
    }
  }
  return inv.fail(ExitCode.InvalidInput, "Error reading watch request line: EOF");
}

function* streamWatch(
  inv: Invocation,
  req: { key: Bytes; rangeEnd: Bytes; startRevision: number; prevKv: boolean },
  format: string,
  execArgs: string[] = [],
): Generator<Wait, void, unknown> {
  const server = inv.server();
  if (!server) {
    // clientv3 keeps retrying a watch until it connects: the command just waits.
    for (;;) yield* inv.sleep(60_000);
  }
  const stream = inv.cluster.watch(server.id, req);
  if (!("responses" in stream)) return inv.fail(ExitCode.Error, stream.message);
  try {
    for (;;) {
      yield* wait(stream.wait());
      for (const resp of stream.responses.splice(0)) {
        if (resp.created && resp.events.length === 0 && !resp.canceled) continue;
        if (resp.canceled) {
          const reason =
            resp.compactRevision !== undefined ? "etcdserver: mvcc: required revision has been compacted" : "etcdserver: watch is canceled";
          inv.err(`watch was canceled (${reason})\n`);
        }
        printWatch(inv, server.id, resp, format);
        if (execArgs.length > 0) for (const e of resp.events) yield* runForEvent(inv, execArgs, resp.revision, e);
      }
      if (stream.closed) return inv.fail(ExitCode.Interrupted, "watch is canceled by the server");
    }
  } finally {
    inv.cluster.cancelWatch(stream);
  }
}

/** The exec-command of `watch ... -- cmd`, with the event in ETCD_WATCH_* variables. */
function* runForEvent(
  inv: Invocation,
  argv: string[],
  revision: number,
  e: WatchResponse["events"][number],
): Generator<Wait, void, unknown> {
  const command = inv.ctx.shell.commands.get(argv[0]!);
  if (!command) {
    inv.err(`command ${JSON.stringify(argv.join(" "))} error (exec: ${JSON.stringify(argv[0])}: executable file not found in $PATH)\n`);
    return;
  }
  const env = new Map(inv.ctx.env);
  env.set("ETCD_WATCH_REVISION", String(revision));
  env.set("ETCD_WATCH_EVENT_TYPE", e.type);
  env.set("ETCD_WATCH_KEY", toText(e.kv.key));
  env.set("ETCD_WATCH_VALUE", toText(e.kv.value));
  try {
    yield* command({ ...inv.ctx, argv, env, io: { ...inv.ctx.io, stdin: "" } });
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
  }
}

function printWatch(inv: Invocation, server: string, r: WatchResponse, format: string): void {
  // A watch canceled for compaction answers with no revision in its header.
  const header = { ...inv.cluster.header(server), revision: r.compactRevision !== undefined ? 0 : r.revision };
  switch (format) {
    case "simple":
      for (const e of r.events) {
        inv.out(`${e.type}\n`);
        if (e.prevKv) inv.out(simpleKv(e.prevKv, inv.hex, false));
        inv.out(simpleKv(e.kv, inv.hex, false));
      }
      return;
    case "fields": {
      let out = fieldsHeader(header, inv.hex);
      for (const e of r.events) {
        out += `"Type" : ${e.type}\n`;
        if (e.prevKv) out += fieldsKv(e.prevKv, inv.hex, "Prev");
        out += fieldsKv(e.kv, inv.hex);
      }
      inv.out(out);
      return;
    }
    case "json":
      inv.out(
        `${goJson({
          Header: jsonHeader(header),
          Events: r.events.map((e) => ({
            type: e.type === "DELETE" ? num(1) : undefined,
            kv: jsonKv(e.kv),
            prev_kv: e.prevKv && jsonKv(e.prevKv),
          })),
          CompactRevision: num(r.compactRevision ?? 0),
          Canceled: r.canceled ?? false,
          Created: r.created ?? false,
        })}\n`,
      );
      return;
    default:
      inv.unsupported(format);
  }
}
