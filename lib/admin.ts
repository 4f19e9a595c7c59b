import "server-only";
// Managing accounts: an admin lists users and sets their roles.

import { db } from "@/lib/db";
import { fail, ok, type Outcome } from "@/lib/outcome";
import type { Actor } from "@/lib/cohorts";

/** Accounts listed on the admin page at once. */
export const USERS_PAGE_SIZE = 100;

export async function listUsers(query: string, page: number) {
  const q = query.trim().toLowerCase().slice(0, 100);
  const where = q ? { OR: [{ email: { contains: q } }, { name: { contains: q } }] } : {};
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: { createdAt: "asc" },
      skip: Math.max(0, page) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: { id: true, name: true, email: true, role: true, createdAt: true },
    }),
    db.user.count({ where }),
  ]);
  return { users, total };
}

export async function setUserRole(
  actor: Actor,
  userId: string,
  role: Actor["role"],
): Promise<Outcome<{ userId: string; role: Actor["role"] }>> {
  if (actor.role !== "ADMIN") return fail(403, "only an admin sets roles");
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, role: true } });
  if (!user) return fail(404, "no such user");
  // The last admin cannot demote themself: someone must be able to manage the site.
  if (user.role === "ADMIN" && role !== "ADMIN" && (await db.user.count({ where: { role: "ADMIN" } })) <= 1)
    return fail(409, "this is the last admin: make someone else an admin first");
  await db.user.update({ where: { id: userId }, data: { role } });
  return ok({ userId, role });
}
