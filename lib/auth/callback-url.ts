/**
 * Where to go after signing in: only a path on this site, never another origin
 * ("//evil.example" or "https://…" would be an open redirect).
 */
export function safeCallbackUrl(value: unknown, fallback: string): string {
  if (typeof value !== "string" || value.length > 2_000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/api/")) return fallback;
  return value;
}
