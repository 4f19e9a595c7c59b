import "server-only";
import { after } from "next/server";
import { bootAhead } from "@/lib/labs/booted";

/**
 * The action, then, after its response has gone, a boot of every replay session it used up
 * (lib/labs/booted.ts), so that no learner waits for one. Outside a request (the tests and the
 * benchmark call actions directly) `after` throws: there is no response to follow, and nothing
 * is booted.
 */
export function bootingAhead<A extends unknown[], T>(action: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return async (...args) => {
    const result = await action(...args);
    try {
      after(() => bootAhead());
    } catch {
      // Outside a request scope.
    }
    return result;
  };
}
