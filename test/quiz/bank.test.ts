import { describe, expect, it } from "vitest";
import facts from "../../questions/facts.json" with { type: "json" };
import { assignItemIds, bankVersion, GenerateError, generateBank } from "../../questions/generate.ts";
import { checkBank } from "../../src/quiz/bank-check.ts";
import { articleSentences, BANK, BANK_VERSION, ITEM_TYPES, LEVELS, listTopics } from "../../src/quiz/index.ts";

describe("compiled bank", () => {
  it("passes every check", () => {
    expect(checkBank(BANK, bankVersion)).toEqual([]);
  });

  it("is up to date with questions/facts.json (run `npm run questions`)", () => {
    const rebuilt = generateBank(facts, BANK.article.text);
    expect(rebuilt.version).toBe(BANK_VERSION);
    expect(rebuilt).toEqual(BANK);
  });

  it("has at least 70 items, of all eight types, on the five topics", () => {
    expect(BANK.items.length).toBeGreaterThanOrEqual(70);
    expect(new Set(BANK.items.map((item) => item.type))).toEqual(new Set(ITEM_TYPES));
    const topics = listTopics().map((topic) => topic.id);
    expect(topics).toEqual(
      expect.arrayContaining(["framing", "cost-efficiency", "open-source", "two-paths", "scale-manufacturing"]),
    );
    for (const topic of topics)
      expect(BANK.items.filter((item) => item.topic === topic).length).toBeGreaterThanOrEqual(8);
  });

  it("turns the closing question into an unscored poll", () => {
    const polls = BANK.items.filter((item) => item.type === "poll");
    expect(polls).toHaveLength(1);
    expect(polls[0]?.source.quote).toContain("quelle approche s’avérera plus durable à long terme?");
    expect(polls[0]?.points).toBe(0);
  });

  it("cites every quote verbatim inside the sentence it names", () => {
    const sentences = new Map(articleSentences().map((sentence) => [sentence.id, sentence.text]));
    for (const item of BANK.items) {
      expect(sentences.get(item.source.sentenceId), item.id).toContain(item.source.quote);
      expect(item.source.translation.trim(), item.id).not.toBe("");
    }
  });

  it("splits the article into 27 translated sentences that rebuild it", () => {
    const sentences = articleSentences();
    expect(sentences.map((sentence) => sentence.id)).toEqual(sentences.map((_, index) => `s${index + 1}`));
    expect(sentences).toHaveLength(27);
    const collapsed = (text: string) => text.replace(/\s+/g, "");
    expect(collapsed(sentences.map((sentence) => sentence.text).join(""))).toBe(collapsed(BANK.article.text));
    // The article's quirks are kept, not "fixed".
    expect(BANK.article.text).toContain("l’Openai’sGPT-4");
    expect(BANK.article.text).toContain("»pas d’échelle, pas d’intelligence »");
  });

  it("keeps item ids when facts are reordered, edited or added to", () => {
    const ids = (bank: { items: { id: string }[] }) => bank.items.map((item) => item.id).sort();
    const reordered = { ...facts, facts: [...facts.facts].reverse() };
    expect(ids(generateBank(reordered, BANK.article.text))).toEqual(ids(BANK));
    // A new item gets a fresh id; every existing one keeps its own.
    const grown = structuredClone(facts) as { facts: { id: string; items: { id?: string }[] }[] };
    const first = grown.facts[0];
    if (!first) throw new Error("no fact");
    const copy: { id?: string } = { ...first.items[0] };
    delete copy.id;
    first.items.push(copy);
    expect(assignItemIds(grown)).toBe(1);
    expect(assignItemIds(grown)).toBe(0);
    const after = grown.facts.flatMap((fact) => fact.items.map((item) => item.id));
    expect(after.filter((id) => id !== copy.id).sort()).toEqual(
      facts.facts.flatMap((fact) => fact.items.map((item) => item.id)).sort(),
    );
    expect(new Set(after).size).toBe(after.length);
  });

  it("gives every item an opaque id and a cognitive level", () => {
    for (const item of BANK.items) {
      expect(item.id).toMatch(/^q[0-9a-z]{7}$/);
      expect(item.id).not.toMatch(/true|false|swap|vrai|faux|right|wrong|correct/);
      expect(LEVELS).toContain(item.level);
    }
  });
});

describe("bank checks", () => {
  const clone = () => structuredClone(BANK) as typeof BANK;
  const firstOf = <T extends (typeof BANK.items)[number]["type"]>(bank: typeof BANK, type: T) => {
    const item = bank.items.find((candidate) => candidate.type === type);
    if (!item || item.type !== type) throw new Error(`no ${type} item`);
    return item as Extract<(typeof BANK.items)[number], { type: T }>;
  };

  it("names the item whose quote is not in the article", () => {
    const bank = clone();
    const item = firstOf(bank, "true-false");
    item.source.quote = "une phrase inventée";
    expect(checkBank(bank)).toContainEqual(expect.stringContaining(`item ${item.id}: source quote not found`));
  });

  it("names duplicate ids", () => {
    const bank = clone();
    const [first, second] = bank.items;
    if (!first || !second) throw new Error("empty bank");
    second.id = first.id;
    expect(checkBank(bank)).toContainEqual(`item ${first.id}: duplicate id`);
  });

  it("names a single-choice item with two correct answers", () => {
    const bank = clone();
    const item = firstOf(bank, "single-choice");
    for (const choice of item.choices) choice.correct = true;
    expect(checkBank(bank)).toContainEqual(expect.stringContaining(`item ${item.id}: needs exactly 1 correct choice`));
  });

  it("names a distractor equal to the answer", () => {
    const bank = clone();
    const item = firstOf(bank, "single-choice");
    const [a, b] = item.choices;
    if (!a || !b) throw new Error("too few choices");
    b.text = { ...a.text };
    expect(checkBank(bank)).toContainEqual(expect.stringContaining(`item ${item.id}: choice texts are not unique`));
  });

  it("names a text trap that is also accepted", () => {
    const bank = clone();
    const item = firstOf(bank, "text");
    item.traps.push(item.accepted[0] ?? "");
    expect(checkBank(bank)).toContainEqual(expect.stringContaining(`item ${item.id}: trap`));
  });

  it("names insane numeric tolerances and traps that score", () => {
    const bank = clone();
    const item = bank.items.find((candidate) => candidate.type === "numeric" && candidate.answer !== undefined);
    if (item?.type !== "numeric" || item.answer === undefined) throw new Error("no fixed numeric item");
    item.tolerance = { kind: "rel", value: 0.9 };
    item.traps.push(item.answer);
    const problems = checkBank(bank);
    expect(problems).toContainEqual(expect.stringContaining(`item ${item.id}: relative tolerance`));
    expect(problems).toContainEqual(expect.stringContaining(`item ${item.id}: wrong response`));
  });

  it("names a missing translation and a stale version", () => {
    const bank = clone();
    const item = firstOf(bank, "ordering");
    item.prompt.en = " ";
    const problems = checkBank(bank);
    expect(problems).toContainEqual(
      expect.stringMatching(new RegExp(`^item ${item.id.replace(".", "\\.")}: prompt.en`)),
    );
    const stale = clone();
    stale.version = "000000000000";
    expect(checkBank(stale, bankVersion)).toContainEqual(expect.stringContaining("does not match its content hash"));
  });

  it("refuses facts whose quote is not in the article, naming the item", () => {
    const broken = structuredClone(facts);
    const fact = broken.facts.find((candidate) => candidate.items.some((spec) => !("source" in spec)));
    if (!fact) throw new Error("no fact with an item citing its own quote");
    fact.quote = "environ 1/10 de GPT-4";
    expect(() => generateBank(broken, BANK.article.text)).toThrow(GenerateError);
    const firstOwn = fact.items.find((spec) => !("source" in spec));
    expect(() => generateBank(broken, BANK.article.text)).toThrow(
      new RegExp(`item ${firstOwn?.id}: source quote not found`),
    );
  });
});
