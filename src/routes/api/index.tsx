import { createApi, withGenericProblems } from "../../http/openapi.ts";
import { ApiReference, type OpenApiDocument } from "../../views/api-reference.tsx";
import { assignmentsApi } from "./assignments.ts";
import { attemptsApi } from "./attempts.ts";
import { healthApi } from "./health.ts";
import { leaderboardsApi } from "./leaderboards.ts";
import { liveApi } from "./live.ts";
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
 * `npm run openapi` with the real @hono/zod-openapi into public/api/openapi.json, a static asset
 * (wrangler.toml [assets]) uploaded beside the Worker, not in its bundle; the Worker carries no
 * generator (src/bundle/zod-openapi.ts says why). test/node/openapi-document.test.ts keeps the
 * file and the routes in step.
 */
export const buildApiDocument = () => withGenericProblems(api.getOpenAPI31Document(OPENAPI_CONFIG));

/** Where `npm run openapi` puts the document among the static assets (public/). */
export const OPENAPI_ASSET_PATH = "/api/openapi.json";

/**
 * The document as the assets serve it. A Worker deployed without the file is a deployment error,
 * logged by onError and answered as a 500 (never an empty document).
 */
async function fetchDocument(env: Env, requestUrl: string): Promise<Response & { body: ReadableStream }> {
  const asset = await env.ASSETS.fetch(new URL(OPENAPI_ASSET_PATH, requestUrl));
  if (asset.status !== 200 || !asset.body) {
    await asset.body?.cancel();
    throw new Error(`The static assets answered ${asset.status} for ${OPENAPI_ASSET_PATH}: run \`npm run openapi\``);
  }
  return asset as Response & { body: ReadableStream };
}

/** Whether an If-None-Match header matches `tag` (RFC 9110 13.1.2: "*", a list, weak comparison). */
function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (header?.trim() === "*") return true;
  const opaque = (t: string) => t.replace(/^W\//, "");
  return (header?.match(/(?:W\/)?"[^"]*"/g) ?? []).some((t) => opaque(t) === opaque(tag));
}

// The file's bytes as they are (what `c.json(document)` sent when the document was bundled), with
// the app's headers. The asset's ETag lets a client revalidate instead of fetching it again (the
// document changes only with a deploy). The Worker answers If-None-Match itself: the asset server
// alone ignores "*" and lists. (hono/etag does the same for 0.6 KiB gzipped more of bundle.)
api.get("/openapi.json", async (c) => {
  const asset = await fetchDocument(c.env, c.req.url);
  const tag = asset.headers.get("ETag");
  c.header("Cache-Control", "no-cache");
  if (tag) c.header("ETag", tag);
  if (tag && noneMatchHits(c.req.header("If-None-Match"), tag)) {
    await asset.body.cancel();
    return c.body(null, 304);
  }
  return c.body(asset.body, 200, { "Content-Type": "application/json" });
});

api.get("/docs", async (c) => {
  const doc = (await (await fetchDocument(c.env, c.req.url)).json()) as OpenApiDocument;
  return c.html(<ApiReference doc={doc} lang={c.get("lang")} nonce={c.get("secureHeadersNonce") ?? ""} />);
});
