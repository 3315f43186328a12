import * as z from "zod";
import type { Bilingual } from "./format.ts";

/** Zod schema of the compiled bank (bank.json once expanded: bank-compact.ts). Cross-item checks live in bank-check.ts. */

/**
 * Every question type, the one list: the API's enum, the type-module registry
 * (src/quiz/types/index.ts) and the docs' tables (test/node/docs-lists.test.ts) follow it, and
 * tsc fails unless the item schemas below are exactly these types.
 */
export const ITEM_TYPES = [
  "single-choice",
  "multiple-choice",
  "true-false",
  "numeric",
  "text",
  "ordering",
  "matching",
  "poll",
] as const;

const nonEmpty = z.string().check(z.trim(), z.minLength(1, "must not be empty"));
export const bilingualSchema = z.strictObject({ fr: nonEmpty, en: nonEmpty }) satisfies z.ZodType<Bilingual>;

/** Fact, topic and quiz ids. */
export const slugSchema = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be kebab-case"));
/** Item ids are opaque ("q" + base-36 digits in the bank, see assignItemIds); test fixtures may use dotted names. */
export const itemIdSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,63}$/, "must be a short lower-case id"));

/** The form of every item id in the compiled bank: opaque, so it says nothing about the item's key. */
export const BANK_ITEM_ID = /^q[0-9a-z]{7}$/;

/** Cognitive levels (revised Bloom), from recall to judgement. */
export const LEVELS = ["remember", "understand", "apply", "analyse", "evaluate"] as const;
export type Level = (typeof LEVELS)[number];
export const levelSchema = z.enum(LEVELS);
const optionId = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/, "must be a short lower-case id"));

const citationSchema = z.strictObject({
  quote: nonEmpty,
  sentenceId: z.string().check(z.regex(/^s[1-9]\d*$/)),
  translation: nonEmpty,
});
export type Citation = z.infer<typeof citationSchema>;

/** The main quote an item rests on, and `quotes` for the other claims it tests. */
export const sourceSchema = z.strictObject({
  ...citationSchema.shape,
  quotes: z.optional(z.array(citationSchema).check(z.minLength(1))),
});
export type Source = z.infer<typeof sourceSchema>;

export const toleranceSchema = z.strictObject({
  kind: z.enum(["abs", "rel"]),
  value: z.number().check(z.nonnegative()),
});

const baseItem = {
  id: itemIdSchema,
  fact: slugSchema,
  topic: slugSchema,
  level: levelSchema,
  /** Other facts this item also tests (coverage counting). */
  covers: z.array(slugSchema),
  prompt: bilingualSchema,
  explanation: bilingualSchema,
  source: sourceSchema,
  points: z.number().check(z.int(), z.gte(0), z.lte(10)),
};

const choiceSchema = z.strictObject({
  id: optionId,
  text: bilingualSchema,
  correct: z.boolean(),
});
export type Choice = z.infer<typeof choiceSchema>;

const labelled = z.strictObject({ id: optionId, text: bilingualSchema });

export const singleChoiceItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("single-choice"),
  choices: z.array(choiceSchema).check(z.minLength(2), z.maxLength(6)),
});

export const multipleChoiceItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("multiple-choice"),
  choices: z.array(choiceSchema).check(z.minLength(3), z.maxLength(8)),
});

export const trueFalseItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("true-false"),
  answer: z.boolean(),
});

const paramRangeSchema = z.strictObject({
  min: z.number(),
  max: z.number(),
  step: z.number().check(z.positive()),
});

/** A numeric item whose numbers are drawn per attempt. */
export const parametricSchema = z.strictObject({
  params: z.record(z.string().check(z.regex(/^[a-z]$/)), paramRangeSchema),
  /** answer = factor * params[param] */
  answer: z.strictObject({ param: z.string(), factor: z.number() }),
  /** Tempting wrong values as factors of the same parameter. */
  trapFactors: z.array(z.number()),
});

export const numericItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("numeric"),
  /** "ratio": an explicit multiplier ("10x") matches the answer or its inverse. */
  mode: z.enum(["ratio", "plain"]),
  /** Absent on parametric items: `instantiate` computes it from the drawn parameters. */
  answer: z.optional(z.number()),
  tolerance: toleranceSchema,
  unit: z.optional(bilingualSchema),
  /** Tempting wrong values (other figures of the article); the build checks they are graded wrong. */
  traps: z.array(z.number()),
  parametric: z.optional(parametricSchema),
  /** Parameter values once instantiated (absent in the bank). */
  values: z.optional(z.record(z.string(), z.number())),
});

export const textItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("text"),
  /** Accepted answers, in either language; compared after normalizeText. */
  accepted: z.array(nonEmpty).check(z.minLength(1)),
  /** The canonical answer shown in feedback. */
  display: bilingualSchema,
  placeholder: bilingualSchema,
  /** Tempting wrong answers; the build checks they are graded wrong. */
  traps: z.array(nonEmpty),
});

export const orderingItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("ordering"),
  /** In the correct order. */
  items: z.array(labelled).check(z.minLength(3), z.maxLength(8)),
});

export const matchingItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("matching"),
  left: z
    .array(z.strictObject({ id: optionId, text: bilingualSchema, match: optionId }))
    .check(z.minLength(2), z.maxLength(8)),
  right: z.array(labelled).check(z.minLength(2), z.maxLength(8)),
});

export const pollItemSchema = z.strictObject({
  ...baseItem,
  type: z.literal("poll"),
  choices: z.array(labelled).check(z.minLength(2), z.maxLength(6)),
});

export const itemSchema = z.discriminatedUnion("type", [
  singleChoiceItemSchema,
  multipleChoiceItemSchema,
  trueFalseItemSchema,
  numericItemSchema,
  textItemSchema,
  orderingItemSchema,
  matchingItemSchema,
  pollItemSchema,
]);

export type SingleChoiceItem = z.infer<typeof singleChoiceItemSchema>;
export type MultipleChoiceItem = z.infer<typeof multipleChoiceItemSchema>;
export type TrueFalseItem = z.infer<typeof trueFalseItemSchema>;
export type NumericItem = z.infer<typeof numericItemSchema>;
export type TextItem = z.infer<typeof textItemSchema>;
export type OrderingItem = z.infer<typeof orderingItemSchema>;
export type MatchingItem = z.infer<typeof matchingItemSchema>;
export type PollItem = z.infer<typeof pollItemSchema>;
export type Item = z.infer<typeof itemSchema>;
export type ItemType = (typeof ITEM_TYPES)[number];
/** Compiles only while the item schemas and ITEM_TYPES name the same types. */
export type ItemSchemasCoverItemTypes = Assert<Same<Item["type"], ItemType>>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;

/** A numeric item whose parameters (if any) have been drawn: the answer is known. */
export type ConcreteNumericItem = NumericItem & { answer: number };
/** An item ready to be shown and graded (see `instantiate`). */
export type ConcreteItem = Exclude<Item, NumericItem> | ConcreteNumericItem;

export const topicSchema = z.strictObject({ id: slugSchema, title: bilingualSchema });
export type Topic = z.infer<typeof topicSchema>;

/** The longest quiz a learner is offered: one sitting on a phone. */
export const MAX_SITTING = 15;

export const quizSchema = z.strictObject({
  id: slugSchema,
  title: bilingualSchema,
  description: bilingualSchema,
  topics: z.array(slugSchema),
  questionCount: z.number().check(z.int(), z.positive()),
  /** Whether attempts draw the items in a seeded random order (else bank order). */
  shuffle: z.boolean(),
  /** The items of the quiz, or the pool it draws from when questionCount is smaller. */
  itemIds: z.array(itemIdSchema).check(z.minLength(1)),
  /** One part of the path through the whole article (1-based index, number of parts). */
  part: z.optional(
    z.strictObject({ index: z.number().check(z.int(), z.positive()), count: z.number().check(z.int(), z.positive()) }),
  ),
  /** Only a pool for teachers' assignments (the whole article): never offered to learners as one sitting. */
  teachersOnly: z.optional(z.literal(true)),
});
export type Quiz = z.infer<typeof quizSchema>;

export const sentenceSchema = z.strictObject({
  id: z.string().check(z.regex(/^s[1-9]\d*$/)),
  text: nonEmpty,
  translation: nonEmpty,
});
export type Sentence = z.infer<typeof sentenceSchema>;

export const bankSchema = z.strictObject({
  /** First 12 hex digits of the SHA-256 of the bank's canonical JSON (without this field). */
  version: z.string().check(z.regex(/^[0-9a-f]{12}$/)),
  article: z.strictObject({
    text: z.string().check(z.minLength(1)),
    sentences: z.array(sentenceSchema).check(z.minLength(1)),
  }),
  topics: z.array(topicSchema).check(z.minLength(1)),
  quizzes: z.array(quizSchema).check(z.minLength(1)),
  items: z.array(itemSchema).check(z.minLength(1)),
});
export type CompiledBank = z.infer<typeof bankSchema>;
