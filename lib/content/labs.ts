import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Locale } from "@/lib/i18n/config";
import { findLab } from "@/lib/labs/registry";
import { fileCache } from "./file-cache";
import { compileMdxSource } from "./lessons";

// A lab's text: content/labs/<slug>/<locale>.mdx, with one <Step id> per step of its typed
// definition (content/labs/<slug>/lab.ts). Compiled like lessons, kept per file until it changes.

export const LABS_DIR = path.join(process.cwd(), "content", "labs");

const frontmatterSchema = z.object({ title: z.string().min(1), summary: z.string().min(1) });

export interface LabText {
  slug: string;
  locale: Locale;
  frontmatter: z.infer<typeof frontmatterSchema>;
  code: string;
  /** Step ids the text has a <Step> for, in order. */
  stepIds: string[];
}

const cached = fileCache<LabText>();

/** The lab's text in a language, or null when there is no such lab or no text in that language. */
export async function getLabText(slug: string, locale: Locale): Promise<LabText | null> {
  if (!findLab(slug)) return null;
  return cached(path.join(LABS_DIR, slug, `${locale}.mdx`), (file) => compileLabFile(file, slug, locale));
}

/** A lab's title in `locale`; its slug when there is no such lab (a run recorded by a lab since removed). */
export async function getLabTitle(slug: string, locale: Locale): Promise<string> {
  return (await getLabText(slug, locale))?.frontmatter.title ?? slug;
}

async function compileLabFile(file: string, slug: string, locale: Locale): Promise<LabText> {
  const source = await readFile(file, "utf8");
  const { frontmatter, code } = await compileMdxSource(source);
  const stepIds = [...source.matchAll(/<Step id="([^"]+)"/g)].map((m) => m[1]!);
  return { slug, locale, frontmatter: frontmatterSchema.parse(frontmatter), code, stepIds };
}
