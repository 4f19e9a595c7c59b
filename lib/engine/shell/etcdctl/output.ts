// Pieces of etcdctl's printers shared by its commands (ctlv3/command/printer_*.go): key-value
// pairs and response headers in the simple, fields and json formats.

import { toText, type Bytes } from "../../etcd/bytes";
import type { Header } from "../../etcd/cluster";
import type { KeyValue } from "../../etcd/mvcc";
import { goQuote, hex16, hexEscape, JsonBytes, num, uint64 } from "./format";

/** printKV: the key (unless values only) and the value, each on a line. */
export function simpleKv(kv: KeyValue, hex: boolean, valueOnly: boolean): string {
  const show = (b: Bytes) => (hex ? hexEscape(b) : toText(b));
  return `${valueOnly ? "" : `${show(kv.key)}\n`}${show(kv.value)}\n`;
}

export function fieldsKv(kv: KeyValue, hex: boolean, prefix = ""): string {
  return [
    `"${prefix}Key" : ${goQuote(kv.key)}`,
    `"${prefix}CreateRevision" : ${kv.createRevision}`,
    `"${prefix}ModRevision" : ${kv.modRevision}`,
    `"${prefix}Version" : ${kv.version}`,
    `"${prefix}Value" : ${goQuote(kv.value)}`,
    `"${prefix}Lease" : ${hex ? hex16(kv.lease) : BigInt.asIntN(64, kv.lease).toString()}`,
  ]
    .map((l) => `${l}\n`)
    .join("");
}

export function fieldsHeader(h: Partial<Header> | undefined, hex: boolean): string {
  const cluster = h?.clusterId ?? "0";
  const member = h?.memberId ?? "0";
  const lines = hex
    ? [`"ClusterID" : ${cluster}`, `"MemberID" : ${member}`]
    : [`"ClusterID" : ${uint64(cluster)}`, `"MemberID" : ${uint64(member)}`];
  lines.push(`"Revision" : ${h?.revision ?? 0}`, `"RaftTerm" : ${h?.raftTerm ?? 0}`);
  return lines.map((l) => `${l}\n`).join("");
}

/** pb.KeyValue as encoding/json writes it (omitempty everywhere). */
export function jsonKv(kv: KeyValue): Record<string, unknown> {
  return {
    key: kv.key === "" ? undefined : new JsonBytes(kv.key),
    create_revision: kv.createRevision || undefined,
    mod_revision: kv.modRevision || undefined,
    version: kv.version || undefined,
    value: kv.value === "" ? undefined : new JsonBytes(kv.value),
    lease: kv.lease === 0n ? undefined : num(BigInt.asIntN(64, kv.lease)),
  };
}

/** pb.ResponseHeader (omitempty: a zero field is left out). */
export function jsonHeader(h: Partial<Header> | undefined): Record<string, unknown> {
  return {
    cluster_id: h?.clusterId && h.clusterId !== "0" ? num(uint64(h.clusterId)) : undefined,
    member_id: h?.memberId && h.memberId !== "0" ? num(uint64(h.memberId)) : undefined,
    revision: h?.revision ? num(h.revision) : undefined,
    raft_term: h?.raftTerm ? num(h.raftTerm) : undefined,
  };
}

/** clientv3 wrappers that embed *pb.ResponseHeader flatten its fields into the object. */
export function flatHeader(h: Header): Record<string, unknown> {
  return jsonHeader(h);
}
