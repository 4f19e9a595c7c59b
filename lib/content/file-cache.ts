import "server-only";
import { stat } from "node:fs/promises";

// Content is compiled once per file and again only when the file changes: content is not user
// state, so keeping it in the process is safe.

/** A cache of one compiled value per file, keyed by the file's modification time. */
export function fileCache<T>(): (file: string, compile: (file: string) => Promise<T>) => Promise<T | null> {
  const cache = new Map<string, { mtimeMs: number; value: Promise<T> }>();
  return async (file, compile) => {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return null;
    }
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs) return cached.value;
    const value = compile(file);
    cache.set(file, { mtimeMs, value });
    value.catch(() => cache.delete(file));
    return value;
  };
}
