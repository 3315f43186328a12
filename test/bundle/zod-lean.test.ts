import { describe, expect, it } from "vitest";
import { z as seenByTests } from "zod";
import * as real from "../../node_modules/zod/index.js";
import * as lean from "../../src/bundle/zod.ts";

// What src/bundle/zod.ts leaves out of zod on purpose; anything else zod exports must be there.
const LEFT_OUT = new Set([
  "compile",
  "withParser",
  "INVALID",
  "ZodCompileAsyncError",
  "ZodCompileUnsupportedError",
  "fromJSONSchema",
]);
const LEFT_OUT_OF_CORE = new Set([
  "compile",
  "withParser",
  "INVALID",
  "ZodCompileAsyncError",
  "ZodCompileUnsupportedError",
  "compileFn",
]);

describe("the zod the Worker bundles (wrangler.toml [alias])", () => {
  it("exports everything zod does but the compiler, fromJSONSchema and the unused locales", () => {
    const missing = Object.keys(real).filter((k) => !(k in lean));
    expect(missing.sort()).toEqual([...LEFT_OUT].sort());
    const missingInCore = Object.keys(real.core).filter((k) => !(k in lean.core));
    expect(missingInCore.sort()).toEqual([...LEFT_OUT_OF_CORE].sort());
    expect(Object.keys(lean.locales)).toEqual(["en"]);
    expect(Object.keys(lean.core.locales)).toEqual(["en"]);
    expect(lean.z.string).toBe(real.z.string);
    // vitest.config.ts resolves "zod" the same way, so every test runs the zod that ships.
    expect(Object.keys(seenByTests.locales)).toEqual(["en"]);
  });
});
