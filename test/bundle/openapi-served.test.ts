/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import stored from "../../src/routes/api/openapi.json";
import { request } from "../helpers.ts";

// The Worker (and these tests) resolve "@hono/zod-openapi" to src/bundle/zod-openapi.ts, which
// validates but generates no document: /api/openapi.json is src/routes/api/openapi.json, and
// test/node/openapi-document.test.ts checks that file against what the routes give.
describe("/api/openapi.json in the Worker", () => {
  it("is the generated document, byte for byte as JSON.stringify writes it", async () => {
    const res = await request("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.text()) === JSON.stringify(stored)).toBe(true);
  });

  it("/api/docs lists every operation of that document", async () => {
    const html = await (await request("/api/docs")).text();
    for (const [path, item] of Object.entries(stored.paths)) {
      for (const method of Object.keys(item)) expect(html).toContain(`${method.toUpperCase()} ${path}`);
    }
  });
});

// zod stays tree-shaken only while no module holds its namespace as a value: `import { z } from
// "zod"` (or from "@hono/zod-openapi") makes esbuild keep every schema and check zod has (about
// 10 KB gzipped more). `import * as z from "zod"` lets it keep only what is used.
const SOURCES = import.meta.glob<string>(["../../src/**/*.ts", "../../src/**/*.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
});

describe("imports of zod in src/", () => {
  it("take zod as `import * as z`, never as the `z` value", () => {
    const offenders = Object.entries(SOURCES)
      .filter(([, text]) =>
        /import\s+(?!type\b)[^;]*\{[^}]*\bz\b[^}]*\}\s*from\s*["'](zod|@hono\/zod-openapi)["']/.test(text),
      )
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
