// Every lab has its text in both languages, with one <Step> for each step of its definition,
// in the same order, and the text compiles.
import { describe, expect, it } from "vitest";
import { getLabText } from "@/lib/content/labs";
import { LABS } from "@/lib/labs/registry";

describe("lab texts", () => {
  for (const def of LABS) {
    for (const locale of ["ru", "en"] as const) {
      it(`${def.slug} (${locale}) has a step text for each step, in order`, async () => {
        const text = await getLabText(def.slug, locale);
        expect(text).not.toBeNull();
        expect(text!.stepIds).toEqual(def.steps.map((s) => s.id));
        expect(text!.frontmatter.title.length).toBeGreaterThan(0);
      });
    }
  }
  it("has no text for a lab that does not exist", async () => {
    expect(await getLabText("no-such-lab", "en")).toBeNull();
    expect(await getLabText("../lessons", "en")).toBeNull();
  });
});
