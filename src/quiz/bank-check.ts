import {
  BANK_ITEM_ID,
  bankSchema,
  type CompiledBank,
  type ConcreteItem,
  type Item,
  MAX_SITTING,
} from "./bank-schema.ts";
import { type Bilingual, followsFrenchTypography, LANGS } from "./format.ts";
import { instantiate } from "./instantiate.ts";
import { matchesAccepted, normalizeText } from "./text-match.ts";
import { moduleFor } from "./types/index.ts";

/** Seeds used to check parametric items. */
export const CHECK_SEEDS = [1, 2, 3, 7, 42, 1234, 99_999, 2 ** 31 - 1];

const FORBIDDEN_CHOICES =
  /tout(es)? (les réponses|ce qui précède)|aucune des réponses|all of the above|none of the above/i;

type Report = (message: string) => void;

/** Item-level checks beyond the schema. Every message names the item. */
function checkItem(item: Item, bank: CompiledBank, report: Report): void {
  const fail = (message: string) => report(`item ${item.id}: ${message}`);
  const { article } = bank;

  // The source proves where the item comes from.
  const sentence = article.sentences.find((candidate) => candidate.id === item.source.sentenceId);
  if (!article.text.includes(item.source.quote)) {
    fail(`source quote not found verbatim in the article: "${item.source.quote}"`);
  } else if (!sentence) {
    fail(`source sentence ${item.source.sentenceId} does not exist`);
  } else if (!sentence.text.includes(item.source.quote) && !item.source.quote.startsWith(sentence.text.slice(0, 20))) {
    const start = article.text.indexOf(item.source.quote);
    const at = article.text.indexOf(sentence.text);
    if (!(at <= start && start < at + sentence.text.length)) {
      fail(`source quote is not in sentence ${item.source.sentenceId}`);
    }
  }
  for (const extra of item.source.quotes ?? []) {
    const where = article.sentences.find((candidate) => candidate.id === extra.sentenceId);
    if (!article.text.includes(extra.quote)) fail(`source.quotes: not verbatim in the article: "${extra.quote}"`);
    else if (where && !where.text.includes(extra.quote) && !extra.quote.startsWith(where.text.slice(0, 20))) {
      fail(`source.quotes: "${extra.quote}" is not in sentence ${extra.sentenceId}`);
    }
  }
  if (item.covers.length > 0 && (item.source.quotes?.length ?? 0) < 1) {
    fail("tests several claims (covers) but cites only one quote: add source.quotes");
  }
  if (!BANK_ITEM_ID.test(item.id)) fail("id must be opaque: q + 7 base-36 digits (npm run questions assigns one)");
  if (!bank.topics.some((topic) => topic.id === item.topic)) fail(`unknown topic "${item.topic}"`);
  if (item.type === "poll" ? item.points !== 0 : item.points < 1)
    fail("points must be 0 for a poll and at least 1 otherwise");

  const uniqueOptions = (label: string, options: { id: string; text: Bilingual }[]) => {
    const ids = new Set(options.map((option) => option.id));
    if (ids.size !== options.length) fail(`${label} ids are not unique`);
    for (const lang of LANGS) {
      const texts = new Set(options.map((option) => normalizeText(option.text[lang])));
      if (texts.size !== options.length) fail(`${label} texts are not unique (${lang})`);
    }
    for (const option of options) {
      if (FORBIDDEN_CHOICES.test(option.text.fr) || FORBIDDEN_CHOICES.test(option.text.en)) {
        fail(`${label} "${option.text.en}" is an "all/none of the above" option`);
      }
    }
  };

  switch (item.type) {
    case "single-choice": {
      uniqueOptions("choice", item.choices);
      const correct = item.choices.filter((choice) => choice.correct);
      if (correct.length !== 1) fail(`needs exactly 1 correct choice, has ${correct.length}`);
      // Plausible distractors: none much shorter or longer than the answer.
      for (const lang of LANGS) {
        const answerLength = correct[0]?.text[lang].length ?? 0;
        for (const choice of item.choices) {
          const ratio = choice.text[lang].length / Math.max(1, answerLength);
          if (ratio > 3 || ratio < 1 / 3) fail(`choice "${choice.text[lang]}" is not of similar length to the answer`);
        }
      }
      break;
    }
    case "multiple-choice": {
      uniqueOptions("choice", item.choices);
      const correct = item.choices.filter((choice) => choice.correct).length;
      if (correct < 2) fail(`needs at least 2 correct choices, has ${correct}`);
      if (correct === item.choices.length) fail("needs at least 1 wrong choice");
      break;
    }
    case "poll":
      uniqueOptions("option", item.choices);
      break;
    case "ordering":
      uniqueOptions("ordering item", item.items);
      break;
    case "matching": {
      uniqueOptions("left entry", item.left);
      uniqueOptions("right entry", item.right);
      for (const entry of item.left) {
        if (!item.right.some((right) => right.id === entry.match))
          fail(`left entry ${entry.id} matches unknown ${entry.match}`);
      }
      for (const right of item.right) {
        if (!item.left.some((entry) => entry.match === right.id)) fail(`right entry ${right.id} matches nothing`);
      }
      break;
    }
    case "text": {
      for (const trap of item.traps) {
        if (matchesAccepted(trap, item.accepted)) fail(`trap "${trap}" is also an accepted answer`);
      }
      for (const lang of LANGS) {
        // A display may gloss its answer: "prix (« à tout prix »)"; its first word must be accepted.
        const head = normalizeText(item.display[lang]).split(" ")[0] ?? "";
        if (!matchesAccepted(item.display[lang], item.accepted) && !matchesAccepted(head, item.accepted)) {
          fail(`display answer (${lang}) "${item.display[lang]}" is not accepted`);
        }
      }
      break;
    }
    case "numeric": {
      const { tolerance } = item;
      if (tolerance.kind === "rel" && !(tolerance.value > 0 && tolerance.value <= 0.25)) {
        fail(`relative tolerance ${tolerance.value} must be in (0, 0.25]`);
      }
      if (item.answer === undefined && !item.parametric) fail("needs an answer or parameters");
      if (item.answer !== undefined && item.parametric) fail("cannot have both a fixed answer and parameters");
      if (tolerance.kind === "abs" && item.answer !== undefined && item.answer !== 0) {
        if (tolerance.value >= Math.abs(item.answer) / 2) fail(`absolute tolerance ${tolerance.value} is too loose`);
      }
      if (item.parametric) {
        const { params, answer } = item.parametric;
        if (!params[answer.param]) fail(`formula uses unknown parameter "${answer.param}"`);
        for (const [name, range] of Object.entries(params)) {
          if (!(range.min < range.max)) fail(`parameter ${name}: min must be below max`);
          if (!item.prompt.fr.includes(`{${name}}`) || !item.prompt.en.includes(`{${name}}`)) {
            fail(`parameter ${name} does not appear in both prompts`);
          }
        }
        if (tolerance.kind !== "rel") fail("parametric items need a relative tolerance");
        const answers = new Set(CHECK_SEEDS.map((seed) => (instantiate(item, seed) as { answer: number }).answer));
        if (answers.size < 2) fail("different seeds should give different numbers");
      }
      break;
    }
    case "true-false":
      break;
  }

  // Scoring: the item's own correct response gets full marks, each wrong one does not.
  const seeds = item.type === "numeric" && item.parametric ? CHECK_SEEDS : [1];
  for (const seed of seeds) {
    let concrete: ConcreteItem;
    try {
      concrete = instantiate(item, seed);
    } catch (error) {
      fail(`cannot be instantiated: ${(error as Error).message}`);
      return;
    }
    const module = moduleFor(concrete);
    const schema = module.responseSchema(concrete);
    const correct = module.correctResponse(concrete);
    if (item.type === "poll") {
      if (correct !== null) fail("a poll has no correct response");
      continue;
    }
    if (correct === null) {
      fail("has no correct response");
      continue;
    }
    if (!schema.safeParse(correct).success) fail(`its correct response does not pass its own schema (seed ${seed})`);
    const grade = module.grade(concrete, correct);
    if (grade.fraction !== 1 || grade.state !== "correct")
      fail(`its correct response scores ${grade.fraction} (seed ${seed})`);
    if (!module.isComplete(concrete, correct)) fail("its correct response is not complete");
    for (const wrong of module.wrongResponses(concrete)) {
      const wrongGrade = module.grade(concrete, wrong);
      if (wrongGrade.fraction >= 1) fail(`wrong response ${JSON.stringify(wrong)} gets full marks (seed ${seed})`);
    }
  }
}

/**
 * Checks a compiled bank: the zod schema, then every rule of the issue (quotes
 * verbatim, unique ids and options, right number of correct answers, sane
 * tolerances, correct answers scoring 1 and distractors not, coverage).
 * Returns the list of problems, each naming the item; empty when all is well.
 */
export function checkBank(input: unknown, expectedVersion?: (bank: Omit<CompiledBank, "version">) => string): string[] {
  const parsed = bankSchema.safeParse(input);
  if (!parsed.success) {
    const items = (input as { items?: { id?: unknown }[] } | null)?.items;
    return parsed.error.issues.map((issue) => {
      const [head, index, ...rest] = issue.path;
      if (head === "items" && typeof index === "number") {
        const id = items?.[index]?.id;
        return `item ${typeof id === "string" ? id : `#${index}`}: ${rest.join(".") || "(item)"}: ${issue.message}`;
      }
      return `bank ${issue.path.join(".")}: ${issue.message}`;
    });
  }
  const bank = parsed.data;
  const problems: string[] = [];
  const report = (message: string) => problems.push(message);

  const seen = new Set<string>();
  for (const item of bank.items) {
    if (seen.has(item.id)) report(`item ${item.id}: duplicate id`);
    seen.add(item.id);
    checkItem(item, bank, report);
  }

  const sentenceIds = bank.article.sentences.map((sentence) => sentence.id);
  sentenceIds.forEach((id, index) => {
    if (id !== `s${index + 1}`) report(`article: sentence ids must be s1, s2, ... in order (found ${id})`);
  });
  for (const sentence of bank.article.sentences) {
    if (!bank.article.text.includes(sentence.text))
      report(`article: sentence ${sentence.id} is not verbatim in the text`);
  }

  // Coverage: every fact with scored items is tested by at least two item types.
  // (A fact whose only own item is the poll is an opinion, not a claim: it is exempt.)
  const scored = bank.items.filter((item) => item.points > 0);
  const typesByFact = new Map(scored.map((item) => [item.fact, new Set<string>()]));
  for (const item of scored) {
    for (const fact of [item.fact, ...item.covers]) typesByFact.get(fact)?.add(item.type);
  }
  for (const [fact, types] of typesByFact) {
    if (types.size < 2) report(`fact ${fact}: needs items of at least 2 types, has only ${[...types].join(", ")}`);
  }
  for (const item of bank.items) {
    for (const fact of item.covers) {
      if (!bank.items.some((other) => other.fact === fact)) report(`item ${item.id}: covers unknown fact "${fact}"`);
    }
  }

  const quizIds = new Set<string>();
  for (const quiz of bank.quizzes) {
    if (quizIds.has(quiz.id)) report(`quiz ${quiz.id}: duplicate id`);
    quizIds.add(quiz.id);
    for (const itemId of quiz.itemIds) {
      if (!seen.has(itemId)) report(`quiz ${quiz.id}: unknown item ${itemId}`);
    }
    if (new Set(quiz.itemIds).size !== quiz.itemIds.length) report(`quiz ${quiz.id}: lists an item twice`);
    if (quiz.questionCount > quiz.itemIds.length) report(`quiz ${quiz.id}: questionCount exceeds its pool`);
  }

  checkTeaching(bank, report);

  if (expectedVersion) {
    const { version, ...content } = bank;
    const expected = expectedVersion(content);
    if (version !== expected) report(`bank: version ${version} does not match its content hash ${expected}`);
  }
  return problems;
}

/** Thresholds and word lists of the teaching checks (documented in docs/question-bank.md). */
export const TEACHING_RULES = {
  /** At most this share of scored items may test recall. */
  maxRememberShare: 0.4,
  /** At least this many scored items apply, analyse or evaluate. */
  minHigherOrder: 15,
  /** No fact is the main fact of more scored items than this. */
  maxScoredPerFact: 4,
  /**
   * A true statement is a paraphrase when fewer than this share of its words
   * (normalised, 3 letters or more) appear in the quote it cites.
   */
  maxQuoteOverlap: 0.6,
  /** Sentences in the article's own voice: an item resting on them alone never says "according to Tian". */
  articleVoice: ["s17", "s19", "s20", "s24", "s26"],
} as const;

/**
 * Words that make a prompt lean on an earlier question ("ce cercle vertueux",
 * "selon le même rapport", "cette nouvelle baisse"), checked at the start of a
 * prompt and after a lead-in ("Complétez :", "Selon …,").
 */
export const DANGLING_START = [
  /^(ce|cet|cette|ces|cela|ça|celui|celle|ceux|celles|il|elle|ils|elles|lui|ledit|ladite|le même|la même|les mêmes)\b/iu,
  /^(this|that|these|those|it|its|they|their|he|she|his|her|such|the same|said)\b/iu,
  /^(selon|d’après|comme|according to|as) (le même|la même|les mêmes|ce|cet|cette|ces|lui|elle|the same|this|that|these|him|her|them)\b/iu,
];
const LEAD_IN =
  /^(complétez|complete|vrai ou faux|true or false|selon [^,]+|d’après [^,]+|according to [^,]+)\s*[:,]\s*/iu;

const TIAN_ATTRIBUTION =
  /selon tian|d’après tian|according to tian|tian (dit|pense|estime|affirme|says|thinks|believes|claims)/iu;

/** Share of a statement's words (3 letters or more) found in the quote. */
export function quoteOverlap(statement: string, quote: string): number {
  const words = (text: string) =>
    normalizeText(text)
      .split(" ")
      .filter((word) => word.length >= 3);
  const quoteWords = new Set(words(quote));
  const statementWords = words(statement);
  if (statementWords.length === 0) return 0;
  return statementWords.filter((word) => quoteWords.has(word)).length / statementWords.length;
}

/** Whether a prompt starts (or continues after a lead-in) with a word that needs an earlier question. */
export function danglingStart(prompt: string): string | null {
  const trimmed = prompt.trim();
  const afterLeadIn = trimmed.replace(LEAD_IN, "");
  for (const text of [trimmed, afterLeadIn]) {
    for (const pattern of DANGLING_START) {
      const match = pattern.exec(text.replace(/^[«“"]\s*/u, ""));
      if (match) return match[0];
    }
  }
  return null;
}

/** Levels, redundancy, fidelity and sitting length: the rules that make the bank teach. */
function checkTeaching(bank: CompiledBank, report: Report): void {
  const scored = bank.items.filter((item) => item.points > 0);
  const remember = scored.filter((item) => item.level === "remember").length;
  if (remember > TEACHING_RULES.maxRememberShare * scored.length) {
    report(
      `bank: ${remember} of ${scored.length} scored items are "remember" (at most ${Math.round(TEACHING_RULES.maxRememberShare * 100)} %)`,
    );
  }
  const higher = scored.filter((item) => ["apply", "analyse", "evaluate"].includes(item.level)).length;
  if (higher < TEACHING_RULES.minHigherOrder) {
    report(`bank: only ${higher} scored items apply, analyse or evaluate (at least ${TEACHING_RULES.minHigherOrder})`);
  }
  const perFact = new Map<string, number>();
  for (const item of scored) perFact.set(item.fact, (perFact.get(item.fact) ?? 0) + 1);
  for (const [fact, count] of perFact) {
    if (count > TEACHING_RULES.maxScoredPerFact) {
      report(`fact ${fact}: ${count} scored items (at most ${TEACHING_RULES.maxScoredPerFact})`);
    }
  }
  for (const lang of LANGS) {
    const prompts = new Map<string, string>();
    const explanations = new Map<string, string>();
    for (const item of bank.items) {
      const prompt = normalizeText(item.prompt[lang]);
      const samePrompt = prompts.get(prompt);
      if (samePrompt) report(`item ${item.id}: same prompt (${lang}) as ${samePrompt}`);
      prompts.set(prompt, item.id);
      const explanation = normalizeText(item.explanation[lang]);
      const sameExplanation = explanations.get(explanation);
      if (sameExplanation) report(`item ${item.id}: same explanation (${lang}) as ${sameExplanation}`);
      explanations.set(explanation, item.id);
      const dangling = danglingStart(item.prompt[lang]);
      if (dangling) report(`item ${item.id}: prompt (${lang}) starts with "${dangling}", which refers to nothing`);
      if (lang === "fr" && !followsFrenchTypography(item.prompt.fr)) {
        report(`item ${item.id}: French prompt not typeset (run it through frenchTypography)`);
      }
    }
  }
  for (const item of bank.items) {
    if (item.type === "true-false" && item.answer) {
      // Compare with the statement in the quote's language (the first sentence is in English).
      const lang = /[àâçéèêëîïôûùœ’]/u.test(item.source.quote) ? "fr" : "en";
      const overlap = quoteOverlap(item.prompt[lang], item.source.quote);
      if (overlap >= TEACHING_RULES.maxQuoteOverlap) {
        report(`item ${item.id}: true statement copies its quote (${Math.round(overlap * 100)} % of its words)`);
      }
    }
    const cited = [item.source.sentenceId, ...(item.source.quotes ?? []).map((quote) => quote.sentenceId)];
    const voice: readonly string[] = TEACHING_RULES.articleVoice;
    if (cited.every((id) => voice.includes(id))) {
      for (const lang of LANGS) {
        if (TIAN_ATTRIBUTION.test(item.prompt[lang])) {
          report(`item ${item.id}: attributes to Tian (${lang}) what the article says in its own voice`);
        }
      }
    }
  }
  for (const quiz of bank.quizzes) {
    if (!quiz.teachersOnly && quiz.questionCount > MAX_SITTING) {
      report(`quiz ${quiz.id}: ${quiz.questionCount} questions, over one sitting (${MAX_SITTING})`);
    }
  }
}

/**
 * Ids stay put across rebuilds: an item of the previous bank that is still
 * there (same fact, type and English prompt) must keep its id.
 */
export function checkIdStability(previous: Pick<CompiledBank, "items">, next: Pick<CompiledBank, "items">): string[] {
  const key = (item: Item) => `${item.fact}\u0000${item.type}\u0000${normalizeText(item.prompt.en)}`;
  const nextIds = new Map(next.items.map((item) => [key(item), item.id]));
  const problems: string[] = [];
  for (const item of previous.items) {
    const id = nextIds.get(key(item));
    if (id !== undefined && id !== item.id) problems.push(`item ${item.id}: rebuilt with a new id ${id}`);
  }
  return problems;
}
