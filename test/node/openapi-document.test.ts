import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OpenAPIHono as RealOpenAPIHono, createRoute as realCreateRoute } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { generateOpenApiDocument } from "../../scripts/openapi.ts";
import { OpenAPIHono as LeanOpenAPIHono, createRoute as leanCreateRoute } from "../../src/bundle/zod-openapi.ts";

// Node, not workerd: here "@hono/zod-openapi" and "zod" are the real packages (no alias), as in
// `npm run openapi`; the Worker and the workerd tests get src/bundle/zod-openapi.ts instead.
const STORED = readFileSync(join(import.meta.dirname, "../../public/api/openapi.json"), "utf8");

describe("the OpenAPI document the Worker serves (public/api/openapi.json, a static asset)", () => {
  it("is, byte for byte, what @hono/zod-openapi generates from the routes' schemas", async () => {
    // The routes load through Vite's module runner, as `npm run openapi` does (this tsconfig has
    // no Workers types for src/).
    const generated = await generateOpenApiDocument();
    expect(generated === STORED, "run `npm run openapi` after changing a route").toBe(true);
  });
});

describe("src/bundle/zod-openapi.ts validates as @hono/zod-openapi does", () => {
  const Body = z.strictObject({ name: z.string().min(1), count: z.number().int().optional() });
  const Form = z.object({ name: z.string().min(1) });
  const routes = (create: typeof realCreateRoute) => [
    create({
      method: "post",
      path: "/things/{id}",
      request: {
        params: z.object({ id: z.string().regex(/^[a-z]+$/) }),
        query: z.object({ lang: z.enum(["fr", "en"]).optional() }),
        headers: z.object({ "X-Mode": z.enum(["a", "b"]).optional() }),
        body: { required: true, content: { "application/json": { schema: Body } } },
      },
      responses: { 200: { description: "ok" } },
    }),
    create({
      method: "put",
      path: "/optional",
      request: {
        body: {
          content: {
            "application/json": { schema: Body },
            "application/x-www-form-urlencoded": { schema: Form },
          },
        },
      },
      responses: { 200: { description: "ok" } },
    }),
    create({
      method: "get",
      path: "/cookie",
      request: { cookies: z.object({ session: z.string().length(4) }) },
      responses: { 200: { description: "ok" } },
    }),
  ];
  // The project's hook shape: a failed validation answers 422 with the issues and the target.
  const hook = (result: { success: boolean; target: string; error?: { issues: unknown } }) =>
    result.success
      ? undefined
      : Response.json({ target: result.target, issues: result.error?.issues }, { status: 422 });
  // biome-ignore lint/suspicious/noExplicitAny: both classes take the same route objects
  function build(App: any, create: any) {
    const app = new App({ defaultHook: hook });
    // biome-ignore lint/suspicious/noExplicitAny: the validated inputs, echoed back
    const echo = (c: any) =>
      c.json({
        param: c.req.valid("param"),
        query: c.req.valid("query"),
        header: c.req.valid("header"),
        json: c.req.valid("json"),
        form: c.req.valid("form"),
        cookie: c.req.valid("cookie"),
      });
    for (const route of routes(create)) app.openapi(route, echo);
    const root = new App().basePath("/api");
    root.route("/", app);
    root.onError(
      (err: { status?: number; message: string }) => new Response(err.message, { status: err.status ?? 500 }),
    );
    return root;
  }
  const real = build(RealOpenAPIHono, realCreateRoute);
  const lean = build(LeanOpenAPIHono, leanCreateRoute);

  const json = { "content-type": "application/json" };
  const cases: [string, RequestInit][] = [
    [
      "/api/things/abc?lang=fr",
      { method: "POST", headers: { ...json, "x-mode": "a" }, body: '{"name":"x","count":2}' },
    ],
    ["/api/things/abc", { method: "POST", headers: json, body: '{"name":""}' }],
    ["/api/things/abc", { method: "POST", headers: json, body: '{"name":"x","extra":1}' }],
    ["/api/things/abc", { method: "POST", headers: json, body: "not json" }],
    ["/api/things/ABC", { method: "POST", headers: json, body: '{"name":"x"}' }],
    ["/api/things/abc?lang=de", { method: "POST", headers: json, body: '{"name":"x"}' }],
    ["/api/things/abc", { method: "POST", headers: { ...json, "x-mode": "c" }, body: '{"name":"x"}' }],
    ["/api/things/abc", { method: "POST", headers: { "content-type": "text/plain" }, body: '{"name":"x"}' }],
    ["/api/things/abc", { method: "POST", body: '{"name":"x"}' }],
    ["/api/things/abc", { method: "POST" }],
    ["/api/things/abc", { method: "POST", headers: { "content-type": "application/problem+json" }, body: "{}" }],
    ["/api/optional", { method: "PUT" }],
    ["/api/optional", { method: "PUT", headers: json, body: '{"name":"y"}' }],
    [
      "/api/optional",
      { method: "PUT", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=z" },
    ],
    [
      "/api/optional",
      { method: "PUT", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "name=" },
    ],
    ["/api/optional", { method: "PUT", headers: { "content-type": "text/csv" }, body: "a,b" }],
    ["/api/optional", { method: "PUT", body: "a,b" }],
    ["/api/cookie", { headers: { cookie: "session=abcd" } }],
    ["/api/cookie", { headers: { cookie: "session=abc" } }],
    ["/api/cookie", {}],
    ["/api/things/abc", { method: "GET" }],
  ];

  it.each(cases)("%s %o: same status, headers and body", async (path, init) => {
    const [a, b] = await Promise.all([real.request(path, init), lean.request(path, init)]);
    expect({ status: b.status, type: b.headers.get("content-type"), body: await b.text() }).toEqual({
      status: a.status,
      type: a.headers.get("content-type"),
      body: await a.text(),
    });
  });

  it("the cases reach every outcome: accepted, refused by the hook, malformed JSON, 415, not found", async () => {
    const statuses = await Promise.all(cases.map(async ([path, init]) => (await real.request(path, init)).status));
    expect(new Set(statuses)).toEqual(new Set([200, 422, 400, 415, 404]));
  });
});
