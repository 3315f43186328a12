import * as z from "zod";

/**
 * Field schemas the API and the pages share, so a title or an id is checked the same way
 * whichever door it comes through.
 */

// Titles and names: printable text only (no control, format or line-breaking characters).
const PRINTABLE = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]*$/u;

export const Title = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "must not be empty"),
    z.maxLength(120, "must be at most 120 characters"),
    z.regex(PRINTABLE, "must not contain control or invisible characters"),
  );

/** Attempt ids in paths: short, URL-safe. */
export const ATTEMPT_ID = /^[a-z0-9]{10,40}$/;
/** Question ids in paths. */
export const QUESTION_ID = /^[a-z0-9.-]{1,80}$/;
/** Quiz ids in paths. */
export const QUIZ_ID = /^[a-z0-9-]{1,64}$/;
/** A learner's reference within an assignment (see `learnerRef`). */
export const LEARNER_REF = /^[0-9a-f]{16}$/;
