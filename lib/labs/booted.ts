// Sessions for the server's replays, booted ahead. A lab's machines boot the same way for every
// learner: its seed and machines are fixed, and verification refuses a run made with others. So
// the boot (12.5 virtual seconds and ~45 ms for the demo world's Kubernetes, a fifth of a 30-minute
// run's replay) need not stand in front of every claim: the server keeps one booted session per lab
// that has been replayed, a replay starts from it at the lab's 0:00, and the next one boots after
// the response has gone (bootAhead).

import { findLab } from "./registry";
import { LabSession } from "./session";
import type { LabDefinition } from "./types";

/** Booted sessions nothing has used, by lab. */
const ready = new Map<string, LabSession>();
/** Labs replayed since the last bootAhead(): their sessions are to be booted again. */
const used = new Set<string>();

/** A new session of the lab as the server replays it: a verification watches no chart and no animation, so without either. */
export function bootForReplay(def: LabDefinition): LabSession {
  return new LabSession(def.seed, def.topology, def.slug, undefined, { metrics: false, view: false });
}

/**
 * A session of the lab at its 0:00 that nothing has used: the one booted ahead if there is one
 * (each is handed out once), a new one otherwise.
 */
export function bootedForReplay(def: LabDefinition): LabSession {
  used.add(def.slug);
  const session = ready.get(def.slug);
  if (!session) return bootForReplay(def);
  ready.delete(def.slug);
  return session;
}

/** Boots a session for each lab named (by default, each replayed since the last call) that has none waiting. */
export function bootAhead(labSlugs: readonly string[] = [...used]): void {
  for (const slug of labSlugs) {
    used.delete(slug);
    const def = findLab(slug);
    if (def && !ready.has(slug)) ready.set(slug, bootForReplay(def));
  }
}

/** Whether a booted session of the lab is waiting. */
export function bootedAhead(labSlug: string): boolean {
  return ready.has(labSlug);
}
