// etcdctl lease grant, revoke, timetolive, list and keep-alive (ctlv3/command/lease_command.go).

import { toText } from "../../etcd/bytes";
import type { Header } from "../../etcd/cluster";
import { wait, type Program } from "../program";
import { ExitCode, type Invocation } from "./client";
import type { FlagSpec } from "./flags";
import { goJson, hex16, JsonBytes, num } from "./format";
import { fieldsHeader, flatHeader, jsonHeader } from "./output";
import { parseLeaseId } from "./kv";

export const TIMETOLIVE_FLAGS: FlagSpec[] = [{ name: "keys", type: "bool", default: "false" }];
export const KEEPALIVE_FLAGS: FlagSpec[] = [{ name: "once", type: "bool", default: "false" }];

const int64 = (id: bigint) => num(BigInt.asIntN(64, id));

export function* grant(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "lease grant command needs TTL argument");
  const text = inv.args[0]!;
  if (!/^[+-]?\d+$/.test(text))
    return inv.fail(ExitCode.BadArgs, `bad TTL (strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax)`);
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.leaseGrant(id, Number(text)), { describe: (m) => `failed to grant lease (${m})` });
  const header = (r as { header?: Header }).header!;
  switch (format) {
    case "simple":
      inv.out(`lease ${hex16(r.id)} granted with TTL(${r.ttl}s)\n`);
      break;
    case "fields":
      inv.out(`${fieldsHeader(header, inv.hex)}"ID" : ${BigInt.asIntN(64, r.id)}\n"TTL" : ${r.ttl}\n`);
      break;
    case "json":
      inv.out(`${goJson({ ...flatHeader(header), ID: int64(r.id), TTL: num(r.ttl), Error: "" })}\n`);
      break;
    default:
      inv.unsupported(format);
  }
  return 0;
}

export function* revoke(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "lease revoke command needs 1 argument");
  const id = parseLeaseId(inv, inv.args[0]!, "bad lease ID arg");
  const format = inv.format();
  const r = yield* inv.unary((m) => inv.cluster.leaseRevoke(m, id), { describe: (m) => `failed to revoke lease (${m})` });
  const header = (r as { header?: Header }).header!;
  switch (format) {
    case "simple":
      inv.out(`lease ${hex16(id)} revoked\n`);
      break;
    case "fields":
      inv.out(fieldsHeader(header, inv.hex));
      break;
    case "json":
      inv.out(`${goJson({ header: jsonHeader(header) })}\n`);
      break;
    default:
      inv.unsupported(format);
  }
  return 0;
}

export function* timetolive(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "lease timetolive command needs lease ID as argument");
  const id = parseLeaseId(inv, inv.args[0]!, "bad lease ID arg");
  const format = inv.format();
  const r = yield* inv.unary((m) => inv.cluster.leaseTimeToLive(m, id), { describe: (m) => `failed to get lease time to live (${m})` });
  const withKeys = inv.bool("keys");
  switch (format) {
    case "simple":
      if (r.grantedTtl === 0 && r.ttl === -1) {
        inv.out(`lease ${hex16(id)} already expired\n`);
        break;
      }
      inv.out(
        `lease ${hex16(id)} granted with TTL(${r.grantedTtl}s), remaining(${r.ttl}s)${withKeys ? `, attached keys([${r.keys.map(toText).join(" ")}])` : ""}\n`,
      );
      break;
    case "fields":
      inv.out(
        `${fieldsHeader(r.header, inv.hex)}"ID" : ${BigInt.asIntN(64, id)}\n"TTL" : ${r.ttl}\n"GrantedTTL" : ${r.grantedTtl}\n${r.keys.map((k) => `"Key" : ${JSON.stringify(toText(k))}\n`).join("")}`,
      );
      break;
    case "json":
      inv.out(
        `${goJson({ ...flatHeader(r.header), id: int64(id), ttl: num(r.ttl), "granted-ttl": num(r.grantedTtl), keys: r.keys.length > 0 ? r.keys.map((k) => new JsonBytes(k)) : null })}\n`,
      );
      break;
    default:
      inv.unsupported(format);
  }
  return 0;
}

export function* list(inv: Invocation): Program {
  const format = inv.format();
  const r = yield* inv.unary((m) => inv.cluster.leaseLeases(m), { describe: (m) => `failed to list leases (${m})` });
  switch (format) {
    case "simple":
      inv.out(`found ${r.leases.length} leases\n${r.leases.map((l) => `${hex16(l)}\n`).join("")}`);
      break;
    case "fields":
      inv.out(fieldsHeader(r.header, inv.hex) + r.leases.map((l) => `"ID" : ${BigInt.asIntN(64, l)}\n`).join(""));
      break;
    case "json":
      inv.out(`${goJson({ ...flatHeader(r.header), leases: r.leases.map((l) => ({ id: int64(l) })) })}\n`);
      break;
    default:
      inv.unsupported(format);
  }
  return 0;
}

export function* keepAlive(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "lease keep-alive command needs lease ID as argument");
  const id = parseLeaseId(inv, inv.args[0]!, "bad lease ID arg");
  const format = inv.format();
  const show = (r: { id: bigint; ttl: number; header: Header }) => {
    if (format === "simple") inv.out(`lease ${hex16(r.id)} keepalived with TTL(${r.ttl})\n`);
    else if (format === "fields") inv.out(`${fieldsHeader(r.header, inv.hex)}"ID" : ${BigInt.asIntN(64, r.id)}\n"TTL" : ${r.ttl}\n`);
    else if (format === "json") inv.out(`${goJson({ ...flatHeader(r.header), ID: int64(r.id), TTL: num(r.ttl) })}\n`);
    else inv.unsupported(format);
  };
  const renew = function* () {
    const server = inv.server();
    if (!server) {
      yield* inv.sleep(inv.commandTimeoutMs);
      return inv.fail(ExitCode.BadConnection, "context deadline exceeded");
    }
    const p = inv.cluster.deadline(inv.cluster.leaseKeepAlive(server.id, id), inv.cluster.nowMs + inv.commandTimeoutMs);
    try {
      return yield* wait(p);
    } catch (error) {
      return inv.fail(ExitCode.BadConnection, (error as Error).message);
    }
  };
  if (inv.bool("once")) {
    const r = yield* renew();
    if (r.ttl <= 0) return inv.fail(ExitCode.BadConnection, "etcdserver: requested lease not found");
    show(r);
    return 0;
  }
  // clientv3 renews a lease a third of its TTL after each answer, until the lease is gone.
  for (;;) {
    const r = yield* renew();
    if (r.ttl <= 0) break;
    show(r);
    yield* inv.sleep((r.ttl * 1000) / 3);
  }
  if (format === "simple") inv.out(`lease ${hex16(id)} expired or revoked.\n`);
  return 0;
}
