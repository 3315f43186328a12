import { describe, expect, it } from "vitest";
import { problemOf, request, sendJson } from "../helpers.ts";

const expectProblem = async (res: Response, status: number, slug: string) => {
  const body = await problemOf(res, status);
  expect(body).toMatchObject({ type: `/problems/${slug}`, status });
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/at .*\.(ts|js):\d+|SELECT |Error:/);
  return body;
};

describe("GET /api/health", () => {
  it("answers 200 after a D1 round trip", async () => {
    const res = await request("/api/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 with Retry-After when D1 fails", async () => {
    // Fault injection: a D1 binding whose every query fails as an unreachable database does.
    const unreachable = {
      withSession: () => ({
        prepare: () => ({
          first: () => Promise.reject(new Error("D1_ERROR: Network connection lost.")),
        }),
        getBookmark: () => null,
      }),
    } as unknown as D1Database;
    const res = await request("/api/health", {}, { DB: unreachable });
    const body = await expectProblem(res, 503, "database-unavailable");
    expect(res.headers.get("retry-after")).toBe("5");
    expect(body.detail).not.toContain("Network connection lost");
  });
});

describe("anything unexpected is a generic 500 with a request id", () => {
  // Fault injection: a binding that fails with a programming error, not a database outage.
  const broken = {
    withSession: () => {
      throw new TypeError("SELECT secret FROM x at src/db/x.ts:12");
    },
  } as unknown as D1Database;

  it("under /api: problem+json, no stack, no SQL, the request id to quote", async () => {
    const res = await request("/api/health", {}, { DB: broken });
    const body = await expectProblem(res, 500, "internal-error");
    expect(body.requestId).toBe(res.headers.get("x-request-id"));
    expect(String(body.detail)).toContain(String(body.requestId));
    expect(JSON.stringify(body)).not.toMatch(/secret|TypeError|x\.ts/);
  });

  it("on a page: a friendly 500 page with the reference, no details", async () => {
    const res = await request("/progress", {}, { DB: broken });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(res.headers.get("x-request-id") ?? "missing");
    expect(html).not.toMatch(/secret|TypeError|x\.ts/);
  });
});

describe("API errors are RFC 9457 problems", () => {
  it("unknown route: 404", async () => {
    await expectProblem(await request("/api/nothing-here"), 404, "not-found");
  });

  it("wrong method: 405 with Allow", async () => {
    const res = await request("/api/health", { method: "DELETE" });
    await expectProblem(res, 405, "method-not-allowed");
    expect(res.headers.get("allow")).toContain("GET");
  });

  it("non-JSON body: 415", async () => {
    const res = await request("/api/health", { method: "POST", headers: { "content-type": "text/plain" }, body: "hi" });
    await expectProblem(res, 415, "unsupported-media-type");
  });

  it("body over the limit: 413", async () => {
    const res = await sendJson("/api/health", "POST", { blob: "x".repeat(70 * 1024) });
    await expectProblem(res, 413, "payload-too-large");
  });

  it("problem types resolve to a page", async () => {
    const res = await request("/problems/validation-error");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Validation error");
  });
});

describe("pages get friendly error pages", () => {
  it("unknown page: 404 HTML with a way home", async () => {
    const res = await request("/no-such-page", { headers: { accept: "text/html" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('href="/"');
    expect(html).not.toMatch(/at \S+ \(|\.ts:\d+/);
  });

  it("cross-site form post: 403 page, nothing done", async () => {
    const res = await request("/problems/not-found", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "a=1",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toContain("text/html");
  });
});

describe("security headers on every response", () => {
  it.each(["/api/health", "/api/nothing", "/api/docs", "/problems/conflict"])("%s", async (path) => {
    const res = await request(path);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain("unsafe-inline");
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("strict-transport-security") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(31536000);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("each page's inline style carries the CSP nonce", async () => {
    const res = await request("/api/docs");
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(await res.text()).toContain(`<style nonce="${nonce}">`);
  });
});

describe("D1 sessions", () => {
  it("returns a bookmark and accepts it back", async () => {
    const first = await request("/api/health");
    const bookmark = first.headers.get("x-d1-bookmark");
    expect(bookmark).toMatch(/^[0-9A-Za-z_-]+$/);
    const second = await request("/api/health", { headers: { "x-d1-bookmark": bookmark ?? "" } });
    expect(second.status).toBe(200);
  });

  it("ignores a malformed bookmark instead of failing", async () => {
    const res = await request("/api/health", { headers: { "x-d1-bookmark": "'; DROP TABLE x; --" } });
    expect(res.status).toBe(200);
  });
});

describe("OpenAPI", () => {
  it("serves an OpenAPI 3.1 document listing the routes", async () => {
    const res = await request("/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/health");
  });
});
