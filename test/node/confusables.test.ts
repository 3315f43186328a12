import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GENERATED, generate } from "../../scripts/confusables.ts";

describe("the confusables table (src/quiz/confusables.ts, from the pinned unhomoglyph)", () => {
  it("the committed file is what the pinned data generates (run `node scripts/confusables.ts` when not)", () => {
    expect(readFileSync(GENERATED, "utf8")).toBe(generate().text);
  });

  it("folds the look-alikes impersonators use, and leaves ASCII alone", () => {
    const table = new Map(generate().table);
    // Cyrillic а, е, о and Greek ο look like Latin a, e, o.
    expect(["\u0430", "\u0435", "\u043e", "\u03bf"].map((ch) => table.get(ch))).toEqual(["a", "e", "o", "o"]);
    expect([..."azAZ09"].some((ch) => table.has(ch))).toBe(false);
  });
});
