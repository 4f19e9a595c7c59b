"use client";

import styles from "./lab.module.css";

export interface ChartSeries {
  label: string;
  points: Array<[number, number]>;
}

const COLORS = ["#2f81f7", "#e3b341", "#3fb950", "#f85149", "#a371f7", "#db61a2", "#79c0ff", "#ffa657"];

/** Compact axis numbers: 1.2k, 3.4M, 0.012. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e9) return `${(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e3) return `${(v / 1e3).toPrecision(3)}k`;
  if (a === 0) return "0";
  return Number(v.toPrecision(3)).toString();
}

/** A line chart of time series (x: Unix seconds of the lab's clock), small enough for a dashboard. */
export function Chart({ series, height = 140, label }: { series: ChartSeries[]; height?: number; label: string }) {
  const width = 480;
  const pad = { left: 44, right: 8, top: 8, bottom: 18 };
  const all = series.flatMap((s) => s.points).filter(([, v]) => Number.isFinite(v));
  if (all.length === 0) return <p className={styles.noData}>—</p>;
  const xs = all.map(([t]) => t);
  const ys = all.map(([, v]) => v);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const y0 = Math.min(0, ...ys);
  const y1 = Math.max(...ys) === y0 ? y0 + 1 : Math.max(...ys);
  const x = (t: number) => pad.left + ((t - x0) / Math.max(1, x1 - x0)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - (v - y0) / (y1 - y0)) * (height - pad.top - pad.bottom);
  const clock = (t: number) => new Date(t * 1000).toISOString().slice(11, 19);
  return (
    <figure className={styles.chart}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
        <line x1={pad.left} x2={width - pad.right} y1={y(y0)} y2={y(y0)} className={styles.axis} />
        <text x={pad.left - 4} y={y(y1) + 4} textAnchor="end" className={styles.tick}>
          {formatValue(y1)}
        </text>
        <text x={pad.left - 4} y={y(y0)} textAnchor="end" className={styles.tick}>
          {formatValue(y0)}
        </text>
        <text x={pad.left} y={height - 4} className={styles.tick}>
          {clock(x0)}
        </text>
        <text x={width - pad.right} y={height - 4} textAnchor="end" className={styles.tick}>
          {clock(x1)}
        </text>
        {series.map((s, i) => (
          <polyline
            key={s.label}
            fill="none"
            stroke={COLORS[i % COLORS.length]}
            strokeWidth={1.5}
            points={s.points
              .filter(([, v]) => Number.isFinite(v))
              .map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`)
              .join(" ")}
          />
        ))}
      </svg>
      <figcaption className={styles.legend}>
        {series.slice(0, COLORS.length).map((s, i) => (
          <span key={s.label}>
            <i style={{ background: COLORS[i % COLORS.length] }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
