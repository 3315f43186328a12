import type { ConcreteItem, ItemType } from "../bank-schema.ts";
import { matching } from "./matching.ts";
import { multipleChoice } from "./multiple-choice.ts";
import { numeric } from "./numeric.ts";
import { ordering } from "./ordering.ts";
import { poll } from "./poll.ts";
import type { QuestionTypeModule } from "./shared.ts";
import { singleChoice } from "./single-choice.ts";
import { text } from "./text.ts";
import { trueFalse } from "./true-false.ts";

export type { MatchingResponse, PublicMatching } from "./matching.ts";
export type { MultipleChoiceResponse } from "./multiple-choice.ts";
export type { NumericResponse, PublicNumeric } from "./numeric.ts";
export type { OrderingResponse, PublicOrdering } from "./ordering.ts";
export type { PollResponse } from "./poll.ts";
export type { FormFields, Grade, GradeState, QuestionTypeModule } from "./shared.ts";
export type { PublicChoices, SingleChoiceResponse } from "./single-choice.ts";
export type { PublicText, TextResponse } from "./text.ts";
export type { TrueFalseResponse } from "./true-false.ts";

/** Question type -> the module that owns its schema, grading and public view. */
export const QUESTION_TYPES = {
  "single-choice": singleChoice,
  "multiple-choice": multipleChoice,
  "true-false": trueFalse,
  numeric,
  text,
  ordering,
  matching,
  poll,
} as const satisfies Record<ItemType, unknown>;

/** The module for an item, typed loosely so callers can dispatch on a union. */
export function moduleFor(item: ConcreteItem): QuestionTypeModule<ConcreteItem, unknown, object> {
  return QUESTION_TYPES[item.type] as unknown as QuestionTypeModule<ConcreteItem, unknown, object>;
}
