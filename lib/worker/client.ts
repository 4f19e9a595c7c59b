// The page's side of the lab worker: starts it, sends typed messages, and hands what comes back
// to a listener. One client per lab page.

import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from "./protocol";
import type { LabRun } from "../labs/session";

export class LabClient {
  private readonly worker: Worker;

  constructor(lab: string, run: LabRun | undefined, onMessage: (message: FromWorker) => void) {
    this.worker = new Worker(new URL("./engine.worker.ts", import.meta.url), { type: "module", name: "lab-engine" });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
    this.worker.onerror = (event) => onMessage({ type: "error", message: event.message || "the lab engine stopped" });
    this.send({ type: "start", protocol: PROTOCOL_VERSION, lab, run });
  }

  send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  dispose(): void {
    this.worker.terminate();
  }
}
