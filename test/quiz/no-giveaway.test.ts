import { describe, expect, it } from "vitest";
import facts from "../../questions/facts.json" with { type: "json" };
import { generateBank } from "../../questions/generate.ts";
import type { CompiledBank, Item } from "../../src/quiz/bank-schema.ts";
import { BANK, instantiate, publicQuestion } from "../../src/quiz/index.ts";

type Spec = Record<string, unknown> & { id: string; type: string };
type Facts = { facts: { id: string; items: Spec[] }[] };

/** Another key for the same item: same texts and options, a different right answer. */
const REKEY: Record<string, (spec: Spec) => void> = {
  "single-choice": (spec) => {
    const distractors = spec.distractors as unknown[];
    [spec.answer, distractors[0]] = [distractors[0], spec.answer];
  },
  "multiple-choice": (spec) => {
    const correct = spec.correct as unknown[];
    const wrong = spec.wrong as unknown[];
    [correct[0], wrong[0]] = [wrong[0], correct[0]];
  },
  "true-false": (spec) => {
    spec.answer = spec.answer === false;
  },
  numeric: (spec) => {
    if (typeof spec.answer === "number") spec.answer = spec.answer * 3;
    else (spec.formula as { factor: number }).factor *= 3;
  },
  text: (spec) => {
    spec.accepted = ["autre chose", "something else"];
    spec.display = { fr: "autre chose", en: "something else" };
    spec.traps = [];
  },
  ordering: (spec) => {
    (spec.steps as unknown[]).reverse();
  },
  matching: (spec) => {
    const pairs = spec.pairs as { left: unknown; right: { en: string } }[];
    const other = pairs.findIndex((pair) => pair.right.en !== pairs[0]?.right.en);
    const first = pairs[0] as (typeof pairs)[number];
    const second = pairs[other] as (typeof pairs)[number];
    [first.left, second.left] = [second.left, first.left];
  },
};

function rekeyed(type: string): { before: Item; after: Item } {
  const copy = structuredClone(facts) as unknown as Facts;
  const spec = copy.facts.flatMap((fact) => fact.items).find((candidate) => candidate.type === type);
  if (!spec) throw new Error(`no ${type} item`);
  REKEY[type]?.(spec);
  const bank: CompiledBank = generateBank(copy, BANK.article.text);
  const find = (from: CompiledBank) => from.items.find((item) => item.id === spec.id) as Item;
  return { before: find(BANK), after: find(bank) };
}

describe("nothing given away", () => {
  it.each(Object.keys(REKEY))("a %s item looks the same to the learner whatever its key", (type) => {
    const { before, after } = rekeyed(type);
    expect(after.id).toBe(before.id);
    // The key really changed...
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    // ...but nothing a learner is shown did: id, order of options, texts, unit, placeholder.
    for (const seed of [1, 2, 99, 4242]) {
      for (const lang of ["fr", "en"] as const) {
        for (const shuffleChoices of [true, false]) {
          const view = (item: Item) => publicQuestion(instantiate(item, seed), lang, seed, { shuffleChoices });
          expect(view(after), `${type} seed ${seed} ${lang}`).toEqual(view(before));
        }
      }
    }
  });

  it("gives no item an id, length or attribute that follows its key", () => {
    const trueFalse = BANK.items.filter((item) => item.type === "true-false");
    expect(new Set(trueFalse.map((item) => item.answer))).toEqual(new Set([true, false]));
    for (const item of BANK.items) expect(item.id).toMatch(/^q[0-9a-z]{7}$/);
    // Ids are hashes of the fact and a counter: id lengths and the characters they use say nothing.
    const idsOf = (answer: boolean) => trueFalse.filter((item) => item.answer === answer).map((item) => item.id);
    expect(new Set([...idsOf(true), ...idsOf(false)].map((id) => id.length))).toEqual(new Set([8]));
  });
});
