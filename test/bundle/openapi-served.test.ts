/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import stored from "../../public/api/openapi.json?raw";
import { request } from "../helpers.ts";

// The Worker (and these tests) resolve "@hono/zod-openapi" to src/bundle/zod-openapi.ts, which
// validates but generates no document: /api/openapi.json is public/api/openapi.json, a static
// asset the Worker reads through its ASSETS binding (wrangler.toml [assets], the same local asset
// server as `wrangler dev`), and test/node/openapi-document.test.ts checks that file against what
// the routes give. test/e2e/openapi.e2e.ts asks `wrangler dev` itself.
const DOCUMENT = JSON.parse(stored) as { paths: Record<string, Record<string, unknown>> };

/** Headers that differ on every response (a fresh nonce and request id). */
const PER_REQUEST = new Set(["content-security-policy", "x-request-id"]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("/api/openapi.json in the Worker", () => {
  it("is the file the assets hold, byte for byte, as JSON", async () => {
    const res = await request("/api/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect((await res.text()) === stored).toBe(true);
  });

  it("carries the API's security headers, as every other API response does", async () => {
    const [doc, health] = await Promise.all([request("/api/openapi.json"), request("/api/health")]);
    await Promise.all([doc.text(), health.text()]);
    const security = [...health.headers.keys()].filter(
      (name) => !["content-type", "content-length", "cache-control", "x-d1-bookmark"].includes(name),
    );
    expect(security).toEqual(
      expect.arrayContaining([
        "content-security-policy",
        "strict-transport-security",
        "x-content-type-options",
        "referrer-policy",
        "x-frame-options",
        "cross-origin-resource-policy",
        "x-request-id",
      ]),
    );
    for (const name of security) {
      if (PER_REQUEST.has(name)) {
        // Fresh for each response: present, and not the other response's value.
        expect(doc.headers.get(name), name).toMatch(name === "x-request-id" ? UUID : /'nonce-[A-Za-z0-9+/]{22}=='/);
        expect(doc.headers.get(name), name).not.toBe(health.headers.get(name));
      } else expect(doc.headers.get(name), name).toBe(health.headers.get(name));
    }
    const csp = doc.headers.get("content-security-policy") ?? "";
    expect(csp.replace(/'nonce-[^']+'/g, "'nonce'")).toBe(
      (health.headers.get("content-security-policy") ?? "").replace(/'nonce-[^']+'/g, "'nonce'"),
    );
    // Same origin only, as before: no CORS header invites other sites to read it.
    expect(doc.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("can be revalidated: its ETag answers a conditional GET with 304 and no body", async () => {
    const first = await request("/api/openapi.json");
    await first.text();
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(first.headers.get("cache-control")).toBe("no-cache");
    const again = await request("/api/openapi.json", { headers: { "if-none-match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("x-content-type-options")).toBe("nosniff");
    // RFC 9110 13.1.2: weak comparison, a list of tags, and "*" (any current representation).
    for (const matching of [`W/${etag}`, `"not-this-one", ${etag}`, "*"]) {
      const res = await request("/api/openapi.json", { headers: { "if-none-match": matching } });
      expect(res.status, matching).toBe(304);
      expect(await res.text()).toBe("");
    }
    for (const other of ['"not-this-one"', (etag ?? "").replaceAll('"', "")]) {
      const res = await request("/api/openapi.json", { headers: { "if-none-match": other } });
      expect(res.status, other).toBe(200);
      expect((await res.text()) === stored).toBe(true);
    }
  });

  it("answers HEAD with the GET's status and type and no body; other methods are 405", async () => {
    const head = await request("/api/openapi.json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/json");
    expect(await head.text()).toBe("");
    const post = await request("/api/openapi.json", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toContain("GET");
  });

  it("/api/docs lists every operation of that document", async () => {
    const res = await request("/api/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const [path, item] of Object.entries(DOCUMENT.paths)) {
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

describe("the OpenAPI document stays out of the Worker bundle", () => {
  it("no module of src/ imports a JSON file from public/ (the assets are uploaded beside it)", () => {
    const offenders = Object.entries(SOURCES)
      .filter(([, text]) => /from\s*["'][^"']*(public\/|openapi\.json)[^"']*["']/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
