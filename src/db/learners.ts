import type { Db } from "../env.ts";
import { withdrawPollVotesStatement } from "./polls.ts";

/** A learner as every layer knows them: the SHA-256 of their cookie's token, nothing personal. */
export type Learner = { id: string };

/** The learner's chosen display name, or null. */
export async function loadDisplayName(db: Db, learnerId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT display_name FROM learners WHERE id = ?")
    .bind(learnerId)
    .first<{ display_name: string | null }>();
  return row?.display_name ?? null;
}

/** Sets (or clears, with null) the display name, creating the learner if needed. */
export async function saveDisplayName(db: Db, learnerId: string, name: string | null, now: number): Promise<void> {
  await db
    .prepare(
      "INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name",
    )
    .bind(learnerId, name, now)
    .run();
}

/**
 * Creates the learner on first write; afterwards marks them active (what the retention sweep
 * reads). `unless`: SQL over the bound values (?1 the learner, ?2 now; more follow as ?3, ...)
 * that, when true, writes nothing.
 */
export const ensureLearnerStatement = (
  db: Db,
  learnerId: string,
  now: number,
  unless?: { sql: string; values: unknown[] },
) =>
  db
    .prepare(
      `INSERT INTO learners (id, created_at, active_at) SELECT ?1, ?2, ?2 WHERE ${unless ? `NOT ${unless.sql}` : "true"}
       ON CONFLICT (id) DO UPDATE SET active_at = max(active_at, excluded.active_at)`,
    )
    .bind(learnerId, now, ...(unless?.values ?? []));

/**
 * Deletes every trace of a learner in one batch: their poll votes are taken back, then deleting
 * the learner cascades (foreign keys, migrations/0009) to their attempts, answers, review state,
 * assignment memberships, practice-board memberships and leaderboard entries.
 */
export async function deleteLearner(db: Db, learnerId: string): Promise<void> {
  await db.batch(deleteLearnerStatements(db, learnerId));
}

/** The statements that delete a learner and everything of theirs (for one batch, alone or with others). */
export function deleteLearnerStatements(db: Db, learnerId: string): D1PreparedStatement[] {
  return [
    withdrawPollVotesStatement(db, "learner_id = ?", learnerId),
    db.prepare("DELETE FROM learners WHERE id = ?").bind(learnerId),
  ];
}
