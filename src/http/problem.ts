import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { QuizError, QuizErrorKind } from "../quiz/errors.ts";

/** One invalid field of a request, in the `errors` member of a validation problem. */
export type FieldError = {
  /** Where the field was: body, query, path, header, cookie or form. */
  in: string;
  /** JSON Pointer (RFC 6901) to the field, "" for the whole input. */
  pointer: string;
  detail: string;
};

export type Problem = {
  type: string;
  title: string;
  status: ContentfulStatusCode;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Problem types, each documented at /problems/{slug}. */
export const PROBLEM_TYPES = {
  "bad-request": { status: 400, title: "Bad request" },
  "malformed-json": { status: 400, title: "Malformed JSON" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  gone: { status: 410, title: "Gone" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-error": { status: 422, title: "Validation error" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  "internal-error": { status: 500, title: "Internal server error" },
  "database-unavailable": { status: 503, title: "Database unavailable" },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

/**
 * An error that the app answers with an RFC 9457 problem: problem+json under /api,
 * a readable error page elsewhere.
 */
export class ProblemError extends HTTPException {
  readonly problem: Problem;
  readonly headers: Record<string, string>;

  constructor(
    slug: ProblemSlug,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    const { status, title } = PROBLEM_TYPES[slug];
    super(status, { message: detail });
    this.problem = {
      type: `/problems/${slug}`,
      title,
      status,
      detail,
      ...(options.errors ? { errors: options.errors } : {}),
      ...options.extra,
    };
    this.headers = options.headers ?? {};
  }
}

export const validationError = (errors: FieldError[], detail = "The request has invalid fields.") =>
  new ProblemError("validation-error", detail, { errors });

/** The problem type each domain error is answered with. */
const PROBLEM_OF_KIND: Record<QuizErrorKind, ProblemSlug> = {
  "not-found": "not-found",
  conflict: "conflict",
  closed: "conflict",
  invalid: "validation-error",
  forbidden: "forbidden",
};

/**
 * The one translation of a domain error into a problem. `where` is where its fields were
 * sent (body, query or form): the flow only knows their path.
 */
export function problemFromQuizError(error: QuizError, where: string): ProblemError {
  return new ProblemError(PROBLEM_OF_KIND[error.kind], error.message, {
    ...(error.fields.length
      ? { errors: error.fields.map((f) => ({ in: where, pointer: f.path, detail: f.message })) }
      : {}),
    ...(Object.keys(error.details).length ? { extra: error.details } : {}),
  });
}

/** Renders a problem as application/problem+json. */
export function problemJson(c: Context, problem: Problem, headers: Record<string, string> = {}) {
  const body = { ...problem, instance: problem.instance ?? c.req.path };
  return c.body(JSON.stringify(body), problem.status, {
    ...headers,
    "Content-Type": PROBLEM_CONTENT_TYPE,
  });
}
