// What the early-start script (start.ts) and the page's client (client.ts) agree on.

/** The engine worker, bundled on its own by scripts/build-lab-worker.mjs. */
export const LAB_ENGINE_URL = "/lab-engine.js";
/** The script that starts it before React loads. */
export const LAB_START_URL = "/lab-start.js";
/** The window property through which the two hand the worker over. */
export const STARTED_EARLY = "__labEngine";

/** `worker` is set by whoever started it; `taken` once the page has it (then nobody starts another). */
export type EarlyStart = Record<typeof STARTED_EARLY, { worker?: Worker; taken?: boolean } | undefined>;
