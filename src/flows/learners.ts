import { findAttemptInProgress } from "../db/attempts.ts";
import { deleteLearner, type Learner, loadDisplayName, saveDisplayName } from "../db/learners.ts";
import type { Db } from "../env.ts";
import { checkName, NAME_MESSAGES } from "../quiz/assignment-codes.ts";
import { invalidField } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";

/** The learner's chosen display name, or null (none chosen, or no learner yet). */
export async function displayName(db: Db, learner: Learner | null): Promise<string | null> {
  return learner ? loadDisplayName(db, learner.id) : null;
}

/** Sets the display name under the name rules (`invalid` on /name), or clears it with a blank one. */
export async function setDisplayName(db: Db, learner: Learner, raw: string, lang: Lang, now: number) {
  let saved: string | null = null;
  if (raw.trim() !== "") {
    const check = checkName(raw);
    if (!check.ok) throw invalidField("/name", NAME_MESSAGES[check.reason][lang]);
    saved = check.name;
  }
  await saveDisplayName(db, learner.id, saved, now);
  return saved;
}

/** Deletes everything kept about the learner (attempts, answers, reviews, votes, names). */
export async function forgetLearner(db: Db, learner: Learner | null): Promise<void> {
  if (learner) await deleteLearner(db, learner.id);
}

/** The attempt the home page offers to resume, or null. */
export async function attemptToResume(db: Db, learner: Learner | null) {
  return learner ? findAttemptInProgress(db, learner.id) : null;
}
