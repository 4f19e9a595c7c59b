// lab-start.js (scripts/build-lab-worker.mjs bundles it): the lab page lists it as an async
// script, which React hoists into the document's <head>, so the browser fetches and runs it
// while the stylesheets and React are still loading. It starts the engine's worker at once and
// boots the lab in it from the run saved in IndexedDB (the worker reads it), so the cluster is
// up by the time React has hydrated; the page takes that worker, and what it has said, when its
// own code runs (lib/worker/client.ts). Waiting for the page to send "start" cost half a
// second of hydration.

import { LAB_ENGINE_URL, STARTED_EARLY, labOfPath, type EarlyStart, type EarlyWorker } from "./early-start";
import { PROTOCOL_VERSION, type ToWorker } from "./protocol";

const w = window as unknown as EarlyStart;
// The page's code ran first (a slow network, or a client-side navigation) and made its own.
if (!w[STARTED_EARLY]) {
  try {
    const early: EarlyWorker = { worker: new Worker(LAB_ENGINE_URL, { name: "lab-engine" }), messages: [] };
    early.worker.onmessage = (event) => early.messages.push(event.data);
    w[STARTED_EARLY] = early;
    const lab = labOfPath(location.pathname);
    if (lab) {
      early.lab = lab;
      early.worker.postMessage({ type: "start", protocol: PROTOCOL_VERSION, lab, saved: true } satisfies ToWorker);
    }
  } catch {
    // No workers here: the page's code says so when it tries.
  }
}
