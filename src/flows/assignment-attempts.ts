import type { Lang } from "../env.ts";
import type { Db } from "../env.ts";
import type { Learner } from "../http/learner.ts";
import { notFound } from "../http/problem.ts";
import type { Attempt } from "../db/attempts.ts";
import type { ServedQuestion } from "./attempts.ts";

/**
 * Starts an attempt on a teacher's assignment, enforcing its settings.
 * (Placeholder until assignments exist: every code is unknown.)
 */
export async function startAssignmentAttempt(
  _db: Db,
  _learner: Learner,
  code: string,
  _name: string | undefined,
  _lang: Lang,
  _now: number,
): Promise<{ attempt: Attempt; question: ServedQuestion | null }> {
  throw notFound(`No assignment has the code ${code}.`);
}
