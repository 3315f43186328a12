/**
 * Reading numbers typed by learners, in French or English.
 * The full rules are documented in docs/question-bank.md ("Numeric input").
 */

import { replaceNumberWords } from "./number-words.ts";

/** How a typed number was written: a plain value or an explicit multiplier ("10x", "x10", "10 fois"). */
export type NumericForm = "plain" | "multiplier";

/** A unit of time typed after the number ("1 an", "12 mois", "one year"). */
export type TimeUnit = "day" | "week" | "month" | "year";

export type ParsedNumber =
  | { ok: true; value: number; form: NumericForm; timeUnit?: TimeUnit }
  | { ok: false; reason: "empty" | "unreadable" | "ambiguous" };

const DAYS: Record<TimeUnit, number> = { day: 1, week: 7, month: 365.25 / 12, year: 365.25 };
const TIME_SUFFIX = /^(.*?)\s*\b(ans?|annees?|years?|mois|months?|semaines?|weeks?|jours?|days?)$/u;
const TIME_UNITS: Record<string, TimeUnit> = {
  an: "year",
  ans: "year",
  annee: "year",
  annees: "year",
  year: "year",
  years: "year",
  mois: "month",
  month: "month",
  months: "month",
  semaine: "week",
  semaines: "week",
  week: "week",
  weeks: "week",
  jour: "day",
  jours: "day",
  day: "day",
  days: "day",
};
/** "dix fois moins" is a tenth, "100 fois plus" a hundred: the direction turns a multiplier into a plain value. */
const LESS = /\b(moins|less|cheaper|smaller|lower|fewer|inferieure?s?)\b/u;
const MORE = /\b(plus|more|greater|larger|bigger|higher|superieure?s?)\b/u;
const LEADING = /^(dans|d ici|en|within|in|after|apres)\s+/u;

// Words and symbols that may surround a number; they never change its value.
const NOISE =
  /\b(environ|about|approximately|approx|around|roughly|circa|ca|millions?|mio|dollars?|usd|euros?|eur|de|of|m|que|than|cher|chere|expensive|costly|as|aussi|seulement|only|just|a peu pres|pres de|nearly|almost|presque)\b|[$€~≈]/gu;
const MULTIPLIER_SUFFIX = /^(.*?)\s*(x|×|fois|times|fold)$/u;
const MULTIPLIER_PREFIX = /^(x|×)\s*(.*)$/u;
const PERCENT = /^(.*?)\s*(%|pour ?cent|percent|per ?cent)$/u;
const FRACTION = /^(.+?)\s*(\/|sur|in|out of|out)\s*(.+)$/u;

/** Parses a decimal number written with a point or a French decimal comma, and optional space-grouped thousands. */
function parseDecimal(raw: string): number | "ambiguous" | null {
  let text = raw.trim();
  if (!/^[-+−]?[\d\s.,]+$/u.test(text)) return null;
  text = text.replace(/−/gu, "-");
  // Spaces between digit groups of three are thousands separators: "1 000", "12 500,5".
  if (/\s/u.test(text)) {
    if (!/^[-+]?\d{1,3}(\s\d{3})+([.,]\d+)?$/u.test(text)) return null;
    text = text.replace(/\s/gu, "");
  }
  const commas = (text.match(/,/gu) ?? []).length;
  const points = (text.match(/\./gu) ?? []).length;
  if (commas > 0 && points > 0) {
    // Both present: the last one is the decimal separator, the other groups thousands.
    const decimal = text.lastIndexOf(",") > text.lastIndexOf(".") ? "," : ".";
    const group = decimal === "," ? "." : ",";
    const [intPart, fracPart, ...rest] = text.split(decimal);
    if (rest.length > 0 || intPart === undefined || fracPart === undefined) return null;
    const grouped = group === "." ? /^[-+]?\d{1,3}(\.\d{3})+$/u : /^[-+]?\d{1,3}(,\d{3})+$/u;
    if (!grouped.test(intPart)) return null;
    text = `${intPart.split(group).join("")}.${fracPart}`;
  } else if (commas === 1) {
    // "1,000" reads as one thousand in English and as 1.000 in French: refuse to guess.
    if (/^[-+]?0*[1-9]\d{0,2},\d{3}$/u.test(text)) return "ambiguous";
    text = text.replace(",", ".");
  } else if (commas > 1 || points > 1) {
    return null;
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/u.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Parses a learner's numeric answer; never throws. */
export function parseNumericInput(input: number | string): ParsedNumber {
  if (typeof input === "number") {
    return Number.isFinite(input) ? { ok: true, value: input, form: "plain" } : { ok: false, reason: "unreadable" };
  }
  let text = input
    .normalize("NFKC")
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[\u00a0\u2009\u202f]/gu, " ")
    // Words joined by hyphens or apostrophes ("dix-sept", "quatre-vingts", "d’ici") are separate words.
    .replace(/(?<=\p{L})[-\u2010\u2011'’](?=\p{L})/gu, " ")
    .replace(/(\d)-(?=fold\b)/gu, "$1 ")
    .replace(/\b(pour ?cent|per ?cent)\b/gu, "%")
    // "12M$" and "10%" glue a unit to the number; split it off so it can be dropped.
    .replace(/(\d)(?=[a-z$€%×])/gu, "$1 ")
    .replace(NOISE, " ")
    .replace(/\s+/gu, " ")
    .trim();
  if (text === "") return { ok: false, reason: "empty" };
  text = replaceNumberWords(text).replace(LEADING, "");
  let timeUnit: TimeUnit | undefined;
  const time = TIME_SUFFIX.exec(text);
  if (time?.[2]) {
    timeUnit = TIME_UNITS[time[2]];
    // "a year", "un an": the article is the number.
    text = /^(a|an|1)?$/u.test(time[1] ?? "") ? "1" : (time[1] as string);
  }
  let direction: "less" | "more" | undefined;
  if (LESS.test(text)) direction = "less";
  else if (MORE.test(text)) direction = "more";
  if (direction) text = text.replace(LESS, " ").replace(MORE, " ").replace(/\s+/gu, " ").trim();
  let form: NumericForm = "plain";
  let scale = 1;
  const suffix = MULTIPLIER_SUFFIX.exec(text);
  const prefix = MULTIPLIER_PREFIX.exec(text);
  if (suffix?.[1]) {
    form = "multiplier";
    text = suffix[1];
  } else if (prefix?.[2]) {
    form = "multiplier";
    text = prefix[2];
  } else {
    const percent = PERCENT.exec(text);
    if (percent?.[1]) {
      scale = 0.01;
      text = percent[1];
    }
  }
  // A direction only makes sense for a multiplier ("10 fois moins"); "moins 3" stays unreadable.
  if (direction && form !== "multiplier") return { ok: false, reason: "unreadable" };
  text = text.trim();
  const fraction = FRACTION.exec(text);
  let value: number | "ambiguous" | null;
  if (fraction?.[1] && fraction[3]) {
    const numerator = parseDecimal(fraction[1]);
    const denominator = parseDecimal(fraction[3]);
    if (numerator === "ambiguous" || denominator === "ambiguous") value = "ambiguous";
    else if (numerator === null || denominator === null || denominator === 0) value = null;
    else value = numerator / denominator;
  } else {
    value = parseDecimal(text);
  }
  if (value === "ambiguous") return { ok: false, reason: "ambiguous" };
  if (value === null || !Number.isFinite(value * scale)) return { ok: false, reason: "unreadable" };
  if (direction === "less") {
    if (value === 0) return { ok: false, reason: "unreadable" };
    return withTime({ ok: true, value: 1 / value, form: "plain" }, timeUnit);
  }
  if (direction === "more") return withTime({ ok: true, value, form: "plain" }, timeUnit);
  return withTime({ ok: true, value: value * scale, form }, timeUnit);
}

function withTime(parsed: ParsedNumber & { ok: true }, timeUnit: TimeUnit | undefined): ParsedNumber {
  return timeUnit ? { ...parsed, timeUnit } : parsed;
}

/** The time unit an item's unit label names ("an(s)", "year(s)", "mois"), if any. */
export function timeUnitOf(label: string | undefined): TimeUnit | undefined {
  const word = label
    ?.normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .match(/\p{L}+/u)?.[0];
  return word ? TIME_UNITS[word] : undefined;
}

/** The parsed value in the item's time unit: "12 mois" is 1 for an item in years. Other values are unchanged. */
export function inItemUnit<T extends { value: number; timeUnit?: TimeUnit }>(
  parsed: T,
  itemUnit: TimeUnit | undefined,
): T {
  if (!parsed.timeUnit || !itemUnit || parsed.timeUnit === itemUnit) return parsed;
  return { ...parsed, value: (parsed.value * DAYS[parsed.timeUnit]) / DAYS[itemUnit] };
}

/** Tolerance of a numeric item: absolute (|x - answer| <= value) or relative (<= value * |answer|). */
export type Tolerance = { kind: "abs" | "rel"; value: number };

export function withinTolerance(value: number, answer: number, tolerance: Tolerance): boolean {
  const allowed = tolerance.kind === "abs" ? tolerance.value : tolerance.value * Math.abs(answer);
  // A tiny epsilon absorbs binary floating point noise such as 0.1 + 0.2.
  return Math.abs(value - answer) <= allowed + 1e-9 * Math.max(1, Math.abs(answer));
}

/**
 * Whether a parsed answer is right. For "ratio" items an explicit multiplier
 * ("10x", "x10", "10 fois") names the size of the gap, not its direction, so
 * it matches the answer or its inverse: "10x" is right for "about 1/10".
 */
export function numericMatches(
  parsed: { value: number; form: NumericForm },
  answer: number,
  tolerance: Tolerance,
  mode: "ratio" | "plain",
): boolean {
  if (withinTolerance(parsed.value, answer, tolerance)) return true;
  if (mode === "ratio" && parsed.form === "multiplier" && parsed.value !== 0) {
    const inverse = 1 / parsed.value;
    const inverseTolerance: Tolerance =
      tolerance.kind === "rel" ? tolerance : { kind: "rel", value: tolerance.value / Math.abs(answer || 1) };
    return withinTolerance(inverse, answer, inverseTolerance);
  }
  return false;
}
