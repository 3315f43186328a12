import fc from "fast-check";
import { Hono } from "hono";
import { languageDetector } from "hono/language";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../../src/env.ts";
import { acceptedLang, detectLang } from "../../src/http/language.ts";
import { LANGS } from "../../src/quiz/format.ts";
import { Client } from "../helpers.ts";

/**
 * src/http/language.ts against hono/language 4.13's languageDetector with the options the app
 * gave it (the middleware it replaces): the same language and the same Set-Cookie for requests
 * built from every source (`?lang=`, the cookie, Accept-Language with weights, wildcards, subtags,
 * bad weights, stray separators and whitespace), and for arbitrary Accept-Language text.
 * Quoted strings are left out: Accept-Language has none (RFC 9110 §12.5.4), and hono's general
 * Accept parser unquotes them where this one does not.
 */
const reference = new Hono()
  .use(
    languageDetector({
      supportedLanguages: [...LANGS],
      fallbackLanguage: LANGS[0],
      order: ["querystring", "cookie", "header"],
      lookupQueryString: "lang",
      lookupCookie: "lang",
      caches: ["cookie"],
      cookieOptions: { sameSite: "Lax", secure: true, httpOnly: true, maxAge: 365 * 24 * 3600, path: "/" },
    }),
  )
  .get("/", (c) => c.text(String(c.get("language" as never))));

const ours = new Hono<AppEnv>().use(detectLang()).get("/", (c) => c.text(c.get("lang")));

type Case = { query?: string; cookie?: string; header?: string };

async function answer(app: { fetch: (r: Request) => Response | Promise<Response> }, { query, cookie, header }: Case) {
  const url = query === undefined ? "http://localhost/" : `http://localhost/?lang=${encodeURIComponent(query)}`;
  const headers = new Headers();
  if (cookie !== undefined) headers.set("cookie", `lang=${encodeURIComponent(cookie)}`);
  if (header !== undefined) headers.set("accept-language", header);
  const res = await app.fetch(new Request(url, { headers }));
  return { lang: await res.text(), setCookie: res.headers.get("set-cookie") };
}

const TAGS = [
  "fr",
  "en",
  "FR",
  "En-gb",
  "en-US",
  "fr-CA",
  "fr-",
  "de",
  "de-DE",
  "*",
  "e",
  "enx",
  "english",
  "",
  " en ",
];
const PARAMS = ["q=0", "q=1", "q=0.5", "q=0.9", "q=0.001", "Q=0.3", "q=", "q=abc", "q=NaN", "q=-1", "q=2", "q"];
const MORE_PARAMS = ["=1", "q==1", " q = 0.7 ", "level=1", "q=0.8;q=0", "", " "];
const space = fc.constantFrom("", " ", "  ", "\t");
const entry = fc
  .tuple(space, fc.constantFrom(...TAGS), fc.array(fc.constantFrom(...PARAMS, ...MORE_PARAMS), { maxLength: 2 }), space)
  .map(([a, tag, params, b]) => [a + tag, ...params].join(";") + b);
const acceptLanguage = fc.array(entry, { maxLength: 5 }).map((entries) => entries.join(","));
const source = fc.option(fc.constantFrom(...TAGS), { nil: undefined });

describe("the page language (?lang=, cookie, Accept-Language)", () => {
  it("is hono/language's answer, language and Set-Cookie, for requests from every source", async () => {
    await fc.assert(
      fc.asyncProperty(source, source, fc.option(acceptLanguage, { nil: undefined }), async (query, cookie, header) => {
        const c = { query, cookie, header };
        expect(await answer(ours, c)).toEqual(await answer(reference, c));
      }),
      { numRuns: 1500 },
    );
  });

  it("reads arbitrary Accept-Language text as hono's Accept parser does (no quoted strings)", async () => {
    const text = fc.string({ unit: fc.constantFrom(..."enfrEFR-*;,=q. 0123456789\t".split("")), maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(text, async (header) => {
        expect(await answer(ours, { header })).toEqual(await answer(reference, { header }));
      }),
      { numRuns: 1500 },
    );
  });

  it("takes the heaviest language, the header's order among equals, never a refused one", () => {
    expect(acceptedLang("de-DE, en;q=0.5, fr;q=0.8")).toBe("fr");
    expect(acceptedLang("en-GB;q=0.8, fr-CA;q=0.8")).toBe("en");
    expect(acceptedLang("fr;q=0, en;q=0.1")).toBe("en");
    expect(acceptedLang("fr;q=0, de")).toBeUndefined();
    expect(acceptedLang("*")).toBeUndefined();
    expect(acceptedLang(undefined)).toBeUndefined();
  });

  it("in the app: ?lang= wins and is remembered in a cookie; Accept-Language applies without one", async () => {
    const client = new Client();
    const en = await client.fetch("/?lang=en", { headers: { "accept-language": "fr" } });
    expect(await en.text()).toContain('<html lang="en">');
    expect(en.headers.get("set-cookie")).toContain("lang=en; Max-Age=31536000; Path=/; HttpOnly; Secure; SameSite=Lax");
    expect(await (await client.fetch("/", { headers: { "accept-language": "fr" } })).text()).toContain(
      '<html lang="en">',
    );
    const fresh = await new Client().fetch("/", { headers: { "accept-language": "de, en-US;q=0.9, fr;q=0.8" } });
    expect(await fresh.text()).toContain('<html lang="en">');
    const nothing = await new Client().fetch("/", { headers: { "accept-language": "de" } });
    expect(await nothing.text()).toContain('<html lang="fr">');
    expect(nothing.headers.get("set-cookie") ?? "").not.toContain("lang=");
  });
});
