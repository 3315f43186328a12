import * as z from "zod";
import type { ConcreteNumericItem } from "../bank-schema.ts";
import { formatNumber, type Lang } from "../format.ts";
import { inItemUnit, numericMatches, parseNumericInput, timeUnitOf } from "../numeric-input.ts";
import { firstField, gradeFromFraction, MAX_TEXT_LENGTH, type QuestionTypeModule } from "./shared.ts";

export type NumericResponse = { value: number | string };
export type PublicNumeric = { unit?: string; inputMode: "decimal" | "text" };

const READ_ERRORS = {
  unreadable: "could not be read as a number (examples: 12, 0,1, 1/10, 10 %, 10x, dix fois moins, un an)",
  ambiguous: 'is ambiguous: write "1000" for a thousand or "1,5" for one and a half',
} as const;

const valueSchema = z
  .custom<number | string>(() => true)
  .check(
    z.superRefine((value, ctx) => {
      if (value === undefined) {
        ctx.addIssue({ code: "custom", message: "is required" });
      } else if (typeof value === "number") {
        if (!Number.isFinite(value)) ctx.addIssue({ code: "custom", message: "must be a finite number" });
      } else if (typeof value !== "string") {
        ctx.addIssue({ code: "custom", message: "must be a number or a string" });
      } else if (value.length > MAX_TEXT_LENGTH) {
        ctx.addIssue({ code: "custom", message: `must be at most ${MAX_TEXT_LENGTH} characters` });
      } else {
        const parsed = parseNumericInput(value);
        if (!parsed.ok && parsed.reason !== "empty")
          ctx.addIssue({ code: "custom", message: READ_ERRORS[parsed.reason] });
      }
    }),
  );

/** "1/10" for ratios whose inverse is a whole number, else the formatted value. */
function formatAnswer(item: ConcreteNumericItem, lang: Lang): string {
  const { answer } = item;
  const inverse = answer !== 0 ? 1 / answer : 0;
  const unit = item.unit ? ` ${item.unit[lang]}` : "";
  if (item.mode === "ratio" && Math.abs(answer) < 1 && inverse > 1 && Math.abs(inverse - Math.round(inverse)) < 1e-9) {
    return `1/${Math.round(inverse)} (${formatNumber(answer, lang)})${unit}`;
  }
  return `${formatNumber(answer, lang)}${unit}`;
}

/**
 * A number within the item's tolerance scores 1, anything else 0. Typed
 * strings are read by parseNumericInput (see docs/question-bank.md).
 */
export const numeric: QuestionTypeModule<ConcreteNumericItem, NumericResponse, PublicNumeric> = {
  responseSchema: () => z.strictObject({ value: valueSchema }),
  fromForm(fields) {
    const value = firstField(fields, "value");
    return value === undefined ? {} : { value };
  },
  isComplete: (_item, response) => parseNumericInput(response.value).ok,
  grade(item, response) {
    const parsed = parseNumericInput(response.value);
    if (!parsed.ok) return gradeFromFraction(0);
    const value = inItemUnit(parsed, timeUnitOf(item.unit?.en));
    return gradeFromFraction(numericMatches(value, item.answer, item.tolerance, item.mode) ? 1 : 0);
  },
  correctResponse: (item) => ({ value: item.answer }),
  publicView(item, lang) {
    const view: PublicNumeric = { inputMode: item.mode === "ratio" ? "text" : "decimal" };
    if (item.unit) view.unit = item.unit[lang];
    return view;
  },
  describe(item, response, lang) {
    const shown = typeof response.value === "number" ? formatNumber(response.value, lang) : response.value.trim();
    return item.unit && shown !== "" ? `${shown} ${item.unit[lang]}` : shown;
  },
  describeCorrect: formatAnswer,
  wrongResponses: (item) => item.traps.map((value) => ({ value })),
};
