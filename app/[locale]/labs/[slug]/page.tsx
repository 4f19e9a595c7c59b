import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LabWorkbench } from "@/app/ui/lab/lab-workbench";
import { getSessionUser } from "@/lib/auth/session";
import { Hint, Step } from "@/app/ui/lab/lab-step";
import { lessonComponents } from "@/app/ui/lesson/mdx-components";
import { getLabText } from "@/lib/content/labs";
import { renderMdx } from "@/lib/content/mdx-runtime";
import { isLocale, locales } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { LABS, findLab } from "@/lib/labs/registry";
import { LAB_START_URL } from "@/lib/worker/early-start";

export function generateStaticParams() {
  return locales.flatMap((locale) => LABS.map((def) => ({ locale, slug: def.slug })));
}

async function load(params: PageProps<"/[locale]/labs/[slug]">["params"]) {
  const { locale, slug } = await params;
  if (!isLocale(locale)) notFound();
  const def = findLab(slug);
  const text = await getLabText(slug, locale);
  if (!def || !text) notFound();
  return { locale, def, text };
}

export async function generateMetadata({ params }: PageProps<"/[locale]/labs/[slug]">): Promise<Metadata> {
  const { locale, text } = await load(params);
  return {
    title: text.frontmatter.title,
    description: text.frontmatter.summary,
    alternates: { languages: Object.fromEntries(locales.map((l) => [l, `/${l}/labs/${text.slug}`])) },
    openGraph: { title: text.frontmatter.title, description: text.frontmatter.summary, locale },
  };
}

export default async function LabPage({ params }: PageProps<"/[locale]/labs/[slug]">) {
  const { locale, def, text } = await load(params);
  const t = getDictionary(locale);
  // Only what the browser needs of the definition: the checks run in the worker, from its own bundle.
  const solutions = Object.fromEntries(def.steps.map((s) => [s.id, s.solution]));
  return (
    <>
      {/* React hoists it into <head>: it starts the engine while the page loads (lib/worker/start.ts). */}
      <script async src={LAB_START_URL} />
      <LabWorkbench
        lab={def.slug}
        signedIn={(await getSessionUser()) !== null}
        locale={locale}
        title={text.frontmatter.title}
        t={t.lab}
        solutions={solutions}
      >
        <p>{text.frontmatter.summary}</p>
        {renderMdx(text.code, { ...lessonComponents(locale), Step, Hint })}
      </LabWorkbench>
    </>
  );
}
