import { type ExportFile, type ExportFormat, type ExportLang, exportItems } from "../export/index.ts";
import type { Item } from "../quiz/bank-schema.ts";
import { BANK, getItem, getQuiz, listTopics } from "../quiz/index.ts";

export type { ExportFile } from "../export/index.ts";

const itemsOf = (ids: readonly string[]): Item[] =>
  ids.map((id) => getItem(id)).filter((i): i is Item => i !== undefined);

/** A quiz's items (its whole pool, in its order) in an LMS format; null when there is no such quiz. */
export function exportQuiz(quizId: string, format: ExportFormat, lang: ExportLang): ExportFile | null {
  const quiz = getQuiz(quizId);
  if (!quiz) return null;
  return exportItems(
    itemsOf(quiz.itemIds),
    { name: `quiz-${quiz.id}`, title: quiz.title, topics: listTopics() },
    format,
    lang,
  );
}

/** An assignment's pool of items in an LMS format (the caller has checked the manage secret). */
export function exportAssignment(
  assignment: { code: string; title: string; pool: readonly string[] },
  format: ExportFormat,
  lang: ExportLang,
): ExportFile {
  return exportItems(
    itemsOf(assignment.pool),
    {
      name: `assignment-${assignment.code}`,
      title: { fr: assignment.title, en: assignment.title },
      topics: listTopics(),
    },
    format,
    lang,
  );
}

/** The whole bank (npm run questions:export -- --format …). */
export function exportBank(format: ExportFormat, lang: ExportLang): ExportFile {
  return exportItems(
    BANK.items,
    {
      name: "article-quiz-bank",
      title: { fr: "Quiz IA : deux stratégies", en: "AI quiz: two strategies" },
      topics: BANK.topics,
    },
    format,
    lang,
  );
}
