import fc from "fast-check";
import { expect, inject } from "vitest";
import { ORIGIN, request, tableHashes } from "../helpers.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Cases per endpoint: set by bench/fuzz.config.ts (`npm run fuzz`); modest inside `npm test`. */
    fuzzRuns?: number;
  }
}

/** Cases per property: 60 in `npm test`, 1,000 or more under `npm run fuzz`. */
export const RUNS = inject("fuzzRuns") ?? 60;
/** Per-test timeout that grows with the number of cases. */
export const TIMEOUT_MS = Math.max(30_000, RUNS * 150);

// Strings that have broken parsers, databases and templates before.
const NASTY = [
  "",
  " ",
  "\u0000",
  "\uD800",
  "\uDFFF",
  "\u202E\u202D",
  "\uFEFF",
  "e\u0301\u0301\u0301",
  "𝕏𝔸𝕄",
  "👩‍👩‍👧‍👦",
  "\r\n\r\n",
  "<script>alert(1)</script>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "'; DROP TABLE attempts; --",
  "%00%2e%2e%2f",
  "../../../etc/passwd",
  "NaN",
  "-0",
  "1e309",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "{{7*7}}<%= 7*7 %>",
];

export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", minLength: 200, maxLength: 2_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 70_000 }).map((n) => "x".repeat(n)) },
);

const HOSTILE_KEYS = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "then",
  "quizId",
  "assignmentCode",
  "name",
  "nickname",
  "displayName",
  "response",
  "choice",
  "choices",
  "value",
  "text",
  "order",
  "pairs",
  "title",
  "questionCount",
  "pool",
  "topics",
  "leaderboard",
];

export const hostileKey = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: nastyString },
);

/** A JSON document as text (so `__proto__` stays an own key), of any shape and nesting. */
export const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("null", "true", "false", "0", "-0", "1e308", "-1", "0.1", "9007199254740993", "1e-400"),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.integer().map(String),
    nastyString.map((s) => JSON.stringify(s)),
    fc.array(tie("value"), { maxLength: 5 }).map((items) => `[${items.join(",")}]`),
    fc
      .array(fc.tuple(hostileKey, tie("value")), { maxLength: 6 })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
  ),
})).value;

/** Nesting far deeper than any real body: arrays or objects, 100 to 20,000 levels. */
export const deepJson = fc
  .tuple(fc.integer({ min: 100, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

/** Bodies an API may receive: JSON of any shape, objects with the endpoint's keys, deep nesting, and non-JSON. */
export function hostileBody(keys: string[] = []): fc.Arbitrary<string> {
  const known = keys.length ? fc.constantFrom(...keys) : hostileKey;
  const objectWithKeys = fc
    .array(fc.tuple(fc.oneof(known, hostileKey), jsonText), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`);
  return fc.oneof(
    { weight: 4, arbitrary: objectWithKeys },
    { weight: 2, arbitrary: jsonText },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: deepJson.map((deep) => `{"response":${deep}}`) },
    { weight: 1, arbitrary: nastyString },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{"a":',
        "{'a':1}",
        "[1,]",
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
      ),
    },
  );
}

/** A header value the Fetch API accepts (printable ASCII: browsers refuse the rest). */
const headerValue = fc.oneof(
  fc.constantFrom("", "x", "'; DROP TABLE learners; --", "<svg onload=alert(1)>", "fr-FR,fr;q=0.9,en;q=0.8", "*/*"),
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 300 }),
  fc.integer({ min: 1_000, max: 8_000 }).map((n) => "a".repeat(n)),
);

const headerName = fc.constantFrom(
  "cookie",
  "x-d1-bookmark",
  "accept-language",
  "accept",
  "origin",
  "referer",
  "x-request-id",
  "sec-fetch-site",
  "if-none-match",
  "x-forwarded-for",
  "authorization",
  "x-manage-secret",
);

/** Cookies: a forged learner token, hostile lang and bookmark cookies, garbage. */
const cookie = fc.oneof(
  fc
    .tuple(fc.constantFrom("lid", "lang", "d1b", "__proto__"), headerValue)
    .map(([k, v]) => `${k}=${v.replace(/[;,\s]/g, "")}`),
  headerValue.map((v) => v.replace(/\s/g, "")),
);

export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.oneof(
      fc.tuple(headerName, headerValue),
      cookie.map((c) => ["cookie", c] as [string, string]),
    ),
    {
      maxLength: 4,
    },
  )
  .map((pairs) => Object.fromEntries(pairs));

/** Percent-encodes every UTF-8 byte (lone surrogates become U+FFFD, as a browser would send them). */
const encodeSegment = (s: string) =>
  [...new TextEncoder().encode(s)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");

/** A path segment: nasty strings URL-encoded, plus ids of the right shape that do not exist. */
export const hostileSegment = fc.oneof(
  nastyString.map((s) => encodeSegment(s.slice(0, 2_000)) || "%20"),
  fc.stringMatching(/^[a-z0-9]{10,40}$/),
  fc.constantFrom("..", "%2e%2e", "%2F", "a%00b", "%E0%A4%A", "%", "null", "0"),
);

export const hostileQuery = fc
  .array(fc.tuple(fc.constantFrom("lang", "limit", "offset", "__proto__", "quizId", "page", "sort"), nastyString), {
    maxLength: 3,
  })
  .map((pairs) => {
    const params = new URLSearchParams();
    for (const [k, v] of pairs) params.append(k, v.slice(0, 2_000));
    const text = params.toString();
    return text ? `?${text}` : "";
  });

export type Sent = { method: string; path: string; headers?: Record<string, string>; body?: string | undefined };

/**
 * Sends one fuzzed request and checks the API's promises: never a 5xx; every error is
 * application/problem+json with a matching status; a refused request changes no table's contents
 * (`send` is the request under test: the Worker, unless a test swaps it).
 */
export async function expectSafe(sent: Sent, send: typeof request = request): Promise<Response> {
  const before = await tableHashes();
  const headers = new Headers(sent.headers);
  if (sent.body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  const res = await send(sent.path, {
    method: sent.method,
    headers,
    body: sent.body,
  });
  const text = await res.text();
  const label = `${sent.method} ${sent.path.slice(0, 200)} -> ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, label).toBeLessThan(500);
  // A path like /api/../x is normalised by the URL parser to a page, which answers HTML.
  const isApi = /^\/api(\/|$)/.test(new URL(sent.path, ORIGIN).pathname);
  if (res.status >= 400) {
    const type = res.headers.get("content-type") ?? "";
    if (isApi) {
      expect(type, label).toBe("application/problem+json");
      const problem = JSON.parse(text) as { status: number; type: string; title: string };
      expect(problem.status, label).toBe(res.status);
      expect(typeof problem.type, label).toBe("string");
    } else {
      expect(type, label).toMatch(/^text\/html/);
    }
    expect(await tableHashes(), `${label}: a refused request changed a table`).toEqual(before);
  }
  expect(Object.keys(Object.prototype), "Object.prototype polluted").toEqual([]);
  const empty = res.status === 204 || res.status === 304;
  return new Response(empty ? null : text, { status: res.status, headers: res.headers });
}
