// What "zod" resolves to in the Worker bundle and the workerd tests (wrangler.toml [alias],
// vitest.config.ts): zod/mini, not zod classic. Classic installs every method (`.optional()`,
// `.min()`, `.toJSONSchema()`, …) on its types, so each schema type keeps its factories and its
// JSON Schema processor alive whatever the app uses; mini's functions tree-shake.
//
// THE RULE for code in src/: tsc sees the real package (classic types: @hono/zod-openapi's
// `createRoute` needs them, and `npm run openapi` builds the document with classic zod, unaliased),
// so write only what zod/mini also has at run time, which builds the same schema in both:
//   - wrappers are functions: z.optional(s), z.nullable(s), z._default(s, v), z.catch(s, v),
//     z.pipe(a, z.transform(fn)), z.array(s), z.union([...]);
//   - constraints are checks: s.check(z.minLength(n), z.maxLength(n), z.regex(re, message),
//     z.trim()), n.check(z.int(), z.gte(a), z.lte(b), z.positive()), s.check(z.refine(fn, message)),
//     s.check(z.superRefine(fn));
//   - objects extend by spreading shapes: z.strictObject({ ...A.shape, b: … });
//   - methods both have: parse, safeParse, parseAsync, safeParseAsync, check, clone, register,
//     brand, apply, and `.openapi(…)` (a no-op here, below).
// A classic-only call (`s.optional()`, `s.min(1)`, `s.extend(…)`, `z.ZodType` as a value)
// typechecks but throws at run time: test/node/zod-mini-api.test.ts (in `npm test`) resolves the
// receiver of every member access in src/ with tsc's checker and fails on any that zod/mini's
// declarations do not have.
//
// What this module is: zod/mini's entry (node_modules/zod/mini/index.js) less what the Worker
// never uses (./zod-mini.ts, ./zod-core.ts): 63 of the 64 locales (the `locales` namespaces hold
// only ./zod-locales.ts), `z.compile` and its helpers (they generate code with `new Function`,
// which Workers refuse). Classic sets English as zod's locale when its first schema is built;
// mini sets none (its messages would all be "Invalid input"), so this module does, and the
// messages stay the same. Classic also installs zod's memoizer, which only acts on recursive
// schemas (a cycle through z.lazy or a getter): the app has none, so mini goes without it.
// The app imports it as `import * as z from "zod"` and never holds the `z` export as a value (a
// test checks), so esbuild keeps only the schemas and checks it uses.
// Types still come from the real package (tsc does not see the alias); test/bundle/zod-lean.test.ts
// checks that tests get this module.
import en from "../../node_modules/zod/v4/locales/en.js";
import * as z from "./zod-mini.ts";

z.config(en());

// Schemas keep their `.openapi(...)` calls (typed by @hono/zod-openapi's extension of classic
// zod); at run time the metadata has no reader (the document is built by `npm run openapi`, see
// ./zod-openapi.ts), so the method returns the schema itself. A member of ZodMiniType's prototype
// is bound onto every mini schema when it is built.
const prototype = z.ZodMiniType.prototype as { openapi?: unknown };
prototype.openapi ??= function openapi(this: z.ZodMiniType) {
  return this;
};

export * from "./zod-mini.ts";
export { z, z as default };
