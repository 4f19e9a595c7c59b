// lab-start.js (scripts/build-lab-worker.mjs bundles it): the lab page lists it as an async
// script, which React hoists into the document's <head>, so the browser fetches and runs it
// while the stylesheets and React are still loading. It starts the engine's worker at once; the
// page takes that worker when its own code runs (lib/worker/client.ts). An inline script in
// the page ran only after the stylesheets and React's first long task, half a second later.

import { LAB_ENGINE_URL, STARTED_EARLY, type EarlyStart } from "./early-start";

const w = window as unknown as EarlyStart;
// The page's code ran first (a slow network, or a client-side navigation) and made its own.
if (!w[STARTED_EARLY]) {
  try {
    w[STARTED_EARLY] = { worker: new Worker(LAB_ENGINE_URL, { name: "lab-engine" }) };
  } catch {
    // No workers here: the page's code says so when it tries.
  }
}
