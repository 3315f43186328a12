import type { Citation, Item, NumericItem, Topic } from "../quiz/bank-schema.ts";
import { type Bilingual, fillTemplate, LANGS, type Lang } from "../quiz/format.ts";

/** What an export is written in: one language, or both (Moodle multilang spans; one file per language elsewhere). */
export type ExportLang = Lang | "both";
export const EXPORT_FORMATS = ["moodle-xml", "gift", "qti3"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LANGS = [...LANGS, "both"] as const;

/** What every exporter needs besides the items: a title, the topics' names, the category root. */
export type ExportContext = {
  /** A file-name-safe name ("quiz-article", "assignment-K7QM3X", "bank"). */
  name: string;
  title: Bilingual;
  topics: readonly Topic[];
};

/** Tags every format carries: topic, cognitive level, type and fact. */
export function itemTags(item: Item): string[] {
  return [`topic:${item.topic}`, `level:${item.level}`, `type:${item.type}`, `fact:${item.fact}`];
}

/** The passages an item cites: its main quote, then the other claims it tests (source.quotes). */
export function citations(item: Item): Citation[] {
  const { quotes, ...main } = item.source;
  return [main, ...(quotes ?? [])];
}

export function topicTitle(topics: readonly Topic[], id: string): Bilingual {
  return topics.find((t) => t.id === id)?.title ?? { fr: id, en: id };
}

/**
 * A topic's Moodle category path, `$course$/top/<title>/<topic>` (GIFT's $CATEGORY and Moodle
 * XML's category question): `name` writes a level in the export's language(s); Moodle separates
 * levels with "/" and reads a literal slash written "//".
 */
export function categoryPath(context: ExportContext, topic: string, name: (text: Bilingual) => string): string {
  const level = (text: Bilingual) => name(text).replace(/\//g, "//");
  return `$course$/top/${level(context.title)}/${level(topicTitle(context.topics, topic))}`;
}

/** Escapes text for XML content and attribute values (quotes too, so one function serves both). */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&apos;",
  );
}

/** Escapes text for HTML content: only the characters that would change its meaning; ’ « » “ stay as they are. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** A decimal without exponent, trimmed ("0.005", "100"); floating-point noise rounded to 12 significant digits. */
export function decimal(value: number): string {
  const clean = Number(value.toPrecision(12));
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  return clean.toFixed(20).replace(/\.?0+$/, "");
}

/** The absolute tolerance around a numeric answer (Moodle and GIFT tolerances are absolute). */
export function absoluteTolerance(item: NumericItem, answer: number): number {
  return item.tolerance.kind === "rel" ? Math.abs(answer) * item.tolerance.value : item.tolerance.value;
}

/** The parameter values a parametric item can draw, per parameter, in increasing order. */
export function parameterValues(item: NumericItem): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, range] of Object.entries(item.parametric?.params ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const steps = Math.floor((range.max - range.min) / range.step + 1e-9);
    out[name] = Array.from({ length: steps + 1 }, (_, i) => Number((range.min + i * range.step).toPrecision(12)));
  }
  return out;
}

/** Decimals needed to write a parameter's values (Moodle datasets need it). */
export function decimalsOf(value: number): number {
  const text = decimal(value);
  const dot = text.indexOf(".");
  return dot === -1 ? 0 : text.length - dot - 1;
}

/**
 * One fixed instance of a parametric item, for formats that cannot carry a parameter (GIFT): the
 * middle value of each range. Same formula and templates as `instantiate`.
 */
export function middleInstance(item: NumericItem): { values: Record<string, number>; answer: number } {
  const values: Record<string, number> = {};
  for (const [name, list] of Object.entries(parameterValues(item)))
    values[name] = list[Math.floor(list.length / 2)] ?? 0;
  const formula = item.parametric?.answer;
  const answer = formula ? Math.round(formula.factor * (values[formula.param] ?? 0) * 1e6) / 1e6 : (item.answer ?? 0);
  return { values, answer };
}

export function fillBilingual(text: Bilingual, values: Record<string, number>): Bilingual {
  return { fr: fillTemplate(text.fr, values, "fr"), en: fillTemplate(text.en, values, "en") };
}

/** Removes diacritics (NFD, combining marks dropped): "Échelle" -> "Echelle". */
export function stripAccents(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC");
}

/**
 * The spellings an importer that only ignores case (Moodle short answer, QTI string mapping) must
 * list to accept what this project accepts (accents, apostrophes and punctuation ignored, see
 * normalizeText): each variant as written, without accents, with a straight apostrophe, and with
 * punctuation as spaces. Case-insensitively unique, in a stable order.
 */
export function spellingsOf(accepted: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (text: string) => {
    const t = text.replace(/\s+/g, " ").trim();
    const key = t.toLowerCase();
    if (t !== "" && !seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  };
  for (const variant of accepted) {
    const straight = variant.replace(/[’‘]/g, "'");
    add(variant);
    add(straight);
    add(stripAccents(variant));
    add(stripAccents(straight));
    add(stripAccents(variant).replace(/[^\p{L}\p{N}]+/gu, " "));
    add(variant.replace(/[^\p{L}\p{N}]+/gu, " "));
  }
  return out;
}

/** Fractions of a multiple-choice item that reproduce this project's partial credit: +1/k right, -1/k wrong. */
export function choiceFraction(correct: boolean, rightCount: number): number {
  return (correct ? 1 : -1) / rightCount;
}

/** A Moodle/GIFT percentage: 5 decimals at most, as Moodle writes its own grade options (33.33333). */
export function percent(fraction: number): string {
  return decimal(Math.round(fraction * 100 * 1e5) / 1e5);
}

/** A short, single-line question name from a prompt. */
export function questionName(prompt: string): string {
  const flat = prompt.replace(/\s+/g, " ").trim();
  return flat.length <= 80 ? flat : `${flat.slice(0, 79).trimEnd()}…`;
}

/** The notes an exported item carries when a format cannot carry something of it. */
export const NOTES = {
  pollGift: {
    fr: "Sondage : aucune réponse n’est juste ou fausse ; chaque choix rapporte la note entière. GIFT ne peut pas fixer la note de la question : mettez-la à 0.",
    en: "Poll: no answer is right or wrong; every choice earns full marks. GIFT cannot set the question’s mark: set it to 0.",
  },
  poll: {
    fr: "Sondage : aucune réponse n’est juste ou fausse ; la question vaut 0 point.",
    en: "Poll: no answer is right or wrong; the question is worth 0 points.",
  },
  orderingGift: {
    fr: "GIFT n’a pas de question de classement : associez chaque élément à sa position.",
    en: "GIFT has no ordering question: match each item with its position.",
  },
  parametricGift: {
    fr: "GIFT ne porte pas de paramètre : cette question est une instance fixe de la question calculée (les exports Moodle XML et QTI gardent le paramètre).",
    en: "GIFT cannot carry a parameter: this question is one fixed instance of the calculated question (the Moodle XML and QTI exports keep the parameter).",
  },
  ratio: {
    fr: "Répondez par un nombre décimal (0.1 pour 1/10) : la forme « 10x » n’est pas reconnue ici.",
    en: "Answer with a decimal number (0.1 for 1/10): the “10x” form is not recognised here.",
  },
  unmatchedGift: {
    fr: "GIFT ne peut pas proposer de réponse sans paire : les réponses en trop ont été retirées.",
    en: "GIFT cannot offer an answer without a pair: the extra answers were dropped.",
  },
} as const satisfies Record<string, Bilingual>;

/** The label before the source sentence in feedback. */
export const SOURCE_LABEL: Bilingual = { fr: "Source (l’article) :", en: "Source (the article):" };
export const TRANSLATION_LABEL: Bilingual = { fr: "Traduction :", en: "Translation:" };

/**
 * The feedback's source lines (HTML, one paragraph's content each): every passage the item cites,
 * verbatim, then its translation. `label` writes a label in the export's language(s).
 */
export function sourceLines(item: Item, label: (text: Bilingual) => string): string[] {
  return citations(item).flatMap((c) => [
    `${label(SOURCE_LABEL)} « ${escapeHtml(c.quote)} »`,
    `${label(TRANSLATION_LABEL)} ${escapeHtml(c.translation)}`,
  ]);
}
export const POSITION_LABEL: Bilingual = { fr: "Position", en: "Position" };

/** The items of a list in bank order, grouped by topic in the order topics first appear. */
export function groupByTopic<T extends Item>(items: readonly T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(item.topic) ?? [];
    list.push(item);
    groups.set(item.topic, list);
  }
  return [...groups];
}
