import type { z } from "zod";
import type { FieldIssue } from "../quiz/errors.ts";
import { type FieldError, validationError } from "./problem.ts";

const pointerOf = (path: readonly PropertyKey[]) =>
  path.length ? `/${path.map((p) => String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("/")}` : "";

/** Turns zod issues into the fields of a domain `invalid` error. */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => ({ path: pointerOf(issue.path), message: issue.message }));
}

/** Turns zod issues into the `errors` of a validation problem. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[], where: string): FieldError[] {
  return issues.map((issue) => ({ in: where, pointer: pointerOf(issue.path), detail: issue.message }));
}

/**
 * The hook every OpenAPI route uses: a failed zod validation becomes a 422 problem
 * listing each bad field.
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }) {
  if (!result.success) {
    throw validationError(toFieldErrors(result.error.issues, result.target === "json" ? "body" : result.target));
  }
}
