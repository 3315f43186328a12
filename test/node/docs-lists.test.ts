import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ITEM_TYPES } from "../../src/quiz/bank-schema.ts";

/** The first column of every Markdown table whose first header is "type", backticks removed. */
function typeColumns(path: string): string[][] {
  const tables: string[][] = [];
  let current: string[] | null = null;
  for (const line of readFileSync(`${import.meta.dirname}/../../${path}`, "utf8").split("\n")) {
    const cells = line.startsWith("|") ? line.split("|").map((c) => c.trim().replaceAll("`", "")) : null;
    if (!cells) {
      current = null;
    } else if (cells[1] === "type") {
      current = [];
      tables.push(current);
    } else if (current && !/^-+$/.test(cells[1] ?? "")) {
      current.push(cells[1] ?? "");
    }
  }
  return tables;
}

describe("the docs list the question types ITEM_TYPES lists", () => {
  it.each(["README.md", "docs/question-bank.md"])("every type table in %s has exactly ITEM_TYPES", (path) => {
    const tables = typeColumns(path);
    expect(tables.length).toBeGreaterThan(0);
    for (const types of tables) {
      // "numeric, parametric" is a variant of numeric, not a type of its own.
      expect([...new Set(types.map((t) => t.split(",")[0]))].sort()).toEqual([...ITEM_TYPES].sort());
    }
  });
});
