import { Hono } from "hono";
import { NONCE, secureHeaders } from "hono/secure-headers";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env.ts";
import { securityHeaders } from "../../src/http/security.ts";
import { request } from "../helpers.ts";

/**
 * src/http/security.ts against hono/secure-headers 4.13's secureHeaders with the options the app
 * gave it (the middleware it replaces): the same headers, value for value, the nonce aside, on
 * responses that set none, that set some of their own (overwritten, as Hono did) and that say
 * X-Powered-By (removed).
 */
const reference = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: [NONCE, "'strict-dynamic'"],
      styleSrc: [NONCE],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
      manifestSrc: ["'self'"],
    },
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    referrerPolicy: "no-referrer",
    xContentTypeOptions: "nosniff",
    xFrameOptions: "DENY",
    crossOriginResourcePolicy: "same-origin",
    crossOriginOpenerPolicy: "same-origin",
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  });

function probe(middleware: "ours" | "hono") {
  const app = new Hono<AppEnv>();
  app.use(middleware === "ours" ? securityHeaders() : (reference() as never));
  app.get("/plain", (c) => c.text(c.get("secureHeadersNonce") ?? ""));
  app.get("/own", (c) =>
    c.text(c.get("secureHeadersNonce") ?? "", 200, {
      "X-Frame-Options": "SAMEORIGIN",
      "Content-Security-Policy": "default-src *",
      "X-Powered-By": "PHP",
      "Cache-Control": "no-store",
    }),
  );
  return app;
}

/** Every header, with this response's nonce written NONCE, and the nonce the handler was given. */
async function headersOf(app: Hono<AppEnv>, path: string) {
  const res = await app.fetch(new Request(`http://localhost${path}`));
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "";
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  const body = await res.text();
  if (res.status === 200) expect(body).toBe(nonce);
  return { nonce, headers: [...res.headers].map(([k, v]) => [k, v.replaceAll(nonce, "NONCE")]) };
}

describe("security headers", () => {
  it("are hono/secure-headers' headers with our options, nonce aside", async () => {
    for (const path of ["/plain", "/own", "/missing"]) {
      const ours = await headersOf(probe("ours"), path);
      const hono = await headersOf(probe("hono"), path);
      expect(ours.headers).toEqual(hono.headers);
      expect(ours.headers.map(([k]) => k)).not.toContain("x-powered-by");
      expect(ours.headers.length).toBeGreaterThan(13);
    }
  });

  it("carry a fresh 128-bit nonce each time, the one the page's script and style use", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i++) nonces.add((await headersOf(probe("ours"), "/plain")).nonce);
    expect(nonces.size).toBe(20);
    for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
    const res = await request("/article", { headers: { accept: "text/html" } });
    const nonce = /script-src 'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(res.headers.get("content-security-policy")).toContain(`style-src 'nonce-${nonce}';`);
    expect(await res.text()).toContain(`<style nonce="${nonce}">`);
  });
});
