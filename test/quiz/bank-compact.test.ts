import { describe, expect, it } from "vitest";
import storedJson from "../../questions/bank.json" with { type: "json" };
import facts from "../../questions/facts.json" with { type: "json" };
import { generateBank } from "../../questions/generate.ts";
import { compactBank, expandBank, type StoredBank, type StoredCitation } from "../../src/quiz/bank-compact.ts";
import { BANK } from "../../src/quiz/index.ts";

const stored = storedJson as unknown as StoredBank;
const citations = (bank: StoredBank): StoredCitation[] =>
  bank.items.flatMap(({ source: { quotes, ...main } }) => [main, ...(quotes ?? [])]);

describe("the stored bank (questions/bank.json)", () => {
  it("is what npm run questions writes for the compiled bank", () => {
    expect(stored).toStrictEqual(compactBank(BANK));
  });

  it("expands to the bank the generator makes, byte for byte in JSON (key order included)", () => {
    const compiled = generateBank(facts, BANK.article.text);
    expect(JSON.stringify(expandBank(compactBank(compiled)))).toBe(JSON.stringify(compiled));
    expect(JSON.stringify(BANK)).toBe(JSON.stringify(compiled));
  });

  it("gives each quote as a span of the article, and a translation as text only where its sentence's has no such slice", () => {
    const translations = new Map(stored.article.sentences.map((sentence) => [sentence.id, sentence.translation]));
    const all = citations(stored);
    expect(all.length).toBeGreaterThan(BANK.items.length);
    for (const citation of all) {
      expect(Object.keys(citation)).not.toContain("quote");
      if (citation.translation !== undefined) {
        expect(translations.get(citation.sentenceId)).not.toContain(citation.translation);
      }
    }
    expect(all.some((citation) => citation.translationAt)).toBe(true);
    expect(all.some((citation) => citation.translation !== undefined)).toBe(true);
  });

  it("cannot store a quote that is not verbatim in the article", () => {
    const changed = structuredClone(BANK);
    const item = changed.items[0];
    if (!item) throw new Error("empty bank");
    item.source.quote = `${item.source.quote} (paraphrased)`;
    expect(() => compactBank(changed)).toThrow(/not verbatim in the article/);
  });
});
