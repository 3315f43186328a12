import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, inject, test } from "vitest";
import { ROOT } from "../../scripts/dev-server.ts";

// The OpenAPI document is a static asset (wrangler.toml [assets]: public/, run_worker_first), not
// part of the Worker bundle. Here `wrangler dev`, with the asset routing a deployment has, serves
// it: the Worker answers (its headers), with the file's bytes.
const BASE = inject("baseUrl");
const FILE = readFileSync(path.join(ROOT, "public/api/openapi.json"), "utf8");

describe("/api/openapi.json from `wrangler dev`", () => {
  test("is public/api/openapi.json byte for byte, with the API's headers", async () => {
    const res = await fetch(`${BASE}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect((await res.text()) === FILE).toBe(true);
    // The Worker answered, not the asset router on its own: the app's request id and policies.
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-cache");

    const etag = res.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const again = await fetch(`${BASE}/api/openapi.json`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  test("paths beside the document stay the Worker's 404 problems (no asset fallback)", async () => {
    for (const missing of ["/api/openapi", "/api/", "/api/openapi.json/x"]) {
      const res = await fetch(`${BASE}${missing}`);
      expect(res.status, missing).toBe(404);
      expect(res.headers.get("content-type"), missing).toMatch(/^application\/problem\+json/);
    }
  });

  test("/api/docs is rendered from it, with the page's nonce", async () => {
    const res = await fetch(`${BASE}/api/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const doc = JSON.parse(FILE) as { paths: Record<string, Record<string, unknown>> };
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) expect(html).toContain(`${method.toUpperCase()} ${route}`);
    }
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    // 128 random bits in base64, as src/http/security.ts makes it.
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(html).toContain(`nonce="${nonce}"`);
  });
});
