import type { Bilingual } from "./bank-schema.ts";

export type Lang = "fr" | "en";

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
