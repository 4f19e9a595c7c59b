// The bytes etcd hashes for HashKV: each MVCC record as bbolt stores it (the revision as
// 17 bytes, plus "t" for a tombstone, then the protobuf-encoded mvccpb.KeyValue), fed to
// CRC-32C. Encoding them the same way makes `etcdctl endpoint hashkv` print the numbers a
// real etcd with the same history prints.

import type { Bytes } from "./bytes";
import type { KeyValue } from "./mvcc";

const CASTAGNOLI = 0x82f63b78;
const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? CASTAGNOLI ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Incremental CRC-32C over byte strings. */
export class Crc32c {
  private crc = 0xffffffff;

  write(bytes: Bytes): this {
    let c = this.crc;
    for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
    this.crc = c;
    return this;
  }

  sum(): number {
    return (this.crc ^ 0xffffffff) >>> 0;
  }
}

export function crc32c(bytes: Bytes): number {
  return new Crc32c().write(bytes).sum();
}

function varint(value: bigint): Bytes {
  let v = BigInt.asUintN(64, value);
  let out = "";
  do {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    out += String.fromCharCode(v > 0n ? byte | 0x80 : byte);
  } while (v > 0n);
  return out;
}

function field(tag: number, body: Bytes): Bytes {
  return String.fromCharCode(tag) + varint(BigInt(body.length)) + body;
}

/** mvccpb.KeyValue in protobuf wire format; zero fields are left out, as gogoproto does. */
export function marshalKeyValue(kv: Pick<KeyValue, "key"> & Partial<KeyValue>): Bytes {
  let out = kv.key ? field(0x0a, kv.key) : "";
  if (kv.createRevision) out += "\x10" + varint(BigInt(kv.createRevision));
  if (kv.modRevision) out += "\x18" + varint(BigInt(kv.modRevision));
  if (kv.version) out += "\x20" + varint(BigInt(kv.version));
  if (kv.value) out += field(0x2a, kv.value);
  if (kv.lease) out += "\x30" + varint(kv.lease);
  return out;
}

function uint64BE(n: number): Bytes {
  let out = "";
  let v = BigInt(n);
  for (let i = 0; i < 8; i++) {
    out = String.fromCharCode(Number(v & 0xffn)) + out;
    v >>= 8n;
  }
  return out;
}

/** A record's key in bbolt's "key" bucket: main and sub revision, big-endian, joined by "_"; "t" marks a tombstone. */
export function revisionKey(main: number, sub: number, tombstone: boolean): Bytes {
  return `${uint64BE(main)}_${uint64BE(sub)}${tombstone ? "t" : ""}`;
}
