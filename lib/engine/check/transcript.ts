import type { Entry, Message, NodeId, StateType } from "../raft";
import type { WorldObserver } from "../sim/world";

// A readable, message-level record of a run: every message sent, every role change and
// every applied entry, one line each, in virtual time. Golden transcripts of scripted
// scenarios are committed, so any change in Raft's behaviour shows up as a diff.

function formatMessage(m: Message): string {
  const parts = [`${m.from}->${m.to}`, m.type, `term=${m.term}`];
  if (m.type === "MsgApp" || m.type === "MsgVote" || m.type === "MsgPreVote") parts.push(`log=${m.logTerm}/${m.index}`);
  if (m.type === "MsgAppResp") parts.push(`index=${m.index}`);
  if (m.entries.length > 0)
    parts.push(`entries=[${m.entries.map((e) => `${e.term}/${e.index}${e.type === "confChange" ? ":conf" : ""}`).join(",")}]`);
  if (m.commit) parts.push(`commit=${m.commit}`);
  if (m.reject) parts.push(`reject hint=${m.rejectHint}`);
  if (m.snapshot) parts.push(`snapshot=${m.snapshot.metadata.term}/${m.snapshot.metadata.index}`);
  if (m.context) parts.push(`ctx=${m.context}`);
  return parts.join(" ");
}

export class Transcript implements WorldObserver {
  readonly lines: string[] = [];

  private at(nowMs: number): string {
    return `${nowMs.toFixed(3).padStart(10)}ms`;
  }

  onSend(m: Message, nowMs: number): void {
    this.lines.push(`${this.at(nowMs)}  ${formatMessage(m)}`);
  }

  onStateChange(member: NodeId, state: StateType, term: number, nowMs: number): void {
    this.lines.push(`${this.at(nowMs)}  * ${member} is ${state} in term ${term}`);
  }

  onApply(member: NodeId, entry: Entry, nowMs: number): void {
    const what = entry.type === "confChange" ? `conf ${entry.data}` : entry.data ? entry.data : "(leader's no-op)";
    this.lines.push(`${this.at(nowMs)}  ${member} applies ${entry.term}/${entry.index} ${what}`);
  }

  /** A note from the scenario ("crash 1"), so the transcript reads as a story. */
  note(nowMs: number, text: string): void {
    this.lines.push(`${this.at(nowMs)}  # ${text}`);
  }

  toString(): string {
    return `${this.lines.join("\n")}\n`;
  }
}
