import { describe, expect, it } from "vitest";
import { inItemUnit, numericMatches, parseNumericInput, timeUnitOf } from "../../src/quiz/numeric-input.ts";
import { canonicalAnswer, matchesAccepted, normalizeText } from "../../src/quiz/text-match.ts";

describe("parseNumericInput", () => {
  it.each([
    ["1/10", 0.1, "plain"],
    ["0.1", 0.1, "plain"],
    ["0,1", 0.1, "plain"],
    ["10 %", 0.1, "plain"],
    ["10%", 0.1, "plain"],
    ["10x", 10, "multiplier"],
    ["x10", 10, "multiplier"],
    ["×10", 10, "multiplier"],
    ["10 fois", 10, "multiplier"],
    ["10 times", 10, "multiplier"],
    ["1 sur 10", 0.1, "plain"],
    ["1 in 10", 0.1, "plain"],
    ["1 000", 1000, "plain"],
    ["1\u202f000", 1000, "plain"],
    ["1.000,5", 1000.5, "plain"],
    ["1,000.5", 1000.5, "plain"],
    ["12 M$", 12, "plain"],
    ["12M$", 12, "plain"],
    ["12 millions de dollars", 12, "plain"],
    ["environ 12", 12, "plain"],
    ["~ 12 $", 12, "plain"],
    ["-3,5", -3.5, "plain"],
    [".5", 0.5, "plain"],
    ["0,100", 0.1, "plain"],
    [12, 12, "plain"],
  ] as const)("reads %j as %d (%s)", (input, value, form) => {
    const parsed = parseNumericInput(input);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toBeCloseTo(value, 9);
    expect(parsed.form).toBe(form);
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["beaucoup", "unreadable"],
    ["moins 3", "unreadable"],
    ["1/0", "unreadable"],
    ["1e5", "unreadable"],
    ["5 Md$", "unreadable"],
    ["1..2", "unreadable"],
    ["1,000", "ambiguous"],
    ["12,500", "ambiguous"],
  ] as const)("refuses %j (%s)", (input, reason) => {
    expect(parseNumericInput(input)).toEqual({ ok: false, reason });
  });

  it("refuses non-finite numbers", () => {
    expect(parseNumericInput(Number.NaN).ok).toBe(false);
    expect(parseNumericInput(Number.NEGATIVE_INFINITY).ok).toBe(false);
  });
});

describe("numericMatches", () => {
  const rel5 = { kind: "rel", value: 0.05 } as const;
  it.each([
    ["1/10", 0.1, "ratio", true],
    ["10 %", 0.1, "ratio", true],
    ["10x", 0.1, "ratio", true],
    ["x10", 0.1, "ratio", true],
    ["10", 0.1, "ratio", false],
    ["1/100", 0.1, "ratio", false],
    ["100x", 100, "ratio", true],
    ["x100", 100, "ratio", true],
    ["100", 100, "ratio", true],
    ["1/100", 100, "ratio", false],
    ["10x", 0.1, "plain", false],
  ] as const)("%j against %d in %s mode: %s", (input, answer, mode, expected) => {
    const parsed = parseNumericInput(input);
    expect(parsed.ok && numericMatches(parsed, answer, rel5, mode)).toBe(expected);
  });

  it("absorbs floating point noise in absolute tolerances", () => {
    expect(numericMatches({ value: 0.1 + 0.2, form: "plain" }, 0.3, { kind: "abs", value: 0 }, "plain")).toBe(true);
  });
});

describe("text matching", () => {
  it.each([
    ["  L’Échelle ! ", "l echelle"],
    ["ÉCHELLE", "echelle"],
    ["effet   de\tvolant", "effet de volant"],
    ["GPT‑4", "gpt 4"],
    ["«pas d’intelligence»", "pas d intelligence"],
    ["Ça", "ca"],
  ])("normalises %j to %j", (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it("matches ignoring case, accents, end punctuation and extra spaces", () => {
    const accepted = ["effet de volant", "flywheel"];
    expect(matchesAccepted("Effet  de VOLANT.", accepted)).toBe(true);
    expect(matchesAccepted("effét de volant", accepted)).toBe(true);
    expect(matchesAccepted("Flywheel!", accepted)).toBe(true);
    expect(matchesAccepted("moteur", accepted)).toBe(false);
    expect(matchesAccepted("", ["x"])).toBe(false);
    expect(matchesAccepted("...", ["..."])).toBe(false);
  });
});

describe("numbers in words, directions and units of time", () => {
  it.each([
    ["dix", 10],
    ["Dix-sept", 17],
    ["vingt et un", 21],
    ["soixante-dix", 70],
    ["quatre-vingts", 80],
    ["quatre-vingt-dix-neuf", 99],
    ["cent", 100],
    ["deux cents", 200],
    ["mille", 1000],
    ["deux mille cinq cents", 2500],
    ["seize", 16],
    ["twelve", 12],
    ["forty-two", 42],
    ["a hundred", 100],
    ["one hundred and five", 105],
    ["three thousand", 3000],
    ["un dixième", 0.1],
    ["a tenth", 0.1],
    ["one hundredth", 0.01],
    ["trois quarts", 0.75],
    ["dix pour cent", 0.1],
    ["ten percent", 0.1],
  ] as const)("reads %j as %d", (input, value) => {
    const parsed = parseNumericInput(input);
    expect(parsed.ok && parsed.value).toBeCloseTo(value, 9);
  });

  it.each([
    ["10 fois moins", 0.1, "plain"],
    ["dix fois moins", 0.1, "plain"],
    ["dix fois moins cher", 0.1, "plain"],
    ["ten times less", 0.1, "plain"],
    ["ten times cheaper", 0.1, "plain"],
    ["100 fois plus", 100, "plain"],
    ["cent fois plus", 100, "plain"],
    ["a hundred times more", 100, "plain"],
    ["cent fois", 100, "multiplier"],
    ["10-fold", 10, "multiplier"],
  ] as const)("reads %j as %d (%s): moins/less turns the factor over", (input, value, form) => {
    const parsed = parseNumericInput(input);
    expect(parsed.ok && parsed.value).toBeCloseTo(value, 9);
    expect(parsed.ok && parsed.form).toBe(form);
  });

  it("keeps the direction a learner wrote, even in ratio mode", () => {
    const rel5 = { kind: "rel", value: 0.05 } as const;
    const read = (text: string) => {
      const parsed = parseNumericInput(text);
      if (!parsed.ok) throw new Error(text);
      return parsed;
    };
    expect(numericMatches(read("dix fois moins"), 0.1, rel5, "ratio")).toBe(true);
    expect(numericMatches(read("dix fois plus"), 0.1, rel5, "ratio")).toBe(false);
    expect(numericMatches(read("cent fois moins"), 100, rel5, "ratio")).toBe(false);
    expect(numericMatches(read("cent"), 100, rel5, "ratio")).toBe(true);
  });

  it.each([
    ["un an", 1],
    ["1 an", 1],
    ["d’ici un an", 1],
    ["12 mois", 1],
    ["douze mois", 1],
    ["one year", 1],
    ["within a year", 1],
    ["twelve months", 1],
    ["deux ans", 2],
    ["24 months", 2],
    ["1", 1],
  ] as const)("reads %j as %d year(s) for an item in years", (input, years) => {
    const parsed = parseNumericInput(input);
    if (!parsed.ok) throw new Error(`${input} unreadable`);
    expect(inItemUnit(parsed, timeUnitOf("an(s)")).value).toBeCloseTo(years, 6);
    expect(inItemUnit(parsed, timeUnitOf("year(s)")).value).toBeCloseTo(years, 6);
  });
});

describe("the synonym policy of short answers", () => {
  it("ignores leading articles and elisions", () => {
    expect(matchesAccepted("d’inférence", ["inférence"])).toBe(true);
    expect(matchesAccepted("l’échelle", ["échelle"])).toBe(true);
    expect(matchesAccepted("la donne", ["donne"])).toBe(true);
    expect(matchesAccepted("The benchmark", ["référence"])).toBe(true);
    expect(matchesAccepted("d’intelligence", ["intelligence"])).toBe(true);
  });

  it("judges meaning: words of one synonym group are the same word, in either language", () => {
    expect(matchesAccepted("fondamental", ["crucial"])).toBe(true);
    expect(matchesAccepted("essentiel", ["crucial"])).toBe(true);
    expect(matchesAccepted("hardware", ["matériel"])).toBe(true);
    expect(matchesAccepted("licences", ["licence"])).toBe(true);
    expect(matchesAccepted("secondaire", ["crucial"])).toBe(false);
    expect(matchesAccepted("puces", ["matériel"])).toBe(false);
    expect(canonicalAnswer("Les Licences")).toBe(canonicalAnswer("license"));
  });
});
