/**
 * Normalises a short answer for comparison: Unicode NFD with diacritics
 * removed, lower case, typographic quotes/apostrophes/dashes and any
 * punctuation turned into spaces, runs of whitespace collapsed, trimmed.
 * "  L’Échelle !" and "l echelle" both become "l echelle".
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** True when `answer` matches one of the accepted variants after normalisation. */
export function matchesAccepted(answer: string, accepted: readonly string[]): boolean {
  const normalized = normalizeText(answer);
  if (normalized === "") return false;
  return accepted.some((variant) => normalizeText(variant) === normalized);
}
