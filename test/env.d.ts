import type { D1Migration } from "@cloudflare/vitest-plugin";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      MIGRATION_DB_A: D1Database;
      MIGRATION_DB_B: D1Database;
    }
  }
}
