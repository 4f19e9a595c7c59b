// The cohort's roster as CSV, for the cohort's instructor (or an admin).
import { getSessionUser } from "@/lib/auth/session";
import { visibleCohort } from "@/lib/cohorts";
import { csvResponse, toCsv } from "@/lib/csv";
import { getCohortRoster } from "@/lib/data/cohort";
import { QUIZZES } from "@/lib/quizzes/registry";

export async function GET(_request: Request, { params }: RouteContext<"/api/cohorts/[id]/roster">) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "sign in to do this" }, { status: 401 });
  const cohort = await visibleCohort(user, id.slice(0, 64));
  if (!cohort) return Response.json({ error: "no such cohort" }, { status: 404 });
  const { rows } = await getCohortRoster(cohort.id);
  const header = [
    "name",
    "email",
    "joined_at",
    "sections_read",
    "lab_steps_done",
    "labs_completed",
    ...QUIZZES.map((q) => `quiz_${q.slug}_percent`),
  ];
  const body = toCsv(
    header,
    rows.map((r) => [
      r.name,
      r.email,
      r.joinedAt,
      r.sectionsRead,
      r.labStepsDone,
      r.labsCompleted,
      ...QUIZZES.map((q) => r.quizzes[q.slug] ?? null),
    ]),
  );
  return csvResponse(`${cohort.name}-roster.csv`, body);
}
