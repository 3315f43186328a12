import type { Db } from "../env.ts";
import { finishTimeSql, timeIsUpSql } from "../quiz/assignment-rules.ts";
import { deleteAssignmentStatements } from "./assignments.ts";
import { attemptTotalsSql } from "./attempts.ts";
import { leaderboardBulkFinishStatements } from "./leaderboards.ts";
import { deleteLearnerStatements } from "./learners.ts";

/*
 * What the scheduled sweep reads and writes. Every query finds its rows through an index made
 * for it (migrations/0014_retention.sql) and takes at most `limit` of them, so one run's D1
 * work is bounded whatever the size of the tables.
 */

const ids = async (db: Db, sql: string, ...values: (string | number)[]) =>
  (
    await db
      .prepare(sql)
      .bind(...values)
      .all<{ id: string }>()
  ).results.map((r) => r.id);

/** In-progress attempts whose time (plus grace) ran out before `now`, oldest deadline first. */
export const listExpiredAttempts = (db: Db, now: number, limit: number) =>
  ids(
    db,
    `SELECT id FROM attempts WHERE status = 'in-progress' AND ${timeIsUpSql("deadline_at", "?1")}
     ORDER BY deadline_at LIMIT ?2`,
    now,
    limit,
  );

/**
 * Finishes these attempts (those still in progress and expired) in one batch: each at the end of
 * its grace period, score and count recomputed from its answers, then put on its leaderboards.
 * Returns how many this call finished.
 */
export async function finishExpiredAttempts(db: Db, attemptIds: string[], now: number): Promise<number> {
  if (attemptIds.length === 0) return 0;
  const json = JSON.stringify(attemptIds);
  const [finished] = await db.batch([
    db
      .prepare(
        `UPDATE attempts SET status = 'finished', finished_at = ${finishTimeSql("attempts", "?2")},
           ${attemptTotalsSql("attempts.id")}
         WHERE id IN (SELECT value FROM json_each(?1)) AND status = 'in-progress'
           AND ${timeIsUpSql("deadline_at", "?2")}`,
      )
      .bind(json, now),
    ...leaderboardBulkFinishStatements(db, json),
  ]);
  return finished?.meta.changes ?? 0;
}

/** Learners whose last activity is before `cutoff`, least recent first. */
export const listInactiveLearners = (db: Db, cutoff: number, limit: number) =>
  ids(db, "SELECT id FROM learners WHERE active_at < ?1 ORDER BY active_at LIMIT ?2", cutoff, limit);

/** Assignments that closed before `cutoff`, earliest first. */
export const listClosedAssignments = (db: Db, cutoff: number, limit: number) =>
  ids(
    db,
    "SELECT id FROM assignments WHERE closes_at IS NOT NULL AND closes_at < ?1 ORDER BY closes_at LIMIT ?2",
    cutoff,
    limit,
  );

/** Deletes these learners with everything of theirs, in one batch. */
export async function deleteLearners(db: Db, learnerIds: string[]): Promise<number> {
  if (learnerIds.length === 0) return 0;
  await db.batch(learnerIds.flatMap((id) => deleteLearnerStatements(db, id)));
  return learnerIds.length;
}

/** Deletes these assignments with their attempts, answers, memberships and boards, in one batch. */
export async function deleteAssignments(db: Db, assignmentIds: string[]): Promise<number> {
  if (assignmentIds.length === 0) return 0;
  await db.batch(assignmentIds.flatMap((id) => deleteAssignmentStatements(db, id)));
  return assignmentIds.length;
}

/** Deletes up to `limit` practice attempts started before `cutoff` and never answered. */
export async function deleteEmptyPracticeAttempts(db: Db, cutoff: number, limit: number): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM attempts WHERE id IN (
         SELECT id FROM attempts WHERE assignment_id IS NULL AND answered_count = 0 AND started_at < ?1 LIMIT ?2)
       AND NOT EXISTS (SELECT 1 FROM answers WHERE attempt_id = attempts.id)`,
    )
    .bind(cutoff, limit)
    .run();
  return result.meta.changes;
}
