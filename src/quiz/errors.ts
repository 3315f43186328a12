/**
 * What can go wrong in a use case, in the quiz's own words. Flows and the pure domain throw
 * these and know nothing of HTTP: the API turns them into problem+json and the pages into the
 * same form shown again with the message, each in one place (`src/http/errors.tsx`,
 * `src/routes/pages/form-errors.ts`).
 */
export type QuizErrorKind =
  /** The thing asked for does not exist (or is not the caller's). */
  | "not-found"
  /** The request contradicts what is stored (a different answer, a taken name, no attempts left). */
  | "conflict"
  /** The assignment or attempt does not take this now (not open yet, closed, finished, time up). */
  | "closed"
  /** Input that breaks a rule; `fields` names each field at fault. */
  | "invalid"
  /** The caller may not see or do this (a board the teacher turned off). */
  | "forbidden";

/** One field at fault: a JSON Pointer (RFC 6901) into the input, "" for the whole of it. */
export type FieldIssue = { path: string; message: string };

export class QuizError extends Error {
  override readonly name = "QuizError";
  readonly kind: QuizErrorKind;
  readonly fields: FieldIssue[];
  /** Facts a client can act on (e.g. `opensAt`, `questionId`). */
  readonly details: Record<string, unknown>;

  constructor(
    kind: QuizErrorKind,
    message: string,
    options: { fields?: FieldIssue[]; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.kind = kind;
    this.fields = options.fields ?? [];
    this.details = options.details ?? {};
  }
}

export const notFound = (message: string) => new QuizError("not-found", message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new QuizError("conflict", message, details ? { details } : {});
export const closed = (message: string, details?: Record<string, unknown>) =>
  new QuizError("closed", message, details ? { details } : {});
export const forbidden = (message: string) => new QuizError("forbidden", message);
/** Input that breaks a rule; the message defaults to the fields' own when there is one field. */
export const invalid = (fields: FieldIssue[], message = "The input has invalid fields.") =>
  new QuizError("invalid", message, { fields });
/** One invalid field. */
export const invalidField = (path: string, message: string, summary = message) => invalid([{ path, message }], summary);
