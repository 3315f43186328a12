import * as z from "zod";
import type { MultipleChoiceItem } from "../bank-schema.ts";
import { shuffle } from "../random.ts";
import {
  canonicalOrder,
  distinctIds,
  gradeFromFraction,
  listField,
  optionLabel,
  type QuestionTypeModule,
} from "./shared.ts";
import type { PublicChoices } from "./single-choice.ts";

export type MultipleChoiceResponse = { choices: string[] };

/**
 * Several choices are right. With k right choices, each right choice selected
 * earns 1/k and each wrong one selected costs 1/k; the total is floored at 0.
 */
export const multipleChoice: QuestionTypeModule<MultipleChoiceItem, MultipleChoiceResponse, PublicChoices> = {
  responseSchema(item) {
    const ids = item.choices.map((choice) => choice.id);
    return z.strictObject({
      choices: distinctIds(ids, "choice"),
    });
  },
  fromForm: (fields) => ({ choices: listField(fields, "choices") }),
  isComplete: (_item, response) => response.choices.length > 0,
  grade(item, response) {
    const k = item.choices.filter((choice) => choice.correct).length;
    let score = 0;
    for (const id of response.choices) {
      const choice = item.choices.find((candidate) => candidate.id === id);
      score += choice?.correct ? 1 / k : -1 / k;
    }
    return gradeFromFraction(score);
  },
  correctResponse: (item) => ({
    choices: item.choices.filter((choice) => choice.correct).map((choice) => choice.id),
  }),
  publicView(item, lang, seed, shuffleChoices) {
    const choices = item.choices.map((choice) => ({ id: choice.id, text: choice.text[lang] }));
    // Unshuffled, the bank's order (which the generator makes independent of the key).
    return { choices: shuffleChoices ? shuffle(canonicalOrder(choices), seed) : choices };
  },
  describe: (item, response, lang) => response.choices.map((id) => optionLabel(item.choices, id, lang)).join(" ; "),
  describeCorrect: (item, lang) =>
    item.choices
      .filter((choice) => choice.correct)
      .map((choice) => choice.text[lang])
      .join(" ; "),
  wrongResponses(item) {
    const correct = item.choices.filter((choice) => choice.correct).map((choice) => choice.id);
    const wrong = item.choices.filter((choice) => !choice.correct).map((choice) => choice.id);
    return [
      { choices: [] },
      { choices: wrong },
      { choices: correct.slice(0, -1) },
      { choices: [...correct, ...wrong.slice(0, 1)] },
      ...wrong.map((id) => ({ choices: [id] })),
    ];
  },
};
