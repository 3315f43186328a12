import type { Db } from "../env.ts";
import { DEADLINE_GRACE_MS, finishTimeSql } from "../quiz/assignment-rules.ts";

export type AttemptStatus = "in-progress" | "finished";

export type Attempt = {
  id: string;
  learnerId: string;
  quizId: string;
  assignmentId: string | null;
  bankVersion: string;
  seed: number;
  itemIds: string[];
  questionCount: number;
  maxScore: number;
  status: AttemptStatus;
  answeredCount: number;
  score: number;
  lang: "fr" | "en" | null;
  feedback: "immediate" | "after-close";
  startedAt: number;
  deadlineAt: number | null;
  finishedAt: number | null;
  /** False when the teacher keeps choices in the bank's order. */
  shuffleChoices: boolean;
};

export type AnswerRecord = {
  attemptId: string;
  itemId: string;
  position: number;
  response: string;
  fraction: number;
  points: number;
  state: string;
  answeredAt: number;
};

type AttemptRow = {
  id: string;
  learner_id: string;
  quiz_id: string;
  assignment_id: string | null;
  bank_version: string;
  seed: number;
  item_ids: string;
  question_count: number;
  max_score: number;
  status: AttemptStatus;
  answered_count: number;
  score: number;
  lang: "fr" | "en" | null;
  feedback: "immediate" | "after-close";
  started_at: number;
  deadline_at: number | null;
  finished_at: number | null;
  shuffle_choices: number;
};

type AnswerRow = {
  attempt_id: string;
  item_id: string;
  position: number;
  response: string;
  fraction: number;
  points: number;
  state: string;
  answered_at: number;
};

const ATTEMPT_COLUMNS =
  "id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count, max_score, status, answered_count, score, lang, feedback, started_at, deadline_at, finished_at, shuffle_choices";

/** The one mapper from an attempts row. */
export function toAttempt(row: AttemptRow): Attempt {
  return {
    id: row.id,
    learnerId: row.learner_id,
    quizId: row.quiz_id,
    assignmentId: row.assignment_id,
    bankVersion: row.bank_version,
    seed: row.seed,
    itemIds: JSON.parse(row.item_ids) as string[],
    questionCount: row.question_count,
    maxScore: row.max_score,
    status: row.status,
    answeredCount: row.answered_count,
    score: row.score,
    lang: row.lang,
    feedback: row.feedback,
    startedAt: row.started_at,
    deadlineAt: row.deadline_at,
    finishedAt: row.finished_at,
    shuffleChoices: row.shuffle_choices !== 0,
  };
}

export function toAnswer(row: AnswerRow): AnswerRecord {
  return {
    attemptId: row.attempt_id,
    itemId: row.item_id,
    position: row.position,
    response: row.response,
    fraction: row.fraction,
    points: row.points,
    state: row.state,
    answeredAt: row.answered_at,
  };
}

/** Creates the learner on first write; afterwards marks them active (what the retention sweep reads). */
export const ensureLearnerStatement = (db: Db, learnerId: string, now: number) =>
  db
    .prepare(
      `INSERT INTO learners (id, created_at, active_at) VALUES (?1, ?2, ?2)
       ON CONFLICT (id) DO UPDATE SET active_at = max(active_at, excluded.active_at)`,
    )
    .bind(learnerId, now);

export type NewAttempt = Omit<Attempt, "status" | "answeredCount" | "score" | "finishedAt">;

/** The statement that inserts a new attempt (run in the caller's batch). */
export const insertAttemptStatement = (db: Db, a: NewAttempt) =>
  db
    .prepare(
      `INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count, max_score, lang, feedback, started_at, deadline_at, shuffle_choices)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      a.id,
      a.learnerId,
      a.quizId,
      a.assignmentId,
      a.bankVersion,
      a.seed,
      JSON.stringify(a.itemIds),
      a.questionCount,
      a.maxScore,
      a.lang,
      a.feedback,
      a.startedAt,
      a.deadlineAt,
      a.shuffleChoices ? 1 : 0,
    );

/** Starts a practice attempt: learner and attempt in one batch. */
export async function createAttempt(db: Db, attempt: NewAttempt): Promise<void> {
  await db.batch([
    ensureLearnerStatement(db, attempt.learnerId, attempt.startedAt),
    insertAttemptStatement(db, attempt),
  ]);
}

/** The learner's own attempt, or null (also when it belongs to someone else). */
export async function loadAttempt(db: Db, attemptId: string, learnerId: string): Promise<Attempt | null> {
  const row = await db
    .prepare(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE id = ? AND learner_id = ?`)
    .bind(attemptId, learnerId)
    .first<AttemptRow>();
  return row ? toAttempt(row) : null;
}

/** The attempt with its answers, in one round trip. */
export async function loadAttemptWithAnswers(
  db: Db,
  attemptId: string,
  learnerId: string,
): Promise<{ attempt: Attempt; answers: AnswerRecord[] } | null> {
  const loaded = await loadAnswerContext(db, attemptId, learnerId, null);
  return loaded ? { attempt: loaded.attempt, answers: loaded.answers } : null;
}

/**
 * What answering one item needs, in one round trip: the attempt, its answers and, when an item
 * is named, the learner's stored review card for it.
 */
export async function loadAnswerContext(
  db: Db,
  attemptId: string,
  learnerId: string,
  itemId: string | null,
): Promise<{ attempt: Attempt; answers: AnswerRecord[]; reviewCard: string | null } | null> {
  const statements = [
    db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE id = ? AND learner_id = ?`).bind(attemptId, learnerId),
    db
      .prepare(
        "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE a.attempt_id = ? AND t.learner_id = ? ORDER BY a.position",
      )
      .bind(attemptId, learnerId),
  ];
  if (itemId !== null) {
    statements.push(
      db.prepare("SELECT card FROM review_items WHERE learner_id = ? AND item_id = ?").bind(learnerId, itemId),
    );
  }
  const [attempts, answers, cards] = await db.batch(statements);
  const row = (attempts?.results as AttemptRow[] | undefined)?.[0];
  if (!row) return null;
  return {
    attempt: toAttempt(row),
    answers: ((answers?.results ?? []) as AnswerRow[]).map(toAnswer),
    reviewCard: ((cards?.results ?? []) as { card: string }[])[0]?.card ?? null,
  };
}

/** The learner's most recent unfinished attempt, to resume. */
export async function findAttemptInProgress(db: Db, learnerId: string): Promise<Attempt | null> {
  const row = await db
    .prepare(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE learner_id = ? AND status = 'in-progress' ORDER BY started_at DESC LIMIT 1`,
    )
    .bind(learnerId)
    .first<AttemptRow>();
  return row ? toAttempt(row) : null;
}

/** A listed attempt with its assignment's closing time (null: never; undefined: practice or deleted). */
export type ListedAttempt = Attempt & { assignmentClosesAt: number | null | undefined };

/** The learner's latest attempts, each with its assignment's closing time (one indexed read). */
export async function listAttempts(db: Db, learnerId: string, limit = 50): Promise<ListedAttempt[]> {
  const columns = ATTEMPT_COLUMNS.split(", ")
    .map((c) => `t.${c}`)
    .join(", ");
  const { results } = await db
    .prepare(
      `SELECT ${columns}, a.closes_at AS assignment_closes_at, a.id IS NOT NULL AS assignment_exists
       FROM attempts t LEFT JOIN assignments a ON a.id = t.assignment_id
       WHERE t.learner_id = ? ORDER BY t.started_at DESC LIMIT ?`,
    )
    .bind(learnerId, limit)
    .all<AttemptRow & { assignment_closes_at: number | null; assignment_exists: number }>();
  return results.map((r) => ({
    ...toAttempt(r),
    assignmentClosesAt: r.assignment_exists ? r.assignment_closes_at : undefined,
  }));
}

export { DEADLINE_GRACE_MS };

export type ReviewUpdate = { card: string; dueAt: number; fraction: number };

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
  const storedByThisWrite = "EXISTS (SELECT 1 FROM answers WHERE attempt_id = ?1 AND item_id = ?2 AND write_id = ?3)";
  const statements = [
    db
      .prepare(
        `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?11 FROM attempts
         WHERE id = ?1 AND learner_id = ?9 AND status = 'in-progress'
           AND (deadline_at IS NULL OR ?8 <= deadline_at + ?10)
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
        DEADLINE_GRACE_MS,
        writeId,
      ),
    db
      .prepare(
        `UPDATE attempts SET
           answered_count = (SELECT count(*) FROM answers WHERE attempt_id = ?1),
           score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = ?1)
         WHERE id = ?1 AND status = 'in-progress'`,
      )
      .bind(answer.attemptId),
  ];
  if (review) {
    statements.push(
      db
        .prepare(
          `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
           SELECT ?4, ?2, ?5, ?6, ?7, ?1 WHERE ${storedByThisWrite}
           ON CONFLICT (learner_id, item_id) DO UPDATE SET
             card = excluded.card, due_at = excluded.due_at, last_fraction = excluded.last_fraction,
             last_attempt_id = excluded.last_attempt_id`,
        )
        .bind(answer.attemptId, answer.itemId, writeId, learnerId, review.card, review.dueAt, review.fraction),
    );
  }
  if (pollChoice !== null) {
    statements.push(
      db
        .prepare(
          `INSERT INTO poll_votes (item_id, choice_id, votes) SELECT ?2, ?4, 1 WHERE ${storedByThisWrite}
           ON CONFLICT (item_id, choice_id) DO UPDATE SET votes = votes + 1`,
        )
        .bind(answer.attemptId, answer.itemId, writeId, pollChoice),
    );
  }
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
};

/**
 * Loads the attempt and stores an answer to it in one batch (one round trip, one transaction):
 * the attempt, its answers, the learner's review card and the assignment's closing time as they
 * were; the answer, only if the attempt is this learner's, has the seed the answer was graded
 * with, is in progress and in time, holds the question and has no answer to it yet; the running
 * totals; a first review schedule (only for an item never reviewed, and not while feedback is
 * withheld); the poll vote and the poll's counts after it.
 */
export async function storeAnswerInOneTrip(db: Db, s: SpeculativeAnswer): Promise<OneTripOutcome> {
  const { answer, learnerId } = s;
  const writeId = crypto.randomUUID();
  const storedByThisWrite = "EXISTS (SELECT 1 FROM answers WHERE attempt_id = ?1 AND item_id = ?2 AND write_id = ?3)";
  const statements = [
    db
      .prepare(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE id = ? AND learner_id = ?`)
      .bind(answer.attemptId, learnerId),
    db
      .prepare(
        "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE a.attempt_id = ? AND t.learner_id = ? ORDER BY a.position",
      )
      .bind(answer.attemptId, learnerId),
    db.prepare("SELECT card FROM review_items WHERE learner_id = ? AND item_id = ?").bind(learnerId, answer.itemId),
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
         WHERE t.id = ?1 AND t.learner_id = ?9 AND t.seed = ?11 AND t.status = 'in-progress'
           AND (t.deadline_at IS NULL OR ?8 <= t.deadline_at + ?10)
           AND EXISTS (SELECT 1 FROM json_each(t.item_ids) j WHERE j.value = ?2)
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
        DEADLINE_GRACE_MS,
        s.seed,
      ),
    db
      .prepare(
        `UPDATE attempts SET
           answered_count = (SELECT count(*) FROM answers WHERE attempt_id = ?1),
           score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = ?1)
         WHERE id = ?1 AND status = 'in-progress' AND ${storedByThisWrite}`,
      )
      .bind(answer.attemptId, answer.itemId, writeId),
  ];
  if (s.newReview) {
    statements.push(
      db
        .prepare(
          `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
           SELECT ?4, ?2, ?5, ?6, ?7, ?1 WHERE ${storedByThisWrite}
             AND (SELECT feedback FROM attempts WHERE id = ?1) = 'immediate'
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
      db
        .prepare(
          `INSERT INTO poll_votes (item_id, choice_id, votes) SELECT ?2, ?4, 1 WHERE ${storedByThisWrite}
           ON CONFLICT (item_id, choice_id) DO UPDATE SET votes = votes + 1`,
        )
        .bind(answer.attemptId, answer.itemId, writeId, s.pollChoice),
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
  };
}

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

/** A poll's votes per choice id. */
export async function loadPollVotes(db: Db, itemId: string): Promise<Map<string, number>> {
  const { results } = await db
    .prepare("SELECT choice_id, votes FROM poll_votes WHERE item_id = ?")
    .bind(itemId)
    .all<{ choice_id: string; votes: number }>();
  return new Map(results.map((r) => [r.choice_id, r.votes]));
}

/** The stored answer to one question of an attempt, or null. */
export async function loadAnswer(db: Db, attemptId: string, itemId: string): Promise<AnswerRecord | null> {
  const row = await db
    .prepare("SELECT * FROM answers WHERE attempt_id = ? AND item_id = ?")
    .bind(attemptId, itemId)
    .first<AnswerRow>();
  return row ? toAnswer(row) : null;
}

/**
 * The statements that finish an attempt (score recomputed from its answers). Callers append
 * their own (the leaderboard's) and run them all in one batch.
 */
export const finishAttemptStatement = (db: Db, attemptId: string, learnerId: string, now: number) =>
  db
    .prepare(
      `UPDATE attempts SET status = 'finished', finished_at = ${finishTimeSql("attempts", "?3")},
         answered_count = (SELECT count(*) FROM answers WHERE attempt_id = ?1),
         score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = ?1)
       WHERE id = ?1 AND learner_id = ?2 AND status = 'in-progress'`,
    )
    .bind(attemptId, learnerId, now);

/** Finishes an attempt (idempotent: a finished attempt stays as it was). Returns whether this call finished it. */
export async function finishAttempt(
  db: Db,
  attemptId: string,
  learnerId: string,
  now: number,
  alsoInBatch: D1PreparedStatement[] = [],
): Promise<boolean> {
  const [finished] = await db.batch([finishAttemptStatement(db, attemptId, learnerId, now), ...alsoInBatch]);
  return (finished?.meta.changes ?? 0) > 0;
}

/**
 * Finishes an attempt and reads it back with its answers, in one round trip: the finish (a no-op
 * on a finished attempt), the caller's statements (leaderboards), then the fresh rows.
 */
export async function finishAndLoadAttempt(
  db: Db,
  attemptId: string,
  learnerId: string,
  now: number,
  alsoInBatch: D1PreparedStatement[] = [],
): Promise<{ attempt: Attempt; answers: AnswerRecord[] } | null> {
  const results = await db.batch([
    finishAttemptStatement(db, attemptId, learnerId, now),
    ...alsoInBatch,
    db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE id = ? AND learner_id = ?`).bind(attemptId, learnerId),
    db.prepare("SELECT * FROM answers WHERE attempt_id = ? ORDER BY position").bind(attemptId),
  ]);
  const row = (results[results.length - 2]?.results as AttemptRow[] | undefined)?.[0];
  if (!row) return null;
  return {
    attempt: toAttempt(row),
    answers: ((results[results.length - 1]?.results ?? []) as AnswerRow[]).map(toAnswer),
  };
}

/**
 * Takes back the poll votes cast by the answers of the attempts matched by `attemptsWhere`, run in
 * the batch that deletes those answers, so the distribution only counts answers that still exist.
 */
export const withdrawPollVotesStatement = (
  db: Db,
  attemptsWhere: "learner_id = ?" | "assignment_id = ?" | "assignment_id = ? AND t.learner_id = ?",
  ...values: string[]
) =>
  db
    .prepare(
      `UPDATE poll_votes SET votes = votes - (
         SELECT count(*) FROM answers a JOIN attempts t ON t.id = a.attempt_id
         WHERE t.${attemptsWhere} AND a.item_id = poll_votes.item_id
           AND json_extract(a.response, '$.choice') = poll_votes.choice_id)
       WHERE item_id IN (
         SELECT a.item_id FROM answers a JOIN attempts t ON t.id = a.attempt_id
         WHERE t.${attemptsWhere} AND a.state = 'unscored')`,
    )
    .bind(...values, ...values);

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
