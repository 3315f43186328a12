import { describe, expect, it } from "vitest";
import {
  BANK,
  type ConcreteItem,
  formatNumber,
  instantiate,
  type Lang,
  normalizeText,
  publicQuestion,
} from "../../src/quiz/index.ts";

const SEEDS = [0, 1, 2, 3, 42, 1000, 123_456];
const LANGS: Lang[] = ["fr", "en"];
const FORBIDDEN_KEYS = [
  "correct",
  "accepted",
  "answer",
  "tolerance",
  "explanation",
  "source",
  "match",
  "traps",
  "parametric",
  "values",
  "display",
];

/** Stand-alone numbers of a text ("GPT-4" and "V3" are names, not numbers). */
function numbersIn(text: string): number[] {
  return [...text.matchAll(/(?<![\w-])\d+(?:[.,]\d+)?(?![\w-])/g)].map((match) => Number(match[0].replace(",", ".")));
}

function keysOf(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const entry of value) keysOf(entry, keys);
  else if (value && typeof value === "object") {
    for (const [key, entry] of Object.entries(value)) {
      keys.add(key);
      keysOf(entry, keys);
    }
  }
  return keys;
}

const cases = BANK.items.flatMap((item) =>
  SEEDS.flatMap((seed) => LANGS.map((lang) => ({ item: instantiate(item, seed), seed, lang }))),
);

describe("public view", () => {
  it("never carries answer fields", () => {
    for (const { item, seed, lang } of cases) {
      const keys = keysOf(publicQuestion(item, lang, seed));
      for (const key of FORBIDDEN_KEYS) expect(keys.has(key), `${item.id} exposes "${key}"`).toBe(false);
    }
  });

  it("never contains a text item's accepted answers", () => {
    for (const { item, seed, lang } of cases) {
      if (item.type !== "text") continue;
      const shown = ` ${normalizeText(JSON.stringify(publicQuestion(item, lang, seed)))} `;
      for (const accepted of item.accepted) {
        expect(shown.includes(` ${normalizeText(accepted)} `), `${item.id} shows "${accepted}"`).toBe(false);
      }
    }
  });

  it("never contains a numeric item's answer", () => {
    for (const { item, seed, lang } of cases) {
      if (item.type !== "numeric") continue;
      const json = JSON.stringify(publicQuestion(item, lang, seed));
      expect(numbersIn(json), `${item.id} seed ${seed}`).not.toContain(item.answer);
      expect(json).not.toContain(formatNumber(item.answer, lang) === "0,1" ? "1/10" : `"${item.answer}"`);
    }
  });

  it("shows ordering items in a seeded order that ignores the correct one", () => {
    const ordering = BANK.items.filter((item) => item.type === "ordering");
    for (const item of ordering) {
      if (item.type !== "ordering") continue;
      const orders = new Set<string>();
      for (let seed = 0; seed < 300; seed++) {
        const view = publicQuestion(item, "fr", seed);
        if (view.type !== "ordering") throw new Error("not an ordering view");
        expect(new Set(view.items.map((entry) => entry.id)).size).toBe(item.items.length);
        orders.add(view.items.map((entry) => entry.id).join(","));
        // The same steps stored in another (correct) order are shown the same way.
        const reversed = { ...item, items: [...item.items].reverse() };
        expect(publicQuestion(reversed, "fr", seed)).toEqual(view);
      }
      expect(orders.size).toBeGreaterThan(1);
    }
  });

  it("does not put the right choice at a predictable position", () => {
    const positions = new Set<number>();
    for (const item of BANK.items) {
      if (item.type !== "single-choice") continue;
      const view = publicQuestion(item, "en", 7);
      if (view.type !== "single-choice") continue;
      positions.add(view.choices.findIndex((choice) => item.choices.find((c) => c.id === choice.id)?.correct));
    }
    expect(positions.size).toBeGreaterThanOrEqual(3);
  });

  it("shows the prompt in the requested language, and the same view for the same seed", () => {
    for (const { item, seed, lang } of cases.slice(0, 200)) {
      const view = publicQuestion(item, lang, seed);
      expect(view.prompt).toBe(item.prompt[lang]);
      expect(publicQuestion(item, lang, seed)).toEqual(view);
    }
  });

  it("keeps authored order when shuffleChoices is false", () => {
    const item = BANK.items.find((candidate) => candidate.type === "single-choice") as ConcreteItem;
    if (item.type !== "single-choice") throw new Error("no single-choice item");
    const view = publicQuestion(item, "fr", 3, { shuffleChoices: false });
    if (view.type !== "single-choice") throw new Error("wrong view");
    expect(view.choices.map((choice) => choice.id)).toEqual(item.choices.map((choice) => choice.id));
  });

  it("gives numeric items their unit and input mode, text items a placeholder, matching both columns", () => {
    const numeric = BANK.items.find(
      (item) => item.type === "numeric" && item.parametric && item.unit?.en === "million $",
    );
    const text = BANK.items.find((item) => item.type === "text");
    const matching = BANK.items.find((item) => item.type === "matching");
    if (!numeric || !text || !matching) throw new Error("missing items");
    expect(publicQuestion(instantiate(numeric, 1), "en", 1)).toMatchObject({ unit: "million $", inputMode: "decimal" });
    expect(publicQuestion(text, "fr", 1)).toMatchObject({ placeholder: expect.any(String) });
    const view = publicQuestion(matching, "en", 1);
    if (view.type !== "matching" || matching.type !== "matching") throw new Error("wrong view");
    expect(view.left).toHaveLength(matching.left.length);
    expect(view.right).toHaveLength(matching.right.length);
  });
});
