"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import type { RosterRow } from "@/lib/data/cohort";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import styles from "./teach.module.css";
import { TableScroll } from "@/app/ui/table-scroll";

type Column = "name" | "email" | "joinedAt" | "sectionsRead" | "labStepsDone" | "labsCompleted" | `quiz:${string}`;

/** The cohort's roster: click a heading to sort by it (again to reverse), type to filter. */
export function RosterTable({
  rows,
  quizzes,
  t,
  learnerHref,
  totals,
}: {
  rows: RosterRow[];
  quizzes: Array<{ slug: string; title: string }>;
  t: Dictionary["teach"];
  learnerHref: string;
  totals: { sections: number; labSteps: number };
}) {
  const [sort, setSort] = useState<{ by: Column; desc: boolean }>({ by: "name", desc: false });
  const [filter, setFilter] = useState("");
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const value = (r: RosterRow): string | number => {
      if (sort.by.startsWith("quiz:")) return r.quizzes[sort.by.slice(5)] ?? -1;
      return r[sort.by as Exclude<Column, `quiz:${string}`>];
    };
    return rows
      .filter((r) => !f || r.name.toLowerCase().includes(f) || r.email.includes(f))
      .sort((a, b) => {
        const x = value(a);
        const y = value(b);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return sort.desc ? -c : c;
      });
  }, [rows, sort, filter]);

  const heading = (by: Column, label: string, numeric = false) => (
    <th className={numeric ? styles.num : undefined} aria-sort={sort.by === by ? (sort.desc ? "descending" : "ascending") : "none"}>
      <button type="button" onClick={() => setSort((s) => ({ by, desc: s.by === by ? !s.desc : numeric }))}>
        {label}
        {sort.by === by ? (sort.desc ? " ↓" : " ↑") : ""}
      </button>
    </th>
  );

  return (
    <div>
      <label className={styles.row}>
        {t.filter}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="roster-filter" />
      </label>
      <TableScroll label={t.roster}>
        <table className={styles.table} data-testid="roster">
          <thead>
            <tr>
              {heading("name", t.learner)}
              {heading("email", t.email)}
              {heading("sectionsRead", `${t.sectionsRead} /${totals.sections}`, true)}
              {heading("labStepsDone", `${t.labSteps} /${totals.labSteps}`, true)}
              {heading("labsCompleted", t.labsCompleted, true)}
              {quizzes.map((q) => heading(`quiz:${q.slug}`, `${t.quiz}: ${q.title}`, true))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.userId} data-testid="roster-row">
                <td>
                  <Link href={`${learnerHref}/${r.userId}`}>{r.name}</Link>
                </td>
                <td>{r.email}</td>
                <td className={styles.num}>{r.sectionsRead}</td>
                <td className={styles.num}>{r.labStepsDone}</td>
                <td className={styles.num}>{r.labsCompleted}</td>
                {quizzes.map((q) => (
                  <td key={q.slug} className={styles.num}>
                    {r.quizzes[q.slug] === null || r.quizzes[q.slug] === undefined ? "—" : `${r.quizzes[q.slug]}%`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
