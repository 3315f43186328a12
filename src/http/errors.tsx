import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../env.ts";
import { QuizError } from "../quiz/errors.ts";
import { ErrorPage } from "../views/error-page.tsx";
import { isDatabaseUnavailable } from "./database-errors.ts";
import { type Problem, ProblemError, problemFromQuizError, problemJson } from "./problem.ts";

/** True for requests answered in JSON rather than with pages. */
export const isApiRequest = (c: Context) => c.req.path === "/api" || c.req.path.startsWith("/api/");

/** Where a request's fields were: the JSON body or the query string (API), else a page's form. */
function fieldLocation(c: Context): string {
  if (!isApiRequest(c)) return "form";
  return c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "DELETE" ? "query" : "body";
}

/** Maps anything thrown by a route to a problem; unknown errors become a generic 500. */
export function toProblemError(error: unknown, requestId: string, where = "body"): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof QuizError) return problemFromQuizError(error, where);
  if (isDatabaseUnavailable(error)) {
    return new ProblemError("database-unavailable", "The database is briefly unavailable. Retry in a few seconds.", {
      headers: { "Retry-After": "5" },
    });
  }
  if (error instanceof HTTPException) {
    // Hono's own exceptions: the JSON validator's parse failure and the body limit.
    if (error.status === 400 && /json/i.test(error.message)) {
      return new ProblemError("malformed-json", "The request body is not valid JSON.");
    }
    if (error.status === 413) {
      return new ProblemError("payload-too-large", "The request body is larger than this endpoint accepts.");
    }
    if (error.status === 401) return new ProblemError("unauthorized", "Authentication is required.");
    if (error.status === 403) return new ProblemError("forbidden", "This request is not allowed from this origin.");
    if (error.status === 400) return new ProblemError("bad-request", "The request could not be understood.");
  }
  return new ProblemError(
    "internal-error",
    `An unexpected error occurred. Quote request id ${requestId} if you report it.`,
    {
      extra: { requestId },
    },
  );
}

/** Answers a problem: problem+json under /api, an error page elsewhere. */
export function renderProblem(c: Context<AppEnv>, problem: Problem, headers: Record<string, string> = {}) {
  if (isApiRequest(c)) return problemJson(c, problem, headers);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  c.status(problem.status);
  return c.html(
    <ErrorPage
      problem={problem}
      lang={c.get("lang") ?? "fr"}
      nonce={c.get("secureHeadersNonce") ?? ""}
      requestId={c.get("requestId")}
    />,
  );
}

/** The app's single onError: known problems as they are, the rest logged and hidden. */
export function handleError(error: Error, c: Context<AppEnv>) {
  const requestId = c.get("requestId") ?? "unknown";
  const problemError = toProblemError(error, requestId, fieldLocation(c));
  if (problemError.problem.status >= 500) {
    console.error(
      JSON.stringify({
        level: "error",
        requestId,
        clientRequestId: c.get("clientRequestId"),
        path: c.req.path,
        name: error.name,
        message: error.message,
      }),
    );
  }
  return renderProblem(c, problemError.problem, problemError.headers);
}
