import { defineConfig } from "vitest/config";

/**
 * Tests that need Node rather than workerd: the exports read back by importers written by
 * others (gift-pegjs, fast-xml-parser, fflate's unzip), which are CommonJS or Node packages.
 */
export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
