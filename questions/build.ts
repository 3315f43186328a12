/**
 * npm run questions: builds questions/bank.json from questions/facts.json and
 * questions/article.txt, checks it, writes it in its stored form (quotes as spans of the article:
 * src/quiz/bank-compact.ts) and prints a summary. Exits non-zero, naming the item, when a check fails.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { checkBank, checkIdStability } from "../src/quiz/bank-check.ts";
import { compactBank, expandBank } from "../src/quiz/bank-compact.ts";
import { assignItemIds, bankVersion, GenerateError, generateBank } from "./generate.ts";

const dir = import.meta.dirname;
const facts = JSON.parse(readFileSync(`${dir}/facts.json`, "utf8"));
const article = readFileSync(`${dir}/article.txt`, "utf8");

// New items get their opaque id once, written into facts.json so every later build keeps it.
const assigned = assignItemIds(facts);
if (assigned > 0) {
  writeFileSync(`${dir}/facts.json`, `${JSON.stringify(facts, null, 2)}\n`);
  console.log(`questions/facts.json: assigned ids to ${assigned} new item(s)`);
}

let bank: ReturnType<typeof generateBank>;
try {
  bank = generateBank(facts, article);
} catch (error) {
  if (error instanceof GenerateError) {
    console.error(`questions: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const previous = JSON.parse(readFileSync(`${dir}/bank.json`, "utf8"));
const problems = [...checkBank(bank, bankVersion), ...checkIdStability(previous, bank)];
if (problems.length > 0) {
  for (const problem of problems) console.error(`questions: ${problem}`);
  console.error(`questions: ${problems.length} problem(s); bank.json not written`);
  process.exit(1);
}

// checkIdStability reads only fields the stored form keeps as they are, so `previous` needs no expanding.
const stored = compactBank(bank);
if (JSON.stringify(expandBank(stored)) !== JSON.stringify(bank)) {
  console.error("questions: the stored form does not expand back to the compiled bank; bank.json not written");
  process.exit(1);
}
// One line per span ([start, end]) keeps the file readable.
const json = JSON.stringify(stored, null, 2).replace(/\[\n\s*(\d+),\n\s*(\d+)\n\s*\]/g, "[$1, $2]");
writeFileSync(`${dir}/bank.json`, `${json}\n`);

const count = (key: (item: (typeof bank.items)[number]) => string) => {
  const counts = new Map<string, number>();
  for (const item of bank.items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([name, n]) => `  ${name.padEnd(22)} ${n}`).join("\n");
};
console.log(`questions/bank.json: ${bank.items.length} items, version ${bank.version}`);
console.log(`by type:\n${count((item) => item.type)}`);
console.log(`by topic:\n${count((item) => item.topic)}`);
console.log(`quizzes: ${bank.quizzes.map((quiz) => `${quiz.id} (${quiz.questionCount})`).join(", ")}`);
