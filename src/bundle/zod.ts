// What "zod" resolves to in the Worker bundle (wrangler.toml [alias]): zod's
// own entry (node_modules/zod/index.js) less what the Worker never uses (./zod-classic.ts,
// ./zod-core.ts): 63 of the 64 locales (the `locales` namespaces hold only ./zod-locales.ts;
// about 360 KiB), `z.compile` and its helpers (they generate code with `new Function`, which
// Workers refuse; about 60 KiB) and `z.fromJSONSchema` (building schemas from JSON Schema).
// The app imports it as `import * as z from "zod"` and never holds the `z` export as a value (a
// test checks), so esbuild keeps only the schemas and checks it uses; the real @hono/zod-openapi,
// which hands `z` to zod-to-openapi, is replaced in the Worker (./zod-openapi.ts).
// Types still come from the real package (tsc does not see the alias).
import * as z from "./zod-classic.ts";

export * from "./zod-classic.ts";
export { z, z as default };
