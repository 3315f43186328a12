import type { ConcreteItem, Item, NumericItem } from "./bank-schema.ts";
import { fillTemplate } from "./format.ts";
import { createRng, deriveSeed } from "./random.ts";

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Draws the parameters of a parametric numeric item from (seed, item id). */
export function drawValues(item: NumericItem, seed: number): Record<string, number> {
  const random = createRng(deriveSeed(seed, item.id));
  const values: Record<string, number> = {};
  for (const name of Object.keys(item.parametric?.params ?? {}).sort()) {
    const range = item.parametric?.params[name];
    if (!range) continue;
    const steps = Math.floor((range.max - range.min) / range.step + 1e-9);
    values[name] = round(range.min + Math.floor(random() * (steps + 1)) * range.step);
  }
  return values;
}

/**
 * Resolves a parametric item to concrete numbers, deterministically from
 * (seed, item.id): the same attempt seed always shows the same numbers.
 * Non-parametric items are returned unchanged.
 */
export function instantiate(item: Item, seed: number): ConcreteItem {
  if (item.type !== "numeric") return item;
  if (!item.parametric) {
    if (item.answer === undefined) throw new Error(`item ${item.id}: numeric item without answer or parameters`);
    return { ...item, answer: item.answer };
  }
  const { parametric } = item;
  const values = drawValues(item, seed);
  const base = values[parametric.answer.param] ?? Number.NaN;
  const answer = round(parametric.answer.factor * base);
  const all = { ...values, answer };
  return {
    ...item,
    prompt: { fr: fillTemplate(item.prompt.fr, all, "fr"), en: fillTemplate(item.prompt.en, all, "en") },
    explanation: {
      fr: fillTemplate(item.explanation.fr, all, "fr"),
      en: fillTemplate(item.explanation.en, all, "en"),
    },
    answer,
    values,
    traps: [...item.traps, ...parametric.trapFactors.map((factor) => round(factor * base))],
  };
}
