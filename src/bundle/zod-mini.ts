// node_modules/zod/v4/mini/external.js, export for export, but for what ./zod.ts leaves out.
// A test (test/bundle/zod-lean.test.ts) checks that it exports every name zod/mini's entry does.

export {
  $brand,
  $input,
  $output,
  clone,
  config,
  flattenError,
  formatError,
  getDiscriminatedOption,
  globalRegistry,
  memoizer,
  NEVER,
  prettifyError,
  regexes,
  registry,
  TimePrecision,
  toZod,
  treeifyError,
  util,
} from "../../node_modules/zod/v4/core/index.js";
export { toJSONSchema } from "../../node_modules/zod/v4/core/json-schema-processors.js";
export * from "../../node_modules/zod/v4/mini/checks.js";
export * as coerce from "../../node_modules/zod/v4/mini/coerce.js";
export { deepPartial } from "../../node_modules/zod/v4/mini/deep-partial.js";
export { input, output } from "../../node_modules/zod/v4/mini/in-out.js";
export * as iso from "../../node_modules/zod/v4/mini/iso.js";
export {
  ZodMiniISODate,
  ZodMiniISODateTime,
  ZodMiniISODuration,
  ZodMiniISOTime,
} from "../../node_modules/zod/v4/mini/iso.js";
export * from "../../node_modules/zod/v4/mini/parse.js";
export * from "../../node_modules/zod/v4/mini/schemas.js";
export * as core from "./zod-core.ts";
export * as locales from "./zod-locales.ts";
