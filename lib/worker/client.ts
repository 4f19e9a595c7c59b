// The page's side of the lab worker: starts it, sends typed messages, and hands what comes back
// to a listener. One client per lab page.

import { LAB_ENGINE_URL, STARTED_EARLY, type EarlyStart, type EarlyWorker } from "./early-start";
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from "./protocol";

let prewarmed: EarlyWorker | undefined;

/**
 * Takes the worker lab-start.js started (lib/worker/start.ts), lab and all, or starts one before
 * the page has hydrated; the first LabClient takes it. Nothing the worker says is lost: the early
 * script keeps its messages until a client takes them.
 */
export function prewarmLabWorker(): void {
  if (prewarmed) return;
  const w = window as unknown as EarlyStart;
  const early = w[STARTED_EARLY];
  // The same `messages` array: the early script's listener keeps filling it until a client takes over.
  prewarmed = early?.worker
    ? { worker: early.worker, lab: early.lab, messages: early.messages ?? [] }
    : { worker: createWorker(), messages: [] };
  // Taken: the early script, should it run only now, starts no second worker.
  w[STARTED_EARLY] = { taken: true };
}

function createWorker(): Worker {
  return new Worker(LAB_ENGINE_URL, { name: "lab-engine" });
}

export class LabClient {
  private readonly worker: Worker;
  /** The early script is starting this client's lab: the page must not start it a second time. */
  private readonly startedEarly: boolean;

  /** Takes the prewarmed worker or creates one: either way it loads while the page finds the saved run. */
  constructor(
    private readonly lab: string,
    onMessage: (message: FromWorker) => void,
  ) {
    let early = prewarmed;
    prewarmed = undefined;
    // Started for another lab (the page moved on before it took the worker): of no use here.
    if (early?.lab !== undefined && early.lab !== lab) {
      early.worker.terminate();
      early = undefined;
    }
    this.worker = early?.worker ?? createWorker();
    this.startedEarly = early?.lab === lab;
    // What it said before the page listened: delivered first, once the caller has its client (no
    // message event can run before a microtask).
    const backlog = early?.messages.splice(0) ?? [];
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    this.worker.onerror = (event) => onMessage({ type: "error", message: event.message || "the lab engine stopped" });
    if (backlog.length > 0) queueMicrotask(() => backlog.forEach(onMessage));
  }

  /** Starts the lab from its run saved in this browser, unless lab-start.js already did. */
  startSaved(): void {
    if (!this.startedEarly) this.send({ type: "start", protocol: PROTOCOL_VERSION, lab: this.lab, saved: true });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
