import { describe, expect, it } from "vitest";
import { CHECK_SEEDS, checkBank, danglingStart, quoteOverlap } from "../../src/quiz/bank-check.ts";
import { frenchTypography } from "../../src/quiz/format.ts";
import {
  BANK,
  type ConcreteItem,
  gradeResponse,
  instantiate,
  LEVELS,
  listLearnerQuizzes,
  listQuizzes,
} from "../../src/quiz/index.ts";

const FR_UNITS = "zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize".split(
  " ",
);
const FR_TENS = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];
const EN_UNITS =
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(
    " ",
  );
const EN_TENS = ["", "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

/** French words for 0..9999, written the way a learner would (hyphens, "et un", "quatre-vingts"). */
function french(n: number): string {
  if (n < 17) return FR_UNITS[n] as string;
  if (n < 20) return `dix-${FR_UNITS[n - 10]}`;
  if (n < 70) {
    const unit = n % 10;
    const tens = FR_TENS[Math.floor(n / 10)] as string;
    return unit === 0 ? tens : unit === 1 ? `${tens} et un` : `${tens}-${FR_UNITS[unit]}`;
  }
  if (n < 80) return n === 71 ? "soixante et onze" : `soixante-${french(n - 60)}`;
  if (n < 100) return n === 80 ? "quatre-vingts" : `quatre-vingt-${french(n - 80)}`;
  if (n < 1000) {
    const hundreds = Math.floor(n / 100);
    const rest = n % 100;
    const head = hundreds === 1 ? "cent" : `${FR_UNITS[hundreds]} cent${rest === 0 ? "s" : ""}`;
    return rest === 0 ? head : `${head} ${french(rest)}`;
  }
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const head = thousands === 1 ? "mille" : `${french(thousands)} mille`;
  return rest === 0 ? head : `${head} ${french(rest)}`;
}

function english(n: number): string {
  if (n < 20) return EN_UNITS[n] as string;
  if (n < 100) return n % 10 === 0 ? (EN_TENS[n / 10] as string) : `${EN_TENS[Math.floor(n / 10)]}-${EN_UNITS[n % 10]}`;
  if (n < 1000) {
    const rest = n % 100;
    return `${EN_UNITS[Math.floor(n / 100)]} hundred${rest === 0 ? "" : ` and ${english(rest)}`}`;
  }
  const rest = n % 1000;
  return `${english(Math.floor(n / 1000))} thousand${rest === 0 ? "" : ` ${english(rest)}`}`;
}

/** The ways a learner may write the answer in words, in both languages. */
function wordForms(item: ConcreteItem & { type: "numeric" }): string[] {
  const { answer } = item;
  const unit = item.unit?.en ?? "";
  if (/year/u.test(unit))
    return [
      `${french(answer)} an${answer > 1 ? "s" : ""}`,
      `${english(answer)} year${answer > 1 ? "s" : ""}`,
      `${french(answer * 12)} mois`,
      `${english(answer * 12)} months`,
    ];
  if (Number.isInteger(answer)) {
    const forms = [french(answer), english(answer)];
    return item.mode === "ratio" ? [...forms, `${french(answer)} fois plus`, `${english(answer)} times more`] : forms;
  }
  const inverse = Math.round(1 / answer);
  expect(Math.abs(1 / answer - inverse), `${item.id}: answer ${answer} has no simple word form`).toBeLessThan(1e-9);
  const ordinal = { 10: ["un dixième", "a tenth"], 100: ["un centième", "a hundredth"] }[inverse] ?? [];
  return [...ordinal, `${french(inverse)} fois moins`, `${english(inverse)} times less`];
}

describe("the bank as a teacher reads it", () => {
  it("every numeric item accepts the word forms of its answer in both languages", () => {
    const numeric = BANK.items.filter((item) => item.type === "numeric");
    expect(numeric.length).toBeGreaterThanOrEqual(5);
    for (const item of numeric) {
      for (const seed of item.parametric ? CHECK_SEEDS : [1]) {
        const concrete = instantiate(item, seed);
        if (concrete.type !== "numeric") continue;
        for (const words of wordForms(concrete)) {
          expect(gradeResponse(concrete, { value: words }).fraction, `${item.id} (seed ${seed}): "${words}"`).toBe(1);
        }
      }
    }
  });

  it("keeps recall to at most 40 % and has at least 15 apply/analyse/evaluate items", () => {
    const scored = BANK.items.filter((item) => item.points > 0);
    for (const item of BANK.items) expect(LEVELS).toContain(item.level);
    expect(scored.filter((item) => item.level === "remember").length).toBeLessThanOrEqual(0.4 * scored.length);
    expect(
      scored.filter((item) => ["apply", "analyse", "evaluate"].includes(item.level)).length,
    ).toBeGreaterThanOrEqual(15);
  });

  it("covers 'existing hardware' and the closing question with two scored items of different types each", () => {
    const testing = (match: (item: (typeof BANK.items)[number]) => boolean) =>
      BANK.items.filter((item) => item.points > 0 && match(item));
    const cites = (item: (typeof BANK.items)[number], sentence: string) =>
      [item.source, ...(item.source.quotes ?? [])].some((quote) => quote.sentenceId === sentence);
    const hardware = testing(
      (item) => cites(item, "s23") && /mat[ée]riel existant|existing hardware/iu.test(JSON.stringify(item)),
    );
    const closing = testing((item) => cites(item, "s27"));
    for (const items of [hardware, closing]) {
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(new Set(items.map((item) => item.type)).size).toBeGreaterThanOrEqual(2);
    }
  });

  it("offers learners no quiz over 15 questions, and the whole article as parts in article order", () => {
    for (const quiz of listLearnerQuizzes()) expect(quiz.questionCount, quiz.id).toBeLessThanOrEqual(15);
    const article = listQuizzes().find((quiz) => quiz.id === "article");
    expect(article?.teachersOnly).toBe(true);
    const parts = listLearnerQuizzes().filter((quiz) => quiz.part);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.map((quiz) => quiz.part?.index)).toEqual(parts.map((_, index) => index + 1));
    // Together the parts are the whole article, once each, in its order.
    expect(parts.flatMap((quiz) => quiz.itemIds)).toEqual(article?.itemIds);
  });

  it("refuses a prompt that leans on an earlier question", () => {
    expect(danglingStart("Comment l’article appelle-t-il ce cercle vertueux ?")).toBeNull();
    expect(danglingStart("Ce cercle vertueux s’appelle comment ?")).toBe("Ce");
    expect(danglingStart("Selon le même rapport, combien ?")).toBe("Selon le même");
    expect(danglingStart("Complétez : cette nouvelle baisse …")).toBe("cette");
    expect(danglingStart("This drop happens when?")).toBe("This");
    const bank = structuredClone(BANK);
    const item = bank.items[0] as (typeof bank.items)[number];
    item.prompt.fr = frenchTypography("Cette nouvelle baisse arrive quand ?");
    expect(checkBank(bank)).toContainEqual(expect.stringContaining("refers to nothing"));
  });

  it("tells a copied true statement from a paraphrase", () => {
    const quote = "L’intégration de l’IA dans la fabrication changera la donne pour la Chine.";
    expect(quoteOverlap(quote, quote)).toBe(1);
    expect(
      quoteOverlap("Pour l’article, faire entrer l’IA dans les usines bouleversera la situation de la Chine.", quote),
    ).toBeLessThan(0.6);
  });

  it("typesets French by rule: narrow no-break spaces before ; ! ? and inside « », no-break space before :", () => {
    expect(frenchTypography("Vrai ? « Oui » : non !")).toBe("Vrai\u202f? «\u202fOui\u202f»\u00a0: non\u202f!");
    for (const item of BANK.items) {
      expect(item.prompt.fr, item.id).not.toMatch(/[^\u202f][?!;]|[^\u00a0]:\s|«[^\u202f]|[^\u202f]»/u);
    }
  });
});
