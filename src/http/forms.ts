import type { Context } from "hono";
import * as z from "zod";
import { invalid } from "../quiz/errors.ts";
import { ProblemError } from "./problem.ts";
import { toFieldIssues } from "./validation.ts";

export type FormFields = Record<string, string | string[]>;

const MAX_FIELDS = 64;

/** Reads a urlencoded form as strings only (files and oversized forms are refused). */
export async function readForm(c: Context): Promise<FormFields> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) {
    throw new ProblemError("unsupported-media-type", "Send this form as application/x-www-form-urlencoded.");
  }
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    // A multipart body without its boundary, or one that does not parse: the client's mistake, not ours.
    throw new ProblemError("bad-request", "The form could not be read; send it as application/x-www-form-urlencoded.");
  }
  const fields: FormFields = {};
  let count = 0;
  for (const [name, value] of Object.entries(body)) {
    const values = Array.isArray(value) ? value : [value];
    if (values.some((v) => typeof v !== "string"))
      throw new ProblemError("bad-request", "Files are not accepted here.");
    count += values.length;
    if (count > MAX_FIELDS || name.length > 100) throw new ProblemError("bad-request", "The form has too many fields.");
    fields[name] = Array.isArray(value) ? (value as string[]) : (value as string);
  }
  return fields;
}

/** Validates form fields with a zod schema; a failure is the domain's `invalid` (422, the form shown again). */
export function parseForm<S extends z.ZodType>(schema: S, fields: FormFields): z.output<S> {
  const result = schema.safeParse(fields);
  if (!result.success) throw invalid(toFieldIssues(result.error.issues), "The form has invalid fields.");
  return result.data;
}

export const formString = (max: number) => z.string().check(z.trim(), z.maxLength(max));
