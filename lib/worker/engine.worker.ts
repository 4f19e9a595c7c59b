// The lab's Web Worker: the engine runs here, off the page's main thread. It only wires the
// host (lib/worker/host.ts) to postMessage and to a wall clock; everything else is tested in Node.

import { LabHost } from "./host";
import type { ToWorker } from "./protocol";
import { loadRun } from "./run-store";

/** Wall ms between ticks: often enough for smooth output, rare enough to leave the CPU alone. */
const TICK_MS = 33;

const host = new LabHost(
  (message) => self.postMessage(message),
  () => performance.now(),
);
/** Messages that came while the saved run was being read: handled after the start, in order. */
let waiting: ToWorker[] | undefined;

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (waiting) waiting.push(message);
  else if (message.type === "start" && message.saved) {
    waiting = [];
    void loadRun(message.lab).then((run) => {
      host.handle({ ...message, run, saved: false });
      const then = waiting!;
      waiting = undefined;
      for (const m of then) host.handle(m);
    });
  } else host.handle(message);
};
setInterval(() => host.tick(), TICK_MS);
