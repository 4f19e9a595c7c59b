// Serves a lab's simulated kube-apiserver over HTTPS on 127.0.0.1, so the real kubectl can
// talk to it (scripts/fidelity/record-kubectl-server.ts). Virtual time advances only while a
// request is being answered and when the recorder runs a lab step: between commands the
// cluster stands still, which keeps a recording reproducible.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { KubeRest, type RestRequest } from "@/lib/engine/kube/rest";
import type { Lab } from "@/lib/engine/shell/lab";

/** How long a request may run in virtual time before the server gives up on it (kube-apiserver's 60 s). */
const REQUEST_TIMEOUT_MS = 60_000;

export interface LabServer {
  port: number;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function serveLab(lab: Lab, tls: { key: string; cert: string }, port = 0): Promise<LabServer> {
  if (!lab.kube) throw new Error("serveLab needs a lab with Kubernetes");
  const rest = new KubeRest(lab.kube);
  const watches = new Set<{ stop(): void }>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const request: RestRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: new Map(url.searchParams),
      accept: req.headers.accept,
      contentType: req.headers["content-type"],
      body: await readBody(req),
    };
    if (process.env.KUBE_HTTP_LOG) console.error(`[${lab.cluster.nowMs.toFixed(3)}] ${request.method} ${req.url}`);
    if (request.method === "GET" && /^(true|1)$/.test(request.query.get("watch") ?? "")) {
      res.writeHead(200, { "Content-Type": "application/json", "Transfer-Encoding": "chunked" });
      // Headers now: a client waits for them before it treats the watch as open (and before it can stop it).
      res.flushHeaders();
      const watch = rest.watch(request, (chunk) => res.write(chunk));
      if ("status" in watch) {
        res.end(watch.body);
        return;
      }
      watches.add(watch);
      res.on("close", () => {
        watch.stop();
        watches.delete(watch);
      });
      return;
    }
    const pending = rest.handle(request);
    lab.cluster.runUntilSettled(pending, lab.cluster.nowMs + REQUEST_TIMEOUT_MS);
    if (!pending.settled) {
      res.writeHead(504, { "Content-Type": "application/json" });
      res.end(
        `${JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server was unable to return a response in the time allotted", reason: "Timeout", code: 504 })}\n`,
      );
      return;
    }
    const response = pending.unwrap();
    res.writeHead(response.status, { "Content-Type": response.contentType, "Content-Length": Buffer.byteLength(response.body) });
    res.end(response.body);
  }

  const server = createServer(tls, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const w of watches) w.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
