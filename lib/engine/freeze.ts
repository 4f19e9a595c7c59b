// Decoded values that several readers share (a Kubernetes object every informer holds, a Raft
// entry's request every member applies) are frozen, so that a reader that changed one by
// mistake throws instead of changing it under the others.
//
// The freeze is a check, not a behaviour: code that passes it does the same with the objects left
// as they are. So the test suite turns it on (tests/unit/support/engine-checks.ts) and the
// production hosts, the lab worker and the server, leave it off: freezing every write's request
// and every decoded object took ~5% of a 30-minute replay.
let checking = false;

/** Turns the freezing of shared objects on or off for this process. */
export function checkSharedObjects(on: boolean): void {
  checking = on;
}

/** Freezes `value` and everything reachable from it (when checking); returns it. */
export function deepFreeze<T>(value: T): T {
  if (checking && value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
