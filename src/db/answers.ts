import type { Db } from "../env.ts";
import { practiceWithheldItemSql, schedulesReviewSql, timeIsUpSql } from "../quiz/assignment-rules.ts";
import type { AnswerRecord, Attempt } from "../quiz/attempt.ts";
import {
  type AnswerRow,
  type AttemptRow,
  attemptTotalsSql,
  ownAnswersStatement,
  ownAttemptStatement,
  toAnswer,
  toAttempt,
} from "./attempts.ts";
import { type ReviewUpdate, reviewCardStatement } from "./reviews.ts";

/**
 * True in a batch's later statements only if this very request stored the answer (?1 attempt,
 * ?2 item, ?3 the random write id on the row), so a retry or a concurrent request never counts twice.
 */
export const STORED_BY_THIS_WRITE =
  "EXISTS (SELECT 1 FROM answers WHERE attempt_id = ?1 AND item_id = ?2 AND write_id = ?3)";

/** Counts a poll vote, only if this request's write stored the answer it belongs to. */
export const voteIfStoredStatement = (db: Db, attemptId: string, itemId: string, writeId: string, choiceId: string) =>
  db
    .prepare(
      `INSERT INTO poll_votes (item_id, choice_id, votes) SELECT ?2, ?4, 1 WHERE ${STORED_BY_THIS_WRITE}
       ON CONFLICT (item_id, choice_id) DO UPDATE SET votes = votes + 1`,
    )
    .bind(attemptId, itemId, writeId, choiceId);

/**
 * Stores one answer, idempotently, in one batch (one transaction): the answer row only if the
 * attempt is still open and the question has no answer yet; the attempt's running totals,
 * recomputed from its answers; the item's review schedule and, for a poll, its vote — both only
 * if this very request stored the answer (its random write id is on the row), so a concurrent
 * retry never counts twice. Returns whether this call stored the answer.
 */
export async function recordAnswer(
  db: Db,
  answer: AnswerRecord,
  learnerId: string,
  review: ReviewUpdate | null,
  pollChoice: string | null = null,
): Promise<boolean> {
  const writeId = crypto.randomUUID();
  const statements = [
    db
      .prepare(
        `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10 FROM attempts
         WHERE id = ?1 AND learner_id = ?9 AND status = 'in-progress' AND NOT ${timeIsUpSql("deadline_at", "?8")}
           AND (assignment_id IS NOT NULL OR NOT ${practiceWithheldItemSql("?9", "?2", "?8")})
         ON CONFLICT (attempt_id, item_id) DO NOTHING`,
      )
      .bind(
        answer.attemptId,
        answer.itemId,
        answer.position,
        answer.response,
        answer.fraction,
        answer.points,
        answer.state,
        answer.answeredAt,
        learnerId,
        writeId,
      ),
    db
      .prepare(
        `UPDATE attempts SET
           ${attemptTotalsSql("?1")}
         WHERE id = ?1 AND status = 'in-progress'`,
      )
      .bind(answer.attemptId),
  ];
  if (review) {
    statements.push(
      db
        .prepare(
          `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
           SELECT ?4, ?2, ?5, ?6, ?7, ?1 WHERE ${STORED_BY_THIS_WRITE}
           ON CONFLICT (learner_id, item_id) DO UPDATE SET
             card = excluded.card, due_at = excluded.due_at, last_fraction = excluded.last_fraction,
             last_attempt_id = excluded.last_attempt_id`,
        )
        .bind(answer.attemptId, answer.itemId, writeId, learnerId, review.card, review.dueAt, review.fraction),
    );
  }
  if (pollChoice !== null)
    statements.push(voteIfStoredStatement(db, answer.attemptId, answer.itemId, writeId, pollChoice));
  const [inserted] = await db.batch(statements);
  return (inserted?.meta.changes ?? 0) > 0;
}

/** What `storeAnswerInOneTrip` is asked to store: an answer graded before the attempt was read. */
export type SpeculativeAnswer = {
  answer: Omit<AnswerRecord, "position">;
  learnerId: string;
  /** The seed the answer was graded with: it is stored only if the attempt has this seed. */
  seed: number;
  /** The review schedule of an item the learner never reviewed (used only if that is so). */
  newReview: ReviewUpdate | null;
  pollChoice: string | null;
};

export type OneTripOutcome = {
  /** True when this call stored the answer. */
  stored: boolean;
  /** The attempt and its answers as they were before this call (null: no such attempt of this learner). */
  before: { attempt: Attempt; answers: AnswerRecord[]; reviewCard: string | null } | null;
  /** The assignment's closing time (undefined: no assignment). */
  closesAt: number | null | undefined;
  /** The poll's votes after this call (polls only). */
  pollVotes: Map<string, number> | null;
  /** True when practice withholds this item from this learner now (an assignment they take; `practiceWithheldItems`). */
  withheldFromPractice: boolean;
};

/**
 * Loads the attempt and stores an answer to it in one batch (one round trip, one transaction):
 * the attempt, its answers, the learner's review card and the assignment's closing time as they
 * were; the answer, only if the attempt is this learner's, has the seed the answer was graded
 * with, is in progress and in time, holds the question and has no answer to it yet; the running
 * totals; a first review schedule (only for an item never reviewed, and only where
 * `schedulesReviewSql` says the attempt's feedback mode schedules reviews); the poll vote and the poll's counts after it. A practice attempt's answer is not
 * stored while practice withholds the item from the learner (`practiceWithheldItemSql`), and the
 * batch says so.
 */
export async function storeAnswerInOneTrip(db: Db, s: SpeculativeAnswer): Promise<OneTripOutcome> {
  const { answer, learnerId } = s;
  const writeId = crypto.randomUUID();
  const statements = [
    ownAttemptStatement(db, answer.attemptId, learnerId),
    ownAnswersStatement(db, answer.attemptId, learnerId),
    reviewCardStatement(db, learnerId, answer.itemId),
    db
      .prepare(
        "SELECT s.closes_at FROM assignments s JOIN attempts t ON t.assignment_id = s.id WHERE t.id = ? AND t.learner_id = ?",
      )
      .bind(answer.attemptId, learnerId),
    db
      .prepare(
        `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
         SELECT ?1, ?2, (SELECT CAST(j.key AS INTEGER) FROM json_each(t.item_ids) j WHERE j.value = ?2), ?4, ?5, ?6, ?7, ?8, ?3
         FROM attempts t
         WHERE t.id = ?1 AND t.learner_id = ?9 AND t.seed = ?10 AND t.status = 'in-progress'
           AND NOT ${timeIsUpSql("t.deadline_at", "?8")}
           AND EXISTS (SELECT 1 FROM json_each(t.item_ids) j WHERE j.value = ?2)
           AND (t.assignment_id IS NOT NULL OR NOT ${practiceWithheldItemSql("?9", "?2", "?8")})
         ON CONFLICT (attempt_id, item_id) DO NOTHING`,
      )
      .bind(
        answer.attemptId,
        answer.itemId,
        writeId,
        answer.response,
        answer.fraction,
        answer.points,
        answer.state,
        answer.answeredAt,
        learnerId,
        s.seed,
      ),
    db
      .prepare(
        `UPDATE attempts SET
           ${attemptTotalsSql("?1")}
         WHERE id = ?1 AND status = 'in-progress' AND ${STORED_BY_THIS_WRITE}`,
      )
      .bind(answer.attemptId, answer.itemId, writeId),
    db
      .prepare(`SELECT ${practiceWithheldItemSql("?1", "?2", "?3")} AS withheld`)
      .bind(learnerId, answer.itemId, answer.answeredAt),
  ];
  if (s.newReview) {
    statements.push(
      db
        .prepare(
          `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
           SELECT ?4, ?2, ?5, ?6, ?7, ?1 WHERE ${STORED_BY_THIS_WRITE}
             AND ${schedulesReviewSql("(SELECT feedback FROM attempts WHERE id = ?1)")}
           ON CONFLICT (learner_id, item_id) DO NOTHING`,
        )
        .bind(
          answer.attemptId,
          answer.itemId,
          writeId,
          learnerId,
          s.newReview.card,
          s.newReview.dueAt,
          s.newReview.fraction,
        ),
    );
  }
  if (s.pollChoice !== null) {
    statements.push(
      voteIfStoredStatement(db, answer.attemptId, answer.itemId, writeId, s.pollChoice),
      db.prepare("SELECT choice_id, votes FROM poll_votes WHERE item_id = ?").bind(answer.itemId),
    );
  }
  const results = await db.batch(statements);
  const row = (results[0]?.results as AttemptRow[] | undefined)?.[0];
  const closes = (results[3]?.results ?? []) as { closes_at: number | null }[];
  const votes =
    s.pollChoice !== null ? ((results.at(-1)?.results ?? []) as { choice_id: string; votes: number }[]) : null;
  return {
    stored: (results[4]?.meta.changes ?? 0) > 0,
    before: row
      ? {
          attempt: toAttempt(row),
          answers: ((results[1]?.results ?? []) as AnswerRow[]).map(toAnswer),
          reviewCard: ((results[2]?.results ?? []) as { card: string }[])[0]?.card ?? null,
        }
      : null,
    closesAt: closes.length ? (closes[0]?.closes_at ?? null) : undefined,
    pollVotes: votes ? new Map(votes.map((v) => [v.choice_id, v.votes])) : null,
    withheldFromPractice: ((results[6]?.results ?? []) as { withheld: number }[])[0]?.withheld === 1,
  };
}

/** The stored answer to one question of an attempt, or null. */
export async function loadAnswer(db: Db, attemptId: string, itemId: string): Promise<AnswerRecord | null> {
  const row = await db
    .prepare("SELECT * FROM answers WHERE attempt_id = ? AND item_id = ?")
    .bind(attemptId, itemId)
    .first<AnswerRow>();
  return row ? toAnswer(row) : null;
}
