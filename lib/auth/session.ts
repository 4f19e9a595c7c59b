import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { authOptions } from "./options";

export type SessionUser = { id: string; name: string; email: string; role: "LEARNER" | "INSTRUCTOR" | "ADMIN" };

/** The signed-in user of this request, or null; read once per request. */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { id: user.id, name: user.name ?? user.email, email: user.email, role: user.role };
});
