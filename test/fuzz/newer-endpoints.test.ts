import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, ORIGIN, request, sendJson, tableHashes } from "../helpers.ts";
import { expectSafe, hostileBody, hostileHeaders, hostileSegment, nastyString, RUNS, TIMEOUT_MS } from "./support.ts";

/**
 * Property-based tests of the endpoints added since the first fuzz suite: the manage link's
 * secret exchange, the LMS exports, live rooms (create, play an assignment live, join, socket).
 * The same promises as everywhere (support.ts `expectSafe`): never a 5xx, API errors as
 * problem+json, page errors as HTML, and a refused request changes no table's contents.
 */
let code: string;
let secret: string;

beforeAll(async () => {
  const created = await sendJson("/api/assignments", "POST", { title: "Fuzz newer", quizId: "quick" });
  ({ code, manageSecret: secret } = (await created.json()) as { code: string; manageSecret: string });
});

const params = { numRuns: RUNS };
const anyCode = fc.oneof(hostileSegment, fc.constant("OWN"));
const codeOr = (which: string) => (which === "OWN" ? code : which);

/** A form body: known and hostile field names, each with a hostile value (or a non-form body). */
function hostileForm(keys: string[]): fc.Arbitrary<{ body: string; type: string }> {
  const fields = fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), nastyString), nastyString), { maxLength: 5 })
    .map((pairs) => {
      const form = new URLSearchParams();
      for (const [k, v] of pairs) form.append(k.slice(0, 200), v.slice(0, 5_000));
      return form.toString();
    });
  return fc.oneof(
    { weight: 4, arbitrary: fields.map((body) => ({ body, type: "application/x-www-form-urlencoded" })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          hostileBody(keys),
          fc.constantFrom("application/json", "multipart/form-data", "text/plain", "application/x-www-form-urlencoded"),
        )
        .map(([body, type]) => ({ body, type })),
    },
  );
}

/** Same-origin, cross-site and missing form-post provenance, as browsers (or forgers) send it. */
const provenance = fc.constantFrom<Record<string, string>>(
  { origin: ORIGIN },
  { origin: ORIGIN, "sec-fetch-site": "same-origin" },
  { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
  { origin: "null" },
  {},
);

/** Export query strings: the real formats and languages among hostile ones. */
const exportQuery = fc
  .tuple(
    fc.option(fc.oneof(fc.constantFrom("moodle-xml", "gift", "qti3"), nastyString), { nil: undefined }),
    fc.option(fc.oneof(fc.constantFrom("fr", "en", "both"), nastyString), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom("quiz", "__proto__", "format"), nastyString), { nil: undefined }),
  )
  .map(([format, lang, extra]) => {
    const q = new URLSearchParams();
    if (format !== undefined) q.append("format", format.slice(0, 2_000));
    if (lang !== undefined) q.append("lang", lang.slice(0, 2_000));
    if (extra) q.append(extra[0], extra[1].slice(0, 2_000));
    const text = q.toString();
    return text ? `?${text}` : "";
  });

/** True when a response hands the browser a manage or live-host cookie with a value. */
const setsSecretCookie = (res: Response) =>
  res.headers.getSetCookie().some((line) => /^(__Secure-|__Host-)?(manage|live)_[^=]*=[^;]+/.test(line));

describe("fuzz: the manage link's secret exchange (POST /teach/{code}/manage/unlock)", () => {
  it(
    "hostile codes, forms and provenance: never 5xx; a refused exchange changes nothing and sets no cookie",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyCode,
          hostileForm(["key", "remember"]),
          provenance,
          hostileHeaders,
          async (which, form, from, headers) => {
            const res = await expectSafe({
              method: "POST",
              path: `/teach/${codeOr(which)}/manage/unlock`,
              headers: { ...headers, ...from, "content-type": form.type },
              body: form.body,
            });
            // Only the real secret, posted from this site, opens the manage page.
            if (res.status < 400) {
              expect(res.status).toBe(303);
              expect(new URLSearchParams(form.body).get("key")?.trim()).toBe(secret);
            } else {
              expect(setsSecretCookie(res), `${res.status} set a secret cookie`).toBe(false);
            }
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "the right secret with hostile extras, cross-site provenance or another code is refused unchanged",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("cross-site", "extra-field", "other-code"),
          nastyString,
          async (variant, extra) => {
            const form = new URLSearchParams({ key: secret });
            if (variant === "extra-field") form.append("polluted", extra.slice(0, 500));
            const path = variant === "other-code" ? "/teach/ZZZZZZ/manage/unlock" : `/teach/${code}/manage/unlock`;
            const from: Record<string, string> =
              variant === "cross-site"
                ? { origin: "https://evil.example", "sec-fetch-site": "cross-site" }
                : { origin: ORIGIN };
            const before = await tableHashes();
            const res = await expectSafe({
              method: "POST",
              path,
              headers: { ...from, "content-type": "application/x-www-form-urlencoded" },
              body: form.toString(),
            });
            expect(res.status, variant).toBeGreaterThanOrEqual(400);
            expect(setsSecretCookie(res), variant).toBe(false);
            expect(await tableHashes()).toEqual(before);
          },
        ),
        { numRuns: Math.min(RUNS, 30) },
      );
    },
    TIMEOUT_MS,
  );
});

describe("fuzz: exports", () => {
  it(
    "GET /api/assignments/{code}/export and /teach/{code}/export: hostile queries with the secret; wrong secrets refused",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyCode,
          exportQuery,
          fc.boolean(),
          fc.constantFrom("api", "page"),
          hostileHeaders,
          async (which, query, withSecret, door, headers) => {
            const path =
              door === "api"
                ? `/api/assignments/${codeOr(which)}/export${query}`
                : `/teach/${codeOr(which)}/export${query}`;
            const auth: Record<string, string> =
              door === "api"
                ? { authorization: withSecret ? `Bearer ${secret}` : `Bearer ${"B".repeat(43)}` }
                : { cookie: `manage_${codeOr(which)}=${withSecret ? secret : "C".repeat(43)}` };
            const res = await expectSafe({ method: "GET", path, headers: { ...headers, ...auth } });
            if (!withSecret && res.status < 400) throw new Error(`${path} answered ${res.status} without the secret`);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET /api/quizzes/{quizId}/export and /teach/export: hostile quiz ids and queries",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constantFrom("article", "quick")),
          exportQuery,
          fc.boolean(),
          hostileHeaders,
          async (quizId, query, viaPage, headers) => {
            const path = viaPage
              ? `/teach/export${query}${query ? "&" : "?"}quiz=${quizId}`
              : `/api/quizzes/${quizId}/export${query}`;
            // The page redirects to the API's download: its own answer is the 303 or an HTML page.
            await expectSafe({ method: "GET", path, headers }, (p, init) =>
              request(p, { ...init, redirect: "manual" }),
            );
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );
});

const LIVE_KEYS = ["title", "quizId", "topics", "questionCount", "secondsPerQuestion", "lang", "speedBonus"];

describe("fuzz: live rooms", () => {
  it(
    "POST /api/live and POST /teach/live: hostile settings",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          hostileBody(LIVE_KEYS),
          hostileForm(LIVE_KEYS),
          hostileHeaders,
          async (api, body, form, headers) => {
            await expectSafe(
              api
                ? { method: "POST", path: "/api/live", headers, body }
                : {
                    method: "POST",
                    path: "/teach/live",
                    headers: { ...headers, origin: ORIGIN, "content-type": form.type },
                    body: form.body,
                  },
            );
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "POST /api/assignments/{code}/live: wrong secrets change nothing; hostile bodies with the secret never 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyCode,
          fc.boolean(),
          hostileBody(["secondsPerQuestion", "speedBonus"]),
          async (which, withSecret, body) => {
            const path = `/api/assignments/${codeOr(which)}/live`;
            // ".." and "%2e%2e" resolve to POST /api/live, which creates a room with no secret at all.
            if (!new URL(path, ORIGIN).pathname.startsWith("/api/assignments/")) return;
            const before = await tableHashes();
            const res = await expectSafe({
              method: "POST",
              path,
              headers: { authorization: `Bearer ${withSecret ? secret : "D".repeat(43)}` },
              body,
            });
            if (!withSecret) {
              if (res.status < 400) throw new Error(`answered ${res.status} to a wrong secret`);
              expect(await tableHashes()).toEqual(before);
            }
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "joining a room: POST /live/{code}/join with hostile codes and names never 5xx",
    async () => {
      // A real room, so some joins reach the game's own name rules.
      const created = await sendJson("/api/live", "POST", { questionCount: 2 });
      expect(created.status).toBe(201);
      const room = ((await created.json()) as { code: string }).code;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constant("ROOM")),
          hostileForm(["name"]),
          hostileHeaders,
          async (which, form, headers) => {
            const phone = new Client();
            const res = await phone.fetch(`/live/${which === "ROOM" ? room : which}/join`, {
              method: "POST",
              headers: { ...headers, origin: ORIGIN, "content-type": form.type },
              body: form.body,
            });
            const text = await res.text();
            expect(res.status, text.slice(0, 300)).toBeLessThan(500);
            if (res.status >= 400) expect(res.headers.get("content-type") ?? "").toMatch(/^text\/html/);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET /api/live/{code}/socket: hostile codes, roles and headers never 5xx and never open a socket without a right",
    async () => {
      const created = await sendJson("/api/live", "POST", { questionCount: 2 });
      const room = ((await created.json()) as { code: string }).code;
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constant("ROOM")),
          fc.constantFrom("", "?as=host", "?as=player", "?as=%00", "?as=host&as=host"),
          fc.boolean(),
          hostileHeaders,
          async (which, query, upgrade, headers) => {
            const sent = new Headers(headers);
            // A forged learner cookie is still a learner (the cookie is the identity), so the
            // hostile headers carry none here: a socket must need a real cookie or the secret.
            sent.delete("cookie");
            sent.delete("authorization");
            if (upgrade) sent.set("upgrade", "websocket");
            const before = await tableHashes();
            const res = await request(`/api/live/${which === "ROOM" ? room : which}/socket${query}`, {
              headers: sent,
            });
            expect(res.status).not.toBe(101);
            const text = await res.text();
            expect(res.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
            expect(res.status, text.slice(0, 300)).toBeLessThan(500);
            expect(res.headers.get("content-type")).toBe("application/problem+json");
            expect(await tableHashes()).toEqual(before);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );
});
