import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import { Client } from "../helpers.ts";
import { expectSafe, hostileBody, hostileHeaders, hostileQuery, hostileSegment, RUNS, TIMEOUT_MS } from "./support.ts";

/** Property-based tests of the learner API: hostile bodies, params, query strings and headers. */
type Started = { id: string; question: { id: string } };

let owner: Client;
let attempt: Started;
let ownerCookie: string;

beforeAll(async () => {
  owner = new Client();
  const res = await owner.json("/api/attempts", "POST", { quizId: "quick" });
  attempt = (await res.json()) as Started;
  ownerCookie = [...owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
});

const params = { numRuns: RUNS };
const cookieOr = (headers: Record<string, string>, withOwner: boolean) =>
  withOwner ? { ...headers, cookie: ownerCookie } : headers;

describe("fuzz: learner API", () => {
  it(
    "POST /api/attempts: hostile bodies and headers",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(["quizId", "assignmentCode", "name"]), hostileHeaders, async (body, headers) => {
          await expectSafe({ method: "POST", path: "/api/attempts", headers, body });
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET /api/attempts/{id}: hostile ids, query strings and cookies",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constant("OWN")),
          hostileQuery,
          hostileHeaders,
          fc.boolean(),
          async (id, query, headers, withOwner) => {
            // The real attempt with someone else's (or no, or a forged) cookie must stay hidden.
            const path = `/api/attempts/${id === "OWN" ? attempt.id : id}${query}`;
            await expectSafe({ method: "GET", path, headers: id === "OWN" ? headers : cookieOr(headers, withOwner) });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "PUT /api/attempts/{id}/answers/{questionId}: hostile responses to a real question",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBody(["response"]), fc.boolean(), async (body, owned) => {
          await expectSafe({
            method: "PUT",
            path: `/api/attempts/${attempt.id}/answers/${attempt.question.id}`,
            headers: owned ? { cookie: ownerCookie } : {},
            body,
          });
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "PUT /api/attempts/{id}/answers/{questionId}: hostile ids and headers",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileSegment,
          fc.oneof(hostileSegment, fc.constant(attempt.question.id)),
          hostileHeaders,
          fc.boolean(),
          async (id, questionId, headers, withOwner) => {
            await expectSafe({
              method: "PUT",
              path: `/api/attempts/${id}/answers/${questionId}`,
              headers: cookieOr(headers, withOwner),
              body: JSON.stringify({ response: { choice: "a" } }),
            });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "POST /api/attempts/{id}/finish: hostile ids, bodies and headers never finish someone's attempt",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(hostileSegment, fc.constant("OWN")),
          fc.option(hostileBody(), { nil: undefined }),
          hostileHeaders,
          async (id, body, headers) => {
            const path = `/api/attempts/${id === "OWN" ? attempt.id : id}/finish`;
            const res = await expectSafe({ method: "POST", path, headers, body });
            // Only the owner's cookie may finish it, and hostile headers never carry that cookie.
            if (id === "OWN" && res.status < 400) throw new Error(`finished without the owner's cookie: ${res.status}`);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "GET /api/progress, /api/quizzes, /api/health: hostile query strings and headers",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("/api/progress", "/api/quizzes", "/api/health", "/api/openapi.json"),
          hostileQuery,
          hostileHeaders,
          async (path, query, headers) => {
            await expectSafe({ method: "GET", path: `${path}${query}`, headers });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "any method on any API path: 404/405/415 as problem+json, never 5xx",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"),
          fc.array(hostileSegment, { minLength: 1, maxLength: 4 }),
          fc.option(hostileBody(), { nil: undefined }),
          async (method, segments, body) => {
            await expectSafe({ method, path: `/api/${segments.join("/")}`, body: method === "GET" ? undefined : body });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );
});
