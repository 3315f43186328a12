import type { Db } from "../env.ts";
import type { JoinedAssignment } from "../quiz/assignment-rules.ts";
import { type JoinedAfterCloseRow, joinedAfterCloseStatement, toJoinedAssignments } from "./assignments.ts";

export type ReviewItem = {
  itemId: string;
  dueAt: number;
  lastFraction: number;
  /** The seed of the attempt that last served the item (its numbers, for a parametric item); null if unknown. */
  seed: number | null;
};

type ReviewRow = { item_id: string; due_at: number; last_fraction: number; seed?: number | null };
const toReview = (r: ReviewRow): ReviewItem => ({
  itemId: r.item_id,
  dueAt: r.due_at,
  lastFraction: r.last_fraction,
  seed: r.seed ?? null,
});

/** Reads the learner's stored review card for an item (no row: never reviewed), for a batch. */
export const reviewCardStatement = (db: Db, learnerId: string, itemId: string) =>
  db.prepare("SELECT card FROM review_items WHERE learner_id = ? AND item_id = ?").bind(learnerId, itemId);

/** Items due for review now, most overdue first (reads through the (learner_id, due_at) index). */
const dueReviewsStatement = (db: Db, learnerId: string, now: number, limit: number) =>
  db
    .prepare(
      "SELECT item_id, due_at, last_fraction FROM review_items WHERE learner_id = ? AND due_at <= ? ORDER BY due_at LIMIT ?",
    )
    .bind(learnerId, now, limit);

/**
 * What a review round is drawn from, in one round trip: the items due (soonest first)
 * and the learner's "after-close" memberships (as `loadJoinedAfterClose`).
 */
export async function loadReviewStart(
  db: Db,
  learnerId: string,
  now: number,
  limit: number,
): Promise<{ due: ReviewItem[]; joined: JoinedAssignment[] }> {
  const [due, joined] = await db.batch([
    dueReviewsStatement(db, learnerId, now, limit),
    joinedAfterCloseStatement(db, learnerId),
  ]);
  return {
    due: ((due?.results ?? []) as ReviewRow[]).map(toReview),
    joined: toJoinedAssignments((joined?.results ?? []) as JoinedAfterCloseRow[]),
  };
}

/** Every item this learner has answered, with its last result (for mastery per topic). */
export async function listReviewItems(db: Db, learnerId: string): Promise<ReviewItem[]> {
  const { results } = await db
    .prepare(
      `SELECT r.item_id, r.due_at, r.last_fraction, t.seed FROM review_items r
       LEFT JOIN attempts t ON t.id = r.last_attempt_id WHERE r.learner_id = ? LIMIT 1000`,
    )
    .bind(learnerId)
    .all<ReviewRow>();
  return results.map(toReview);
}

export type ReviewUpdate = { card: string; dueAt: number; fraction: number };

/** Reschedules an item the learner had reviewed before, after an answer this request stored. */
export async function saveReview(db: Db, learnerId: string, itemId: string, attemptId: string, review: ReviewUpdate) {
  await db
    .prepare(
      `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)
       ON CONFLICT (learner_id, item_id) DO UPDATE SET
         card = excluded.card, due_at = excluded.due_at, last_fraction = excluded.last_fraction,
         last_attempt_id = excluded.last_attempt_id`,
    )
    .bind(learnerId, itemId, review.card, review.dueAt, review.fraction, attemptId)
    .run();
}
