import type { Context } from "hono";
import type { Assignment } from "../db/assignments.ts";
import type { AppEnv } from "../env.ts";
import { findAssignment } from "../flows/assignment-attempts.ts";
import { notFound } from "../quiz/errors.ts";
import { currentLearner } from "./learner.ts";
import { countFailedGuess, learnerGuessKey } from "./teacher-auth.ts";

/** A public lookup by code for the API and the pages; unknown codes count as guesses (per learner cookie, else per address). */
export async function lookupForLearner(c: Context<AppEnv>, code: string): Promise<Assignment> {
  const assignment = await findAssignment(c.get("db"), code);
  if (assignment) return assignment;
  await countFailedGuess(c, await learnerGuessKey(c, (await currentLearner(c))?.id ?? null));
  throw notFound("No assignment has this code.");
}
