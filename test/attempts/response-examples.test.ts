/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import stored from "../../public/api/openapi.json?raw";
import {
  BANK,
  type ConcreteItem,
  getConcreteItem,
  ITEM_TYPES,
  type ItemType,
  parseResponse,
  publicQuestion,
} from "../../src/quiz/index.ts";
import { describeResponses, RESPONSE_EXAMPLES } from "../../src/routes/api/schemas.ts";

// The Answer body's description says what a response to each question type looks like. It is
// written from RESPONSE_EXAMPLES; here each example, with a real question's ids in place of its
// placeholders, goes through the same parseResponse as POST /api/attempts/{id}/answers/{questionId}:
// a type module that renames a field or changes a value's kind makes its example fail.

/** Every bank item of a type, as an attempt shows it (parametric items with their numbers drawn). */
function itemsOf(type: ItemType): ConcreteItem[] {
  return BANK.items
    .filter((item) => item.type === type)
    .map((item) => getConcreteItem(item.id, 7))
    .filter((item) => item !== undefined);
}

/** The example with each placeholder replaced by the first id the question shows in that list. */
function withIdsOf(example: unknown, item: ConcreteItem): unknown {
  const shown = publicQuestion(item, "en", 7) as Partial<
    Record<"choices" | "items" | "left" | "right", { id: string }[]>
  >;
  const ids: Record<string, string | undefined> = {
    "<choice id>": shown.choices?.[0]?.id,
    "<item id>": shown.items?.[0]?.id,
    "<left id>": shown.left?.[0]?.id,
    "<right id>": shown.right?.[0]?.id,
  };
  const swap = (value: unknown): unknown => {
    if (typeof value === "string") return ids[value] ?? value;
    if (Array.isArray(value)) return value.map(swap);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, entry]) => [swap(key), swap(entry)]));
    }
    return value;
  };
  return swap(example);
}

const DOCUMENT = JSON.parse(stored) as {
  components: { schemas: { Answer: { properties: { response: { description: string } } } } };
};

describe("the Answer body's description of each question type's response", () => {
  it.each(ITEM_TYPES)("%s: its example is a response its module takes, on every item of the type", (type) => {
    const items = itemsOf(type);
    expect(items.length, `no ${type} item in the bank`).toBeGreaterThan(0);
    for (const item of items) {
      const parsed = parseResponse(item, withIdsOf(RESPONSE_EXAMPLES[type], item));
      expect(parsed, `${item.id}: ${JSON.stringify(RESPONSE_EXAMPLES[type])}`).toMatchObject({ success: true });
    }
  });

  it.each(ITEM_TYPES)("%s: no other type with a different shape takes its example", (type) => {
    const shape = JSON.stringify(RESPONSE_EXAMPLES[type]);
    for (const other of ITEM_TYPES.filter((t) => JSON.stringify(RESPONSE_EXAMPLES[t]) !== shape)) {
      const [item] = itemsOf(other);
      if (!item) throw new Error(`no ${other} item in the bank`);
      expect(
        parseResponse(item, withIdsOf(RESPONSE_EXAMPLES[type], item)).success,
        `${type}'s example as ${other}`,
      ).toBe(false);
    }
  });

  it("names every type once, with its example, and is what the served document says", () => {
    const description = describeResponses();
    for (const type of ITEM_TYPES) {
      expect(description.match(new RegExp(`(^|[ :,])${type}[ ,]`, "g")), type).toHaveLength(1);
    }
    expect(description).toContain('single-choice and poll {"choice": "<choice id>"}');
    expect(description).toContain('matching {"pairs": {"<left id>": "<right id>"}}');
    expect(description).toContain('numeric {"value": "1/10"}');
    expect(DOCUMENT.components.schemas.Answer.properties.response.description).toBe(description);
  });
});
