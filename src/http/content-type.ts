import { createMiddleware } from "hono/factory";
import { ProblemError } from "./problem.ts";

/** Requests with a body must send JSON (RFC 9110 §15.5.16: otherwise 415). */
export const requireJsonBody = () =>
  createMiddleware(async function requireJsonBody(c, next) {
    const method = c.req.method;
    if (method === "POST" || method === "PUT" || method === "PATCH") {
      const length = c.req.header("content-length");
      const hasBody = c.req.raw.body !== null && length !== "0";
      const type = c.req.header("content-type") ?? "";
      if (hasBody && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
        throw new ProblemError("unsupported-media-type", "Send the request body as application/json.", {
          headers: { "Accept-Post": "application/json" },
        });
      }
    }
    await next();
  });
