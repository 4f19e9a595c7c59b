// Decoded values that several readers share (a Kubernetes object every informer holds, a Raft
// entry's request every member applies) are frozen, so that a reader that changed one by
// mistake throws instead of changing it under the others.

/** Freezes `value` and everything reachable from it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
