import { describe, expect, it } from "vitest";
import {
  BANK,
  createRng,
  getItem,
  getQuiz,
  instantiate,
  listQuizzes,
  listTopics,
  pickFromPool,
  pickItems,
  publicQuestion,
  shuffle,
} from "../../src/quiz/index.ts";

const quiz = (id: string) => {
  const found = getQuiz(id);
  if (!found) throw new Error(`no quiz ${id}`);
  return found;
};

describe("quizzes", () => {
  it("offers the whole article, one quiz per topic and a quick quiz", () => {
    const ids = listQuizzes().map((entry) => entry.id);
    expect(ids).toContain("article");
    expect(ids).toContain("quick");
    for (const topic of listTopics()) expect(ids).toContain(`topic-${topic.id}`);
    expect(quiz("article").itemIds).toHaveLength(BANK.items.length);
    expect(quiz("article").itemIds.at(-1)).toBe(BANK.items.find((item) => item.type === "poll")?.id);
    expect(quiz("quick").questionCount).toBe(5);
    expect(quiz("quick").itemIds.every((id) => (getItem(id)?.points ?? 0) > 0)).toBe(true);
  });

  it("lists each topic's items in its topic quiz", () => {
    for (const topic of listTopics()) {
      const itemIds = quiz(`topic-${topic.id}`).itemIds;
      expect(itemIds.every((id) => getItem(id)?.topic === topic.id)).toBe(true);
      expect(itemIds).toHaveLength(BANK.items.filter((item) => item.topic === topic.id).length);
    }
  });
});

describe("pickItems", () => {
  it("is deterministic for a seed", () => {
    for (const seed of [1, 2, 99]) expect(pickItems(quiz("quick"), seed)).toEqual(pickItems(quiz("quick"), seed));
  });

  it("draws different quick quizzes for different seeds", () => {
    const draws = new Set(Array.from({ length: 20 }, (_, seed) => pickItems(quiz("quick"), seed).join()));
    expect(draws.size).toBeGreaterThan(15);
  });

  it("draws five items of five different facts from the pool", () => {
    for (let seed = 0; seed < 50; seed++) {
      const picked = pickItems(quiz("quick"), seed);
      expect(picked).toHaveLength(5);
      expect(new Set(picked.map((id) => getItem(id)?.fact)).size).toBe(5);
      for (const id of picked) expect(quiz("quick").itemIds).toContain(id);
    }
  });

  it("keeps the article's order for the full quiz and honours count and shuffle", () => {
    const article = quiz("article");
    expect(pickItems(article, 5)).toEqual(article.itemIds);
    const three = pickItems(article, 5, { count: 3 });
    expect(three).toHaveLength(3);
    expect([...three].sort((a, b) => article.itemIds.indexOf(a) - article.itemIds.indexOf(b))).toEqual(three);
    const shuffled = pickItems(article, 5, { shuffle: true });
    expect([...shuffled].sort()).toEqual([...article.itemIds].sort());
    expect(shuffled).not.toEqual(article.itemIds);
  });

  it("picks from any pool, e.g. a teacher's topic pool", () => {
    const pool = quiz("topic-open-source").itemIds;
    expect(pickFromPool(pool, 4, 11, true)).toEqual(pickFromPool(pool, 4, 11, true));
    expect(pickFromPool(pool, 100, 11, false)).toEqual(pool);
    expect(pickFromPool(pool, 0, 11, true)).toEqual([]);
    expect(pickFromPool([], 3, 11, true)).toEqual([]);
  });
});

describe("instantiate", () => {
  const parametric = BANK.items.filter((item) => item.type === "numeric" && item.parametric);

  it("has parametric cost arithmetic", () => {
    expect(parametric.length).toBeGreaterThanOrEqual(2);
    expect(new Set(parametric.map((item) => item.fact)).size).toBeGreaterThanOrEqual(2);
  });

  it("fills the numbers deterministically and computes the answer on the server", () => {
    for (const item of parametric) {
      if (item.type !== "numeric" || !item.parametric) continue;
      const answers = new Set<number>();
      for (let seed = 0; seed < 30; seed++) {
        const concrete = instantiate(item, seed);
        expect(instantiate(item, seed)).toEqual(concrete);
        if (concrete.type !== "numeric" || !concrete.values) throw new Error("not instantiated");
        const n = concrete.values[item.parametric.answer.param] ?? Number.NaN;
        const range = item.parametric.params[item.parametric.answer.param];
        expect(n).toBeGreaterThanOrEqual(range?.min ?? 0);
        expect(n).toBeLessThanOrEqual(range?.max ?? 0);
        expect(concrete.answer).toBeCloseTo(n * item.parametric.answer.factor, 6);
        for (const text of [concrete.prompt.fr, concrete.prompt.en, concrete.explanation.fr, concrete.explanation.en]) {
          expect(text).not.toMatch(/\{[a-z]+\}/);
        }
        answers.add(concrete.answer);
      }
      expect(answers.size, item.id).toBeGreaterThan(5);
    }
  });

  it("returns non-parametric items as they are", () => {
    const item = BANK.items.find((candidate) => candidate.type === "matching");
    if (!item) throw new Error("no matching item");
    expect(instantiate(item, 3)).toBe(item);
  });

  it("gives the same public question for the same seed", () => {
    for (const item of BANK.items) {
      const a = publicQuestion(instantiate(item, 17), "en", 17);
      const b = publicQuestion(instantiate(item, 17), "en", 17);
      expect(a).toEqual(b);
    }
  });
});

describe("random helpers", () => {
  it("are deterministic and uniform enough", () => {
    const a = createRng(5);
    const b = createRng(5);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(values.filter((value) => value < 0.5).length).toBeGreaterThan(400);
    expect(shuffle([1, 2, 3, 4, 5], 9)).toEqual(shuffle([1, 2, 3, 4, 5], 9));
    expect([...shuffle([1, 2, 3, 4, 5], 9)].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
