// `npm run openapi`: builds the API's OpenAPI 3.1 document from the routes' zod schemas with
// @hono/zod-openapi itself (src/routes/api loaded through Vite's module runner, with the real
// packages: no alias) and writes public/api/openapi.json, a static asset (wrangler.toml [assets]):
// it is uploaded beside the Worker, not bundled in it, and the Worker answers /api/openapi.json
// with its bytes as they are and renders /api/docs from it (src/routes/api/index.tsx).
// The Worker bundle carries only the routes' validation (src/bundle/zod-openapi.ts says why).
// `--check` writes nothing and exits 1 when the file is not what the routes give.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runnerImport } from "vite";

const root = resolve(import.meta.dirname, "..");
export const DOCUMENT_FILE = join(root, "public/api/openapi.json");
const SHOWN = "public/api/openapi.json";

// What the script needs of src/routes/api/index.tsx (typed here: that module belongs to the
// Worker's tsconfig, with the Workers runtime's types).
type ApiModule = { buildApiDocument(): unknown };

/**
 * The document @hono/zod-openapi generates for the API's routes, as the file stores it and the
 * Worker sends it: `JSON.stringify` without spaces, the bytes `c.json(document)` sent when the
 * document was bundled (about 1.6 KiB less gzipped than indented).
 */
export async function generateOpenApiDocument(): Promise<string> {
  const { module } = await runnerImport<ApiModule>(join(root, "src/routes/api/index.tsx"), {
    root,
    configFile: false,
    logLevel: "error",
    // The routes' documentation-only parts (src/routes/api/openapi-docs.ts); false in the Worker.
    define: { OPENAPI_DOCS: "true" },
  });
  return JSON.stringify(module.buildApiDocument());
}

if (import.meta.main) {
  const generated = await generateOpenApiDocument();
  let stored: string | undefined;
  try {
    stored = readFileSync(DOCUMENT_FILE, "utf8");
  } catch {
    stored = undefined;
  }
  if (process.argv.includes("--check")) {
    if (generated !== stored) {
      console.error(`${SHOWN} is not what the routes give: run \`npm run openapi\`.`);
      process.exit(1);
    }
    console.log(`${SHOWN} matches the routes.`);
  } else if (generated !== stored) {
    writeFileSync(DOCUMENT_FILE, generated);
    console.log(`Wrote ${SHOWN}.`);
  } else {
    console.log(`${SHOWN} is up to date.`);
  }
}
