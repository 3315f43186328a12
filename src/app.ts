import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { Hono } from "hono/tiny";
import type { AppEnv } from "./env.ts";
import { requireJsonBody } from "./http/content-type.ts";
import { withSession } from "./http/d1-session.ts";
import { handleError, isApiRequest, renderProblem } from "./http/errors.tsx";
import { detectLang } from "./http/language.ts";
import { methodNotAllowed } from "./http/method-not-allowed.ts";
import { ProblemError } from "./http/problem.ts";
import { countUnknownCodes, rateLimit } from "./http/rate-limit.ts";
import { ownRequestId } from "./http/request-id.ts";
import { securityHeaders } from "./http/security.ts";
import { api } from "./routes/api/index.tsx";
import { pages } from "./routes/pages/index.ts";

/** Largest request body any route accepts; answers and settings are far smaller. */
export const MAX_BODY_BYTES = 64 * 1024;

const app = new Hono<AppEnv>();

app.use(ownRequestId());
app.use(securityHeaders());
app.use(detectLang());
app.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ProblemError("payload-too-large", `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
    },
  }),
);
// Form posts from another site are refused (Origin / Sec-Fetch-Site checks). The API
// takes only JSON, which a cross-site form cannot send without a CORS preflight.
const csrfCheck = csrf();
app.use(async function pagesCsrf(c, next) {
  return isApiRequest(c) ? next() : csrfCheck(c, next);
});
app.use("/api/*", requireJsonBody());
app.use(withSession());
app.use(async function defaultCaching(c, next) {
  await next();
  if (!c.res.headers.has("Cache-Control")) {
    c.header("Cache-Control", c.req.path.startsWith("/api/") ? "no-store" : "private, no-cache");
  }
});
app.use(
  methodNotAllowed({
    app,
    onMethodNotAllowed: (c, methods) =>
      renderProblem(
        c,
        new ProblemError("method-not-allowed", `${c.req.method} is not allowed here; use ${methods.join(", ")}.`)
          .problem,
        { Allow: methods.join(", ") },
      ),
  }),
);

// Per-address limits on anonymous writes, and on every path that looks an assignment code up
// (README "Limits"; the rates are in wrangler.toml).
app.on(
  "POST",
  ["/api/assignments", "/teach", "/api/live", "/teach/live", "/api/assignments/:code/live", "/teach/:code/live"],
  rateLimit({ limiter: "CREATE_LIMITER" }),
);
app.on("POST", ["/api/attempts", "/attempts", "/a/:code"], rateLimit({ limiter: "START_LIMITER" }));
app.on(
  "POST",
  ["/api/leaderboards/:quizId/join", "/leaderboard/:quizId/join", "/progress/name"],
  rateLimit({ limiter: "NAME_LIMITER" }),
);
app.use("/api/attempts", countUnknownCodes());
// "/x/:code/*" also matches "/x/:code" itself.
app.use("/api/assignments/:code/*", countUnknownCodes());
app.use("/a/:code/*", countUnknownCodes());

app.route("/", api);
app.route("/", pages);

app.notFound((c) => renderProblem(c, new ProblemError("not-found", `Nothing is at ${c.req.path}.`).problem));
app.onError(handleError);

export default app;
