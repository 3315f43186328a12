import { describe, expect, it } from "vitest";
import { numericMatches, parseNumericInput } from "../../src/quiz/numeric-input.ts";
import { matchesAccepted, normalizeText } from "../../src/quiz/text-match.ts";

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
    ["one tenth", "unreadable"],
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
    expect(matchesAccepted("volant", accepted)).toBe(false);
    expect(matchesAccepted("", ["x"])).toBe(false);
    expect(matchesAccepted("...", ["..."])).toBe(false);
  });
});
