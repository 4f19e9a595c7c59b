// What the early-start script (start.ts) and the page's client (client.ts) agree on.

import type { FromWorker } from "./protocol";

/** The engine worker, bundled on its own by scripts/build-lab-worker.mjs. */
export const LAB_ENGINE_URL = "/lab-engine.js";
/** The script that starts it before React loads. */
export const LAB_START_URL = "/lab-start.js";
/** The window property through which the two hand the worker over. */
export const STARTED_EARLY = "__labEngine";

/** The lab a lab page's address names (/en/labs/leader-election → leader-election). */
export function labOfPath(pathname: string): string | undefined {
  const m = /^\/[^/]+\/labs\/([a-z0-9-]+)\/?$/.exec(pathname);
  return m?.[1];
}

export interface EarlyWorker {
  worker: Worker;
  /** The lab the early script has started (or is starting) in it: the page must not start it again. */
  lab?: string;
  /** What the worker said before the page took it, in order. */
  messages: FromWorker[];
}

/** `worker` is set by whoever started it; `taken` once the page has it (then nobody starts another). */
export type EarlyStart = Record<typeof STARTED_EARLY, (Partial<EarlyWorker> & { taken?: boolean }) | undefined>;
