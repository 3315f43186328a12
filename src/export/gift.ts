import type { Item } from "../quiz/bank-schema.ts";
import type { Bilingual, Lang } from "../quiz/format.ts";
import {
  absoluteTolerance,
  categoryPath,
  choiceFraction,
  decimal,
  type ExportContext,
  escapeHtml,
  fillBilingual,
  groupByTopic,
  itemTags,
  middleInstance,
  NOTES,
  POSITION_LABEL,
  percent,
  questionName,
  sourceLines,
  spellingsOf,
} from "./shared.ts";

/**
 * GIFT (https://docs.moodle.org/en/GIFT_format), one language per file. Question text and
 * feedback are [html]; the explanation and the source sentence with its translation go in the
 * general feedback (####), GIFT's only feedback shown whatever the answer.
 */
export function exportGift(items: readonly Item[], context: ExportContext, lang: Lang): string {
  const out: string[] = [
    `// ${escapeComment(context.title[lang])}`,
    `// ${lang === "fr" ? "Questions de" : "Questions from"} article-quiz (${items.length}), ${lang}`,
    "",
  ];
  for (const [topic, list] of groupByTopic(items)) {
    out.push(`$CATEGORY: ${categoryPath(context, topic, (text) => escapeComment(text[lang]))}`, "");
    for (const item of list) out.push(question(item, lang), "");
  }
  return out.join("\n");
}

/** GIFT's special characters ~ = # { } : and the backslash itself, each escaped with a backslash. */
export function escapeGift(text: string): string {
  return text.replace(/[\\~=#{}:]/g, (c) => `\\${c}`).replace(/\r?\n/g, "\\n");
}

/** Text of an [html] field: HTML-escaped, then GIFT-escaped. */
function rich(text: string): string {
  return escapeGift(escapeHtml(text));
}

function escapeComment(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

function generalFeedback(item: Item, lang: Lang, explanation: Bilingual = item.explanation): string {
  const html = [
    `<p>${escapeHtml(explanation[lang])}</p>`,
    ...sourceLines(item, (text) => escapeHtml(text[lang])).map((line) => `<p>${line}</p>`),
  ].join("");
  return `####${escapeGift(html)}`;
}

function stem(item: Item, lang: Lang, prompt: Bilingual = item.prompt, notes: Bilingual[] = []): string {
  const level = itemTags(item)
    .map((tag) => `[tag:${tag}]`)
    .join(" ");
  const html = [`<p>${escapeHtml(prompt[lang])}</p>`, ...notes.map((n) => `<p><em>${escapeHtml(n[lang])}</em></p>`)];
  return [
    `// [id:${item.id}] ${level}`,
    `::${escapeGift(questionName(prompt[lang]))}::[html]${escapeGift(html.join(""))}{`,
  ].join("\n");
}

function question(item: Item, lang: Lang): string {
  switch (item.type) {
    case "single-choice":
      return [
        stem(item, lang),
        ...item.choices.map((c) => `${c.correct ? "=" : "~"}${rich(c.text[lang])}`),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    case "multiple-choice": {
      const k = item.choices.filter((c) => c.correct).length;
      return [
        stem(item, lang),
        ...item.choices.map((c) => `~%${percent(choiceFraction(c.correct, k))}%${rich(c.text[lang])}`),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    }
    case "poll":
      // "=" first keeps Moodle's single-answer multichoice; the others earn 100 % too.
      return [
        stem(item, lang, item.prompt, [NOTES.pollGift]),
        ...item.choices.map((c, i) => `${i === 0 ? "=" : "~%100%"}${rich(c.text[lang])}`),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    case "true-false":
      return [stem(item, lang), item.answer ? "TRUE" : "FALSE", generalFeedback(item, lang), "}"].join("\n");
    case "numeric": {
      if (item.parametric) {
        const { values, answer } = middleInstance(item);
        const all = { ...values, answer };
        const notes = [...unitNote(item), NOTES.parametricGift];
        return [
          stem(item, lang, fillBilingual(item.prompt, all), notes),
          `#=${decimal(answer)}:${decimal(absoluteTolerance(item, answer))}`,
          generalFeedback(item, lang, fillBilingual(item.explanation, all)),
          "}",
        ].join("\n");
      }
      const answer = item.answer ?? 0;
      const notes = [...unitNote(item), ...(item.mode === "ratio" ? [NOTES.ratio] : [])];
      return [
        stem(item, lang, item.prompt, notes),
        `#=${decimal(answer)}:${decimal(absoluteTolerance(item, answer))}`,
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    }
    case "text":
      // Moodle's short answer ignores case only: every spelling is listed ("*" would be a wildcard).
      return [
        stem(item, lang),
        ...spellingsOf(item.accepted).map((s) => `=${escapeGift(s).replace(/\*/g, "\\*")}`),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    case "ordering":
      return [
        stem(item, lang, item.prompt, [NOTES.orderingGift]),
        ...item.items.map(
          (step, i) => `=${rich(step.text[lang])} -> ${escapeGift(`${POSITION_LABEL[lang]} ${i + 1}`)}`,
        ),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    case "matching": {
      const matched = new Set(item.left.map((l) => l.match));
      const notes = item.right.some((r) => !matched.has(r.id)) ? [NOTES.unmatchedGift] : [];
      return [
        stem(item, lang, item.prompt, notes),
        ...item.left.map((l) => {
          const right = item.right.find((r) => r.id === l.match)?.text[lang] ?? l.match;
          return `=${rich(l.text[lang])} -> ${escapeGift(right)}`;
        }),
        generalFeedback(item, lang),
        "}",
      ].join("\n");
    }
  }
}

function unitNote(item: Item & { unit?: Bilingual }): Bilingual[] {
  return item.unit ? [{ fr: `(en ${item.unit.fr})`, en: `(in ${item.unit.en})` }] : [];
}
