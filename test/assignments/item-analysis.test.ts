import { describe, expect, it } from "vitest";
import type { ConcreteItem } from "../../src/quiz/bank-schema.ts";
import { countOptionPicks } from "../../src/quiz/index.ts";
import {
  type AnalysedAttempt,
  type AnalysedItem,
  analyseItems,
  correlation,
  scoreDistribution,
} from "../../src/quiz/item-analysis.ts";

const bi = (text: string) => ({ fr: text, en: text });

/** i3 is a single-choice question; its options a (right), b, c. */
const i3: ConcreteItem = {
  id: "fact.i3",
  fact: "fact",
  topic: "topic",
  level: "remember",
  covers: [],
  prompt: bi("Which?"),
  explanation: bi("Because."),
  source: { quote: "Quote.", sentenceId: "s3", translation: "Citation." },
  points: 1,
  type: "single-choice",
  choices: [
    { id: "a", text: bi("A"), correct: true },
    { id: "b", text: bi("B"), correct: false },
    { id: "c", text: bi("C"), correct: false },
  ],
};

const plain = (id: string): AnalysedItem => ({ id, maxPoints: 1, countPicks: () => [] });
const choice = (item: ConcreteItem): AnalysedItem => ({
  id: item.id,
  maxPoints: 1,
  countPicks: (responses) => countOptionPicks(item, responses).map(({ label: _, ...rest }) => rest),
});

/**
 * A class of five, four 1-point questions. i4 was drawn for A, B, C and E only (D's random subset
 * left it out). E left i3 unanswered (it counts 0).
 *
 *        i1 i2 i3 i4 | total
 *   A     1  1  1  0 |  3
 *   B     1  1  0  0 |  2
 *   C     1  0  0  1 |  2
 *   D     0  1  0  - |  1
 *   E     0  0  -  1 |  1
 *
 * Worked by hand, with rest = total − item score:
 * - i1: x = 1,1,1,0,0; rest = 2,1,1,1,1. Σdxdy = 0.4, Σdx² = 1.2, Σdy² = 0.8,
 *   r = 0.4/√0.96 = 0.4082 → F = 60, D = 40.82.
 * - i2: x = 1,1,0,1,0; rest = 2,1,2,0,1. Σdxdy = −0.6, Σdx² = 1.2, Σdy² = 2.8,
 *   r = −0.6/√3.36 = −0.3273 → F = 60, D = −32.73 (the weaker learners got it right).
 * - i3: x = 1,0,0,0,0; rest = 2,2,2,1,1. Σdxdy = 0.4, Σdx² = 0.8, Σdy² = 1.2,
 *   r = 0.4/√0.96 = 0.4082 → F = 20, D = 40.82; picks a 1, b 2, c 1 (E none).
 * - i4 (4 attempts): x = 0,0,1,1; rest = 3,2,1,0. Σdxdy = −2, Σdx² = 1, Σdy² = 5,
 *   r = −2/√5 = −0.8944 → F = 50, D = −89.44.
 */
const row = (
  scores: Record<string, number | undefined>,
  served: string[],
  picks: Record<string, string> = {},
): AnalysedAttempt => {
  const answers = new Map<string, { points: number; response: unknown }>();
  for (const [id, points] of Object.entries(scores)) {
    if (points !== undefined) answers.set(id, { points, response: picks[id] ? { choice: picks[id] } : {} });
  }
  const score = [...answers.values()].reduce((s, a) => s + a.points, 0);
  return { score, itemIds: served, answers };
};
const ALL = ["fact.i1", "fact.i2", "fact.i3", "fact.i4"];
const CLASS: AnalysedAttempt[] = [
  row({ "fact.i1": 1, "fact.i2": 1, "fact.i3": 1, "fact.i4": 0 }, ALL, { "fact.i3": "a" }),
  row({ "fact.i1": 1, "fact.i2": 1, "fact.i3": 0, "fact.i4": 0 }, ALL, { "fact.i3": "b" }),
  row({ "fact.i1": 1, "fact.i2": 0, "fact.i3": 0, "fact.i4": 1 }, ALL, { "fact.i3": "b" }),
  row({ "fact.i1": 0, "fact.i2": 1, "fact.i3": 0 }, ["fact.i1", "fact.i2", "fact.i3"], { "fact.i3": "c" }),
  row({ "fact.i1": 0, "fact.i2": 0, "fact.i4": 1 }, ALL),
];

describe("item analysis (Moodle's facility and discrimination indices)", () => {
  const items = [plain("fact.i1"), plain("fact.i2"), choice(i3), plain("fact.i4")];
  const stats = analyseItems(items, CLASS);
  const byId = new Map(stats.map((s) => [s.itemId, s]));

  it.each([
    ["fact.i1", 5, 60, 40.82],
    ["fact.i2", 5, 60, -32.73],
    ["fact.i3", 5, 20, 40.82],
    ["fact.i4", 4, 50, -89.44],
  ])("%s: %i attempts, facility %d %%, discrimination %d", (id, attempts, facility, discrimination) => {
    expect(byId.get(id)).toMatchObject({ attempts, facility, discrimination });
  });

  it("counts which option each learner chose (an unanswered question picks none)", () => {
    expect(byId.get("fact.i3")?.picks).toEqual([
      { optionId: "a", count: 1, correct: true },
      { optionId: "b", count: 2, correct: false },
      { optionId: "c", count: 1, correct: false },
    ]);
  });

  it("leaves the discrimination undefined when nobody differs, and the facility when nobody was served", () => {
    const everyoneRight = CLASS.map((a) => ({
      ...a,
      itemIds: [...a.itemIds, "x.all"],
      answers: new Map([...a.answers, ["x.all", { points: 1, response: {} }]]),
    }));
    const [all, none] = analyseItems([plain("x.all"), plain("x.none")], everyoneRight);
    expect(all).toMatchObject({ attempts: 5, facility: 100, discrimination: null });
    expect(none).toMatchObject({ attempts: 0, facility: null, discrimination: null });
  });

  it("gives unscored items (polls) no facility", () => {
    const [poll] = analyseItems([{ ...plain("fact.i1"), maxPoints: 0 }], CLASS);
    expect(poll).toMatchObject({ facility: null, discrimination: null });
  });

  it("correlation is Pearson's r", () => {
    expect(correlation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(correlation([1], [1])).toBeNull();
  });
});

describe("score distribution", () => {
  it("bins percentages in tenths, 100 % in the last bin", () => {
    const bins = scoreDistribution([75, 50, 50, 100 / 3, 25, 100, 0]);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 1, 1, 0, 2, 0, 1, 0, 1]);
    expect(bins[9]).toEqual({ from: 90, to: 100, count: 1 });
  });
});
