import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { ProblemError } from "./problem.ts";

/**
 * Per-address limits, one Workers rate-limit binding each (`[[ratelimits]]` in wrangler.toml,
 * where the rates live; `period` here must match it, for `Retry-After`). Change a rate there.
 */
export const LIMITERS = {
  /** Unknown assignment codes and wrong manage secrets: failures only, so the right ones are never slowed. */
  GUESS_LIMITER: { period: 60 },
  /** Creating assignments (and live rooms). */
  CREATE_LIMITER: { period: 60 },
  /** Starting attempts and joining assignments: generous, a class behind one school address starts at once. */
  START_LIMITER: { period: 60 },
  /** Choosing a nickname or a display name. */
  NAME_LIMITER: { period: 60 },
} as const satisfies Record<string, { period: 10 | 60 }>;

export type LimiterName = keyof typeof LIMITERS;

/** Where requests without `CF-Connecting-IP` (local dev, tests without one) are all counted together. */
export const SHARED_ADDRESS = "local";

/**
 * The client's address as Cloudflare saw it. Never a cookie or anything else the client
 * chooses freely: a fresh cookie per request would otherwise get a fresh budget.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const ip = c.req.header("cf-connecting-ip")?.trim();
  return ip && ip.length <= 64 ? ip.toLowerCase() : SHARED_ADDRESS;
}

export const tooManyRequests = (limiter: LimiterName) =>
  new ProblemError(
    "too-many-requests",
    limiter === "GUESS_LIMITER"
      ? `Too many unknown codes or wrong secrets from your address; wait ${LIMITERS[limiter].period} seconds before trying again.`
      : `Too many requests of this kind from your address; wait ${LIMITERS[limiter].period} seconds before trying again.`,
    { headers: { "Retry-After": String(LIMITERS[limiter].period) } },
  );

/** Counts one request against the client address's budget on `limiter`; throws a 429 problem once spent. */
export async function spendLimit(c: Context<AppEnv>, limiter: LimiterName): Promise<void> {
  const { success } = await c.env[limiter].limit({ key: `${limiter}:${clientAddress(c)}` });
  if (!success) throw tooManyRequests(limiter);
}

/**
 * Middleware: every request it sees spends one from the client address's budget on `limiter`
 * before the handler runs (a 429 problem, or a page with the message, once spent).
 * Mount it on the writes it guards, e.g. `app.on("POST", "/live", rateLimit({ limiter: "CREATE_LIMITER" }))`.
 */
export function rateLimit(options: { limiter: LimiterName }): MiddlewareHandler<AppEnv> {
  return async function rateLimited(c, next) {
    await spendLimit(c, options.limiter);
    await next();
  };
}

/**
 * Middleware for paths that look an assignment code up: a 404 answer (the code is unknown)
 * spends one guess from the client address's budget, so codes cannot be enumerated by any
 * route, API or page. Past the budget the 404 becomes a 429.
 */
export function countUnknownCodes(): MiddlewareHandler<AppEnv> {
  return async function unknownCodes(c, next) {
    await next();
    if (c.res.status === 404) await spendLimit(c, "GUESS_LIMITER");
  };
}
