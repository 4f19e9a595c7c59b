// What a server action or route handler answers: data, or an HTTP-like status with a message a
// person can act on. Failures are values, not exceptions, so bad input is answered with a 4xx
// and never turns into a 500.

// 503 only for what is not the request's fault (the database is down): bad input always gets a 4xx.
export type FailureStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503;

export type Outcome<T> = { ok: true; data: T } | { ok: false; status: FailureStatus; error: string };

export function ok<T>(data: T): Outcome<T> {
  return { ok: true, data };
}

export function fail(status: FailureStatus, error: string): { ok: false; status: FailureStatus; error: string } {
  return { ok: false, status, error };
}

/**
 * Prisma's unique-constraint violation (P2002), from either generated client: the SQLite and the
 * PostgreSQL clients each have their own error class, so `instanceof` would miss one of them.
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
