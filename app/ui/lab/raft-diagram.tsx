"use client";

import type { ClusterView } from "@/lib/labs/view";
import styles from "./lab.module.css";

/** Colours of Raft's message kinds: replication, heartbeats, elections. */
function messageClass(type: string): string {
  if (/Vote|PreVote/.test(type)) return styles.msgVote!;
  if (/Heartbeat/.test(type)) return styles.msgHeartbeat!;
  return styles.msgApp!;
}

/**
 * The members on a circle and the last second of traffic between them: a line per direction
 * that carried messages, labelled with the most frequent kind; dashed red where the network
 * dropped them.
 */
export function RaftDiagram({ view, label }: { view: ClusterView; label: string }) {
  const size = 240;
  const r = 88;
  const c = size / 2;
  const at = new Map(
    view.members.map((m, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / view.members.length;
      return [m.name, { x: c + r * Math.cos(a), y: c + r * Math.sin(a) }] as const;
    }),
  );
  return (
    <svg className={styles.diagram} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} data-testid="raft-diagram">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
        </marker>
      </defs>
      {view.links.map((l) => {
        const a = at.get(l.from);
        const b = at.get(l.to);
        if (!a || !b) return null;
        // Two directions side by side: offset each line a little to its left.
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const ox = (-dy / len) * 5;
        const oy = (dx / len) * 5;
        const shrink = 26 / len;
        const x1 = a.x + dx * shrink + ox;
        const y1 = a.y + dy * shrink + oy;
        const x2 = b.x - dx * shrink + ox;
        const y2 = b.y - dy * shrink + oy;
        const dropped = l.dropped === l.sent;
        return (
          <g key={`${l.from}>${l.to}`} className={dropped ? styles.msgDropped : messageClass(l.types[0] ?? "")}>
            <line x1={x1} y1={y1} x2={x2} y2={y2} markerEnd="url(#arrow)" strokeDasharray={dropped ? "4 3" : undefined} />
            <title>{`${l.from} → ${l.to}: ${l.sent} (${l.types.join(", ")})${l.dropped ? `, ${l.dropped} dropped` : ""}`}</title>
          </g>
        );
      })}
      {view.members.map((m) => {
        const p = at.get(m.name)!;
        return (
          <g key={m.id} className={styles.node} data-role={m.role} data-process={m.process}>
            <circle cx={p.x} cy={p.y} r={22} />
            <text x={p.x} y={p.y - 2} textAnchor="middle">
              {m.name}
            </text>
            <text x={p.x} y={p.y + 11} textAnchor="middle" className={styles.nodeTerm}>
              {m.process === "running" ? `t${m.term}` : "✕"}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
