import { describe, expect, it } from "vitest";
import type { Lang } from "../../src/quiz/format.ts";
import type { ConcreteItem, FormFields } from "../../src/quiz/index.ts";
import {
  BANK,
  correctResponse,
  countOptionPicks,
  feedbackFor,
  gradeResponse,
  instantiate,
  itemPoints,
  parseResponse,
  responseFromForm,
} from "../../src/quiz/index.ts";
import { moduleFor } from "../../src/quiz/types/index.ts";
import { MATCHING, MULTI, NUMERIC, ORDERING, POLL, SINGLE, TEXT, TRUE_FALSE } from "./fixtures.ts";

/** A response in words, as its question type's module summarises it ("" when malformed). */
function describeResponse(item: ConcreteItem, response: unknown, lang: Lang): string {
  const parsed = parseResponse(item, response);
  return parsed.success ? moduleFor(item).describe(item, parsed.response, lang) : "";
}

const FORM_CASES: { item: ConcreteItem; fields: FormFields; fraction: number }[] = [
  { item: SINGLE, fields: { choice: "cb" }, fraction: 1 },
  { item: MULTI, fields: { choices: ["ca", "cb", "cc"] }, fraction: 1 },
  { item: MULTI, fields: { choices: "ca" }, fraction: 0.333333 },
  { item: TRUE_FALSE, fields: { value: "false" }, fraction: 1 },
  { item: TRUE_FALSE, fields: { value: "true" }, fraction: 0 },
  { item: NUMERIC, fields: { value: "0,1" }, fraction: 1 },
  { item: TEXT, fields: { text: "Echelle" }, fraction: 1 },
  { item: ORDERING, fields: { order: ["ia", "ib", "ic", "id"] }, fraction: 1 },
  { item: MATCHING, fields: { "pair.la": "rus", "pair.lb": "rcn", "pair.lc": "rcn", "pair.ld": "" }, fraction: 0.5 },
  { item: POLL, fields: { choice: "oa" }, fraction: 0 },
];

describe("responses from HTML forms", () => {
  it.each(FORM_CASES)("$item.id from $fields", ({ item, fields, fraction }) => {
    const parsed = parseResponse(item, responseFromForm(item, fields));
    expect(parsed.success).toBe(true);
    if (parsed.success) expect(gradeResponse(item, parsed.response).fraction).toBeCloseTo(fraction, 5);
  });

  it("reports a missing answer as a validation issue", () => {
    for (const item of [SINGLE, TRUE_FALSE, NUMERIC, TEXT, POLL]) {
      const parsed = parseResponse(item, responseFromForm(item, {}));
      expect(parsed.success, item.id).toBe(false);
    }
    expect(parseResponse(TRUE_FALSE, responseFromForm(TRUE_FALSE, { value: "maybe" })).success).toBe(false);
  });
});

describe("feedback", () => {
  it("explains every item in both languages, cites its source and states the answer", () => {
    for (const item of BANK.items) {
      const concrete = instantiate(item, 4);
      for (const lang of ["fr", "en"] as const) {
        const feedback = feedbackFor(concrete, lang);
        expect(feedback.explanation.length, item.id).toBeGreaterThan(20);
        expect(feedback.source.quote).toBe(item.source.quote);
        expect(BANK.article.text).toContain(feedback.source.quote);
        if (item.type === "poll") expect(feedback.correctAnswer).toBe("");
        else expect(feedback.correctAnswer, item.id).not.toBe("");
      }
    }
  });

  it("gives full marks to each item's correct response and describes it", () => {
    for (const item of BANK.items) {
      const concrete = instantiate(item, 8);
      const correct = correctResponse(concrete);
      if (item.type === "poll") {
        expect(correct).toBeNull();
        expect(itemPoints(item)).toBe(0);
        continue;
      }
      expect(correct, item.id).not.toBeNull();
      if (!correct) continue;
      expect(gradeResponse(concrete, correct), item.id).toEqual({ fraction: 1, state: "correct" });
      expect(describeResponse(concrete, correct, "en"), item.id).not.toBe("");
      expect(itemPoints(item)).toBe(1);
    }
  });

  it("formats a ratio answer readably", () => {
    expect(feedbackFor(NUMERIC, "fr").correctAnswer).toBe("1/10 (0,1)");
    expect(feedbackFor(NUMERIC, "en").correctAnswer).toBe("1/10 (0.1)");
  });

  it("describes responses in words", () => {
    expect(describeResponse(SINGLE, { choice: "cb" }, "en")).toBe("about 1/10");
    expect(describeResponse(TRUE_FALSE, { value: true }, "fr")).toBe("Vrai");
    expect(describeResponse(ORDERING, { order: ["ib", "ia"] }, "en")).toBe("1. Developers → 2. Openness");
    expect(describeResponse(MATCHING, { pairs: { la: "rcn" } }, "en")).toBe("Cutting-edge chips → China’s approach");
    expect(describeResponse(SINGLE, { choice: "nope" }, "en")).toBe("");
  });
});

describe("countOptionPicks", () => {
  it("counts valid picks per option and ignores malformed responses", () => {
    const picks = countOptionPicks(MULTI, [{ choices: ["ca", "cd"] }, { choices: ["ca"] }, { choices: ["zz"] }, null]);
    expect(picks.find((pick) => pick.optionId === "ca")).toMatchObject({ count: 2, correct: true });
    expect(picks.find((pick) => pick.optionId === "cd")).toMatchObject({ count: 1, correct: false });
    expect(picks.reduce((sum, pick) => sum + pick.count, 0)).toBe(3);
  });

  it("handles true-false and polls, and returns nothing for other types", () => {
    expect(countOptionPicks(TRUE_FALSE, [{ value: false }, { value: false }, { value: true }])).toEqual([
      { optionId: "true", label: { fr: "Vrai", en: "True" }, count: 1, correct: false },
      { optionId: "false", label: { fr: "Faux", en: "False" }, count: 2, correct: true },
    ]);
    expect(countOptionPicks(POLL, [{ choice: "ob" }]).map((pick) => pick.count)).toEqual([0, 1]);
    expect(countOptionPicks(TEXT, [{ text: "x" }])).toEqual([]);
  });
});
