import "server-only";
import { after } from "next/server";
import { bootAhead } from "@/lib/labs/booted";

/**
 * After the response has gone: boot again the replay sessions this request used up
 * (lib/labs/booted.ts), so that no learner waits for a boot. Outside a request (the tests and
 * the benchmark call actions directly) `after` throws: there is no response to follow, and
 * nothing is booted.
 */
export function bootAheadAfterResponse(): void {
  try {
    after(() => bootAhead());
  } catch {
    // Outside a request scope.
  }
}
