/**
 * The pure bank generator: facts (questions/facts.json) + the article text ->
 * the compiled bank. No file system access, so the same function runs in the
 * Node build script and in the workerd tests that check bank.json is current.
 */
import * as z from "zod";
import {
  BANK_ITEM_ID,
  bilingualSchema,
  type CompiledBank,
  type Item,
  levelSchema,
  MAX_SITTING,
  numericItemSchema,
  parametricSchema,
  type Quiz,
  type Sentence,
  type Source,
  singleChoiceItemSchema,
  slugSchema,
  sourceSchema,
  textItemSchema,
  toleranceSchema,
  topicSchema,
  trueFalseItemSchema,
} from "../src/quiz/bank-schema.ts";
import { type Bilingual, frenchTypography } from "../src/quiz/format.ts";
import { contentId, hashString, shuffle } from "../src/quiz/random.ts";
import { sha256Hex } from "../src/quiz/sha256.ts";

// The facts file is what authors write; each spec compiles to an item of src/quiz/bank-schema.ts.
// Where a spec field is the item's own (a level, a tolerance, a text's accepted answers...), it
// takes the item schema's field, so a type's shape has one home; the spec's own forms (options
// that name another fact's figure, steps and pairs the generator gives ids) are declared here.
// Written in the zod subset zod/mini shares (see src/bundle/zod.ts): the workerd tests load this file.
const figureRef = z.strictObject({ from: slugSchema });
const option = z.union([bilingualSchema, figureRef]);
const { quote, translation } = sourceSchema.shape;
const passage = z.strictObject({ quote, translation });

const common = {
  /** Opaque, stable item id ("q" + 7 base-36 digits), fixed here so rebuilds keep it (see assignItemIds). */
  id: z.optional(z.string().check(z.regex(BANK_ITEM_ID, "must be q + 7 base-36 digits"))),
  /** Cognitive level the item tests. */
  level: levelSchema,
  /** Other facts this item also tests. */
  covers: z.optional(z.array(slugSchema)),
  /** Why the tempting wrong answer is wrong; appended to the fact's `why`. */
  trap: z.optional(bilingualSchema),
  /** Replaces the fact's `why` as the explanation. */
  explain: z.optional(bilingualSchema),
  /** Cite another passage than the fact's own quote. */
  source: z.optional(passage),
  /** Further passages the item rests on (an item testing several claims cites each). */
  quotes: z.optional(z.array(passage).check(z.minLength(1))),
  points: z.optional(singleChoiceItemSchema.shape.points),
};

const numeric = numericItemSchema.shape;
const text = textItemSchema.shape;
const parametric = parametricSchema.shape;

const itemSpecSchema = z.discriminatedUnion("type", [
  z.strictObject({
    ...common,
    type: z.literal("true-false"),
    statement: z.optional(bilingualSchema),
    answer: z.optional(trueFalseItemSchema.shape.answer),
  }),
  z.strictObject({
    ...common,
    type: z.literal("single-choice"),
    prompt: bilingualSchema,
    answer: option,
    distractors: z.array(option).check(z.minLength(1)),
  }),
  z.strictObject({
    ...common,
    type: z.literal("multiple-choice"),
    prompt: bilingualSchema,
    correct: z.array(option).check(z.minLength(2)),
    wrong: z.array(option).check(z.minLength(1)),
  }),
  z.strictObject({
    ...common,
    type: z.literal("numeric"),
    prompt: bilingualSchema,
    mode: numeric.mode,
    answer: numeric.answer,
    tolerance: toleranceSchema,
    unit: numeric.unit,
    traps: z.optional(numeric.traps),
    params: z.optional(parametric.params),
    /** Parametric answer: factor * params[param]. */
    formula: z.optional(parametric.answer),
    trapFactors: z.optional(parametric.trapFactors),
  }),
  z.strictObject({
    ...common,
    type: z.literal("text"),
    prompt: bilingualSchema,
    accepted: text.accepted,
    display: text.display,
    placeholder: z.optional(text.placeholder),
    traps: z.optional(text.traps),
  }),
  z.strictObject({
    ...common,
    type: z.literal("ordering"),
    prompt: bilingualSchema,
    steps: z.array(bilingualSchema).check(z.minLength(3)),
  }),
  z.strictObject({
    ...common,
    type: z.literal("matching"),
    prompt: bilingualSchema,
    pairs: z.array(z.strictObject({ left: bilingualSchema, right: bilingualSchema })).check(z.minLength(2)),
  }),
  z.strictObject({
    ...common,
    type: z.literal("poll"),
    prompt: bilingualSchema,
    options: z.array(bilingualSchema).check(z.minLength(2)),
  }),
]);
export type ItemSpec = z.infer<typeof itemSpecSchema>;

const factSchema = z.strictObject({
  id: slugSchema,
  topic: slugSchema,
  /** Verbatim passage of the article. */
  quote,
  /** English translation of the quote. */
  translation,
  /** The claim, as a true statement. */
  claim: bilingualSchema,
  /** Why the right answer is right (the explanation of every item of the fact). */
  why: bilingualSchema,
  /** The fact's figure, as other facts' items may use it as a distractor ({ "from": id }). */
  figure: z.optional(bilingualSchema),
  items: z.array(itemSpecSchema),
});
export type Fact = z.infer<typeof factSchema>;

export const factsFileSchema = z.strictObject({
  topics: z.array(topicSchema).check(z.minLength(1)),
  /** English translations of the article's sentences, by sentence id. */
  sentences: z.record(z.string(), z.string().check(z.minLength(1))),
  facts: z.array(factSchema).check(z.minLength(1)),
});
export type FactsFile = z.infer<typeof factsFileSchema>;

/**
 * Gives every item spec without an id an opaque, stable one: "q" + 7 base-36
 * digits of a hash of the fact id and a counter (bumped past collisions).
 * Ids already present are kept, so rebuilding never renames an item; the
 * build writes the assigned ids back into facts.json. Returns the number assigned.
 */
export function assignItemIds(facts: { facts: { id: string; items: { id?: string }[] }[] }): number {
  const taken = new Set(facts.facts.flatMap((fact) => fact.items.flatMap((item) => (item.id ? [item.id] : []))));
  let assigned = 0;
  for (const fact of facts.facts) {
    let counter = 0;
    for (const item of fact.items) {
      if (item.id) continue;
      let id: string;
      do {
        counter += 1;
        id = contentId("q", `${fact.id}#${counter}`);
      } while (taken.has(id));
      taken.add(id);
      item.id = id;
      assigned += 1;
    }
  }
  return assigned;
}

/** A problem in the facts that prevents building the bank; names the fact or item. */
export class GenerateError extends Error {
  override name = "GenerateError";
}

const QUIZ_TEXT = {
  article: {
    title: { fr: "Tout l’article (pour les enseignants)", en: "The whole article (for teachers)" },
    description: {
      fr: "Toutes les questions, dans l’ordre de l’article : une réserve pour les devoirs, trop longue pour une seule séance.",
      en: "Every question, in the article’s order: a pool for assignments, too long for one sitting.",
    },
  },
  part: {
    title: { fr: "Tout l’article, partie {index} sur {count}", en: "The whole article, part {index} of {count}" },
    description: {
      fr: "Les questions sur les phrases {from} à {to} de l’article, dans son ordre.",
      en: "The questions on sentences {from} to {to} of the article, in its order.",
    },
  },
  quick: {
    title: { fr: "Quiz express", en: "Quick quiz" },
    description: {
      fr: "Cinq questions tirées au hasard à chaque tentative.",
      en: "Five questions drawn at random for each attempt.",
    },
  },
  topic: {
    fr: "Quinze questions au plus sur ce thème, dans l’ordre de l’article.",
    en: "Up to fifteen questions on this theme, in the article’s order.",
  },
} as const;

const PLACEHOLDER = { fr: "Votre réponse", en: "Your answer" };

/** Splits the article into sentences: by line, then after ". ", "? " or "! " before a capital or a quote mark. */
export function splitSentences(text: string, translations: Record<string, string>): Sentence[] {
  const sentences: Sentence[] = [];
  for (const line of text.split("\n")) {
    for (const part of line.split(/(?<=[.?!])\s+(?=[A-ZÀ-ÖØ-Þ«»"“])/u)) {
      if (part.trim() === "") continue;
      const id = `s${sentences.length + 1}`;
      const translation = translations[id];
      if (!translation) throw new GenerateError(`sentence ${id}: no English translation in facts.json "sentences"`);
      sentences.push({ id, text: part.trim(), translation });
    }
  }
  const extra = Object.keys(translations).filter((id) => !sentences.some((sentence) => sentence.id === id));
  if (extra.length > 0) throw new GenerateError(`facts.json "sentences" has unknown ids: ${extra.join(", ")}`);
  return sentences;
}

/** Where a quote comes from: the sentence containing it, or the sentence it starts in. */
export function locateQuote(quote: string, article: string, sentences: readonly Sentence[]): string | undefined {
  const inSentence = sentences.find((sentence) => sentence.text.includes(quote));
  if (inSentence) return inSentence.id;
  const start = article.indexOf(quote);
  if (start < 0) return undefined;
  let cursor = 0;
  for (const sentence of sentences) {
    const at = article.indexOf(sentence.text, cursor);
    if (at <= start && start < at + sentence.text.length) return sentence.id;
    cursor = at + sentence.text.length;
  }
  return undefined;
}

function joinText(...parts: (Bilingual | undefined)[]): Bilingual {
  const present = parts.filter((part): part is Bilingual => part !== undefined);
  return { fr: present.map((part) => part.fr).join(" "), en: present.map((part) => part.en).join(" ") };
}

/**
 * The stored order of options: a shuffle, seeded by the item id, of the options
 * sorted by their (content-hash) ids, so it never depends on which option is right.
 */
function keyFreeOrder<T extends { id: string }>(options: readonly T[], itemId: string): T[] {
  const sorted = options.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return shuffle(sorted, hashString(itemId));
}

/** Recursively sorts object keys, so the hash does not depend on construction order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The content hash stored as the bank's version. */
export function bankVersion(bank: Omit<CompiledBank, "version">): string {
  return sha256Hex(canonicalJson(bank)).slice(0, 12);
}

/** Builds the compiled bank. Throws GenerateError naming the fact or item on malformed input. */
export function generateBank(factsInput: unknown, articleText: string): CompiledBank {
  const parsed = factsFileSchema.safeParse(factsInput);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    let where = `facts.json ${path.join(".")}`;
    if (path[0] === "facts" && typeof path[1] === "number") {
      const fact = (factsInput as { facts?: { id?: string }[] }).facts?.[path[1]];
      where = `fact ${fact?.id ?? path[1]} (${path.slice(2).join(".")})`;
    }
    throw new GenerateError(`${where}: ${issue?.message ?? "invalid"}`);
  }
  const file = parsed.data;
  const sentences = splitSentences(articleText, file.sentences);
  const factsById = new Map(file.facts.map((fact) => [fact.id, fact]));
  const items: Item[] = [];

  const sourceFor = (id: string, quote: string, translation: string): Source => {
    const sentenceId = locateQuote(quote, articleText, sentences);
    if (!sentenceId) throw new GenerateError(`item ${id}: source quote not found verbatim in the article: "${quote}"`);
    return { quote, sentenceId, translation };
  };
  const resolve = (id: string, value: Bilingual | { from: string }): Bilingual => {
    if (!("from" in value)) return value;
    const figure = factsById.get(value.from)?.figure;
    if (!figure) throw new GenerateError(`item ${id}: { "from": "${value.from}" } names no fact with a figure`);
    return figure;
  };
  const choice = (text: Bilingual, correct: boolean) => ({ id: contentId("c", text.en), text, correct });
  const push = (item: Item) => items.push(item);
  const seenIds = new Set<string>();

  for (const fact of file.facts) {
    const factSource = { quote: fact.quote, translation: fact.translation };
    for (const spec of fact.items) {
      const id = spec.id;
      if (!id) throw new GenerateError(`fact ${fact.id}: an item has no "id" (npm run questions assigns one)`);
      if (seenIds.has(id)) throw new GenerateError(`fact ${fact.id}: item id ${id} is used twice`);
      seenIds.add(id);
      const cited = spec.source ?? factSource;
      const source = sourceFor(id, cited.quote, cited.translation);
      if (spec.quotes) source.quotes = spec.quotes.map((extra) => sourceFor(id, extra.quote, extra.translation));
      const base = {
        id,
        fact: fact.id,
        topic: fact.topic,
        level: spec.level,
        covers: spec.covers ?? [],
        explanation: joinText(spec.explain ?? fact.why, spec.trap),
        source,
        points: spec.points ?? (spec.type === "poll" ? 0 : 1),
      };
      switch (spec.type) {
        case "true-false":
          push({ ...base, type: "true-false", prompt: spec.statement ?? fact.claim, answer: spec.answer ?? true });
          break;
        case "single-choice": {
          const choices = [
            choice(resolve(id, spec.answer), true),
            ...spec.distractors.map((entry) => choice(resolve(id, entry), false)),
          ];
          push({ ...base, type: "single-choice", prompt: spec.prompt, choices: keyFreeOrder(choices, id) });
          break;
        }
        case "multiple-choice": {
          const choices = [
            ...spec.correct.map((entry) => choice(resolve(id, entry), true)),
            ...spec.wrong.map((entry) => choice(resolve(id, entry), false)),
          ];
          push({ ...base, type: "multiple-choice", prompt: spec.prompt, choices: keyFreeOrder(choices, id) });
          break;
        }
        case "numeric": {
          const item: Item = {
            ...base,
            type: "numeric",
            prompt: spec.prompt,
            mode: spec.mode,
            tolerance: spec.tolerance,
            traps: spec.traps ?? [],
          };
          if (spec.answer !== undefined) item.answer = spec.answer;
          if (spec.unit) item.unit = spec.unit;
          if (spec.params || spec.formula) {
            if (!spec.params || !spec.formula)
              throw new GenerateError(`item ${id}: parametric items need "params" and "formula"`);
            item.parametric = { params: spec.params, answer: spec.formula, trapFactors: spec.trapFactors ?? [] };
          }
          push(item);
          break;
        }
        case "text":
          push({
            ...base,
            type: "text",
            prompt: spec.prompt,
            accepted: spec.accepted,
            display: spec.display,
            placeholder: spec.placeholder ?? PLACEHOLDER,
            traps: spec.traps ?? [],
          });
          break;
        case "ordering":
          push({
            ...base,
            type: "ordering",
            prompt: spec.prompt,
            items: spec.steps.map((step) => ({ id: contentId("i", step.en), text: step })),
          });
          break;
        case "matching": {
          const right = new Map<string, Bilingual>();
          for (const pair of spec.pairs) right.set(contentId("r", pair.right.en), pair.right);
          push({
            ...base,
            type: "matching",
            prompt: spec.prompt,
            left: keyFreeOrder(
              spec.pairs.map((pair) => ({
                id: contentId("l", pair.left.en),
                text: pair.left,
                match: contentId("r", pair.right.en),
              })),
              id,
            ),
            right: keyFreeOrder(
              [...right].map(([rightId, text]) => ({ id: rightId, text })),
              `${id}/right`,
            ),
          });
          break;
        }
        case "poll":
          push({
            ...base,
            type: "poll",
            prompt: spec.prompt,
            choices: spec.options.map((text) => ({ id: contentId("o", text.en), text })),
          });
          break;
      }
    }
  }

  const topicIds = new Set(file.topics.map((topic) => topic.id));
  for (const item of items) {
    if (!topicIds.has(item.topic)) throw new GenerateError(`item ${item.id}: unknown topic "${item.topic}"`);
  }
  const quizzes = buildQuizzes(file, items, sentences);
  const content = {
    article: { text: articleText, sentences },
    topics: typesetFrench(file.topics),
    quizzes: typesetFrench(quizzes),
    items: typesetFrench(items),
  };
  return { version: bankVersion(content), ...content };
}

function sentenceIndex(item: Item): number {
  return Number(item.source.sentenceId.slice(1));
}

/** "{name}" placeholders filled in both languages. */
function fillBoth(text: Bilingual, values: Record<string, number>): Bilingual {
  const fillOne = (value: string) =>
    value.replace(/\{([a-z]+)\}/g, (match, name: string) => String(values[name] ?? match));
  return { fr: fillOne(text.fr), en: fillOne(text.en) };
}

/** Splits items (in article order) into the fewest parts of at most MAX_SITTING, of near-equal size. */
export function splitIntoParts<T>(items: readonly T[], max = MAX_SITTING): T[][] {
  const count = Math.max(1, Math.ceil(items.length / max));
  const parts: T[][] = [];
  let start = 0;
  for (let index = 0; index < count; index++) {
    const size = Math.floor(items.length / count) + (index < items.length % count ? 1 : 0);
    parts.push(items.slice(start, start + size));
    start += size;
  }
  return parts;
}

function buildQuizzes(file: FactsFile, items: Item[], sentences: Sentence[]): Quiz[] {
  // Article order: by cited sentence; the poll comes last.
  const ordered = items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => {
      const pollX = x.item.type === "poll" ? 1 : 0;
      const pollY = y.item.type === "poll" ? 1 : 0;
      return pollX - pollY || sentenceIndex(x.item) - sentenceIndex(y.item) || x.index - y.index;
    })
    .map(({ item }) => item);
  const ids = (list: Item[]) => list.map((item) => item.id);
  const allTopics = file.topics.map((topic) => topic.id);
  const quizzes: Quiz[] = [
    {
      id: "article",
      ...QUIZ_TEXT.article,
      topics: allTopics,
      questionCount: ordered.length,
      shuffle: false,
      itemIds: ids(ordered),
      teachersOnly: true,
    },
  ];
  // The whole article for learners: a path of parts in the article's order, each one sitting.
  const parts = splitIntoParts(ordered);
  parts.forEach((part, index) => {
    const sentenceNumbers = part.filter((item) => item.type !== "poll").map(sentenceIndex);
    const from = Math.min(...sentenceNumbers);
    const to = part.some((item) => item.type === "poll") ? sentences.length : Math.max(...sentenceNumbers);
    const numbers = { index: index + 1, count: parts.length, from, to };
    quizzes.push({
      id: `part-${index + 1}`,
      title: fillBoth(QUIZ_TEXT.part.title, numbers),
      description: fillBoth(QUIZ_TEXT.part.description, numbers),
      topics: [...new Set(part.map((item) => item.topic))],
      questionCount: part.length,
      shuffle: false,
      itemIds: ids(part),
      part: { index: index + 1, count: parts.length },
    });
  });
  for (const topic of file.topics) {
    const topicItems = ordered.filter((item) => item.topic === topic.id);
    if (topicItems.length === 0) continue;
    quizzes.push({
      id: `topic-${topic.id}`,
      title: topic.title,
      description: QUIZ_TEXT.topic,
      topics: [topic.id],
      questionCount: Math.min(MAX_SITTING, topicItems.length),
      shuffle: false,
      itemIds: ids(topicItems),
    });
  }
  const scored = ordered.filter((item) => item.points > 0);
  quizzes.push({
    id: "quick",
    ...QUIZ_TEXT.quick,
    topics: allTopics,
    questionCount: Math.min(5, scored.length),
    shuffle: true,
    itemIds: ids(scored),
  });
  return quizzes;
}

/** Applies frenchTypography to every French text ({fr, en} objects), never to quotes, translations or accepted answers. */
function typesetFrench<T>(value: T): T {
  if (Array.isArray(value)) return value.map(typesetFrench) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const record = value as Record<string, unknown>;
  if (entries.length === 2 && typeof record.fr === "string" && typeof record.en === "string") {
    return { ...record, fr: frenchTypography(record.fr) } as T;
  }
  return Object.fromEntries(
    entries.map(([key, entry]) => [key, key === "source" || key === "accepted" ? entry : typesetFrench(entry)]),
  ) as T;
}
