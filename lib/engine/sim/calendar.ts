// UTC calendar arithmetic without the host's Date (the engine may not read a clock): Howard
// Hinnant's civil-from-days and days-from-civil, for the timestamps etcd, etcdctl and
// Kubernetes print and parse.

export interface UtcParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
}

export function utcParts(unixMs: number): UtcParts {
  const ms = Math.floor(unixMs);
  const days = Math.floor(ms / 86_400_000);
  const rem = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yoe + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: doy - Math.floor((153 * mp + 2) / 5) + 1,
    hour: Math.floor(rem / 3_600_000),
    minute: Math.floor((rem % 3_600_000) / 60_000),
    second: Math.floor((rem % 60_000) / 1000),
    millisecond: rem % 1000,
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

export function unixMsOf(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const days = era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

const p2 = (n: number) => String(n).padStart(2, "0");

/** "2026-01-01T00:00:05" (no zone, no fraction). */
export function isoSeconds(unixMs: number): string {
  const t = utcParts(unixMs);
  return `${t.year}-${p2(t.month)}-${p2(t.day)}T${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)}`;
}

/** Parses "YYYY-MM-DDTHH:MM:SS[.fraction]Z"; undefined for anything else. */
export function parseUtc(ts: unknown): number | undefined {
  const m = typeof ts === "string" && /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  return unixMsOf(y, mo, d, h, mi, s) + (m[7] ? Number(`0.${m[7]}`) * 1000 : 0);
}
