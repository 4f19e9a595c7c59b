// The engine's calendar arithmetic against the host's Date (which the engine may not use).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoSeconds, parseUtc, utcParts } from "@/lib/engine/sim/calendar";

describe("UTC calendar without Date", () => {
  it("agrees with Date on every field, weekday included, from 1900 to 2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 }), (ms) => {
        const d = new Date(ms);
        expect(utcParts(ms)).toEqual({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
          millisecond: d.getUTCMilliseconds(),
          weekday: d.getUTCDay(),
        });
        expect(`${isoSeconds(ms)}.000Z`.slice(0, 19)).toBe(d.toISOString().slice(0, 19));
        expect(parseUtc(d.toISOString())).toBe(ms);
      }),
      { numRuns: 2000 },
    );
  });
});
