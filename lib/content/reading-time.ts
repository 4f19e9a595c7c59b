/** Words per minute of a careful reader of technical text. */
export const WORDS_PER_MINUTE = 180;

/** Estimated reading time of Markdown/MDX text in whole minutes (at least 1). */
export function readingMinutes(markdown: string): number {
  const words = markdown
    .replace(/<[^>]+>/g, " ")
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE));
}
