// "Try it" on the lesson's command blocks: the lab each block opens, and the lines it types.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LABS } from "@/lib/labs/registry";
import { tryIt, tryItHref } from "@/lib/labs/try-it";

const slugs = LABS.map((l) => l.slug);

describe("Try it", () => {
  it("offers the commands of a block, not its comments or placeholders", () => {
    expect(tryIt("# Creating a Pod\nkubectl run test-etcd --image=nginx\n\n# What happens:\n# 1. kubectl → API Server", slugs)).toEqual({
      lab: "kubernetes-in-etcd",
      lines: ["kubectl run test-etcd --image=nginx"],
    });
    expect(tryIt("kubectl get pod <pod-name> -o yaml | grep resourceVersion", slugs)).toBeUndefined();
    expect(tryIt("# etcd contains ALL cluster data\n# Losing etcd = losing the whole cluster", slugs)).toBeUndefined();
  });

  it("sends what no guided lab is about to the sandbox, and builds the lab's address", () => {
    const t = tryIt("kubectl get pods -A\nkubectl get deployments -A", slugs)!;
    expect(t.lab).toBe("sandbox");
    expect(tryItHref("en", t)).toBe("/en/labs/sandbox?type=kubectl%20get%20pods%20-A%0Akubectl%20get%20deployments%20-A");
  });

  it("gives most of the lesson's command blocks a button, in both languages", () => {
    for (const locale of ["en", "ru"]) {
      const source = readFileSync(`content/lessons/etcd/${locale}.mdx`, "utf8");
      const blocks = [...source.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => tryIt(m[1]!, slugs));
      expect(blocks.filter(Boolean).length).toBeGreaterThanOrEqual(12);
      for (const b of blocks) if (b) expect(slugs).toContain(b.lab);
    }
  });
});
