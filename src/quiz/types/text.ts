import * as z from "zod";
import type { TextItem } from "../bank-schema.ts";
import { matchesAccepted, normalizeText } from "../text-match.ts";
import { firstField, gradeFromFraction, type QuestionTypeModule, responseText } from "./shared.ts";

export type TextResponse = { text: string };
export type PublicText = { placeholder: string };

/** A short answer or cloze: 1 point when it matches an accepted variant after normalizeText. */
export const text: QuestionTypeModule<TextItem, TextResponse, PublicText> = {
  responseSchema: () => z.strictObject({ text: responseText }),
  fromForm(fields) {
    const value = firstField(fields, "text");
    return value === undefined ? {} : { text: value };
  },
  isComplete: (_item, response) => normalizeText(response.text) !== "",
  grade: (item, response) => gradeFromFraction(matchesAccepted(response.text, item.accepted) ? 1 : 0),
  correctResponse: (item) => ({ text: item.accepted[0] ?? "" }),
  publicView: (item, lang) => ({ placeholder: item.placeholder[lang] }),
  describe: (_item, response) => response.text.trim(),
  describeCorrect: (item, lang) => item.display[lang],
  wrongResponses: (item) => [{ text: "" }, ...item.traps.map((trap) => ({ text: trap }))],
};
