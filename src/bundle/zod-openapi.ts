// What `@hono/zod-openapi` resolves to in the Worker bundle (wrangler.toml [alias], and
// vitest.config.ts): its runtime half only. Each `app.openapi(route, handler)` registers the same
// zod validators, in the same order, with the same hooks and media-type gate as @hono/zod-openapi
// 1.6.3 (node_modules/@hono/zod-openapi/dist/index.mjs), through @hono/zod-validator as it does.
// What it leaves out is the document: the real package calls `extendZodWithOpenApi(z)` with the
// whole `z` namespace as a value, which keeps every member of zod in the bundle, and carries
// zod-to-openapi and zod's JSON Schema generator to build at run time a document that never
// changes between deploys. `npm run openapi` builds it with the real package from the same routes
// (scripts/openapi.ts) into public/api/openapi.json, a static asset the API serves;
// test/node/openapi-document.test.ts fails when the two differ. Types still come from the real
// package (tsc does not see the alias).
import { zValidator } from "@hono/zod-validator";
import type { Env, MiddlewareHandler } from "hono";
import type { HonoOptions } from "hono/hono-base";
import { HTTPException } from "hono/http-exception";
import { Hono } from "hono/tiny";
import * as z from "zod";

type Schema = z.ZodType;
type Hook = Parameters<typeof zValidator>[2];
type MediaTypes = Record<string, { schema?: unknown } | undefined>;
type RouteConfig = {
  method: string;
  path: string;
  hide?: boolean;
  middleware?: MiddlewareHandler | MiddlewareHandler[];
  request?: {
    query?: Schema;
    params?: Schema;
    headers?: Schema;
    cookies?: Schema;
    body?: { required?: boolean; content?: MediaTypes };
  };
  [key: string]: unknown;
};

// Schemas keep their `.openapi(...)` calls: "zod" (./zod.ts, zod/mini) makes the method return the
// schema itself (zod-to-openapi returns a copy carrying the metadata: same definition, so the same
// parse).
export { z };

const isZod = (x: unknown): x is Schema =>
  typeof x === "object" &&
  x !== null &&
  ["parse", "safeParse", "parseAsync", "safeParseAsync"].every(
    (m) => typeof (x as Record<string, unknown>)[m] === "function",
  );
const isJSONContentType = (contentType: string) => /^application\/([a-z-.]+\+)?json/i.test(contentType);
const isFormContentType = (contentType: string) => {
  const lower = contentType.toLowerCase();
  return lower.startsWith("multipart/form-data") || lower.startsWith("application/x-www-form-urlencoded");
};
const jsonRequest = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const multipartRequest = /^multipart\/form-data(;\s?boundary=[a-zA-Z0-9'"()+_,\-./:=?]+)?$/i;
const urlencodedRequest = /^application\/x-www-form-urlencoded(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

function matchesMediaType(contentType: string, mediaType: string): boolean {
  if (mediaType === "*/*") return true;
  if (isJSONContentType(mediaType)) return jsonRequest.test(contentType);
  if (isFormContentType(mediaType)) return multipartRequest.test(contentType) || urlencodedRequest.test(contentType);
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  if (mediaType.endsWith("/*")) return essence.startsWith(mediaType.slice(0, -1).toLowerCase());
  return essence === mediaType.toLowerCase();
}

async function hasRequestBody(raw: Request, arrayBuffer: () => Promise<ArrayBuffer>): Promise<boolean> {
  if (raw.body === null) return false;
  if (raw.bodyUsed) return (await arrayBuffer()).byteLength > 0;
  const body = raw.clone().body;
  if (body === null) return false;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      if (value.byteLength > 0) return true;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

/** `createRoute` as in @hono/zod-openapi: the config, plus a hidden `getRoutingPath()`. */
export const createRoute = <R extends RouteConfig>(routeConfig: R) =>
  Object.defineProperty({ ...routeConfig }, "getRoutingPath", {
    value: () => routeConfig.path.replaceAll(/\/{(.+?)}/g, "/:$1"),
    enumerable: false,
  }) as R & { getRoutingPath(): string };

/** A Hono app whose `openapi(route, handler)` validates the route's declared inputs with zod. */
export class OpenAPIHono<E extends Env = Env> extends Hono<E> {
  /** Components registered for the document (a security scheme): the document is built elsewhere. */
  openAPIRegistry = { registerComponent: (_type: string, _name: string, _component: unknown) => {} };
  defaultHook?: Hook;
  #parentApp?: OpenAPIHono<Env>;

  constructor(init?: HonoOptions<E> & { defaultHook?: Hook }) {
    super(init);
    this.defaultHook = init?.defaultHook;
  }

  #resolveDefaultHook(): Hook | undefined {
    if (this.defaultHook) return this.defaultHook;
    const seen = new Set<unknown>([this]);
    let parent = this.#parentApp;
    while (parent && !seen.has(parent)) {
      if (parent.defaultHook) return parent.defaultHook;
      seen.add(parent);
      parent = parent.#parentApp;
    }
    return undefined;
  }

  openapi = (
    { middleware: routeMiddleware, hide: _hide, ...route }: RouteConfig,
    handler: MiddlewareHandler,
    hook?: Hook,
  ) => {
    const effectiveHook: Hook =
      hook ??
      ((result, c) => {
        const resolved = this.#resolveDefaultHook();
        return resolved ? resolved(result, c) : undefined;
      });
    const validators: MiddlewareHandler[] = [];
    const request = route.request;
    if (request?.query) validators.push(zValidator("query", request.query, effectiveHook));
    if (request?.params) validators.push(zValidator("param", request.params, effectiveHook));
    // zod-validator matches header names case-insensitively through the schema's `.shape` (or a
    // pipe's `.in.shape`, which zod/mini's pipes lack): a route's `headers` is a z.object.
    if (request?.headers) validators.push(zValidator("header", request.headers, effectiveHook));
    if (request?.cookies) validators.push(zValidator("cookie", request.cookies, effectiveHook));
    const bodyContent = request?.body?.content;
    if (bodyContent) {
      const declared = Object.keys(bodyContent);
      const validated = (mediaType: string) => isZod(bodyContent[mediaType]?.schema);
      if (declared.some((m) => validated(m) && (isJSONContentType(m) || isFormContentType(m)))) {
        validators.push(async (c, next) => {
          const contentType = c.req.header("content-type");
          if (contentType) {
            if (!declared.some((m) => matchesMediaType(contentType, m))) {
              throw new HTTPException(415, { message: "Unsupported Media Type" });
            }
          } else if (await hasRequestBody(c.req.raw, () => c.req.arrayBuffer())) {
            throw new HTTPException(415, { message: "Unsupported Media Type" });
          }
          await next();
        });
      }
      for (const mediaType of declared) {
        const schema = bodyContent[mediaType]?.schema;
        if (!isZod(schema)) continue;
        for (const target of ["json", "form"] as const) {
          const matches = target === "json" ? isJSONContentType : isFormContentType;
          if (!matches(mediaType)) continue;
          const validator = zValidator(target, schema, effectiveHook);
          if (request?.body?.required) {
            validators.push(validator);
          } else {
            validators.push(async (c, next) => {
              const contentType = c.req.header("content-type");
              if (contentType && matches(contentType)) return await validator(c, next);
              c.req.addValidatedData(target, {});
              await next();
            });
          }
        }
      }
    }
    const middleware = routeMiddleware ? (Array.isArray(routeMiddleware) ? routeMiddleware : [routeMiddleware]) : [];
    this.on([route.method], [route.path.replaceAll(/\/{(.+?)}/g, "/:$1")], ...middleware, ...validators, handler);
    return this;
  };

  // biome-ignore lint/suspicious/noExplicitAny: Hono's own signature
  override route(path: string, app: Hono<any, any, any>): this {
    super.route(path, app);
    if (app instanceof OpenAPIHono) app.#parentApp ??= this as unknown as OpenAPIHono<Env>;
    return this;
  }

  override basePath(path: string): this {
    const cloned = super.basePath(path);
    const app = new OpenAPIHono<E>({ defaultHook: this.defaultHook });
    const internal = cloned as unknown as Record<string, unknown>;
    Object.assign(app, {
      router: internal.router,
      routes: internal.routes,
      getPath: internal.getPath,
      errorHandler: internal.errorHandler,
      _basePath: internal._basePath,
    });
    return app as unknown as this;
  }
}
