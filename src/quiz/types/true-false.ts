import * as z from "zod";
import type { TrueFalseItem } from "../bank-schema.ts";
import { firstField, gradeFromFraction, type QuestionTypeModule, TRUE_FALSE_LABELS } from "./shared.ts";
import type { PublicChoices } from "./single-choice.ts";

export type TrueFalseResponse = { value: boolean };

/** A statement to judge: 1 point for the right verdict. */
export const trueFalse: QuestionTypeModule<TrueFalseItem, TrueFalseResponse, PublicChoices> = {
  responseSchema: () => z.strictObject({ value: z.boolean({ error: "must be true or false" }) }),
  fromForm(fields) {
    const value = firstField(fields, "value");
    if (value === undefined || value === "") return {};
    return { value: value === "true" ? true : value === "false" ? false : value };
  },
  isComplete: () => true,
  grade: (item, response) => gradeFromFraction(response.value === item.answer ? 1 : 0),
  correctResponse: (item) => ({ value: item.answer }),
  // Always "true" then "false": the order carries no information.
  publicView: (_item, lang) => ({
    choices: [
      { id: "true", text: TRUE_FALSE_LABELS.true[lang] },
      { id: "false", text: TRUE_FALSE_LABELS.false[lang] },
    ],
  }),
  describe: (_item, response, lang) => TRUE_FALSE_LABELS[response.value ? "true" : "false"][lang],
  describeCorrect: (item, lang) => TRUE_FALSE_LABELS[item.answer ? "true" : "false"][lang],
  wrongResponses: (item) => [{ value: !item.answer }],
};
