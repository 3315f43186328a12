/**
 * questions/bank.json as it is stored: the compiled bank, except that each citation gives its quote
 * as where it is in the article (`quoteAt`, a `[start, end)` span of `article.text`) and its
 * translation, when that is a slice of its sentence's translation (almost always), as a span of it
 * (`translationAt`). Quotes are verbatim slices of the article by rule (bank-check.ts), so writing
 * them out again cost the Worker about 1.1 KiB gzipped. `expandBank` gives back the compiled bank,
 * field for field and in the same key order; `compactBank` is what `npm run questions` writes,
 * after checking that expanding it gives the bank it was made from.
 */
import type { Citation, CompiledBank, Source } from "./bank-schema.ts";

/** `[start, end)`, as `String.prototype.slice` takes them. */
export type Span = [start: number, end: number];

export type StoredCitation = {
  quoteAt: Span;
  sentenceId: string;
  translationAt?: Span;
  translation?: string;
};
type StoredSource = StoredCitation & { quotes?: StoredCitation[] };
type StoredItem<T> = T extends { source: Source } ? Omit<T, "source"> & { source: StoredSource } : never;

/** The bank as questions/bank.json holds it. */
export type StoredBank = Omit<CompiledBank, "items"> & { items: StoredItem<CompiledBank["items"][number]>[] };

type Translations = ReadonlyMap<string, string>;

/** The compiled bank from its stored form. */
export function expandBank(stored: StoredBank): CompiledBank {
  const { text, sentences } = stored.article;
  const translations: Translations = new Map(sentences.map((sentence) => [sentence.id, sentence.translation]));
  const items = stored.items.map((item) => {
    const { quotes, ...main } = item.source;
    const source: Source = expandCitation(main, text, translations);
    if (quotes) source.quotes = quotes.map((quote) => expandCitation(quote, text, translations));
    return withSource(item, source);
  });
  return { ...stored, items: items as CompiledBank["items"] };
}

/** The stored form of a compiled bank. Throws when a quote is not verbatim in the article. */
export function compactBank(bank: CompiledBank): StoredBank {
  const { text, sentences } = bank.article;
  const translations: Translations = new Map(sentences.map((sentence) => [sentence.id, sentence.translation]));
  const items = bank.items.map((item) => {
    const { quotes, ...main } = item.source;
    const source: StoredSource = compactCitation(main, text, translations);
    if (quotes) source.quotes = quotes.map((quote) => compactCitation(quote, text, translations));
    return withSource(item, source);
  });
  return { ...bank, items: items as StoredBank["items"] };
}

// The source keeps its place among the item's fields, so the expanded bank's JSON is the compiled
// bank's, byte for byte.
function withSource(item: object, source: Source | StoredSource): unknown {
  return Object.fromEntries(Object.entries(item).map(([key, value]) => [key, key === "source" ? source : value]));
}

function expandCitation(citation: StoredCitation, text: string, translations: Translations): Citation {
  const { quoteAt, sentenceId, translationAt, translation } = citation;
  return {
    quote: text.slice(...quoteAt),
    sentenceId,
    translation: translationAt ? (translations.get(sentenceId) ?? "").slice(...translationAt) : (translation ?? ""),
  };
}

function compactCitation(citation: Citation, text: string, translations: Translations): StoredCitation {
  const { quote, sentenceId, translation } = citation;
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`quote not verbatim in the article: "${quote}"`);
  const of = translations.get(sentenceId) ?? "";
  const at = of.indexOf(translation);
  return {
    quoteAt: [start, start + quote.length],
    sentenceId,
    ...(at >= 0 ? { translationAt: [at, at + translation.length] as Span } : { translation }),
  };
}
