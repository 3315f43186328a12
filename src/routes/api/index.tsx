import { createApi, withGenericProblems } from "../../http/openapi.ts";
import { ApiReference, type OpenApiDocument } from "../../views/api-reference.tsx";
import { assignmentsApi } from "./assignments.ts";
import { attemptsApi } from "./attempts.ts";
import { healthApi } from "./health.ts";
import { leaderboardsApi } from "./leaderboards.ts";
import { liveApi } from "./live.ts";
import openapiDocument from "./openapi.json" with { type: "json" };
import { quizzesApi } from "./quizzes.ts";

/** The JSON API: every sub-app mounted here is documented in /api/openapi.json. */
export const api = createApi().basePath("/api");

api.route("/", healthApi);
api.route("/", quizzesApi);
// Before attemptsApi: its middleware counts unknown assignment codes sent to POST /api/attempts.
api.route("/", assignmentsApi);
api.route("/", attemptsApi);
api.route("/", leaderboardsApi);
api.route("/", liveApi);

/** The document's header; its paths and components come from the routes (`npm run openapi`). */
export const OPENAPI_CONFIG = {
  openapi: "3.1.0",
  info: {
    title: "Article quiz API",
    version: "1.0.0",
    description:
      "Quizzes about one news article (Tian Feng on Grok 3, DeepSeek and the US and Chinese AI strategies). Errors are application/problem+json (RFC 9457).",
  },
};

/**
 * The document: the routes' own contracts, and the problems any operation may answer. Built by
 * `npm run openapi` with the real @hono/zod-openapi into ./openapi.json; the Worker serves that file
 * and carries no generator (src/bundle/zod-openapi.ts says why); test/node/openapi-document.test.ts
 * keeps the two in step.
 */
export const buildApiDocument = () => withGenericProblems(api.getOpenAPI31Document(OPENAPI_CONFIG));

api.get("/openapi.json", (c) => c.json(openapiDocument));

api.get("/docs", (c) => {
  const doc = openapiDocument as unknown as OpenApiDocument;
  return c.html(<ApiReference doc={doc} lang={c.get("lang")} nonce={c.get("secureHeadersNonce") ?? ""} />);
});
