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

/** Articles and elisions dropped at the start of an answer: "l’échelle", "d’inférence", "the flywheel". */
export const LEADING_ARTICLES: ReadonlySet<string> = new Set([
  "le",
  "la",
  "les",
  "l",
  "d",
  "de",
  "du",
  "des",
  "un",
  "une",
  "the",
  "a",
  "an",
]);

/**
 * The synonym policy for every short answer and cloze: an answer is judged on
 * its meaning, so the words of one group are the same word. A group holds
 * words that mean the same in the sentences the bank asks about, in French and
 * English (so a French answer to the English prompt, or the reverse, counts).
 * Words are compared after normalizeText and without a final plural s or x.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  // "joue un rôle crucial": what matters most
  [
    "crucial",
    "cruciale",
    "essentiel",
    "essentielle",
    "fondamental",
    "fondamentale",
    "primordial",
    "primordiale",
    "capital",
    "capitale",
    "decisif",
    "decisive",
    "vital",
    "vitale",
    "cle",
    "essential",
    "fundamental",
    "key",
    "pivotal",
    "critical",
  ],
  ["materiel", "hardware", "equipement", "equipment"],
  ["licence", "license", "licensing"],
  ["reference", "benchmark", "etalon", "yardstick"],
  ["prix", "cout", "cost", "price"],
  ["inference", "inferencing"],
  ["formation", "entrainement", "training", "apprentissage"],
  ["volant", "flywheel"],
  ["fabrication", "manufacture", "manufacturing", "production", "industrie", "industry"],
  ["donnee", "data"],
  ["echelle", "scale"],
  ["durable", "sustainable", "perenne", "viable"],
  ["efficacite", "efficiency"],
];

const fold = (word: string) => (word.length > 3 ? word.replace(/[sx]$/u, "") : word);

const CANONICAL = new Map<string, string>();
for (const group of SYNONYM_GROUPS) {
  const head = fold(group[0] as string);
  for (const word of group) CANONICAL.set(fold(word), head);
}

/** The comparison form of an answer: normalised, leading articles dropped, plurals folded, synonyms merged. */
export function canonicalAnswer(text: string): string {
  const words = normalizeText(text).split(" ").filter(Boolean);
  while (words.length > 1 && LEADING_ARTICLES.has(words[0] as string)) words.shift();
  return words.map((word) => CANONICAL.get(fold(word)) ?? fold(word)).join(" ");
}

/** True when `answer` means one of the accepted variants (see canonicalAnswer). */
export function matchesAccepted(answer: string, accepted: readonly string[]): boolean {
  const canonical = canonicalAnswer(answer);
  if (canonical === "") return false;
  return accepted.some((variant) => canonicalAnswer(variant) === canonical);
}
