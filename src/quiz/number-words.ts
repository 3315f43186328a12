/**
 * Numbers written in words, in French or English: "dix", "vingt et un",
 * "quatre-vingt-dix", "cent", "deux mille", "one hundred", "a tenth",
 * "un dixième". Used by parseNumericInput before it reads digits; the rules
 * are documented in docs/question-bank.md ("Numeric input").
 *
 * Input is expected lower-cased, without diacritics, hyphens between letters
 * already turned into spaces.
 */

const UNITS: Record<string, number> = {
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
// "six" is the same word in both languages.
const SCALES: Record<string, number> = {
  cent: 100,
  cents: 100,
  hundred: 100,
  hundreds: 100,
  mille: 1000,
  thousand: 1000,
  thousands: 1000,
};
/** Fraction words: "un dixième" = 1/10, "a tenth" = 1/10, "trois quarts" = 3/4. */
const PARTS: Record<string, number> = {
  demi: 2,
  demie: 2,
  moitie: 2,
  half: 2,
  tiers: 3,
  third: 3,
  thirds: 3,
  quart: 4,
  quarts: 4,
  quarter: 4,
  quarters: 4,
  dixieme: 10,
  dixiemes: 10,
  tenth: 10,
  tenths: 10,
  centieme: 100,
  centiemes: 100,
  hundredth: 100,
  hundredths: 100,
  millieme: 1000,
  milliemes: 1000,
  thousandth: 1000,
  thousandths: 1000,
};
/** Joiners inside a number ("vingt et un", "one hundred and five") and articles before one ("a hundred"). */
const JOINERS = new Set(["et", "and"]);
const ARTICLES = new Set(["a", "an"]);

const isNumberWord = (word: string) => word in UNITS || word in SCALES;

/** The value of a run of number words ("quatre vingt dix" = 90, "two thousand five hundred" = 2500). */
function runValue(words: readonly string[]): number {
  let total = 0;
  let current = 0;
  let previous = "";
  for (const word of words) {
    if (word in UNITS) {
      const value = UNITS[word] as number;
      // French 80 is "quatre-vingt(s)": four twenties, not 4 + 20.
      if ((word === "vingt" || word === "vingts") && previous === "quatre" && current % 100 === 4) current += 76;
      else current += value;
    } else if (word === "cent" || word === "cents" || word === "hundred" || word === "hundreds") {
      current = (current === 0 ? 1 : current) * 100;
    } else {
      total += (current === 0 ? 1 : current) * (SCALES[word] as number);
      current = 0;
    }
    previous = word;
  }
  return total + current;
}

/**
 * Replaces every run of number words by its digits, and "<n> <fraction word>"
 * by "<n>/<d>" ("un dixième" -> "1/10", "a tenth" -> "1/10"). Other words are
 * left as they are.
 */
export function replaceNumberWords(text: string): string {
  const words = text.split(" ");
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    const word = words[index] as string;
    const startsRun = isNumberWord(word) || (ARTICLES.has(word) && isNumberWord(words[index + 1] ?? ""));
    const fractionAfterArticle = ARTICLES.has(word) && (words[index + 1] ?? "") in PARTS;
    if (fractionAfterArticle) {
      out.push(`1/${PARTS[words[index + 1] as string]}`);
      index += 2;
      continue;
    }
    if (!startsRun) {
      // A lone fraction word after digits: "3 quarts" -> "3/4".
      const before = out.at(-1);
      if (word in PARTS && before !== undefined && /^\d+$/u.test(before)) {
        out[out.length - 1] = `${before}/${PARTS[word]}`;
      } else if (word in PARTS && (word === "moitie" || word === "half" || word === "demi" || word === "demie")) {
        out.push(`1/${PARTS[word]}`);
      } else {
        out.push(word);
      }
      index += 1;
      continue;
    }
    const run: string[] = [];
    if (ARTICLES.has(word)) index += 1;
    while (index < words.length) {
      const next = words[index] as string;
      if (isNumberWord(next)) {
        run.push(next);
        index += 1;
      } else if (JOINERS.has(next) && isNumberWord(words[index + 1] ?? "") && run.length > 0) {
        index += 1;
      } else {
        break;
      }
    }
    const value = runValue(run);
    const part = words[index];
    if (part !== undefined && part in PARTS) {
      out.push(`${value}/${PARTS[part]}`);
      index += 1;
    } else {
      out.push(String(value));
    }
  }
  return out.join(" ");
}
