"use client";

import { useEffect, useRef, type RefObject } from "react";
import type { ClusterView, MessageView } from "@/lib/labs/view";
import styles from "./lab.module.css";

/** Colours of Raft's message kinds: replication, heartbeats, elections. */
function messageClass(type: string): string {
  if (/Vote|PreVote/.test(type)) return styles.msgVote!;
  if (/Heartbeat/.test(type)) return styles.msgHeartbeat!;
  return styles.msgApp!;
}

const SIZE = 240;
const RADIUS = 88;
/** Wall ms a message takes to cross the diagram. Simulated latencies are a millisecond or two,
 *  too short to see, so every message flies at a speed the eye can follow. */
const FLIGHT_MS = 600;
/** Messages in flight at once, over all links and per link: at 10x heartbeats alone would fill the picture. */
const MAX_IN_FLIGHT = 24;
const MAX_IN_FLIGHT_PER_LINK = 2;
/** The longest gap between two views over which their new messages are spread. */
const MAX_BATCH_SPREAD_MS = 250;

interface Point {
  x: number;
  y: number;
}

/** Where the members sit: on a circle, the first at the top. */
function layout(names: string[]): Map<string, Point> {
  const c = SIZE / 2;
  return new Map(
    names.map((name, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / names.length;
      return [name, { x: c + RADIUS * Math.cos(a), y: c + RADIUS * Math.sin(a) }] as const;
    }),
  );
}

/** The segment drawn for one direction of a link: shortened to the circles' edges and offset
 *  a little to its left, so the two directions lie side by side. */
function segment(a: Point, b: Point): { x1: number; y1: number; x2: number; y2: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const ox = (-dy / len) * 5;
  const oy = (dx / len) * 5;
  const shrink = 26 / len;
  return { x1: a.x + dx * shrink + ox, y1: a.y + dy * shrink + oy, x2: b.x - dx * shrink + ox, y2: b.y - dy * shrink + oy };
}

interface Flight {
  el: SVGCircleElement;
  link: string;
  from: Point;
  to: Point;
  startMs: number;
  dropped: boolean;
}

/**
 * Each new message as a dot flying along its link (a dropped one fades out halfway), drawn
 * outside React: one requestAnimationFrame loop moves the dots, and React only hands it the
 * messages each view lists. Learners who ask for reduced motion see the link lines alone.
 */
function useFlights(layer: RefObject<SVGGElement | null>, messages: MessageView[], elapsedMs: number, names: string[]) {
  const flights = useRef<Flight[]>([]);
  const seen = useRef({ seq: -1, elapsedMs: 0, wallMs: Number.NEGATIVE_INFINITY });
  const frame = useRef(0);
  const namesKey = names.join(",");

  useEffect(() => {
    const g = layer.current;
    if (!g || matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    // Time went back (a rewind or reset replays the run): message numbers start over.
    if (elapsedMs < seen.current.elapsedMs) seen.current.seq = -1;
    seen.current.elapsedMs = elapsedMs;
    const at = layout(namesKey.split(","));
    const now = performance.now();
    // Views come a few times a second; the messages new in each are spread over the gap since
    // the last one, so they leave one after another as they were sent rather than in a volley.
    const fresh = messages.filter((m) => m.seq > seen.current.seq);
    const spacing = Math.min(MAX_BATCH_SPREAD_MS, now - seen.current.wallMs) / Math.max(1, fresh.length);
    seen.current.wallMs = now;
    for (const [i, m] of fresh.entries()) {
      seen.current.seq = m.seq;
      const link = `${m.from}>${m.to}`;
      const a = at.get(m.from);
      const b = at.get(m.to);
      if (!a || !b || flights.current.length >= MAX_IN_FLIGHT) continue;
      if (flights.current.filter((f) => f.link === link).length >= MAX_IN_FLIGHT_PER_LINK) continue;
      const s = segment(a, b);
      const el = document.createElementNS("http://www.w3.org/2000/svg", "circle");
      el.setAttribute("r", "3.5");
      el.setAttribute("class", `${styles.flight} ${m.dropped ? styles.msgDropped : messageClass(m.type)}`);
      el.dataset.type = m.type;
      g.appendChild(el);
      flights.current.push({
        el,
        link,
        from: { x: s.x1, y: s.y1 },
        to: { x: s.x2, y: s.y2 },
        startMs: now + i * spacing,
        dropped: m.dropped,
      });
    }
    const move = (t: number) => {
      flights.current = flights.current.filter((f) => {
        const p = (t - f.startMs) / FLIGHT_MS;
        // Not yet left: it waits, hidden, for its turn in the batch.
        if (p < 0) {
          f.el.setAttribute("visibility", "hidden");
          return true;
        }
        f.el.removeAttribute("visibility");
        // A dropped message gets halfway and vanishes: the network lost it.
        const end = f.dropped ? 0.5 : 1;
        if (p >= end) {
          f.el.remove();
          return false;
        }
        f.el.setAttribute("cx", String(f.from.x + (f.to.x - f.from.x) * p));
        f.el.setAttribute("cy", String(f.from.y + (f.to.y - f.from.y) * p));
        if (f.dropped) f.el.setAttribute("opacity", String(1 - p / end));
        return true;
      });
      frame.current = flights.current.length > 0 ? requestAnimationFrame(move) : 0;
    };
    if (!frame.current && flights.current.length > 0) frame.current = requestAnimationFrame(move);
  }, [layer, messages, elapsedMs, namesKey]);

  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
      for (const f of flights.current) f.el.remove();
      flights.current = [];
    },
    [],
  );
}

/**
 * The members on a circle and the last second of traffic between them: a line per direction
 * that carried messages, labelled with the most frequent kind (dashed red where the network
 * dropped them), and each new message flying across.
 */
export function RaftDiagram({ view, label }: { view: ClusterView; label: string }) {
  const names = view.members.map((m) => m.name);
  const at = layout(names);
  const layer = useRef<SVGGElement>(null);
  useFlights(layer, view.messages, view.elapsedMs, names);
  return (
    <svg className={styles.diagram} viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-label={label} data-testid="raft-diagram">
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
        </marker>
      </defs>
      {view.links.map((l) => {
        const a = at.get(l.from);
        const b = at.get(l.to);
        if (!a || !b) return null;
        const dropped = l.dropped === l.sent;
        return (
          <g key={`${l.from}>${l.to}`} className={dropped ? styles.msgDropped : messageClass(l.types[0] ?? "")}>
            <line {...segment(a, b)} markerEnd="url(#arrow)" strokeDasharray={dropped ? "4 3" : undefined} />
            <title>{`${l.from} → ${l.to}: ${l.sent} (${l.types.join(", ")})${l.dropped ? `, ${l.dropped} dropped` : ""}`}</title>
          </g>
        );
      })}
      <g ref={layer} data-testid="raft-flights" />
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
