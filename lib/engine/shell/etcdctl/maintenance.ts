// etcdctl's cluster and maintenance commands: member, endpoint, move-leader, alarm, defrag,
// snapshot and version (ctlv3/command/{member,ep,move_leader,alarm,defrag,snapshot,version}_command.go).

import type { Header, StatusResponse } from "../../etcd/cluster";
import { ETCD_VERSION } from "../../etcd/cluster";
import { computeClusterId, computeMemberId, idToHex } from "../../etcd/ids";
import type { AlarmMember, MemberInfo } from "../../etcd/member";
import { Pending } from "../../etcd/pending";
import { VfsError } from "../vfs";
import { wait, type Program, type Wait } from "../program";
import { ExitCode, type Invocation } from "./client";
import type { FlagSpec } from "./flags";
import { goDuration, goJson, goJsonString, humanizeBytes, isoTime, num, renderTable, uint64 } from "./format";
import { fieldsHeader, jsonHeader } from "./output";
import { parseUint64Hex } from "./kv";

export const MEMBER_ADD_FLAGS: FlagSpec[] = [
  { name: "peer-urls", type: "string", default: "" },
  { name: "learner", type: "bool", default: "false" },
];
export const MEMBER_UPDATE_FLAGS: FlagSpec[] = [{ name: "peer-urls", type: "string", default: "" }];
export const ENDPOINT_FLAGS: FlagSpec[] = [{ name: "cluster", type: "bool", default: "false" }];
export const HASHKV_FLAGS: FlagSpec[] = [{ name: "rev", type: "int", default: "0" }];
export const DEFRAG_FLAGS: FlagSpec[] = [
  { name: "cluster", type: "bool", default: "false" },
  { name: "data-dir", type: "string", default: "" },
];
export const RESTORE_FLAGS: FlagSpec[] = [
  { name: "data-dir", type: "string", default: "" },
  { name: "wal-dir", type: "string", default: "" },
  { name: "initial-cluster", type: "string", default: "default=http://localhost:2380" },
  { name: "initial-cluster-token", type: "string", default: "etcd-cluster" },
  { name: "initial-advertise-peer-urls", type: "string", default: "http://localhost:2380" },
  { name: "name", type: "string", default: "default" },
  { name: "skip-hash-check", type: "bool", default: "false" },
];

// ------------------------------------------------------------------ member

function memberRows(members: MemberInfo[]): string[][] {
  return members.map((m) => [
    m.id,
    m.name === "" ? "unstarted" : "started",
    m.name,
    m.peerURLs.join(","),
    m.clientURLs.join(","),
    String(m.isLearner),
  ]);
}

function memberJson(m: MemberInfo): Record<string, unknown> {
  return {
    ID: num(uint64(m.id)),
    name: m.name || undefined,
    peerURLs: m.peerURLs.length ? m.peerURLs : undefined,
    clientURLs: m.clientURLs.length ? m.clientURLs : undefined,
    isLearner: m.isLearner || undefined,
  };
}

function membersJson(header: Header, members: MemberInfo[]): string {
  return `${goJson({ header: jsonHeader({ ...header, revision: 0 }), members: members.map(memberJson) })}\n`;
}

function printMemberList(inv: Invocation, r: { header: Header; members: MemberInfo[] }, format: string): void {
  const header = ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"];
  switch (format) {
    case "simple":
      inv.out(
        memberRows(r.members)
          .map((row) => `${row.join(", ")}\n`)
          .join(""),
      );
      return;
    case "table":
      inv.out(renderTable(header, memberRows(r.members)));
      return;
    case "json":
      inv.out(membersJson(r.header, r.members));
      return;
    case "fields": {
      let out = fieldsHeader({ ...r.header, revision: 0 }, inv.hex);
      for (const m of r.members) {
        out += `"ID" : ${uint64(m.id)}\n"Name" : ${JSON.stringify(m.name)}\n`;
        for (const u of m.peerURLs) out += `"PeerURL" : ${JSON.stringify(u)}\n`;
        for (const u of m.clientURLs) out += `"ClientURL" : ${JSON.stringify(u)}\n`;
        out += `"IsLearner" : ${m.isLearner}\n\n`;
      }
      inv.out(out);
      return;
    }
    default:
      inv.unsupported(format);
  }
}

export function* memberList(inv: Invocation): Program {
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.memberList(id));
  printMemberList(inv, r, format);
  return 0;
}

function parsePeerUrls(inv: Invocation): string[] {
  const text = inv.flag("peer-urls");
  if (text === "") return inv.fail(ExitCode.BadArgs, "member peer urls not provided");
  const urls = text.split(",");
  for (const u of urls) {
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(u)?.[1];
    if (!scheme || !["http", "https", "unix", "unixs"].includes(scheme))
      return inv.fail(ExitCode.Error, `URL scheme must be http, https, unix, or unixs: ${u}`);
  }
  return urls;
}

function memberIdArg(inv: Invocation): string {
  if (inv.args.length !== 1 || inv.args[0] === "") return inv.fail(ExitCode.BadArgs, "member ID is not provided");
  const id = parseUint64Hex(inv.args[0]!);
  if (typeof id === "string") return inv.fail(ExitCode.BadArgs, `bad member ID arg (${id}), expecting ID in Hex`);
  return idToHex(id);
}

export function* memberAdd(inv: Invocation): Program {
  if (inv.args.length < 1) return inv.fail(ExitCode.BadArgs, "member name not provided");
  if (inv.args.length > 1) return inv.fail(ExitCode.BadArgs, "too many arguments");
  const name = inv.args[0]!;
  const urls = parsePeerUrls(inv);
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.memberAdd(id, urls, inv.bool("learner")));
  if (format === "json") {
    inv.out(
      `${goJson({ header: jsonHeader({ ...r.header, revision: 0 }), member: memberJson(r.member), members: r.members.map(memberJson) })}\n`,
    );
    return 0;
  }
  if (format === "fields") {
    inv.out(fieldsHeader({ ...r.header, revision: 0 }, inv.hex) + `"Member" : ${uint64(r.member.id)}\n`);
    return 0;
  }
  if (format !== "simple") return inv.unsupported(format);
  inv.out(`Member ${r.member.id.padStart(16)} added to cluster ${r.header.clusterId.padStart(16)}\n`);
  const conf: string[] = [];
  for (const m of r.members) for (const u of m.peerURLs) conf.push(`${m.id === r.member.id ? name : m.name}=${u}`);
  inv.out(
    `\nETCD_NAME=${goJsonString(name)}\nETCD_INITIAL_CLUSTER=${goJsonString(conf.join(","))}\nETCD_INITIAL_ADVERTISE_PEER_URLS=${goJsonString(urls.join(","))}\nETCD_INITIAL_CLUSTER_STATE="existing"\n`,
  );
  return 0;
}

function* memberChange(
  inv: Invocation,
  verb: string,
  call: (memberId: string, target: string) => Pending<{ header: Header; members: MemberInfo[] }>,
  before?: () => void,
): Program {
  const target = memberIdArg(inv);
  before?.();
  const format = inv.format();
  const r = yield* inv.unary((id) => call(id, target));
  if (format === "simple") inv.out(`Member ${target.padStart(16)} ${verb} cluster ${r.header.clusterId.padStart(16)}\n`);
  else if (format === "json") inv.out(membersJson(r.header, r.members));
  else if (format === "fields") inv.out(fieldsHeader({ ...r.header, revision: 0 }, inv.hex));
  else inv.unsupported(format);
  return 0;
}

export function* memberRemove(inv: Invocation): Program {
  return yield* memberChange(inv, "removed from", (id, target) => inv.cluster.memberRemove(id, target));
}

export function* memberPromote(inv: Invocation): Program {
  return yield* memberChange(inv, "promoted in", (id, target) => inv.cluster.memberPromote(id, target));
}

export function* memberUpdate(inv: Invocation): Program {
  let urls: string[] = [];
  return yield* memberChange(
    inv,
    "updated in",
    (id, target) => inv.cluster.memberUpdate(id, target, urls),
    () => (urls = parsePeerUrls(inv)),
  );
}

// ------------------------------------------------------------------ endpoints

/** The endpoints a command visits: --endpoints, or with --cluster every member's client URLs. */
function* endpointsOf(inv: Invocation): Generator<Wait, string[], unknown> {
  if (!inv.bool("cluster")) return inv.endpoints;
  const r = yield* inv.unary((id) => inv.cluster.memberList(id));
  return r.members.flatMap((m) => m.clientURLs);
}

function statusRow(ep: string, s: StatusResponse): string[] {
  return [
    ep,
    s.header.memberId,
    s.version,
    humanizeBytes(s.dbSize),
    String(s.leader === s.header.memberId),
    String(s.isLearner),
    String(s.raftTerm),
    String(s.raftIndex),
    String(s.raftAppliedIndex),
    s.errors.join(", "),
  ];
}

const STATUS_HEADER = [
  "ENDPOINT",
  "ID",
  "VERSION",
  "DB SIZE",
  "IS LEADER",
  "IS LEARNER",
  "RAFT TERM",
  "RAFT INDEX",
  "RAFT APPLIED INDEX",
  "ERRORS",
];

export function* endpointStatus(inv: Invocation): Program {
  const format = inv.format();
  const eps = yield* endpointsOf(inv);
  const ok: Array<{ ep: string; s: StatusResponse }> = [];
  let failed = false;
  for (const ep of eps) {
    const r = yield* inv.tryUnary((id) => inv.cluster.status(id), { endpoints: [ep], target: `passthrough:///${ep}` });
    if ("value" in r) ok.push({ ep, s: r.value });
    else {
      inv.err(`Failed to get the status of endpoint ${ep} (${r.message})\n`);
      failed = true;
    }
  }
  switch (format) {
    case "simple":
      inv.out(ok.map(({ ep, s }) => `${statusRow(ep, s).join(", ")}\n`).join(""));
      break;
    case "table":
      inv.out(
        renderTable(
          STATUS_HEADER,
          ok.map(({ ep, s }) => statusRow(ep, s)),
        ),
      );
      break;
    case "json":
      inv.out(
        `${goJson(
          ok.map(({ ep, s }) => ({
            Endpoint: ep,
            Status: {
              header: jsonHeader(s.header),
              version: s.version,
              dbSize: num(s.dbSize),
              leader: s.leader === "0" ? undefined : num(uint64(s.leader)),
              raftIndex: num(s.raftIndex),
              raftTerm: num(s.raftTerm),
              raftAppliedIndex: num(s.raftAppliedIndex),
              errors: s.errors.length ? s.errors : undefined,
              dbSizeInUse: num(s.dbSizeInUse),
              isLearner: s.isLearner || undefined,
            },
          })),
        )}\n`,
      );
      break;
    case "fields":
      for (const { ep, s } of ok) {
        inv.out(
          `${fieldsHeader(s.header, inv.hex)}"Version" : ${JSON.stringify(s.version)}\n"DBSize" : ${s.dbSize}\n"Leader" : ${uint64(s.leader === "0" ? "" : s.leader)}\n"IsLearner" : ${s.isLearner}\n"RaftIndex" : ${s.raftIndex}\n"RaftTerm" : ${s.raftTerm}\n"RaftAppliedIndex" : ${s.raftAppliedIndex}\n"Errors" : [${s.errors.join(" ")}]\n"Endpoint" : ${JSON.stringify(ep)}\n\n`,
        );
      }
      break;
    default:
      inv.unsupported(format);
  }
  return failed ? 1 : 0;
}

interface Health {
  ep: string;
  health: boolean;
  took: string;
  error: string;
  finishedMs: number;
}

export function* endpointHealth(inv: Invocation): Program {
  const format = inv.format();
  const eps = yield* endpointsOf(inv);
  // etcdctl checks every endpoint at once and reports them as they answer.
  const started = inv.cluster.nowMs;
  const checks = eps.map((ep) => {
    const p = new Pending<Health>();
    const server = inv.server([ep]);
    const done = (error: string) =>
      p.resolve({ ep, health: error === "", took: goDuration(inv.cluster.nowMs - started), error, finishedMs: inv.cluster.nowMs });
    if (!server) {
      inv.cluster.at(started + inv.commandTimeoutMs, () => {
        inv.warn("rpc error: code = DeadlineExceeded desc = latest balancer error: all SubConns are in TransientFailure", inv.target(ep));
        done("context deadline exceeded");
      });
      return p;
    }
    const get = inv.cluster.deadline(inv.cluster.range(server.id, { key: "health" }), started + inv.commandTimeoutMs);
    get.onSettle(() => {
      if (get.state === "ok") return done("");
      const code = get.error!.code === "DeadlineExceeded" ? "DeadlineExceeded" : get.error!.code;
      inv.warn(`rpc error: code = ${code} desc = ${get.error!.message}`, inv.target(ep));
      done(get.error!.message);
    });
    return p;
  });
  for (const c of checks) yield* wait(c);
  const results = checks.map((c) => c.value!).sort((a, b) => a.finishedMs - b.finishedMs);
  switch (format) {
    case "simple":
      for (const h of results) {
        inv.err(
          h.health
            ? `${h.ep} is healthy: successfully committed proposal: took = ${h.took}\n`
            : `${h.ep} is unhealthy: failed to commit proposal: ${h.error}\n`,
        );
      }
      break;
    case "table":
      inv.out(
        renderTable(
          ["ENDPOINT", "HEALTH", "TOOK", "ERROR"],
          results.map((h) => [h.ep, String(h.health), h.took, h.error]),
        ),
      );
      break;
    case "json":
      inv.out(`${goJson(results.map((h) => ({ endpoint: h.ep, health: h.health, took: h.took, error: h.error || undefined })))}\n`);
      break;
    case "fields":
      for (const h of results)
        inv.out(`"Endpoint" : ${JSON.stringify(h.ep)}\n"Health" : ${h.health}\n"Took" : ${h.took}\n"Error" : ${h.error}\n\n`);
      break;
    default:
      inv.unsupported(format);
  }
  if (results.some((h) => !h.health)) return inv.fail(ExitCode.Error, "unhealthy cluster");
  return 0;
}

export function* endpointHashKV(inv: Invocation): Program {
  const format = inv.format();
  const eps = yield* endpointsOf(inv);
  const rev = inv.int("rev");
  const ok: Array<{ ep: string; hash: number; compactRevision: number; header: Header }> = [];
  let failed: string | undefined;
  for (const ep of eps) {
    const r = yield* inv.tryUnary((id) => inv.cluster.hashKV(id, rev), { endpoints: [ep], target: `passthrough:///${ep}` });
    if ("value" in r) ok.push({ ep, ...r.value });
    else {
      inv.err(`Failed to get the hash of endpoint ${ep} (${r.message})\n`);
      failed = r.message;
    }
  }
  switch (format) {
    case "simple":
      inv.out(ok.map((h) => `${h.ep}, ${h.hash}\n`).join(""));
      break;
    case "table":
      inv.out(
        renderTable(
          ["ENDPOINT", "HASH"],
          ok.map((h) => [h.ep, String(h.hash)]),
        ),
      );
      break;
    case "json":
      inv.out(
        `${goJson(ok.map((h) => ({ Endpoint: h.ep, HashKV: { header: jsonHeader(h.header), hash: num(h.hash), compact_revision: num(h.compactRevision) } })))}\n`,
      );
      break;
    case "fields":
      for (const h of ok)
        inv.out(
          `${fieldsHeader(h.header, inv.hex)}"Endpoint" : ${JSON.stringify(h.ep)}\n"Hash" : ${h.hash}\n"HashRevision" : ${h.header.revision}\n\n`,
        );
      break;
    default:
      inv.unsupported(format);
  }
  if (failed !== undefined) return inv.fail(ExitCode.Error, failed);
  return 0;
}

// ------------------------------------------------------------------ move-leader

export function* moveLeader(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "move-leader command needs 1 argument");
  const parsed = parseUint64Hex(inv.args[0]!);
  if (typeof parsed === "string") return inv.fail(ExitCode.BadArgs, parsed);
  const target = idToHex(parsed);
  let leader: { ep: string; id: string } | undefined;
  for (const ep of inv.endpoints) {
    const s = yield* inv.unary((id) => inv.cluster.status(id), { endpoints: [ep] });
    if (s.header.memberId === s.leader) {
      leader = { ep, id: s.leader };
      break;
    }
  }
  if (!leader) return inv.fail(ExitCode.BadArgs, `no leader endpoint given at [${inv.endpoints.join(" ")}]`);
  const from = leader;
  yield* inv.unary((id) => inv.cluster.moveLeader(id, target), { endpoints: [from.ep] });
  inv.out(`Leadership transferred from ${from.id} to ${target}\n`);
  return 0;
}

// ------------------------------------------------------------------ alarms and defrag

function printAlarms(inv: Invocation, alarms: AlarmMember[], format: string): void {
  const type = (a: AlarmMember) => (a.alarm === "NOSPACE" ? 1 : 2);
  switch (format) {
    case "simple":
      inv.out(alarms.map((a) => `memberID:${uint64(a.memberId)} alarm:${a.alarm} \n`).join(""));
      return;
    case "json":
      inv.out(
        `${goJson({ alarms: alarms.length ? alarms.map((a) => ({ memberID: num(uint64(a.memberId)), alarm: num(type(a)) })) : undefined })}\n`,
      );
      return;
    case "fields":
      inv.out(
        fieldsHeader(undefined, inv.hex) + alarms.map((a) => `"MemberID" : ${uint64(a.memberId)}\n"AlarmType" : ${a.alarm}\n\n`).join(""),
      );
      return;
    default:
      inv.unsupported(format);
  }
}

export function* alarmList(inv: Invocation): Program {
  const format = inv.format();
  const r = yield* inv.unary((id) => inv.cluster.alarm(id, "GET"), { describe: (m) => `alarm list error: ${m}` });
  printAlarms(inv, r.alarms, format);
  return 0;
}

export function* alarmDisarm(inv: Invocation): Program {
  const format = inv.format();
  // clientv3's AlarmDisarm lists the alarms, then deactivates each.
  const listed = yield* inv.unary((id) => inv.cluster.alarm(id, "GET"), { describe: (m) => `alarm disarm error: ${m}` });
  const disarmed: AlarmMember[] = [];
  for (const a of listed.alarms) {
    const r = yield* inv.unary((id) => inv.cluster.alarm(id, "DEACTIVATE", a.memberId, a.alarm), {
      describe: (m) => `alarm disarm error: ${m}`,
    });
    disarmed.push(...r.alarms);
  }
  printAlarms(inv, disarmed, format);
  return 0;
}

export function* defrag(inv: Invocation): Program {
  const eps = yield* endpointsOf(inv);
  let failed = false;
  for (const ep of eps) {
    const r = yield* inv.tryUnary((id) => inv.cluster.defragment(id), { endpoints: [ep] });
    if ("value" in r) inv.out(`Finished defragmenting etcd member[${ep}]\n`);
    else {
      inv.err(`Failed to defragment etcd member[${ep}] (${r.message})\n`);
      failed = true;
    }
  }
  return failed ? ExitCode.Error : 0;
}

// ------------------------------------------------------------------ snapshot

interface SnapshotFile {
  format: "etcd-lab-snapshot/1";
  revision: number;
  keys: number;
  size: number;
  hash: number;
  data: string;
}

/** zap's console time: seconds since the epoch with fractions, as etcdctl's snapshot logs print it. */
function zapEpoch(unixMs: number): string {
  return (unixMs / 1000).toFixed(7);
}

export function* snapshotSave(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "snapshot save expects one argument");
  const path = inv.args[0]!;
  if (inv.endpoints.length !== 1)
    return inv.fail(ExitCode.BadArgs, `snapshot must be requested to one selected node, not multiple [${inv.endpoints.join(" ")}]`);
  const part = `${path}.part`;
  try {
    inv.ctx.shell.vfs.write(part, "");
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    return inv.fail(ExitCode.Interrupted, `could not open ${part} (open ${part}: no such file or directory)`);
  }
  const now = () => inv.cluster.nowUnixMs;
  inv.err(
    `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:119","msg":"created temporary db file","path":${goJsonString(part)}}\n`,
  );
  const r = yield* inv.unary((id) => inv.cluster.snapshot(id), { exitCode: ExitCode.Interrupted });
  const ep = inv.endpoints[0]!;
  inv.err(
    `{"level":"info","ts":"${isoTime(now())}","caller":"clientv3/maintenance.go:200","msg":"opened snapshot stream; downloading"}\n` +
      `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:127","msg":"fetching snapshot","endpoint":${goJsonString(ep)}}\n` +
      `{"level":"info","ts":"${isoTime(now())}","caller":"clientv3/maintenance.go:208","msg":"completed snapshot read; closing"}\n` +
      `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:142","msg":"fetched snapshot","endpoint":${goJsonString(ep)},"size":${goJsonString(humanizeBytes(r.size))},"took":0.0005}\n` +
      `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:152","msg":"saved","path":${goJsonString(path)}}\n`,
  );
  const file: SnapshotFile = { format: "etcd-lab-snapshot/1", ...r };
  inv.ctx.shell.vfs.remove(part);
  inv.ctx.shell.vfs.write(path, JSON.stringify(file));
  inv.out(`Snapshot saved at ${path}\n`);
  return 0;
}

function readSnapshot(inv: Invocation, path: string, verb: "stat" | "open"): SnapshotFile {
  let text: string;
  try {
    text = inv.ctx.shell.vfs.read(path);
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    return inv.fail(ExitCode.Error, `${verb} ${path}: no such file or directory`);
  }
  try {
    const parsed = JSON.parse(text) as SnapshotFile;
    if (parsed.format === "etcd-lab-snapshot/1") return parsed;
  } catch {
    // not a snapshot
  }
  return inv.fail(ExitCode.Error, "invalid database");
}

export function* snapshotStatus(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "snapshot status requires exactly one argument");
  const s = readSnapshot(inv, inv.args[0]!, "stat");
  const format = inv.format();
  const hash = s.hash.toString(16);
  switch (format) {
    case "simple":
      inv.out(`${hash}, ${s.revision}, ${s.keys}, ${humanizeBytes(s.size)}\n`);
      break;
    case "table":
      inv.out(
        renderTable(["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"], [[hash, String(s.revision), String(s.keys), humanizeBytes(s.size)]]),
      );
      break;
    case "json":
      inv.out(`${goJson({ hash: num(s.hash), revision: num(s.revision), totalKey: num(s.keys), totalSize: num(s.size) })}\n`);
      break;
    case "fields":
      inv.out(`"Hash" : ${s.hash}\n"Revision" : ${s.revision}\n"Keys" : ${s.keys}\n"Size" : ${s.size}\n`);
      break;
    default:
      inv.unsupported(format);
  }
  return 0;
}

export function* snapshotRestore(inv: Invocation): Program {
  if (inv.args.length !== 1) return inv.fail(ExitCode.BadArgs, "snapshot restore requires exactly one argument");
  const path = inv.args[0]!;
  const name = inv.flag("name");
  const dataDir = inv.flag("data-dir") || `${name}.etcd`;
  const walDir = inv.flag("wal-dir") || `${dataDir}/member/wal`;
  const token = inv.flag("initial-cluster-token");
  const peers = new Map<string, string[]>();
  for (const entry of inv.flag("initial-cluster").split(",")) {
    const eq = entry.indexOf("=");
    if (eq < 0) return inv.fail(ExitCode.Error, `error parsing initial cluster: ${entry}`);
    const n = entry.slice(0, eq);
    peers.set(n, [...(peers.get(n) ?? []), entry.slice(eq + 1)]);
  }
  if (!peers.has(name))
    return inv.fail(ExitCode.Error, `couldn't find local name ${JSON.stringify(name)} in the initial cluster configuration`);
  const vfs = inv.ctx.shell.vfs;
  if (vfs.exists(dataDir)) return inv.fail(ExitCode.Error, `data-dir ${JSON.stringify(dataDir)} exists`);
  const now = () => inv.cluster.nowUnixMs;
  inv.err(
    `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:296","msg":"restoring snapshot","path":${goJsonString(path)},"wal-dir":${goJsonString(walDir)},"data-dir":${goJsonString(dataDir)},"snap-dir":${goJsonString(`${dataDir}/member/snap`)}}\n`,
  );
  const snap = readSnapshot(inv, path, "open");
  const ids = [...peers].map(([, urls]) => computeMemberId(urls, token));
  const clusterId = idToHex(computeClusterId(ids));
  for (const urls of peers.values()) {
    inv.err(
      `{"level":"info","ts":${zapEpoch(now())},"caller":"membership/cluster.go:392","msg":"added member","cluster-id":"${clusterId}","local-member-id":"0","added-peer-id":"${idToHex(computeMemberId(urls, token))}","added-peer-peer-urls":${goJson(urls)}}\n`,
    );
  }
  inv.err(
    `{"level":"info","ts":${zapEpoch(now())},"caller":"snapshot/v3_snapshot.go:309","msg":"restored snapshot","path":${goJsonString(path)},"wal-dir":${goJsonString(walDir)},"data-dir":${goJsonString(dataDir)},"snap-dir":${goJsonString(`${dataDir}/member/snap`)}}\n`,
  );
  vfs.mkdirs(`${dataDir}/member/snap`);
  vfs.mkdirs(walDir);
  const restored = {
    ...snap,
    name,
    clusterId,
    token,
    members: [...peers].map(([n, urls]) => ({ name: n, peerURLs: urls, id: idToHex(computeMemberId(urls, token)) })),
  };
  vfs.write(`${dataDir}/member/snap/db`, JSON.stringify(restored));
  // The raft snapshot sits after one conf-change entry per member: term 1, index = the member count (saveWALAndSnap).
  vfs.write(
    `${dataDir}/member/snap/0000000000000001-${peers.size.toString(16).padStart(16, "0")}.snap`,
    JSON.stringify({ term: 1, index: peers.size }),
  );
  vfs.write(`${walDir}/0000000000000000-0000000000000000.wal`, "");
  return 0;
}

export function* version(inv: Invocation): Program {
  inv.out(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.4\n`);
  return 0;
}
