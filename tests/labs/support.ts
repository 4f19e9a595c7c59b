// Drives a lab session as a learner would: one command at a time, each to its end.
import { LabSession } from "@/lib/labs/session";
import type { LabDefinition } from "@/lib/labs/types";

/** Longest a solution line may run, in virtual time. */
const COMMAND_LIMIT_MS = 120_000;

export function startLab(def: LabDefinition): LabSession {
  return new LabSession(def.seed, def.topology, def.slug);
}

/** Runs a line in a terminal until it finishes; what it printed, and its exit code. */
export function type(session: LabSession, line: string, terminal = 0): { output: string; exitCode: number } {
  let output = "";
  let exitCode = -1;
  session.setSink((e) => {
    if (e.terminal !== terminal) return;
    if (e.kind === "out" || e.kind === "err") output += e.data;
    if (e.kind === "exit") exitCode = e.code;
  });
  if (!session.command(terminal, line)) throw new Error(`terminal ${terminal} is busy`);
  const deadline = session.nowMs + COMMAND_LIMIT_MS;
  while (session.busy(terminal) && session.nowMs < deadline) session.advance(100);
  if (session.busy(terminal)) throw new Error(`"${line}" still runs after ${COMMAND_LIMIT_MS} ms`);
  return { output, exitCode };
}
