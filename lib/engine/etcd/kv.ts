// The KV service of etcd 3.4 on the MVCC store: Range, Put, DeleteRange and Txn with
// etcdserver's semantics (server/etcdserver/apply.go and api/v3rpc/key.go): request
// validation and its error messages, sorting and `more`, ignore_value / ignore_lease,
// compares, nested transactions, the 128-operation limit and duplicate-key checks.
// Requests here are already decided by Raft: this is what every member applies.

import type { Bytes } from "./bytes";
import { errors } from "./errors";
import { inRange, type KeyValue, type MvccStore, type RangeResult, type TxnWrite } from "./mvcc";

/** etcdserver's --max-txn-ops default. */
export const MAX_TXN_OPS = 128;

export type SortOrder = "NONE" | "ASCEND" | "DESCEND";
export type SortTarget = "KEY" | "VERSION" | "CREATE" | "MOD" | "VALUE";

export interface RangeRequest {
  key: Bytes;
  rangeEnd?: Bytes;
  limit?: number;
  revision?: number;
  sortOrder?: SortOrder;
  sortTarget?: SortTarget;
  serializable?: boolean;
  keysOnly?: boolean;
  countOnly?: boolean;
  minModRevision?: number;
  maxModRevision?: number;
  minCreateRevision?: number;
  maxCreateRevision?: number;
}

export interface RangeResponse {
  revision: number;
  kvs: KeyValue[];
  more: boolean;
  count: number;
}

export interface PutRequest {
  key: Bytes;
  value: Bytes;
  lease?: bigint;
  prevKv?: boolean;
  ignoreValue?: boolean;
  ignoreLease?: boolean;
}

export interface PutResponse {
  revision: number;
  prevKv?: KeyValue;
}

export interface DeleteRangeRequest {
  key: Bytes;
  rangeEnd?: Bytes;
  prevKv?: boolean;
}

export interface DeleteRangeResponse {
  revision: number;
  deleted: number;
  prevKvs: KeyValue[];
}

export type CompareTarget = "VERSION" | "CREATE" | "MOD" | "VALUE" | "LEASE";
export type CompareResult = "EQUAL" | "GREATER" | "LESS" | "NOT_EQUAL";

export interface Compare {
  key: Bytes;
  rangeEnd?: Bytes;
  target: CompareTarget;
  result: CompareResult;
  /** The operand, by target: a number for VERSION/CREATE/MOD, bytes for VALUE, a lease id for LEASE. */
  version?: number;
  createRevision?: number;
  modRevision?: number;
  value?: Bytes;
  lease?: bigint;
}

export type RequestOp = { range: RangeRequest } | { put: PutRequest } | { deleteRange: DeleteRangeRequest } | { txn: TxnRequest };

export type ResponseOp = { range: RangeResponse } | { put: PutResponse } | { deleteRange: DeleteRangeResponse } | { txn: TxnResponse };

export interface TxnRequest {
  compare: Compare[];
  success: RequestOp[];
  failure: RequestOp[];
}

export interface TxnResponse {
  revision: number;
  succeeded: boolean;
  responses: ResponseOp[];
}

/** Lease existence, answered by the lessor (leases are a later part of the server). */
export interface LeaseLookup {
  exists(id: bigint): boolean;
}

const NO_LEASES: LeaseLookup = { exists: () => false };

// ------------------------------------------------------------------ validation (v3rpc/key.go)

function checkPut(r: PutRequest): void {
  if (r.key.length === 0) throw errors.emptyKey();
  if (r.ignoreValue && r.value.length !== 0) throw errors.valueProvided();
  if (r.ignoreLease && (r.lease ?? 0n) !== 0n) throw errors.leaseProvided();
}

function checkRangeOrDelete(r: { key: Bytes }): void {
  if (r.key.length === 0) throw errors.emptyKey();
}

/** Validates a Txn before it is proposed, as etcd's gRPC layer does. */
export function checkTxn(r: TxnRequest, maxTxnOps = MAX_TXN_OPS): void {
  if (r.compare.length > maxTxnOps || r.success.length > maxTxnOps || r.failure.length > maxTxnOps) throw errors.tooManyOps();
  for (const c of r.compare) if (c.key.length === 0) throw errors.emptyKey();
  checkOps(r.success, maxTxnOps);
  checkOps(r.failure, maxTxnOps);
}

function checkOps(ops: RequestOp[], maxTxnOps: number): void {
  for (const op of ops) {
    if ("put" in op) checkPut(op.put);
    else if ("range" in op) checkRangeOrDelete(op.range);
    else if ("deleteRange" in op) checkRangeOrDelete(op.deleteRange);
    else checkTxn(op.txn, maxTxnOps);
  }
  checkNoDuplicateWrites(ops);
}

/** No key may be written twice in one branch (puts, and deletes overlapping puts). */
function checkNoDuplicateWrites(ops: RequestOp[]): void {
  // Nearly every transaction (each of kube-apiserver's writes) has one operation a branch: nothing to compare.
  if (ops.length < 2) return;
  const puts = new Set<Bytes>();
  const deletes: Array<[Bytes, Bytes]> = [];
  const collect = (list: RequestOp[]) => {
    for (const op of list) {
      if ("put" in op) {
        if (puts.has(op.put.key)) throw errors.duplicateKey();
        puts.add(op.put.key);
      } else if ("deleteRange" in op) {
        deletes.push([op.deleteRange.key, op.deleteRange.rangeEnd ?? ""]);
      }
    }
  };
  collect(ops);
  for (const key of puts) for (const [start, end] of deletes) if (inRange(key, start, end)) throw errors.duplicateKey();
}

// ------------------------------------------------------------------ apply (apply.go)

type ReadView = { range(key: Bytes, end: Bytes, options?: { rev?: number; limit?: number; countOnly?: boolean }): RangeResult };

function compareBytes(a: Bytes, b: Bytes): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sortKey: Record<SortTarget, (kv: KeyValue) => number | Bytes> = {
  KEY: (kv) => kv.key,
  VERSION: (kv) => kv.version,
  CREATE: (kv) => kv.createRevision,
  MOD: (kv) => kv.modRevision,
  VALUE: (kv) => kv.value,
};

function applyRange(view: ReadView, r: RangeRequest): RangeResponse {
  const filtered = r.minModRevision || r.maxModRevision || r.minCreateRevision || r.maxCreateRevision;
  const sorting = (r.sortOrder ?? "NONE") !== "NONE";
  // Sorting or filtering needs every match; otherwise one more than the limit tells `more`.
  let limit = sorting || filtered ? 0 : (r.limit ?? 0);
  if (limit > 0) limit++;
  const rr = view.range(r.key, r.rangeEnd ?? "", { rev: r.revision ?? 0, limit, countOnly: r.countOnly });
  let kvs = rr.kvs;
  if (r.maxModRevision) kvs = kvs.filter((kv) => kv.modRevision <= r.maxModRevision!);
  if (r.minModRevision) kvs = kvs.filter((kv) => kv.modRevision >= r.minModRevision!);
  if (r.maxCreateRevision) kvs = kvs.filter((kv) => kv.createRevision <= r.maxCreateRevision!);
  if (r.minCreateRevision) kvs = kvs.filter((kv) => kv.createRevision >= r.minCreateRevision!);
  let order = r.sortOrder ?? "NONE";
  const target = r.sortTarget ?? "KEY";
  // The store returns keys in ascending order; any other target sorts ascending by default.
  if (target !== "KEY" && order === "NONE") order = "ASCEND";
  if (order !== "NONE") {
    const by = sortKey[target];
    kvs = [...kvs].sort((a, b) => {
      const x = by(a);
      const y = by(b);
      const c = typeof x === "number" ? x - (y as number) : compareBytes(x, y as Bytes);
      return order === "ASCEND" ? c : -c;
    });
  }
  let more = false;
  if (r.limit && r.limit > 0 && kvs.length > r.limit) {
    kvs = kvs.slice(0, r.limit);
    more = true;
  }
  if (r.keysOnly) kvs = kvs.map((kv) => ({ ...kv, value: "" }));
  return { revision: rr.rev, kvs, more, count: rr.count };
}

/** A put that cannot apply: ignore_value/ignore_lease on a missing key, or an unknown lease (etcd's checkPut). */
function checkPutApplies(view: ReadView, r: PutRequest, leases: LeaseLookup): void {
  if ((r.ignoreValue || r.ignoreLease) && view.range(r.key, "").kvs.length === 0) throw errors.keyNotFound();
  const lease = r.lease ?? 0n;
  if (lease !== 0n && !leases.exists(lease)) throw errors.leaseNotFound();
}

function applyPut(txn: TxnWrite, r: PutRequest, leases: LeaseLookup): Omit<PutResponse, "revision"> {
  checkPutApplies(txn, r, leases);
  let value = r.value;
  let lease = r.lease ?? 0n;
  if (r.ignoreValue || r.ignoreLease) {
    const existing = txn.range(r.key, "").kvs[0]!;
    if (r.ignoreValue) value = existing.value;
    if (r.ignoreLease) lease = existing.lease;
  }
  const { prev } = txn.put(r.key, value, lease);
  return r.prevKv && prev ? { prevKv: prev } : {};
}

function applyDelete(txn: TxnWrite, r: DeleteRangeRequest): Omit<DeleteRangeResponse, "revision"> {
  const { deleted } = txn.deleteRange(r.key, r.rangeEnd ?? "");
  return { deleted: deleted.length, prevKvs: r.prevKv ? deleted : [] };
}

function compareOne(c: Compare, kv: KeyValue): boolean {
  let result: number;
  switch (c.target) {
    case "VALUE":
      result = compareBytes(kv.value, c.value ?? "");
      break;
    case "VERSION":
      result = kv.version - (c.version ?? 0);
      break;
    case "CREATE":
      result = kv.createRevision - (c.createRevision ?? 0);
      break;
    case "MOD":
      result = kv.modRevision - (c.modRevision ?? 0);
      break;
    case "LEASE": {
      const l = c.lease ?? 0n;
      result = kv.lease < l ? -1 : kv.lease > l ? 1 : 0;
      break;
    }
  }
  switch (c.result) {
    case "EQUAL":
      return result === 0;
    case "NOT_EQUAL":
      return result !== 0;
    case "GREATER":
      return result > 0;
    case "LESS":
      return result < 0;
  }
}

const ABSENT: KeyValue = { key: "", value: "", createRevision: 0, modRevision: 0, version: 0, lease: 0n };

/** A compare holds when it holds for every key in its range; a missing key compares as zeros, except on VALUE. */
function applyCompare(view: ReadView, c: Compare): boolean {
  const kvs = view.range(c.key, c.rangeEnd ?? "").kvs;
  if (kvs.length === 0) return c.target === "VALUE" ? false : compareOne(c, ABSENT);
  return kvs.every((kv) => compareOne(c, kv));
}

/**
 * Which branch every (nested) transaction takes, decided against the state before any
 * operation runs — as etcd's compareToPath does — in depth-first order.
 */
function compareToPath(view: ReadView, r: TxnRequest, path: boolean[] = []): boolean[] {
  const succeeded = r.compare.every((c) => applyCompare(view, c));
  path.push(succeeded);
  for (const op of succeeded ? r.success : r.failure) if ("txn" in op) compareToPath(view, op.txn, path);
  return path;
}

/** Refuses, before anything is written, the puts on the chosen path that cannot apply (etcd's checkRequests). */
function checkPath(view: ReadView, r: TxnRequest, path: boolean[], at: { i: number }, leases: LeaseLookup): void {
  const ops = path[at.i++] ? r.success : r.failure;
  for (const op of ops) {
    if ("txn" in op) checkPath(view, op.txn, path, at, leases);
    if ("put" in op) checkPutApplies(view, op.put, leases);
  }
}

function applyTxnIn(txn: TxnWrite, r: TxnRequest, path: boolean[], at: { i: number }, leases: LeaseLookup): Omit<TxnResponse, "revision"> {
  const succeeded = path[at.i++]!;
  const ops = succeeded ? r.success : r.failure;
  const responses: ResponseOp[] = ops.map((op): ResponseOp => {
    if ("range" in op) return { range: applyRange(txn, op.range) };
    if ("put" in op) return { put: { revision: 0, ...applyPut(txn, op.put, leases) } };
    if ("deleteRange" in op) return { deleteRange: { revision: 0, ...applyDelete(txn, op.deleteRange) } };
    return { txn: { revision: 0, ...applyTxnIn(txn, op.txn, path, at, leases) } };
  });
  return { succeeded, responses };
}

/** Every nested response carries the header revision of the whole transaction. */
function stampRevision(responses: ResponseOp[], revision: number): void {
  for (const r of responses) {
    if ("range" in r) continue; // a range inside a txn reports the revision it read at
    if ("put" in r) r.put.revision = revision;
    else if ("deleteRange" in r) r.deleteRange.revision = revision;
    else {
      r.txn.revision = revision;
      stampRevision(r.txn.responses, revision);
    }
  }
}

/** The KV service of one member, over its store. */
export class KvService {
  constructor(
    readonly store: MvccStore,
    private readonly leases: LeaseLookup = NO_LEASES,
  ) {}

  range(r: RangeRequest): RangeResponse {
    checkRangeOrDelete(r);
    return applyRange(this.store, r);
  }

  put(r: PutRequest): PutResponse {
    checkPut(r);
    const result = this.store.write((txn) => applyPut(txn, r, this.leases));
    return { revision: this.store.currentRev, ...result };
  }

  deleteRange(r: DeleteRangeRequest): DeleteRangeResponse {
    checkRangeOrDelete(r);
    const result = this.store.write((txn) => applyDelete(txn, r));
    return { revision: this.store.currentRev, ...result };
  }

  txn(r: TxnRequest): TxnResponse {
    checkTxn(r);
    const path = compareToPath(this.store, r);
    checkPath(this.store, r, path, { i: 0 }, this.leases);
    const result = this.store.write((txn) => applyTxnIn(txn, r, path, { i: 0 }, this.leases));
    const revision = this.store.currentRev;
    stampRevision(result.responses, revision);
    return { revision, ...result };
  }
}
