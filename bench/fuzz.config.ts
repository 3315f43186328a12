import path from "node:path";
import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";
import baseConfig from "../vitest.config.ts";

/**
 * `npm run fuzz`: the property tests of test/fuzz, in workerd against real D1 like `npm test`,
 * with FUZZ_RUNS cases per endpoint (1,000 unless set).
 */
export default defineConfig(async (configEnv) => {
  const base = (typeof baseConfig === "function" ? await baseConfig(configEnv) : await baseConfig) as ViteUserConfig;
  const runs = Number(process.env.FUZZ_RUNS ?? 1_000);
  return mergeConfig(base, {
    root: path.resolve(import.meta.dirname, ".."),
    test: {
      provide: { fuzzRuns: Number.isInteger(runs) && runs > 0 ? runs : 1_000 },
      testTimeout: 900_000,
    },
  });
});
