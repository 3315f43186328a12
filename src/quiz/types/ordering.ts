import * as z from "zod";
import type { OrderingItem } from "../bank-schema.ts";
import { shuffle } from "../random.ts";
import {
  canonicalOrder,
  distinctIds,
  gradeFromFraction,
  listField,
  optionLabel,
  type QuestionTypeModule,
} from "./shared.ts";

export type OrderingResponse = { order: string[] };
export type PublicOrdering = { items: { id: string; text: string }[] };

/** Puts items in order: the fraction of items in their correct position. */
export const ordering: QuestionTypeModule<OrderingItem, OrderingResponse, PublicOrdering> = {
  responseSchema(item) {
    const ids = item.items.map((entry) => entry.id);
    return z.strictObject({
      order: distinctIds(ids, "item"),
    });
  },
  fromForm: (fields) => ({ order: listField(fields, "order") }),
  isComplete: (item, response) => response.order.length === item.items.length,
  grade(item, response) {
    const placed = item.items.filter((entry, index) => response.order[index] === entry.id).length;
    return gradeFromFraction(placed / item.items.length);
  },
  correctResponse: (item) => ({ order: item.items.map((entry) => entry.id) }),
  publicView(item, lang, seed) {
    // Shuffled from an order that ignores the key (the bank stores the correct order). No
    // "never the correct order" rule either: that rule itself would tell the learner something.
    const entries = canonicalOrder(item.items).map((entry) => ({ id: entry.id, text: entry.text[lang] }));
    return { items: shuffle(entries, seed) };
  },
  describe: (item, response, lang) =>
    response.order.map((id, index) => `${index + 1}. ${optionLabel(item.items, id, lang)}`).join(" → "),
  describeCorrect: (item, lang) => item.items.map((entry, index) => `${index + 1}. ${entry.text[lang]}`).join(" → "),
  wrongResponses(item) {
    const ids = item.items.map((entry) => entry.id);
    return [{ order: [...ids].reverse() }, { order: [...ids.slice(1), ...ids.slice(0, 1)] }, { order: [] }];
  },
};
