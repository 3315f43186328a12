/**
 * npm run questions:report: what the bank tests and how redundant it is —
 * items by level, type, topic and fact, the redundancy figures the build
 * checks, and the longest quiz a learner is offered. Reads questions/bank.json.
 */
import { readFileSync } from "node:fs";
import { quoteOverlap, TEACHING_RULES } from "../src/quiz/bank-check.ts";
import { expandBank } from "../src/quiz/bank-compact.ts";
import { type CompiledBank, LEVELS } from "../src/quiz/bank-schema.ts";
import type { Lang } from "../src/quiz/format.ts";
import { normalizeText } from "../src/quiz/text-match.ts";

const bank: CompiledBank = expandBank(JSON.parse(readFileSync(`${import.meta.dirname}/bank.json`, "utf8")));
const scored = bank.items.filter((item) => item.points > 0);

function table(title: string, rows: [string, number, number][]): void {
  const width = Math.max(title.length, ...rows.map(([name]) => name.length));
  console.log(`| ${title.padEnd(width)} | scored | all |`);
  console.log(`| ${"-".repeat(width)} | -----: | --: |`);
  for (const [name, inScored, inAll] of rows) {
    console.log(`| ${name.padEnd(width)} | ${String(inScored).padStart(6)} | ${String(inAll).padStart(3)} |`);
  }
  console.log("");
}

function by(
  key: (item: CompiledBank["items"][number]) => string,
  order?: readonly string[],
): [string, number, number][] {
  const names = order ?? [...new Set(bank.items.map(key))];
  return names.map((name) => [
    name,
    scored.filter((item) => key(item) === name).length,
    bank.items.filter((item) => key(item) === name).length,
  ]);
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / Math.max(1, whole))} %`;
console.log(`Bank ${bank.version}: ${bank.items.length} items, ${scored.length} scored\n`);
table(
  "level",
  by((item) => item.level, LEVELS),
);
table(
  "type",
  by((item) => item.type),
);
table(
  "topic",
  by((item) => item.topic),
);
table(
  "fact",
  by((item) => item.fact),
);

const remember = scored.filter((item) => item.level === "remember").length;
const higher = scored.filter((item) => ["apply", "analyse", "evaluate"].includes(item.level)).length;
const perFact = new Map<string, number>();
for (const item of scored) perFact.set(item.fact, (perFact.get(item.fact) ?? 0) + 1);
const distinct = (lang: Lang) => new Set(bank.items.map((item) => normalizeText(item.prompt[lang]))).size;
const overlaps = bank.items
  .filter((item) => item.type === "true-false" && item.answer)
  .map((item) => {
    const lang = /[àâçéèêëîïôûùœ’]/u.test(item.source.quote) ? "fr" : "en";
    return quoteOverlap(item.prompt[lang], item.source.quote);
  });
const explanations = new Set(bank.items.map((item) => normalizeText(item.explanation.fr))).size;
const learnerQuizzes = bank.quizzes.filter((quiz) => !quiz.teachersOnly);
const longest = learnerQuizzes.reduce((a, b) => (b.questionCount > a.questionCount ? b : a));
const parts = bank.quizzes.filter((quiz) => quiz.part);

console.log("Redundancy and level figures (build limits in brackets):");
console.log(
  `  remember: ${remember} of ${scored.length} scored (${percent(remember, scored.length)}) [at most ${TEACHING_RULES.maxRememberShare * 100} %]`,
);
console.log(`  apply, analyse or evaluate: ${higher} scored [at least ${TEACHING_RULES.minHigherOrder}]`);
console.log(
  `  scored items per fact: at most ${Math.max(...perFact.values())}, mean ${(scored.length / perFact.size).toFixed(1)} over ${perFact.size} facts [at most ${TEACHING_RULES.maxScoredPerFact}]`,
);
console.log(`  distinct prompts: ${distinct("fr")} fr, ${distinct("en")} en, of ${bank.items.length} items`);
console.log(`  distinct explanations (fr): ${explanations} of ${bank.items.length}`);
console.log(
  `  true statements: ${overlaps.length}, word overlap with the quote at most ${percent(Math.max(0, ...overlaps), 1)}, mean ${percent(overlaps.reduce((s, x) => s + x, 0) / Math.max(1, overlaps.length), 1)} [below ${TEACHING_RULES.maxQuoteOverlap * 100} %]`,
);
console.log(`  items citing several quotes (source.quotes): ${bank.items.filter((item) => item.source.quotes).length}`);
console.log(
  `  path of the whole article: ${parts.length} parts of ${parts.map((quiz) => quiz.questionCount).join(", ")} questions`,
);
console.log(`  longest quiz offered to learners: ${longest.id}, ${longest.questionCount} questions [at most 15]`);
