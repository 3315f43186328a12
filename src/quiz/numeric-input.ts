/**
 * Reading numbers typed by learners, in French or English.
 * The full rules are documented in docs/question-bank.md ("Numeric input").
 */

/** How a typed number was written: a plain value or an explicit multiplier ("10x", "x10", "10 fois"). */
export type NumericForm = "plain" | "multiplier";

export type ParsedNumber =
  | { ok: true; value: number; form: NumericForm }
  | { ok: false; reason: "empty" | "unreadable" | "ambiguous" };

// Words and symbols that may surround a number; they never change its value.
const NOISE =
  /\b(environ|about|approximately|approx|around|roughly|circa|ca|millions?|mio|dollars?|usd|euros?|eur|de|of|m)\b|[$€~≈]/gu;
const MULTIPLIER_SUFFIX = /^(.*?)\s*(x|×|fois|times|fold)$/u;
const MULTIPLIER_PREFIX = /^(x|×)\s*(.*)$/u;
const PERCENT = /^(.*?)\s*(%|pour ?cent|percent|per ?cent)$/u;
const FRACTION = /^(.+?)\s*(\/|sur|in|out of)\s*(.+)$/u;

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
    .replace(/[\u00a0\u2009\u202f]/gu, " ")
    // "12M$" and "10%" glue a unit to the number; split it off so it can be dropped.
    .replace(/(\d)(?=[a-z$€%×])/gu, "$1 ")
    .replace(NOISE, " ")
    .replace(/\s+/gu, " ")
    .trim();
  if (text === "") return { ok: false, reason: "empty" };
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
  return { ok: true, value: value * scale, form };
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
