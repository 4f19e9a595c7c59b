import "server-only";
import { headers } from "next/headers";

/** The site's address as the browser reached it, for links people paste elsewhere (a cohort's join link). */
export async function siteOrigin(): Promise<string> {
  const configured = process.env.NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  const h = await headers();
  const host = h.get("host") ?? "localhost:3000";
  return `${/^(localhost|127\.)/.test(host) ? "http" : "https"}://${host}`;
}
