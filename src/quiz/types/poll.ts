import * as z from "zod";
import type { PollItem } from "../bank-schema.ts";
import { choiceFromForm, oneOf, optionLabel, type QuestionTypeModule } from "./shared.ts";
import type { PublicChoices } from "./single-choice.ts";

export type PollResponse = { choice: string };

/** An opinion: never scored, results shown as a distribution. */
export const poll: QuestionTypeModule<PollItem, PollResponse, PublicChoices> = {
  responseSchema(item) {
    const ids = item.choices.map((choice) => choice.id);
    return z.strictObject({
      choice: oneOf(ids, "this poll's options"),
    });
  },
  fromForm: choiceFromForm,
  isComplete: () => true,
  grade: () => ({ fraction: 0, state: "unscored" }),
  correctResponse: () => null,
  // Poll options keep their authored order (e.g. "undecided" stays last).
  publicView: (item, lang) => ({ choices: item.choices.map((choice) => ({ id: choice.id, text: choice.text[lang] })) }),
  describe: (item, response, lang) => optionLabel(item.choices, response.choice, lang),
  describeCorrect: () => "",
  wrongResponses: () => [],
};
