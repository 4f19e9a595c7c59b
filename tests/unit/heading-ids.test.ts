import { describe, expect, it } from "vitest";
import { remark } from "remark";
import { escapeHeadingIds, remarkHeadingIds, tocText, type TocItem } from "@/lib/content/heading-ids";

function headings(markdown: string): TocItem[] {
  let items: TocItem[] = [];
  remark()
    .use(remarkHeadingIds, { onHeadings: (found: TocItem[]) => (items = found) })
    .runSync(remark().parse(markdown));
  return items;
}

describe("escapeHeadingIds", () => {
  it("escapes the id braces of heading lines so MDX does not read them as JavaScript", () => {
    expect(escapeHeadingIds("## Title {#title}")).toBe("## Title \\{#title}");
  });
  it("leaves code fences, prose and malformed ids alone", () => {
    const source = ["```bash", "## not a heading {#nope}", "```", "text {#x}", "## Bad {#Bad_Id}", "~~~", "# c {#c}", "~~~"].join("\n");
    expect(escapeHeadingIds(source)).toBe(source);
  });
});

describe("remarkHeadingIds", () => {
  it("moves explicit ids into attributes and lists h2/h3 for the contents", () => {
    expect(headings("## 🎯 **What is etcd?** \\{#what-is-etcd}\n\n### 1. Source of truth: \\{#truth}\n\n#### Deep\n")).toEqual([
      { id: "what-is-etcd", text: "What is etcd?", depth: 2 },
      { id: "truth", text: "1. Source of truth", depth: 3 },
    ]);
  });
  it("rejects an h2 or h3 without an id, so translations cannot drift", () => {
    expect(() => headings("## No id here\n")).toThrow(/no explicit id/);
  });
  it("rejects duplicate ids", () => {
    expect(() => headings("## A \\{#same}\n\n## B \\{#same}\n")).toThrow(/Duplicate heading id "same"/);
  });
});

describe("tocText", () => {
  it("drops leading emoji and a trailing colon", () => {
    expect(tocText("🏗️ Почему etcd критичен для Kubernetes:")).toBe("Почему etcd критичен для Kubernetes");
    expect(tocText("1. High Availability")).toBe("1. High Availability");
  });
});
