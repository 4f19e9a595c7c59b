import { readFileSync } from "node:fs";
import path from "node:path";
import { tocText } from "../../../lib/content/heading-ids";

export type Locale = "ru" | "en";

/** The h2/h3 headings of a lesson as the MDX source declares them: what the page must show. */
export function lessonHeadings(locale: Locale, slug = "etcd") {
  const source = readFileSync(path.join(process.cwd(), "content", "lessons", slug, `${locale}.mdx`), "utf8");
  const withoutCode = source.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, "");
  return [...withoutCode.matchAll(/^(#{2,3}) (.*?)\s*\{#([a-z0-9-]+)\}\s*$/gm)].map((m) => ({
    depth: m[1]!.length,
    text: m[2]!.replace(/\*\*/g, "").trim(),
    tocText: tocText(m[2]!.replace(/\*\*/g, "")),
    id: m[3]!,
  }));
}

export function lessonTitle(locale: Locale, slug = "etcd"): string {
  const source = readFileSync(path.join(process.cwd(), "content", "lessons", slug, `${locale}.mdx`), "utf8");
  return /^title: "(.*)"$/m.exec(source)![1]!;
}
