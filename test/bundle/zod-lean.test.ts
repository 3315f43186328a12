/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import * as seenByTests from "zod";
import * as classic from "../../node_modules/zod/index.js";
import * as mini from "../../node_modules/zod/mini/index.js";
import * as lean from "../../src/bundle/zod.ts";

// What src/bundle/zod.ts leaves out of zod/mini on purpose; anything else zod/mini exports must be there.
const LEFT_OUT = ["INVALID", "ZodCompileAsyncError", "ZodCompileUnsupportedError", "compile", "withParser"];
const LEFT_OUT_OF_CORE = [...LEFT_OUT, "compileFn"];

const CONFIGS = import.meta.glob<string>(["../../wrangler.toml", "../../vitest.config.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("the zod the Worker bundles (wrangler.toml [alias]) and the tests run", () => {
  it("is zod/mini, as the Worker's alias and the tests' say", () => {
    expect(CONFIGS["../../wrangler.toml"]).toMatch(/^"zod" = "\.\/src\/bundle\/zod\.ts"$/m);
    expect(CONFIGS["../../vitest.config.ts"]).toMatch(/find: \/\^zod\$\/, replacement: [^\n]*"src\/bundle\/zod\.ts"/);
    // vitest.config.ts resolves "zod" to the same module, so every test runs the zod that ships.
    expect(seenByTests.string).toBe(lean.string);
    expect(lean.string).toBe(mini.string);
    expect(lean.object).toBe(mini.object);
    expect(lean.coerce.number).toBe(mini.coerce.number);
    // A schema the app (or a test) builds is a zod/mini schema: none of classic's methods.
    const schema = seenByTests.string() as unknown as Record<string, unknown>;
    expect(schema).toBeInstanceOf(mini.ZodMiniString);
    expect(schema).not.toBeInstanceOf(classic.ZodString);
    for (const method of ["optional", "min", "max", "trim", "refine", "transform", "toJSONSchema"]) {
      expect(schema[method]).toBeUndefined();
    }
  });

  it("exports everything zod/mini does but the compiler, with the English locale only", () => {
    expect(
      Object.keys(mini)
        .filter((k) => !(k in lean))
        .sort(),
    ).toEqual(LEFT_OUT.sort());
    expect(
      Object.keys(mini.core)
        .filter((k) => !(k in lean.core))
        .sort(),
    ).toEqual(LEFT_OUT_OF_CORE.sort());
    expect(Object.keys(lean.locales)).toEqual(["en"]);
    expect(Object.keys(lean.core.locales)).toEqual(["en"]);
    expect(Object.keys(seenByTests.locales)).toEqual(["en"]);
  });

  it("gives classic zod's messages (English, set by src/bundle/zod.ts: zod/mini sets no locale)", () => {
    type Z = typeof lean;
    // The same schemas built with each zod, through the API both have.
    const build = (z: Z) => ({
      text: z.string().check(z.trim(), z.minLength(2), z.maxLength(4), z.regex(/^[a-z]+$/)),
      count: z.number().check(z.int(), z.gte(1), z.lte(9)),
      list: z.array(z.string()).check(z.minLength(1), z.maxLength(2)),
      kind: z.enum(["a", "b"]),
      strict: z.strictObject({ a: z.optional(z.string()) }),
      choice: z.discriminatedUnion("type", [
        z.strictObject({ type: z.literal("x") }),
        z.strictObject({ type: z.literal("y") }),
      ]),
      either: z.union([z.string(), z.number()]),
      cap: z.coerce.number().check(z.int(), z.positive()),
    });
    const inputs: Record<string, unknown[]> = {
      text: [1, " a ", "abcdef", "ABC", undefined],
      count: ["1", 1.5, 0, 10, Number.NaN, Number.POSITIVE_INFINITY],
      list: [[], ["a", "b", "c"], [1], "a"],
      kind: ["c", 1],
      strict: [{ b: 1 }, { a: 1 }, null],
      choice: [{ type: "z" }, {}, { type: "x", more: 1 }],
      either: [true],
      cap: ["abc", "2.5", "0"],
    };
    const messages = (z: Z) => {
      const schemas = build(z);
      return Object.entries(inputs).flatMap(([name, values]) =>
        values.flatMap((value) => {
          const result = schemas[name as keyof typeof schemas].safeParse(value);
          return result.success ? [] : result.error.issues.map((i) => `${name} ${i.path.join(".")}: ${i.message}`);
        }),
      );
    };
    const fromMini = messages(seenByTests as unknown as Z);
    expect(fromMini).toEqual(messages(classic as unknown as Z));
    expect(fromMini.length).toBeGreaterThan(20);
    expect(fromMini).toContain("text : Invalid input: expected string, received number");
    expect(fromMini).toContain('strict : Unrecognized key: "b"');
  });

  it("gives every schema the `.openapi(…)` that returns the schema itself", () => {
    const schema = seenByTests.optional(seenByTests.string());
    expect((schema as unknown as { openapi(meta: unknown): unknown }).openapi({ example: "x" })).toBe(schema);
  });
});
