import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LabWorkbench } from "@/app/ui/lab/lab-workbench";
import { Hint, Step } from "@/app/ui/lab/lab-step";
import { lessonComponents } from "@/app/ui/lesson/mdx-components";
import { renderMdx } from "@/lib/content/mdx-runtime";
import { requireUser } from "@/lib/auth/require";
import { maySeeLearner } from "@/lib/cohorts";
import { getLabText } from "@/lib/content/labs";
import { db } from "@/lib/db";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { ENGINE_VERSION, type LabRun } from "@/lib/labs/session";
import { findLab } from "@/lib/labs/registry";

export const metadata: Metadata = { robots: { index: false } };

/** A recorded lab run played back exactly, read-only: for the learner's instructor, an admin, or the learner. */
export default async function ReplayPage({ params }: PageProps<"/[locale]/teach/runs/[runId]">) {
  const { locale, runId } = await params;
  if (!isLocale(locale)) notFound();
  const actor = await requireUser(locale, `/${locale}/teach/runs/${runId}`);
  const row = await db.labRun.findUnique({ where: { id: runId.slice(0, 64) }, include: { user: { select: { name: true } } } });
  if (!row || !(await maySeeLearner(actor, row.userId))) notFound();
  const def = findLab(row.lab);
  const text = await getLabText(row.lab, locale);
  if (!def || !text) notFound();
  const t = getDictionary(locale);
  const run = JSON.parse(row.run) as LabRun;
  return (
    <LabWorkbench
      lab={def.slug}
      signedIn={false}
      playback={{ run, endMs: row.endMs }}
      locale={locale}
      title={`${t.teach.replayTitle}: ${text.frontmatter.title} — ${row.user.name}`}
      t={t.lab}
      solutions={Object.fromEntries(def.steps.map((s) => [s.id, s.solution]))}
    >
      <p>{t.teach.replayLead}</p>
      {run.engine !== ENGINE_VERSION && (
        <p role="note">
          {t.teach.replayOtherEngine.replace("{recorded}", String(run.engine ?? 0)).replace("{now}", String(ENGINE_VERSION))}
        </p>
      )}
      {renderMdx(text.code, { ...lessonComponents(locale), Step, Hint })}
    </LabWorkbench>
  );
}
