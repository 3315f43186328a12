import type { Context } from "hono";

/**
 * Cookie names with the `__Host-` / `__Secure-` prefixes where their rules allow: browsers
 * accept a prefixed cookie only from an https origin with `Secure` (and, for `__Host-`,
 * `Path=/` and no `Domain`), so a subdomain or a plain-http page can never set or shadow
 * them. Over plain http (wrangler dev on localhost, tests) the bare name is used, or the
 * browser would drop the cookie.
 */
export function prefixedCookieName(c: Context, name: string, prefix: "__Host-" | "__Secure-"): string {
  return new URL(c.req.url).protocol === "https:" ? `${prefix}${name}` : name;
}
