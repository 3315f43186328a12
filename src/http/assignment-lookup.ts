import type { Context } from "hono";
import type { Assignment } from "../db/assignments.ts";
import type { AppEnv } from "../env.ts";
import { findAssignment } from "../flows/assignment-attempts.ts";
import { notFound } from "../quiz/errors.ts";

/**
 * A public lookup by code for the API and the pages. The 404 for an unknown code counts as a
 * guess from the client's address (`countUnknownCodes`, mounted in app.ts on every code path).
 */
export async function lookupForLearner(c: Context<AppEnv>, code: string): Promise<Assignment> {
  const assignment = await findAssignment(c.get("db"), code);
  if (assignment) return assignment;
  throw notFound("No assignment has this code.");
}
