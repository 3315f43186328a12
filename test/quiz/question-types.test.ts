import { describe, expect, it } from "vitest";
import type { ConcreteItem } from "../../src/quiz/bank-schema.ts";
import { gradeResponse, isResponseComplete, parseResponse, type Response } from "../../src/quiz/index.ts";
import { MATCHING, MULTI, NUMERIC, ORDERING, PLAIN_NUMERIC, POLL, SINGLE, TEXT, TRUE_FALSE } from "./fixtures.ts";

type Case = {
  name: string;
  item: ConcreteItem;
  response: unknown;
  fraction?: number;
  state?: "correct" | "partial" | "incorrect" | "unscored";
  complete?: boolean;
  /** Malformed: parseResponse fails with an issue at this path containing this text. */
  issue?: { path: string; message: RegExp };
};

const LONG = "x".repeat(10_000);

const CASES: Case[] = [
  // single-choice
  { name: "single right", item: SINGLE, response: { choice: "cb" }, fraction: 1, state: "correct", complete: true },
  { name: "single wrong", item: SINGLE, response: { choice: "cc" }, fraction: 0, state: "incorrect", complete: true },
  {
    name: "single missing choice",
    item: SINGLE,
    response: {},
    issue: { path: "choice", message: /expected string|option id/i },
  },
  {
    name: "single unknown id",
    item: SINGLE,
    response: { choice: "zz" },
    issue: { path: "choice", message: /not one of/ },
  },
  {
    name: "single extra key",
    item: SINGLE,
    response: { choice: "cb", correct: true },
    issue: { path: "", message: /unknown field/ },
  },
  {
    name: "single long id",
    item: SINGLE,
    response: { choice: LONG },
    issue: { path: "choice", message: /at most 64/ },
  },
  { name: "single wrong shape", item: SINGLE, response: ["cb"], issue: { path: "", message: /expected object/i } },
  // multiple-choice: +1/k per right, -1/k per wrong, floor 0 (k = 3)
  { name: "multi all right", item: MULTI, response: { choices: ["ca", "cb", "cc"] }, fraction: 1, state: "correct" },
  {
    name: "multi two of three",
    item: MULTI,
    response: { choices: ["ca", "cb"] },
    fraction: 0.666667,
    state: "partial",
  },
  {
    name: "multi all right + one wrong",
    item: MULTI,
    response: { choices: ["ca", "cb", "cc", "cd"] },
    fraction: 0.666667,
    state: "partial",
  },
  {
    name: "multi one right one wrong",
    item: MULTI,
    response: { choices: ["ca", "cd"] },
    fraction: 0,
    state: "incorrect",
  },
  {
    name: "multi only wrong (floor 0)",
    item: MULTI,
    response: { choices: ["cd", "ce"] },
    fraction: 0,
    state: "incorrect",
  },
  {
    name: "multi every box",
    item: MULTI,
    response: { choices: ["ca", "cb", "cc", "cd", "ce"] },
    fraction: 0.333333,
    state: "partial",
  },
  { name: "multi empty is incomplete", item: MULTI, response: { choices: [] }, fraction: 0, complete: false },
  {
    name: "multi duplicate",
    item: MULTI,
    response: { choices: ["ca", "ca"] },
    issue: { path: "choices", message: /twice/ },
  },
  {
    name: "multi unknown id",
    item: MULTI,
    response: { choices: ["ca", "nope"] },
    issue: { path: "choices.1", message: /not one of/ },
  },
  { name: "multi not a list", item: MULTI, response: { choices: "ca" }, issue: { path: "choices", message: /list/ } },
  // true-false
  { name: "tf right", item: TRUE_FALSE, response: { value: false }, fraction: 1, state: "correct", complete: true },
  { name: "tf wrong", item: TRUE_FALSE, response: { value: true }, fraction: 0, state: "incorrect" },
  {
    name: "tf string",
    item: TRUE_FALSE,
    response: { value: "false" },
    issue: { path: "value", message: /true or false/ },
  },
  // numeric (ratio 1/10)
  { name: "ratio 1/10", item: NUMERIC, response: { value: "1/10" }, fraction: 1, state: "correct", complete: true },
  { name: "ratio number", item: NUMERIC, response: { value: 0.1 }, fraction: 1, state: "correct" },
  { name: "ratio 10x", item: NUMERIC, response: { value: "10x" }, fraction: 1, state: "correct" },
  { name: "ratio bare 10", item: NUMERIC, response: { value: "10" }, fraction: 0, state: "incorrect" },
  { name: "ratio 1/100", item: NUMERIC, response: { value: "1/100" }, fraction: 0, state: "incorrect" },
  { name: "numeric empty is incomplete", item: NUMERIC, response: { value: "" }, fraction: 0, complete: false },
  { name: "numeric NaN", item: NUMERIC, response: { value: Number.NaN }, issue: { path: "value", message: /finite/ } },
  {
    name: "numeric Infinity",
    item: NUMERIC,
    response: { value: Number.POSITIVE_INFINITY },
    issue: { path: "value", message: /finite/ },
  },
  {
    name: "numeric unreadable words",
    item: NUMERIC,
    response: { value: "beaucoup" },
    issue: { path: "value", message: /could not be read/ },
  },
  {
    name: "numeric ambiguous",
    item: NUMERIC,
    response: { value: "1,000" },
    issue: { path: "value", message: /ambiguous/ },
  },
  {
    name: "numeric long string",
    item: NUMERIC,
    response: { value: LONG },
    issue: { path: "value", message: /at most 500/ },
  },
  {
    name: "numeric object",
    item: NUMERIC,
    response: { value: { n: 1 } },
    issue: { path: "value", message: /number or a string/ },
  },
  { name: "numeric missing", item: NUMERIC, response: {}, issue: { path: "value", message: /required/ } },
  // numeric (plain, 12 million $, 10 % tolerance)
  {
    name: "plain within tolerance",
    item: PLAIN_NUMERIC,
    response: { value: "12,5 M$" },
    fraction: 1,
    state: "correct",
  },
  { name: "plain out of tolerance", item: PLAIN_NUMERIC, response: { value: 14 }, fraction: 0, state: "incorrect" },
  {
    name: "plain multiplier not inverted",
    item: PLAIN_NUMERIC,
    response: { value: "x120" },
    fraction: 0,
    state: "incorrect",
  },
  // text
  { name: "text exact", item: TEXT, response: { text: "échelle" }, fraction: 1, state: "correct", complete: true },
  {
    name: "text no accent, caps, spaces",
    item: TEXT,
    response: { text: "  ECHELLE. " },
    fraction: 1,
    state: "correct",
  },
  { name: "text english variant", item: TEXT, response: { text: "Scale" }, fraction: 1, state: "correct" },
  { name: "text wrong", item: TEXT, response: { text: "données" }, fraction: 0, state: "incorrect" },
  { name: "text blank is incomplete", item: TEXT, response: { text: "   " }, fraction: 0, complete: false },
  { name: "text long", item: TEXT, response: { text: LONG }, issue: { path: "text", message: /at most 500/ } },
  { name: "text number", item: TEXT, response: { text: 12 }, issue: { path: "text", message: /string/ } },
  // ordering: fraction of items in the right position
  {
    name: "order right",
    item: ORDERING,
    response: { order: ["ia", "ib", "ic", "id"] },
    fraction: 1,
    state: "correct",
    complete: true,
  },
  {
    name: "order half",
    item: ORDERING,
    response: { order: ["ia", "ib", "id", "ic"] },
    fraction: 0.5,
    state: "partial",
  },
  {
    name: "order reversed",
    item: ORDERING,
    response: { order: ["id", "ic", "ib", "ia"] },
    fraction: 0,
    state: "incorrect",
  },
  {
    name: "order incomplete",
    item: ORDERING,
    response: { order: ["ia", "ib"] },
    fraction: 0.5,
    state: "partial",
    complete: false,
  },
  {
    name: "order duplicate",
    item: ORDERING,
    response: { order: ["ia", "ia", "ic", "id"] },
    issue: { path: "order", message: /twice/ },
  },
  {
    name: "order unknown",
    item: ORDERING,
    response: { order: ["ia", "zz"] },
    issue: { path: "order.1", message: /not one of/ },
  },
  // matching: fraction of correct pairs
  {
    name: "match right",
    item: MATCHING,
    response: { pairs: { la: "rus", lb: "rcn", lc: "rus", ld: "rcn" } },
    fraction: 1,
    state: "correct",
    complete: true,
  },
  {
    name: "match three of four",
    item: MATCHING,
    response: { pairs: { la: "rus", lb: "rcn", lc: "rus", ld: "rus" } },
    fraction: 0.75,
    state: "partial",
  },
  { name: "match incomplete", item: MATCHING, response: { pairs: { la: "rus" } }, fraction: 0.25, complete: false },
  {
    name: "match unknown left",
    item: MATCHING,
    response: { pairs: { zz: "rus" } },
    issue: { path: "pairs.zz", message: /left/ },
  },
  {
    name: "match unknown right",
    item: MATCHING,
    response: { pairs: { la: "zz" } },
    issue: { path: "pairs.la", message: /right/ },
  },
  {
    name: "match list",
    item: MATCHING,
    response: { pairs: ["la", "rus"] },
    issue: { path: "pairs", message: /object/ },
  },
  // poll: unscored
  { name: "poll answer", item: POLL, response: { choice: "ob" }, fraction: 0, state: "unscored", complete: true },
  { name: "poll unknown", item: POLL, response: { choice: "oz" }, issue: { path: "choice", message: /not one of/ } },
];

describe("question types", () => {
  it.each(CASES)("$name", ({ item, response, fraction, state, complete, issue }) => {
    const parsed = parseResponse(item, response);
    if (issue) {
      expect(parsed.success).toBe(false);
      if (parsed.success) return;
      expect(parsed.issues).toContainEqual({ path: issue.path, message: expect.stringMatching(issue.message) });
      return;
    }
    expect(parsed).toMatchObject({ success: true });
    if (!parsed.success) return;
    const grade = gradeResponse(item, parsed.response);
    if (fraction !== undefined) expect(grade.fraction).toBeCloseTo(fraction, 5);
    if (state) expect(grade.state).toBe(state);
    if (complete !== undefined) expect(isResponseComplete(item, parsed.response)).toBe(complete);
  });

  it("never throws on hostile input", () => {
    const hostile: unknown[] = [
      null,
      undefined,
      42,
      "x",
      [],
      { choice: null, choices: null, value: null, text: null, order: null, pairs: null },
      JSON.parse('{"__proto__": {"polluted": true}, "pairs": {"__proto__": "rus"}}'),
    ];
    for (const item of [SINGLE, MULTI, TRUE_FALSE, NUMERIC, TEXT, ORDERING, MATCHING, POLL]) {
      for (const raw of hostile) {
        const parsed = parseResponse(item, raw);
        expect(parsed.success, `${item.id} ${JSON.stringify(raw)}`).toBe(false);
        expect(() => gradeResponse(item, raw as Response)).not.toThrow();
      }
    }
  });

  it("grades an invalid response as incorrect instead of throwing", () => {
    expect(gradeResponse(MULTI, { choice: "ca" } as Response)).toEqual({ fraction: 0, state: "incorrect" });
  });
});
