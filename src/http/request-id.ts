import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";

/** What a client may call its own request id: short, and nothing a log line could be forged with. */
const CLIENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Gives every request an id of our own (a random UUID), set as `requestId` and answered in
 * `X-Request-Id`. An inbound `X-Request-Id` is never trusted as ours: a client could otherwise
 * choose the id its requests are logged and reported under (collide with another's, or inject
 * text into logs). When it is short and plain it is kept apart as `clientRequestId`, for
 * correlating with the client's own logs.
 */
export function ownRequestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const id = crypto.randomUUID();
    c.set("requestId", id);
    const claimed = c.req.header("x-request-id");
    if (claimed !== undefined && CLIENT_ID_PATTERN.test(claimed)) c.set("clientRequestId", claimed);
    c.header("X-Request-Id", id);
    await next();
  };
}
