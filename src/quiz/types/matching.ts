import * as z from "zod";
import type { MatchingItem } from "../bank-schema.ts";
import { deriveSeed, shuffle } from "../random.ts";
import {
  canonicalOrder,
  type FormFields,
  gradeFromFraction,
  optionLabel,
  type QuestionTypeModule,
  responseId,
} from "./shared.ts";

export type MatchingResponse = { pairs: Record<string, string> };
export type PublicMatching = { left: { id: string; text: string }[]; right: { id: string; text: string }[] };

/** Matches each left entry to a right entry: the fraction of correct pairs. */
export const matching: QuestionTypeModule<MatchingItem, MatchingResponse, PublicMatching> = {
  responseSchema(item) {
    const leftIds = item.left.map((entry) => entry.id);
    const rightIds = item.right.map((entry) => entry.id);
    return z.strictObject({
      pairs: z.record(responseId, responseId, { error: "must be an object mapping left ids to right ids" }).check(
        z.superRefine((pairs, ctx) => {
          for (const [leftId, rightId] of Object.entries(pairs)) {
            if (!leftIds.includes(leftId)) {
              ctx.addIssue({ code: "custom", path: [leftId], message: "is not one of this question's left entries" });
            } else if (!rightIds.includes(rightId)) {
              ctx.addIssue({ code: "custom", path: [leftId], message: "is not one of this question's right entries" });
            }
          }
        }),
      ),
    });
  },
  fromForm(fields: FormFields) {
    const pairs: Record<string, string> = {};
    for (const [name, value] of Object.entries(fields)) {
      const chosen = Array.isArray(value) ? value[0] : value;
      if (name.startsWith("pair.") && chosen) pairs[name.slice("pair.".length)] = chosen;
    }
    return { pairs };
  },
  isComplete: (item, response) => item.left.every((entry) => response.pairs[entry.id] !== undefined),
  grade(item, response) {
    const right = item.left.filter((entry) => response.pairs[entry.id] === entry.match).length;
    return gradeFromFraction(right / item.left.length);
  },
  correctResponse: (item) => ({ pairs: Object.fromEntries(item.left.map((entry) => [entry.id, entry.match])) }),
  publicView(item, lang, seed) {
    const left = canonicalOrder(item.left).map((entry) => ({ id: entry.id, text: entry.text[lang] }));
    const right = canonicalOrder(item.right).map((entry) => ({ id: entry.id, text: entry.text[lang] }));
    return { left: shuffle(left, seed), right: shuffle(right, deriveSeed(seed, "right")) };
  },
  describe: (item, response, lang) =>
    item.left
      .filter((entry) => response.pairs[entry.id] !== undefined)
      .map((entry) => `${entry.text[lang]} → ${optionLabel(item.right, response.pairs[entry.id] as string, lang)}`)
      .join(" ; "),
  describeCorrect: (item, lang) =>
    item.left.map((entry) => `${entry.text[lang]} → ${optionLabel(item.right, entry.match, lang)}`).join(" ; "),
  wrongResponses(item) {
    // Every left entry paired with a right entry other than its match.
    const shifted = Object.fromEntries(
      item.left.map((entry) => [entry.id, item.right.find((candidate) => candidate.id !== entry.match)?.id ?? ""]),
    );
    return [{ pairs: {} }, { pairs: shifted }];
  },
};
