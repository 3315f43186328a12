import * as z from "zod";
import type { ConcreteItem } from "../bank-schema.ts";
import type { Bilingual, Lang } from "../format.ts";

export type { Lang } from "../format.ts";

/** HTML form fields as parsed from a urlencoded body: repeated names give arrays. */
export type FormFields = Record<string, string | string[]>;

export type GradeState = "correct" | "partial" | "incorrect" | "unscored";
export type Grade = { fraction: number; state: GradeState };

export const MAX_TEXT_LENGTH = 500;
const MAX_ID_LENGTH = 64;

/** An option id in a response; membership in the item is checked separately. */
export const responseId = z
  .string({ error: "must be an option id (a string)" })
  .check(z.maxLength(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`));

/** One option id of a response, which must be one of `ids` ("is not one of `whose`"). */
export const oneOf = (ids: readonly string[], whose: string) =>
  responseId.check(z.refine((id) => ids.includes(id), `is not one of ${whose}`));

/** A list of distinct ids among the question's `ids` (the choices of a multiple choice, the items of an ordering). */
export function distinctIds(ids: readonly string[], noun: "choice" | "item") {
  return z.array(oneOf(ids, `this question's ${noun}s`), { error: `must be a list of ${noun} ids` }).check(
    z.maxLength(ids.length, `must list at most ${ids.length} ${noun}s`),
    z.refine(
      (list: string[]) => new Set(list).size === list.length,
      `must not list ${noun === "item" ? "an" : "a"} ${noun} twice`,
    ),
  );
}

export const responseText = z
  .string({ error: "must be a string" })
  .check(z.maxLength(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`));

export function gradeFromFraction(fraction: number): Grade {
  const clamped = Math.min(1, Math.max(0, fraction));
  const rounded = Math.round(clamped * 1e6) / 1e6;
  return { fraction: rounded, state: rounded >= 1 ? "correct" : rounded <= 0 ? "incorrect" : "partial" };
}

/** First value of a form field (a repeated field gives its first value). */
export function firstField(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A one-choice answer from a form (single choice, poll): the chosen id, or nothing when none was chosen. */
export function choiceFromForm(fields: FormFields): { choice: string } | Record<string, never> {
  const choice = firstField(fields, "choice");
  return choice === undefined || choice === "" ? {} : { choice };
}

/** All non-empty values of a form field, as a list. */
export function listField(fields: FormFields, name: string): string[] {
  const value = fields[name];
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.filter((entry) => entry !== "");
}

export function optionLabel(options: readonly { id: string; text: Bilingual }[], id: string, lang: Lang): string {
  return options.find((option) => option.id === id)?.text[lang] ?? id;
}

export const TRUE_FALSE_LABELS = {
  true: { fr: "Vrai", en: "True" },
  false: { fr: "Faux", en: "False" },
} as const;

/** What every question type module provides. */
export type QuestionTypeModule<I extends ConcreteItem, R, P> = {
  /** Strict zod schema of a response to this item (checks option ids against the item). */
  responseSchema(item: I): z.ZodType<R>;
  /** Turns HTML form fields into a raw response for `responseSchema`. */
  fromForm(fields: FormFields): unknown;
  /** Whether the response answers the whole question (e.g. every pair matched). */
  isComplete(item: I, response: R): boolean;
  grade(item: I, response: R): Grade;
  /** A response that gets full marks; null when there is none (poll). */
  correctResponse(item: I): R | null;
  /** Type-specific public fields, with nothing that reveals the answer. */
  publicView(item: I, lang: Lang, seed: number, shuffleChoices: boolean): P;
  /** Human-readable summary of a response. */
  describe(item: I, response: R, lang: Lang): string;
  /** Human-readable correct answer; "" when there is none. */
  describeCorrect(item: I, lang: Lang): string;
  /** Wrong responses the build grades to check they are not given full marks. */
  wrongResponses(item: I): R[];
};

/**
 * Options in an order that says nothing about the key: sorted by id (ids are
 * hashes of the text), whatever order the bank stores them in. Public views
 * shuffle from this order, so the same item with another key looks the same.
 */
export function canonicalOrder<T extends { id: string }>(options: readonly T[]): T[] {
  return options.slice().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
