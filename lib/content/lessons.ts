import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import rehypeShikiFromHighlighter from "@shikijs/rehype/core";
import { bundleMDX } from "mdx-bundler";
import type { ShikiTransformer } from "shiki/core";
import remarkGfm from "remark-gfm";
import { z } from "zod";
import type { Locale } from "@/lib/i18n/config";
import { escapeHeadingIds, remarkHeadingIds, type TocItem } from "./heading-ids";
import { CODE_COLOR_REPLACEMENTS, CODE_THEMES, getHighlighter } from "./highlighter";
import { fileCache } from "./file-cache";
import { readingMinutes } from "./reading-time";
import { LABS } from "@/lib/labs/registry";
import { tryIt } from "@/lib/labs/try-it";

// Lessons are MDX files under content/lessons/<slug>/<locale>.mdx, compiled on the server
// with mdx-bundler. The compiled code is kept per file and recompiled only when the file
// changes: content is not user state, so caching it in the process is safe.

export const LESSONS_DIR = path.join(process.cwd(), "content", "lessons");
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const frontmatterSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  lessonNumber: z.number().int().positive().optional(),
});

export type LessonFrontmatter = z.infer<typeof frontmatterSchema>;

export interface CompiledLesson {
  slug: string;
  locale: Locale;
  frontmatter: LessonFrontmatter;
  /** The function body produced by mdx-bundler; run it with `mdxComponent`. */
  code: string;
  toc: TocItem[];
  readingMinutes: number;
}

const cached = fileCache<CompiledLesson>();

export function lessonPath(slug: string, locale: Locale): string {
  if (!SLUG.test(slug)) throw new Error(`Invalid lesson slug: ${JSON.stringify(slug)}`);
  return path.join(LESSONS_DIR, slug, `${locale}.mdx`);
}

/** The compiled lesson, or null when there is no such lesson in that language. */
export async function getLesson(slug: string, locale: Locale): Promise<CompiledLesson | null> {
  if (!SLUG.test(slug)) return null;
  return cached(lessonPath(slug, locale), (file) => compileLessonFile(file, slug, locale));
}

async function compileLessonFile(file: string, slug: string, locale: Locale): Promise<CompiledLesson> {
  const source = await readFile(file, "utf8");
  return { slug, locale, ...(await compileLessonSource(source)) };
}

/** Marks each <pre> with its language, which the code block shows in its toolbar. */
const labelLanguage: ShikiTransformer = {
  pre(node) {
    node.properties["data-language"] = this.options.lang;
  },
};

/** Marks a shell block whose commands a lab can run, for its "Try it" button. */
const markTryIt: ShikiTransformer = {
  pre(node) {
    if (this.options.lang !== "bash") return;
    const target = tryIt(this.source, LABS.map((l) => l.slug));
    if (target) node.properties["data-try"] = JSON.stringify(target);
  },
};

/** Compiles lesson MDX; exported for tests and content tooling. */
export async function compileLessonSource(source: string) {
  const { frontmatter, code, toc, content } = await compileMdxSource(source);
  return { frontmatter: frontmatterSchema.parse(frontmatter), code, toc, readingMinutes: readingMinutes(content) };
}

/** Compiles any of the site's MDX (lessons, labs): GFM, heading ids, Shiki; frontmatter left to the caller. */
export async function compileMdxSource(source: string) {
  const highlighter = await getHighlighter();
  let toc: TocItem[] = [];
  const { code, frontmatter, matter } = await bundleMDX({
    source: escapeHeadingIds(source),
    mdxOptions(options) {
      options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm, [remarkHeadingIds, { onHeadings: (items: TocItem[]) => (toc = items) }]];
      options.rehypePlugins = [
        ...(options.rehypePlugins ?? []),
        [rehypeShikiFromHighlighter, highlighter, {
          themes: CODE_THEMES,
          colorReplacements: CODE_COLOR_REPLACEMENTS,
          defaultColor: false,
          fallbackLanguage: "text",
          transformers: [labelLanguage, markTryIt],
        }],
      ];
      return options;
    },
  });
  return { frontmatter: frontmatter as unknown, code, toc, content: matter.content };
}
