import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { listUsers } from "@/lib/admin";
import { requireRole } from "@/lib/auth/require";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { RoleSelect } from "@/app/ui/teach/role-select";
import styles from "@/app/ui/teach/teach.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

export const metadata: Metadata = { robots: { index: false } };

export default async function AdminPage({ params, searchParams }: PageProps<"/[locale]/admin">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await requireRole(locale, `/${locale}/admin`, ["ADMIN"]);
  const d = getDictionary(locale);
  const q = await searchParams;
  const query = typeof q.q === "string" ? q.q.slice(0, 100) : "";
  const page = typeof q.page === "string" && /^\d{1,6}$/.test(q.page) ? Number(q.page) : 0;
  const { users, total } = await listUsers(query, page);
  return (
    <div className={`container ${styles.page}`} data-testid="admin-page">
      <h1>{d.admin.title}</h1>
      <form className={styles.row} role="search">
        <input type="search" name="q" defaultValue={query} aria-label={d.admin.search} />
        <button type="submit" className="button">
          {d.admin.search}
        </button>
        <span className={styles.muted}>
          {total} {d.admin.total}
        </span>
      </form>
      <TableScroll label={d.admin.title}>
        <table className={styles.table}>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="admin-user">
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{u.createdAt.toISOString().slice(0, 10)}</td>
                <td>
                  <RoleSelect userId={u.id} role={u.role} labels={d.header.roles} t={d.admin} self={u.id === actor.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
