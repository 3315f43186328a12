/** The languages the product speaks; the first is the default. */
export const LANGS = ["fr", "en"] as const;
export type Lang = (typeof LANGS)[number];

/** A text in every language the product speaks. */
export type Bilingual = Record<Lang, string>;

export function pick(text: Bilingual, lang: Lang): string {
  return text[lang];
}

/** Formats a number for display: "1 000,5" in French, "1,000.5" in English; at most 6 decimals. */
export function formatNumber(value: number, lang: Lang): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  const negative = rounded < 0;
  const [intPart = "0", fracPart] = Math.abs(rounded).toString().split(".");
  const grouped = intPart.length > 4 ? intPart.replace(/\B(?=(\d{3})+(?!\d))/g, lang === "fr" ? " " : ",") : intPart;
  const decimal = lang === "fr" ? "," : ".";
  return `${negative ? "-" : ""}${grouped}${fracPart ? decimal + fracPart : ""}`;
}

/** Replaces {name} placeholders with formatted values. */
export function fillTemplate(template: string, values: Record<string, number>, lang: Lang): string {
  return template.replace(/\{([a-z]+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : formatNumber(value, lang);
  });
}

const NARROW_NBSP = "\u202f";
const NBSP = "\u00a0";

/**
 * French typography, applied by rule over every French text of the bank (never
 * typed by hand): a narrow no-break space (U+202F) before ; ! ? and inside « »,
 * a no-break space (U+00A0) before a colon, so punctuation never wraps onto a
 * line of its own. A colon or mark not followed by a space or the end (10:30,
 * "?!" runs aside) is left alone. Idempotent.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/[ \u00a0\u202f]*([;!?])(?=[\s»)"”]|$)/gu, (_match, mark: string) => `${NARROW_NBSP}${mark}`)
    .replace(/[ \u00a0\u202f]*:(?=\s|$)/gu, `${NBSP}:`)
    .replace(/«[ \u00a0\u202f]*/gu, `«${NARROW_NBSP}`)
    .replace(/[ \u00a0\u202f]*»/gu, `${NARROW_NBSP}»`);
}

/** Whether a French text already follows frenchTypography (the bank check). */
export function followsFrenchTypography(text: string): boolean {
  return frenchTypography(text) === text;
}
