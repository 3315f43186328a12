// `npm run openapi`: builds the API's OpenAPI 3.1 document from the routes' zod schemas with
// @hono/zod-openapi itself (src/routes/api loaded through Vite's module runner, with the real
// packages: no alias) and writes src/routes/api/openapi.json, which the Worker serves as it is.
// The Worker bundle carries only the routes' validation (src/bundle/zod-openapi.ts says why).
// `--check` writes nothing and exits 1 when the file is not what the routes give.
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runnerImport } from "vite";

const root = resolve(import.meta.dirname, "..");
export const DOCUMENT_FILE = join(root, "src/routes/api/openapi.json");

// What the script needs of src/routes/api/index.tsx (typed here: that module belongs to the
// Worker's tsconfig, with the Workers runtime's types).
type ApiModule = { buildApiDocument(): unknown };

/** The document @hono/zod-openapi generates for the API's routes, as the file stores it. */
export async function generateOpenApiDocument(): Promise<string> {
  const { module } = await runnerImport<ApiModule>(join(root, "src/routes/api/index.tsx"), {
    root,
    configFile: false,
    logLevel: "error",
  });
  return `${JSON.stringify(module.buildApiDocument(), null, 2)}\n`;
}

if (import.meta.main) {
  const generated = await generateOpenApiDocument();
  const stored = readFileSync(DOCUMENT_FILE, "utf8");
  if (process.argv.includes("--check")) {
    if (generated !== stored) {
      console.error("src/routes/api/openapi.json is not what the routes give: run `npm run openapi`.");
      process.exit(1);
    }
    console.log("src/routes/api/openapi.json matches the routes.");
  } else if (generated !== stored) {
    writeFileSync(DOCUMENT_FILE, generated);
    console.log("Wrote src/routes/api/openapi.json.");
  } else {
    console.log("src/routes/api/openapi.json is up to date.");
  }
}
