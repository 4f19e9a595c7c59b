import { fromText } from "./bytes";
import { sha1 } from "./sha1";

// Member and cluster ids as etcd computes them (server/etcdserver/api/membership):
// a member id is the first 8 bytes (big-endian) of SHA-1 over its sorted peer URLs joined
// together, followed by the cluster token; the cluster id is the same over the sorted
// member ids, 8 bytes each. Ids are 64-bit: bigint here, printed as 16 hex digits.

function first8(hash: Uint8Array): bigint {
  let id = 0n;
  for (let i = 0; i < 8; i++) id = (id << 8n) | BigInt(hash[i]!);
  return id;
}

/** etcd's computeMemberId for a member of a new cluster (no timestamp: added members get one). */
export function computeMemberId(peerUrls: readonly string[], clusterToken: string, addedAtUnixSeconds?: number): bigint {
  const joined = [...peerUrls].sort().join("");
  const suffix = addedAtUnixSeconds === undefined ? "" : String(addedAtUnixSeconds);
  return first8(sha1(fromText(joined + clusterToken + suffix)));
}

export function computeClusterId(memberIds: readonly bigint[]): bigint {
  let bytes = "";
  for (const id of [...memberIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (let shift = 56n; shift >= 0n; shift -= 8n) bytes += String.fromCharCode(Number((id >> shift) & 0xffn));
  }
  return first8(sha1(bytes));
}

/** As etcd prints ids: lower-case hex without leading zeros (types.ID.String). */
export function idToHex(id: bigint): string {
  return id.toString(16);
}
