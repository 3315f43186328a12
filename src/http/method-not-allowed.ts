import type { Context, Env, Hono, MiddlewareHandler } from "hono";
import type { RouterRoute } from "hono/types";

/** What answers a request that has routes under other methods: a 405 carrying them in `Allow`. */
export type MethodNotAllowedHandler<E extends Env> = (c: Context<E>, methods: string[]) => Response | Promise<Response>;

/**
 * A 404 becomes a 405 when the path has routes for other methods: hono/method-not-allowed's rule
 * (every route but `all`/`use` counts, GET brings HEAD, a handler's own 404 or an error is left
 * alone), except that the path is matched by the app's own router rather than a second one
 * (hono's builds a TrieRouter of every route, about 1.5 KiB of the gzipped Worker), so a path
 * is "known" exactly when the app would route it. Mount it on the root app, before the routes.
 */
export function methodNotAllowed<E extends Env>(options: {
  app: Hono<E>;
  onMethodNotAllowed: MethodNotAllowedHandler<E>;
}): MiddlewareHandler<E> {
  let methods: string[] | undefined;
  return async function methodNotAllowed(c, next) {
    await next();
    if (c.res.status !== 404 || c.error) return;
    const { app } = options;
    methods ??= [...new Set(app.routes.map((r) => r.method))].filter((m) => m !== "ALL" && m !== "HEAD");
    // The routes of this path under any method, in the order they were added.
    const routes = new Set<RouterRoute>();
    for (const method of methods) {
      for (const [[, route]] of app.router.match(method, c.req.path)[0]) if (route.method === method) routes.add(route);
    }
    const allowed = new Set<string>();
    for (const route of app.routes) {
      if (!routes.has(route)) continue;
      allowed.add(route.method);
      if (route.method === "GET") allowed.add("HEAD");
    }
    if (allowed.size === 0 || allowed.has(c.req.method)) return;
    c.res.headers.delete("Allow");
    c.res.headers.delete("Content-Length");
    c.res = await options.onMethodNotAllowed(c, [...allowed]);
  };
}
