import * as z from "zod";
import type { SingleChoiceItem } from "../bank-schema.ts";
import { shuffle } from "../random.ts";
import {
  canonicalOrder,
  choiceFromForm,
  gradeFromFraction,
  oneOf,
  optionLabel,
  type QuestionTypeModule,
} from "./shared.ts";

export type SingleChoiceResponse = { choice: string };
export type PublicChoices = { choices: { id: string; text: string }[] };

/** One choice is right: 1 point for it, 0 otherwise. */
export const singleChoice: QuestionTypeModule<SingleChoiceItem, SingleChoiceResponse, PublicChoices> = {
  responseSchema(item) {
    const ids = item.choices.map((choice) => choice.id);
    return z.strictObject({
      choice: oneOf(ids, "this question's choices"),
    });
  },
  fromForm: choiceFromForm,
  isComplete: () => true,
  grade(item, response) {
    const chosen = item.choices.find((choice) => choice.id === response.choice);
    return gradeFromFraction(chosen?.correct ? 1 : 0);
  },
  correctResponse(item) {
    const correct = item.choices.find((choice) => choice.correct);
    return correct ? { choice: correct.id } : null;
  },
  publicView(item, lang, seed, shuffleChoices) {
    const choices = item.choices.map((choice) => ({ id: choice.id, text: choice.text[lang] }));
    // Unshuffled, the bank's order (which the generator makes independent of the key).
    return { choices: shuffleChoices ? shuffle(canonicalOrder(choices), seed) : choices };
  },
  describe: (item, response, lang) => optionLabel(item.choices, response.choice, lang),
  describeCorrect: (item, lang) => item.choices.find((choice) => choice.correct)?.text[lang] ?? "",
  wrongResponses: (item) => item.choices.filter((choice) => !choice.correct).map((choice) => ({ choice: choice.id })),
};
