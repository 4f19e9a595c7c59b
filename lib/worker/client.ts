// The page's side of the lab worker: starts it, sends typed messages, and hands what comes back
// to a listener. One client per lab page.

import { LAB_ENGINE_URL, STARTED_EARLY, type EarlyStart } from "./early-start";
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from "./protocol";
import type { LabRun } from "../labs/session";

let prewarmed: Worker | undefined;

/**
 * Takes the worker lab-start.js started (lib/worker/start.ts), or starts one before the page has
 * hydrated; the first LabClient takes it. A worker posts nothing until it is started, so no
 * message is lost.
 */
export function prewarmLabWorker(): void {
  if (prewarmed) return;
  const w = window as unknown as EarlyStart;
  prewarmed = w[STARTED_EARLY]?.worker ?? createWorker();
  // Taken: the early script, should it run only now, starts no second worker.
  w[STARTED_EARLY] = { taken: true };
}

function createWorker(): Worker {
  return new Worker(LAB_ENGINE_URL, { name: "lab-engine" });
}

export class LabClient {
  private readonly worker: Worker;

  /** Takes the prewarmed worker or creates one: either way it loads while the page finds the saved run. */
  constructor(onMessage: (message: FromWorker) => void) {
    this.worker = prewarmed ?? createWorker();
    prewarmed = undefined;
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    this.worker.onerror = (event) => onMessage({ type: "error", message: event.message || "the lab engine stopped" });
  }

  start(lab: string, run: LabRun | undefined): void {
    this.send({ type: "start", protocol: PROTOCOL_VERSION, lab, run });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
