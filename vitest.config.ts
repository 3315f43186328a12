import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: { TEST_MIGRATIONS: migrations },
          // Empty databases for test/db/migrations.test.ts, migrated step by step by the test.
          d1Databases: { MIGRATION_DB_A: "migration-test-a", MIGRATION_DB_B: "migration-test-b" },
        },
      }),
    ],
    // As wrangler.toml [define]: the routes' documentation-only parts fold away (src/routes/api/openapi-docs.ts).
    define: { OPENAPI_DOCS: "false" },
    // The same zod (zod/mini, English only: src/bundle/zod.ts) and @hono/zod-openapi (its runtime half)
    // as the Worker bundle (wrangler.toml [alias]), so tests run what ships.
    resolve: {
      alias: [
        { find: /^zod$/, replacement: path.join(import.meta.dirname, "src/bundle/zod.ts") },
        { find: /^@hono\/zod-openapi$/, replacement: path.join(import.meta.dirname, "src/bundle/zod-openapi.ts") },
      ],
    },
    test: {
      include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
      exclude: ["test/e2e/**", "test/node/**"],
      setupFiles: ["test/apply-migrations.ts"],
      testTimeout: 30_000,
    },
  };
});
