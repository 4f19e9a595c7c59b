import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileLessonSource } from "@/lib/content/lessons";
import { tocText } from "@/lib/content/heading-ids";

// The lesson's fidelity to its original: ru.mdx must keep every section, list item and
// code block of source.ru.md (the author's text, as received), and en.mdx must have
// exactly the same structure.

const dir = path.join(process.cwd(), "content", "lessons", "etcd");
const read = (name: string) => readFileSync(path.join(dir, name), "utf8");
const source = read("source.ru.md");
const ru = read("ru.mdx");
const en = read("en.mdx");

/** Fenced code blocks as [info, body]. */
function codeBlocks(markdown: string): Array<[string, string]> {
  return [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\s*$/gm)].map((m) => [m[1]!.trim(), m[2]!]);
}

/** The text outside code fences, line by line. */
function proseLines(markdown: string): string[] {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```\s*$/gm, "").split("\n");
}

const stripBold = (s: string) => s.replace(/\*\*/g, "").trim();
const headingIds = (mdx: string) => [...mdx.matchAll(/^(#{2,3}) .*\{#([a-z0-9-]+)\}\s*$/gm)].map((m) => `${m[1]} ${m[2]}`);
const count = (mdx: string, pattern: RegExp) => (mdx.match(pattern) ?? []).length;

describe("ru.mdx is the complete original", () => {
  it("contains every code block of the original, byte for byte", () => {
    const original = codeBlocks(source);
    const mdx = codeBlocks(ru);
    expect(mdx.map(([, body]) => body)).toEqual(original.map(([, body]) => body));
    expect(original.length).toBeGreaterThan(20);
  });

  it("contains every heading of the original (without bold markers), with an id", () => {
    const lines = proseLines(ru);
    const originalHeadings = proseLines(source).filter((l) => /^#{2,3} /.test(l));
    expect(originalHeadings.length).toBeGreaterThan(30);
    for (const heading of originalHeadings) {
      const expected = stripBold(heading);
      expect(
        lines.some((l) => /\{#[a-z0-9-]+\}\s*$/.test(l) && l.replace(/\s*\{#[a-z0-9-]+\}\s*$/, "") === expected),
        expected,
      ).toBe(true);
    }
  });

  it("contains every list item and paragraph of the original", () => {
    const lines = new Set(proseLines(ru));
    const body = proseLines(source).filter((l) => l.trim() !== "" && !/^#{1,6} /.test(l));
    expect(body.length).toBeGreaterThan(20);
    for (const line of body) expect(lines.has(line), line).toBe(true);
  });

  it("keeps the original title and closing sentence", () => {
    const title = /^# 12\. (.*)$/m.exec(source)![1]!;
    expect(ru).toContain(`title: "${title}"`);
    expect(ru.trimEnd().split("\n").at(-1)).toBe(source.trimEnd().split("\n").at(-1));
  });
});

describe("en.mdx mirrors ru.mdx", () => {
  it("has the same headings, with the same ids, in the same order", () => {
    expect(headingIds(en)).toEqual(headingIds(ru));
  });

  it("has the same code blocks with the same commands", () => {
    const commands = (mdx: string) =>
      codeBlocks(mdx).map(([info, body]) => [
        info,
        body
          .split("\n")
          .filter((l) => l.trim() && !l.trim().startsWith("#"))
          .join("\n"),
      ]);
    const ruCommands = commands(ru);
    const enCommands = commands(en);
    expect(enCommands.length).toBe(ruCommands.length);
    // The ASCII diagram's labels are English in the original too, so it is identical.
    enCommands.forEach((block, i) => {
      if (block[0] === "bash") expect(block, `code block ${i + 1}`).toEqual(ruCommands[i]);
    });
    const diagram = (mdx: string) => codeBlocks(mdx).find(([info]) => info === "text")?.[1];
    expect(diagram(en)).toBe(diagram(ru));
  });

  it("has the same callouts, clarifications and diagram in the same places", () => {
    const components = (mdx: string) =>
      [...mdx.matchAll(/^<(Callout type="[a-z]+"|Clarification|ArchitectureDiagram)/gm)].map((m) => m[1]!.replace(/ type=/, ":"));
    expect(components(en)).toEqual(components(ru));
    expect(count(ru, /^<Clarification>/gm)).toBeGreaterThanOrEqual(5);
    expect(count(ru, /^<Callout /gm)).toBeGreaterThanOrEqual(3);
  });
});

describe("compiling the lesson", () => {
  it.each([
    ["ru", ru],
    ["en", en],
  ])(
    "%s compiles, with a contents entry for every h2 and h3",
    async (_locale, mdx) => {
      const lesson = await compileLessonSource(mdx);
      expect(lesson.toc.map((i) => `${"#".repeat(i.depth)} ${i.id}`)).toEqual(headingIds(mdx));
      expect(lesson.toc.every((i) => i.text.length > 0 && i.text === tocText(i.text))).toBe(true);
      expect(lesson.frontmatter.title.length).toBeGreaterThan(10);
      expect(lesson.readingMinutes).toBeGreaterThan(3);
      // Highlighted on the server: both themes' colours are in the compiled code.
      expect(lesson.code).toContain("--shiki-dark");
    },
    30_000,
  );
});
