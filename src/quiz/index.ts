/**
 * The quiz domain's public surface: the compiled question bank, quizzes,
 * seeded selection and instantiation, public (answer-free) views, response
 * validation and grading. Pure: no Hono, no D1.
 */
import bankJson from "../../questions/bank.json" with { type: "json" };
import { expandBank, type StoredBank } from "./bank-compact.ts";
import type { CompiledBank, ConcreteItem, Item, ItemType, Quiz, Sentence, Topic } from "./bank-schema.ts";
import type { Bilingual, Lang } from "./format.ts";
import { instantiate as instantiateItem } from "./instantiate.ts";
import { deriveSeed, shuffle } from "./random.ts";
import {
  type FormFields,
  type Grade,
  type MatchingResponse,
  type MultipleChoiceResponse,
  moduleFor,
  type NumericResponse,
  type OrderingResponse,
  type PollResponse,
  type PublicChoices,
  type PublicMatching,
  type PublicNumeric,
  type PublicOrdering,
  type PublicText,
  type SingleChoiceResponse,
  type TextResponse,
  type TrueFalseResponse,
} from "./types/index.ts";
import { TRUE_FALSE_LABELS } from "./types/shared.ts";

export type {
  CompiledBank,
  ConcreteItem,
  Item,
  ItemType,
  Level,
  Quiz,
  Sentence,
  Source,
  Topic,
} from "./bank-schema.ts";
export { bankSchema, ITEM_TYPES, LEVELS } from "./bank-schema.ts";
export type { Bilingual, Lang } from "./format.ts";
export { formatNumber } from "./format.ts";
export { instantiate } from "./instantiate.ts";
export { parseNumericInput } from "./numeric-input.ts";
export { createRng, shuffle } from "./random.ts";
export { normalizeText } from "./text-match.ts";
export type {
  FormFields,
  Grade,
  GradeState,
  MatchingResponse,
  MultipleChoiceResponse,
  NumericResponse,
  OrderingResponse,
  PollResponse,
  SingleChoiceResponse,
  TextResponse,
  TrueFalseResponse,
} from "./types/index.ts";
export { QUESTION_TYPES } from "./types/index.ts";

export type TopicId = string;

/** Any response, in the shapes the API and the forms use. */
export type Response =
  | SingleChoiceResponse
  | MultipleChoiceResponse
  | TrueFalseResponse
  | NumericResponse
  | TextResponse
  | OrderingResponse
  | MatchingResponse
  | PollResponse;

type PublicBase<T extends ItemType> = { id: string; type: T; topic: TopicId; prompt: string };

/** What a learner sees of an item: nothing that reveals the answer. */
export type PublicQuestion =
  | (PublicBase<"single-choice" | "multiple-choice" | "true-false" | "poll"> & PublicChoices)
  | (PublicBase<"numeric"> & PublicNumeric)
  | (PublicBase<"text"> & PublicText)
  | (PublicBase<"ordering"> & PublicOrdering)
  | (PublicBase<"matching"> & PublicMatching);

export type ParseResult =
  | { success: true; response: Response }
  | { success: false; issues: { path: string; message: string }[] };

export type Feedback = {
  explanation: string;
  /** The correct answer in words; "" for a poll. */
  correctAnswer: string;
  source: { quote: string; sentenceId: string; translation: string };
};

export type OptionPicks = { optionId: string; label: Bilingual; count: number; correct: boolean };

/** The compiled bank, bundled with the Worker. */
export const BANK: CompiledBank = expandBank(bankJson as unknown as StoredBank);
/** Content hash of the bank: store it with each attempt. */
export const BANK_VERSION: string = BANK.version;

const ITEMS = new Map(BANK.items.map((item) => [item.id, item]));
const QUIZZES = new Map(BANK.quizzes.map((quiz) => [quiz.id, quiz]));

export function listTopics(): Topic[] {
  return BANK.topics;
}

/** "article" (every item, poll included), "topic-<id>" per topic, and "quick" (5 drawn per attempt). */
export function listQuizzes(): Quiz[] {
  return BANK.quizzes;
}

/**
 * Whether learners may take a quiz as practice: every one fits one sitting. The whole article
 * (`teachersOnly`) is only the pool teachers assign from; learners take it as its parts.
 */
export const isLearnerQuiz = (quiz: Quiz): boolean => !quiz.teachersOnly;

/** The quizzes offered to learners (see {@link isLearnerQuiz}). */
export function listLearnerQuizzes(): Quiz[] {
  return BANK.quizzes.filter(isLearnerQuiz);
}

export function getQuiz(id: string): Quiz | undefined {
  return QUIZZES.get(id);
}

export function getItem(id: string): Item | undefined {
  return ITEMS.get(id);
}

/** getItem + instantiate: the item as an attempt with this seed shows it. */
export function getConcreteItem(id: string, seed: number): ConcreteItem | undefined {
  const item = ITEMS.get(id);
  return item ? instantiateItem(item, seed) : undefined;
}

/**
 * Picks `count` item ids from a pool, deterministically from the seed. Items
 * of distinct facts are preferred, so one question does not give away
 * another. With `shuffleOrder` false, the picked items keep the pool's order.
 */
export function pickFromPool(pool: readonly string[], count: number, seed: number, shuffleOrder: boolean): string[] {
  const wanted = Math.max(0, Math.min(Math.floor(count), pool.length));
  if (wanted === pool.length && !shuffleOrder) return pool.slice();
  const candidates = shuffle(pool, deriveSeed(seed, "pick"));
  const chosen: string[] = [];
  const facts = new Set<string>();
  for (const id of candidates) {
    if (chosen.length === wanted) break;
    const fact = ITEMS.get(id)?.fact ?? id;
    if (facts.has(fact)) continue;
    facts.add(fact);
    chosen.push(id);
  }
  for (const id of candidates) {
    if (chosen.length === wanted) break;
    if (!chosen.includes(id)) chosen.push(id);
  }
  if (!shuffleOrder) chosen.sort((a, b) => pool.indexOf(a) - pool.indexOf(b));
  return chosen;
}

/** The item ids of an attempt at `quiz` with `seed`; count defaults to quiz.questionCount, shuffle to quiz.shuffle. */
export function pickItems(quiz: Quiz, seed: number, opts: { count?: number; shuffle?: boolean } = {}): string[] {
  return pickFromPool(quiz.itemIds, opts.count ?? quiz.questionCount, seed, opts.shuffle ?? quiz.shuffle);
}

/** The learner's view of an item. Choices are shuffled per seed unless shuffleChoices is false. */
export function publicQuestion(
  item: ConcreteItem,
  lang: Lang,
  seed: number,
  opts: { shuffleChoices?: boolean } = {},
): PublicQuestion {
  const view = moduleFor(item).publicView(item, lang, deriveSeed(seed, item.id), opts.shuffleChoices ?? true);
  return { id: item.id, type: item.type, topic: item.topic, prompt: item.prompt[lang], ...view } as PublicQuestion;
}

/** Validates a raw response against the item (strict shape, known ids, sizes); never throws. */
export function parseResponse(item: ConcreteItem, raw: unknown): ParseResult {
  try {
    const result = moduleFor(item).responseSchema(item).safeParse(raw);
    if (result.success) return { success: true, response: result.data as Response };
    return {
      success: false,
      issues: result.error.issues.map((issue) => ({
        path: issue.path.map(String).join("."),
        message:
          issue.code === "unrecognized_keys"
            ? `unknown field(s): ${(issue as { keys: string[] }).keys.join(", ")}`
            : issue.message,
      })),
    };
  } catch {
    return { success: false, issues: [{ path: "", message: "invalid response" }] };
  }
}

/** Turns HTML form fields into a raw response, to be checked with parseResponse. */
export function responseFromForm(item: ConcreteItem, fields: FormFields): unknown {
  return moduleFor(item).fromForm(fields);
}

/** Whether a (valid) response answers the whole question. */
export function isResponseComplete(item: ConcreteItem, response: Response): boolean {
  const parsed = parseResponse(item, response);
  return parsed.success && moduleFor(item).isComplete(item, parsed.response);
}

/** Grades a response: fraction 0..1 and state; a poll is always "unscored". Invalid responses score 0. */
export function gradeResponse(item: ConcreteItem, response: Response): Grade {
  if (item.type === "poll") return { fraction: 0, state: "unscored" };
  const parsed = parseResponse(item, response);
  if (!parsed.success) return { fraction: 0, state: "incorrect" };
  return moduleFor(item).grade(item, parsed.response);
}

/** A response that gets full marks; null for a poll. */
export function correctResponse(item: ConcreteItem): Response | null {
  return moduleFor(item).correctResponse(item) as Response | null;
}

/** Maximum points of an item: 0 for the poll, 1 (or as set in the facts) otherwise. */
export function itemPoints(item: Item): number {
  return item.points;
}

export function feedbackFor(item: ConcreteItem, lang: Lang): Feedback {
  return {
    explanation: item.explanation[lang],
    correctAnswer: moduleFor(item).describeCorrect(item, lang),
    source: { quote: item.source.quote, sentenceId: item.source.sentenceId, translation: item.source.translation },
  };
}

/** The article as sentences with stable ids s1, s2, ...; items cite them in source.sentenceId. */
export function articleSentences(): Sentence[] {
  return BANK.article.sentences;
}

/** Item analysis: how many responses picked each option (choice-based types; [] for the others). */
export function countOptionPicks(item: ConcreteItem, responses: readonly unknown[]): OptionPicks[] {
  const tally = (
    options: { id: string; label: Bilingual; correct: boolean }[],
    picked: (response: Response) => string[],
  ) => {
    const counts = new Map(options.map((option) => [option.id, 0]));
    for (const raw of responses) {
      const parsed = parseResponse(item, raw);
      if (!parsed.success) continue;
      for (const id of picked(parsed.response)) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return options.map((option) => ({
      optionId: option.id,
      label: option.label,
      count: counts.get(option.id) ?? 0,
      correct: option.correct,
    }));
  };
  switch (item.type) {
    case "single-choice":
    case "multiple-choice":
      return tally(
        item.choices.map((choice) => ({ id: choice.id, label: choice.text, correct: choice.correct })),
        (response) => ("choices" in response ? response.choices : "choice" in response ? [response.choice] : []),
      );
    case "poll":
      return tally(
        item.choices.map((choice) => ({ id: choice.id, label: choice.text, correct: false })),
        (response) => ("choice" in response ? [response.choice] : []),
      );
    case "true-false":
      return tally(
        [
          { id: "true", label: TRUE_FALSE_LABELS.true, correct: item.answer },
          { id: "false", label: TRUE_FALSE_LABELS.false, correct: !item.answer },
        ],
        (response) => ("value" in response && typeof response.value === "boolean" ? [String(response.value)] : []),
      );
    default:
      return [];
  }
}
