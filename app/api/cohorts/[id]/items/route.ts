// The cohort's per-question statistics of a quiz as CSV, for the cohort's instructor (or an admin).
import { getSessionUser } from "@/lib/auth/session";
import { visibleCohort } from "@/lib/cohorts";
import { csvResponse, toCsv } from "@/lib/csv";
import { getCohortItemAnalysis } from "@/lib/data/cohort";
import { findQuiz } from "@/lib/quizzes/registry";

export async function GET(request: Request, { params }: RouteContext<"/api/cohorts/[id]/items">) {
  const { id } = await params;
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "sign in to do this" }, { status: 401 });
  const cohort = await visibleCohort(user, id.slice(0, 64));
  if (!cohort) return Response.json({ error: "no such cohort" }, { status: 404 });
  const slug = new URL(request.url).searchParams.get("quiz") ?? "etcd";
  const quiz = findQuiz(slug);
  const stats = quiz && (await getCohortItemAnalysis(cohort.id, quiz.slug));
  if (!quiz || !stats) return Response.json({ error: `there is no quiz named ${JSON.stringify(slug.slice(0, 64))}` }, { status: 404 });
  const body = toCsv(
    ["question", "section", "type", "answered", "facility_percent", "sd_percent", "discrimination_percent", "answer_distribution"],
    stats.items.map((it) => {
      const q = quiz.questions.find((x) => x.id === it.question)!;
      return [
        it.question,
        q.section,
        q.type,
        it.answered,
        it.facilityPercent,
        it.sdPercent,
        it.discriminationPercent,
        it.distribution.map((d) => `${d.response}:${d.count}`).join(" "),
      ];
    }),
  );
  return csvResponse(`${cohort.name}-${quiz.slug}-items.csv`, body);
}
