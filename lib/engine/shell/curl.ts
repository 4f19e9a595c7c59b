// curl for the HTTP endpoints an etcd member serves on its client URL: /metrics, /health
// and /version, with curl's own messages when nothing listens.

import { metricsText } from "../etcd/metrics";
import { CLUSTER_VERSION, ETCD_VERSION } from "../etcd/cluster";
import { Exit, type Command, type CommandContext } from "./program";
import { VfsError } from "./vfs";

function fail(ctx: CommandContext, code: number, message: string, silent: boolean, showError: boolean): never {
  if (!silent || showError) ctx.io.err(`curl: (${code}) ${message}\n`);
  throw new Exit(code);
}

export const curl: Command = function* (ctx) {
  const args = ctx.argv.slice(1);
  let url: string | undefined;
  let silent = false;
  let showError = false;
  let failOnError = false;
  let include = false;
  let output: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-o" || a === "--output") output = args[++i];
    else if (a === "-X" || a === "--request" || a === "-H" || a === "--header" || a === "-m" || a === "--max-time") i++;
    else if (a.startsWith("--")) {
      if (a === "--silent") silent = true;
      else if (a === "--show-error") showError = true;
      else if (a === "--fail") failOnError = true;
      else if (a === "--include") include = true;
    } else if (a.startsWith("-") && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === "s") silent = true;
        else if (c === "S") showError = true;
        else if (c === "f") failOnError = true;
        else if (c === "i") include = true;
      }
    } else url = a;
  }
  if (!url) {
    ctx.io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/[^?#]*)?/.exec(url);
  if (!m) return fail(ctx, 3, "URL using bad/illegal format or missing URL", silent, showError);
  const [, scheme = "http", host, port = scheme === "https" ? "443" : "80", path = "/"] = m;
  const cluster = ctx.shell.cluster;
  const server = cluster.configByAddr(`${host}:${port}`);
  if (!server || !cluster.isUp(server.id))
    return fail(ctx, 7, `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, silent, showError);
  if (scheme === "https") return fail(ctx, 35, "error:0A00010B:SSL routines::wrong version number", silent, showError);
  let status = 200;
  let contentType = "text/plain; charset=utf-8";
  let body: string;
  if (path === "/metrics") {
    body = metricsText(cluster, server.id);
    contentType = "text/plain; version=0.0.4; charset=utf-8";
  } else if (path === "/health") {
    const r = cluster.world.members.get(server.id)?.node?.raft;
    const alarms = cluster.app(server.id)?.alarms.length ?? 0;
    const healthy = !!r && r.lead !== "" && alarms === 0;
    if (!healthy) status = 503;
    body = `{"health":"${healthy}"}`;
    contentType = "application/json";
  } else if (path === "/version") {
    body = `{"etcdserver":"${ETCD_VERSION}","etcdcluster":"${CLUSTER_VERSION}"}`;
    contentType = "application/json";
  } else {
    status = 404;
    body = "404 page not found\n";
  }
  if (failOnError && status >= 400) return fail(ctx, 22, `The requested URL returned error: ${status}`, silent, showError);
  const head = include
    ? `HTTP/1.1 ${status} ${status === 200 ? "OK" : status === 404 ? "Not Found" : "Service Unavailable"}\r\nContent-Type: ${contentType}\r\n\r\n`
    : "";
  if (output) {
    try {
      ctx.shell.vfs.write(output, head + body);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      return fail(ctx, 23, `Failure writing output to destination`, silent, showError);
    }
    return 0;
  }
  ctx.io.out(head + body);
  return 0;
};
