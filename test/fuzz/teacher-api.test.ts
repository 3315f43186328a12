import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { Client, sendJson, tableHashes } from "../helpers.ts";
import {
  expectSafe,
  hostileBody,
  hostileHeaders,
  hostileQuery,
  hostileSegment,
  jsonText,
  nastyString,
  RUNS,
  TIMEOUT_MS,
} from "./support.ts";

/** Property-based tests of the assignment and leaderboard APIs: settings, secrets, codes, nicknames. */
let code: string;
let secret: string;
let entryId: number;
let learnerId: string;

beforeAll(async () => {
  const created = await sendJson("/api/assignments", "POST", {
    title: "Fuzz",
    quizId: "quick",
    leaderboard: "nicknames",
    requireName: true,
  });
  ({ code, manageSecret: secret } = (await created.json()) as { code: string; manageSecret: string });
  // One learner on the board, so moderation has an entry to aim at.
  const learner = new Client();
  const start = await learner.json("/api/attempts", "POST", { assignmentCode: code, name: "Ada" });
  const { id } = (await start.json()) as { id: string };
  await learner.json(`/api/attempts/${id}/finish`, "POST");
  const board = await sendJson(`/api/assignments/${code}/leaderboard`, "GET", undefined, {
    authorization: `Bearer ${secret}`,
  });
  entryId = ((await board.json()) as { entries: { entryId: number }[] }).entries[0]?.entryId ?? 1;
  const results = await sendJson(`/api/assignments/${code}/results`, "GET", undefined, {
    authorization: `Bearer ${secret}`,
  });
  learnerId = ((await results.json()) as { roster: { learnerId: string }[] }).roster[0]?.learnerId ?? "";
});

const params = { numRuns: RUNS };
const SETTINGS = [
  "title",
  "quizId",
  "topics",
  "questionCount",
  "shuffle",
  "timeLimitMinutes",
  "attemptsAllowed",
  "opensAt",
  "closesAt",
  "leaderboard",
  "requireName",
  "feedback",
  "lang",
];
/** Authorization headers that are not this assignment's secret. */
const wrongAuth = fc.oneof(
  nastyString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, "").slice(0, 500)}`),
  fc.constantFrom("", "Bearer", "Basic YTpi", `Bearer ${"A".repeat(43)}`, "bearer  x"),
);
const anyCode = fc.oneof(hostileSegment, fc.constant("OWN"));

describe("fuzz: assignment and leaderboard APIs", () => {
  it(
    "POST /api/assignments: hostile settings",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(SETTINGS), hostileHeaders, async (body, headers) => {
          await expectSafe({ method: "POST", path: "/api/assignments", headers, body });
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "PATCH /api/assignments/{code}: hostile changes with the right secret",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(["title", "status", "opensAt", "closesAt", "accommodation"]), async (body) => {
          await expectSafe({
            method: "PATCH",
            path: `/api/assignments/${code}`,
            headers: { authorization: `Bearer ${secret}` },
            body,
          });
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "teacher endpoints with a wrong secret change nothing and reveal nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            ["GET", "/results"],
            ["GET", "/results.csv"],
            ["PATCH", ""],
            ["DELETE", ""],
            ["POST", "/rotate-secret"],
            ["PATCH", "/leaderboard/entries/ENTRY"],
            ["DELETE", "/learners/LEARNER"],
          ),
          anyCode,
          wrongAuth,
          fc.option(hostileBody(), { nil: undefined }),
          async ([method, suffix], which, authorization, body) => {
            const before = await tableHashes();
            const path = `/api/assignments/${which === "OWN" ? code : which}${suffix.replace("ENTRY", String(entryId)).replace("LEARNER", learnerId)}`;
            const res = await expectSafe({
              method,
              path,
              headers: { authorization },
              body: method === "GET" ? undefined : (body ?? '{"title":"x","hidden":true}'),
            });
            if (res.status < 400) throw new Error(`${method} ${path} answered ${res.status} to a wrong secret`);
            const after = await tableHashes();
            if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error("a table changed");
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET /api/assignments/{code} and its leaderboard: hostile codes, query strings and headers",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyCode,
          fc.constantFrom("", "/leaderboard"),
          hostileQuery,
          hostileHeaders,
          async (which, suffix, query, headers) => {
            await expectSafe({
              method: "GET",
              path: `/api/assignments/${which === "OWN" ? code : which}${suffix}${query}`,
              headers,
            });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET results and results.csv with the right secret: hostile cursors and limits, never a 5xx, never a write",
    async () => {
      const base64url = (text: string) =>
        btoa(String.fromCharCode(...new TextEncoder().encode(text)))
          .replace(/\+/g, "-")
          .replace(/\//g, "_")
          .replace(/=+$/, "");
      const cursor = fc.oneof(
        nastyString,
        jsonText.map(base64url),
        fc.integer().map((n) => base64url(JSON.stringify({ after: n }))),
        fc.constantFrom("", "eyJhZnRlciI6MH0", "eyJiZWZvcmUiOjF9", "eyJhZnRlciI6MX0=", "%ZZ", "a".repeat(65)),
      );
      const limit = fc.oneof(
        nastyString,
        fc.integer().map(String),
        fc.constantFrom("", "0", "1", "200", "201", "-1", "1e2", "NaN", "50.5", "0x10"),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("/results", "/results.csv"),
          fc.option(cursor, { nil: undefined }),
          fc.option(limit, { nil: undefined }),
          async (suffix, c, l) => {
            // Lone surrogates cannot travel in a URL; they become U+FFFD as a browser would send them.
            const encode = (v: string) =>
              encodeURIComponent(
                v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd"),
              );
            const query = [c === undefined ? "" : `cursor=${encode(c)}`, l === undefined ? "" : `limit=${encode(l)}`]
              .filter(Boolean)
              .join("&");
            const before = await tableHashes();
            const res = await expectSafe({
              method: "GET",
              path: `/api/assignments/${code}${suffix}${query ? `?${query}` : ""}`,
              headers: { authorization: `Bearer ${secret}` },
            });
            if (res.status !== 200 && res.status !== 422) throw new Error(`${query} answered ${res.status}`);
            if (JSON.stringify(await tableHashes()) !== JSON.stringify(before)) throw new Error(`GET ${query} wrote`);
          },
        ),
        params,
      );
    },
    // Four table snapshots per case (expectSafe's and this property's own for the 200s).
    Math.max(RUNS * 400, TIMEOUT_MS),
  );

  it(
    "DELETE learners: hostile ids with the right secret never 5xx, and one nobody has changes nothing",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.stringMatching(/^[0-9a-f]{16}$/), fc.constantFrom("0", "-1", "%00", "..")),
          hostileHeaders,
          async (id, headers) => {
            if (id === learnerId) return;
            const before = await tableHashes();
            const res = await expectSafe({
              method: "DELETE",
              path: `/api/assignments/${code}/learners/${id}`,
              headers: { ...headers, authorization: `Bearer ${secret}` },
            });
            if (res.status === 204 || res.status >= 400) {
              const after = await tableHashes();
              if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`DELETE ${id} changed a table`);
            } else throw new Error(`DELETE ${id} answered ${res.status}`);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "PATCH leaderboard entries: hostile ids and bodies with the right secret",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            hostileSegment,
            fc.constant(String(entryId)),
            fc.constantFrom("0", "-1", "1e3", "9007199254740993", "NaN"),
          ),
          hostileBody(["hidden", "name"]),
          async (id, body) => {
            await expectSafe({
              method: "PATCH",
              path: `/api/assignments/${code}/leaderboard/entries/${id}`,
              headers: { authorization: `Bearer ${secret}` },
              body,
            });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "practice leaderboards: hostile quiz ids, periods, limits, nicknames and headers",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constantFrom("article", "quick")),
          fc.constantFrom(["GET", ""], ["POST", "/join"], ["DELETE", "/join"]),
          hostileQuery,
          hostileBody(["nickname"]),
          hostileHeaders,
          async (quizId, [method, suffix], query, body, headers) => {
            await expectSafe({
              method,
              path: `/api/leaderboards/${quizId}${suffix}${query}`,
              headers,
              body: method === "POST" ? body : undefined,
            });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );
});
