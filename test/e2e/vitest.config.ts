import { defineConfig } from "vitest/config";

/** Browser tests: Node drives Debian's Chromium against `wrangler dev` (see global-setup.ts). */
export default defineConfig({
  test: {
    root: new URL("../..", import.meta.url).pathname,
    include: ["test/e2e/**/*.e2e.ts"],
    environment: "node",
    globalSetup: ["test/e2e/global-setup.ts"],
    // Two cores: one Worker, one browser, files one after another.
    fileParallelism: false,
    // The walks through the 87-question quiz take about a minute on two cores.
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
