// The lab's Web Worker: the engine runs here, off the page's main thread. It only wires the
// host (lib/worker/host.ts) to postMessage and to a wall clock; everything else is tested in Node.

import { LabHost } from "./host";
import type { ToWorker } from "./protocol";

/** Wall ms between ticks: often enough for smooth output, rare enough to leave the CPU alone. */
const TICK_MS = 33;

const host = new LabHost(
  (message) => self.postMessage(message),
  () => performance.now(),
);
self.onmessage = (event: MessageEvent<ToWorker>) => host.handle(event.data);
setInterval(() => host.tick(), TICK_MS);
