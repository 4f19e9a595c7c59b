import "server-only";
// Page guards: an anonymous visitor is sent to sign in (and back); a signed-in user without the
// role gets the not-found page, which says nothing about what is there.

import { notFound, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "./session";

export async function requireUser(locale: string, returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/${locale}/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requireRole(locale: string, returnTo: string, roles: readonly SessionUser["role"][]): Promise<SessionUser> {
  const user = await requireUser(locale, returnTo);
  if (!roles.includes(user.role)) notFound();
  return user;
}

export const TEACHING_ROLES = ["INSTRUCTOR", "ADMIN"] as const;
