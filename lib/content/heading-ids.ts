import type { Heading, Root } from "mdast";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";

// Lesson headings carry explicit ids (`## Что такое etcd? {#what-is-etcd}`) so that the
// Russian original and the English translation share anchors, and a reader who switches
// language lands on the same section.

/** A heading as the table of contents needs it. */
export interface TocItem {
  id: string;
  text: string;
  depth: 2 | 3;
}

const ID_SUFFIX = /\s*\\?\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;
const HEADING_LINE = /^(#{1,6}\s.*?)\s\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;

/**
 * MDX reads `{...}` as a JavaScript expression, so before compiling, the `{#id}` at the
 * end of a heading line is escaped to `\{#id}` (literal text). Lines inside fenced code
 * blocks are left alone.
 */
export function escapeHeadingIds(source: string): string {
  let fence: string | null = null;
  return source
    .split("\n")
    .map((line) => {
      const fenceMatch = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fenceMatch) {
        const marker = fenceMatch[1]!;
        if (fence === null) fence = marker;
        else if (marker.startsWith(fence)) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(HEADING_LINE, "$1 \\{#$2}");
    })
    .join("\n");
}

/**
 * The heading as the table of contents shows it: without the decorative emoji in front
 * and the colon at the end that the lesson's headings carry.
 */
export function tocText(heading: string): string {
  return heading
    .replace(/^[\p{Extended_Pictographic}\u{FE0F}\u{200D}\s]+/u, "")
    .replace(/[:：]\s*$/, "")
    .trim();
}

export class HeadingIdError extends Error {
  override name = "HeadingIdError";
}

/**
 * remark plugin: moves each heading's `{#id}` into its `id` attribute and reports the
 * h2/h3 headings to `onHeadings`. Every h2 and h3 must have an id, and ids must be
 * unique, so a translation cannot silently drift from the original.
 */
export function remarkHeadingIds(options: { onHeadings?: (items: TocItem[]) => void } = {}) {
  return (tree: Root) => {
    const items: TocItem[] = [];
    const seen = new Set<string>();
    visit(tree, "heading", (node: Heading) => {
      const last = node.children.at(-1);
      let id: string | undefined;
      if (last?.type === "text") {
        const match = ID_SUFFIX.exec(last.value);
        if (match) {
          id = match[1]!;
          last.value = last.value.slice(0, match.index);
          if (last.value === "") node.children.pop();
        }
      }
      const text = toString(node).trim();
      if (!id) {
        if (node.depth === 2 || node.depth === 3) {
          throw new HeadingIdError(`Heading "${text}" has no explicit id; add {#some-id} at the end of the line.`);
        }
        return;
      }
      if (seen.has(id)) throw new HeadingIdError(`Duplicate heading id "${id}" (heading "${text}").`);
      seen.add(id);
      // remark-rehype turns data.hProperties into the element's attributes.
      const data = (node.data ??= {}) as { hProperties?: Record<string, unknown> };
      data.hProperties = { ...data.hProperties, id };
      if (node.depth === 2 || node.depth === 3) items.push({ id, text: tocText(text), depth: node.depth });
    });
    options.onHeadings?.(items);
  };
}
