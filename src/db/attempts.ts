import type { Db } from "../env.ts";
import {
  type FeedbackMode,
  finishTimeSql,
  type JoinedAssignment,
  practiceWithholdsAnySql,
} from "../quiz/assignment-rules.ts";
import type { AnswerRecord, Attempt, AttemptStatus } from "../quiz/attempt.ts";
import type { Lang } from "../quiz/format.ts";
import { type JoinedAfterCloseRow, joinedAfterCloseStatement, toJoinedAssignments } from "./assignments.ts";
import { ensureLearnerStatement } from "./learners.ts";
import { reviewCardStatement } from "./reviews.ts";

export type AttemptRow = {
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
  lang: Lang | null;
  feedback: FeedbackMode;
  started_at: number;
  deadline_at: number | null;
  finished_at: number | null;
  shuffle_choices: number;
};

export type AnswerRow = {
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

/**
 * The SET clause that recomputes an attempt's running totals from its stored answers (`attemptId`:
 * the SQL naming the attempt, a parameter or a column), so no writer keeps a count of its own.
 */
export const attemptTotalsSql = (attemptId: string) =>
  `answered_count = (SELECT count(*) FROM answers WHERE attempt_id = ${attemptId}),
   score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = ${attemptId})`;

/** Reads the learner's own attempt (no row for someone else's), for a batch. */
export const ownAttemptStatement = (db: Db, attemptId: string, learnerId: string) =>
  db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE id = ? AND learner_id = ?`).bind(attemptId, learnerId);

/** Reads the answers of the learner's own attempt, in question order, for a batch. */
export const ownAnswersStatement = (db: Db, attemptId: string, learnerId: string) =>
  db
    .prepare(
      "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id WHERE a.attempt_id = ? AND t.learner_id = ? ORDER BY a.position",
    )
    .bind(attemptId, learnerId);

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

export type NewAttempt = Omit<Attempt, "status" | "answeredCount" | "score" | "finishedAt">;

/**
 * The statement that inserts a new attempt (run in the caller's batch); `ifAbsent`: a repeat
 * with the same id inserts nothing (the live room stores its players' attempts idempotently);
 * `unless`: SQL over the bound values that, when true, inserts nothing (?2 is the learner, ?12
 * the start; more values follow as ?15, ?16, ...).
 */
export const insertAttemptStatement = (
  db: Db,
  a: NewAttempt,
  { ifAbsent = false, unless }: { ifAbsent?: boolean; unless?: { sql: string; values: unknown[] } } = {},
) =>
  db
    .prepare(
      `INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count, max_score, lang, feedback, started_at, deadline_at, shuffle_choices)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14 WHERE ${unless ? `NOT ${unless.sql}` : "true"}${ifAbsent ? " ON CONFLICT (id) DO NOTHING" : ""}`,
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
      ...(unless?.values ?? []),
    );

/** Starts a practice attempt: learner and attempt in one batch. */
export async function createAttempt(db: Db, attempt: NewAttempt): Promise<void> {
  await db.batch([
    ensureLearnerStatement(db, attempt.learnerId, attempt.startedAt),
    insertAttemptStatement(db, attempt),
  ]);
}

/**
 * Starts a practice attempt drawn from the whole of `pool` in one round trip, unless practice
 * withholds an item of `pool` from the learner (`practiceWithholdsAnySql`, decided in the same
 * batch as the writes): then nothing is written, and the learner's "after-close" memberships,
 * read in the same batch, tell the caller what to leave out.
 */
export async function createAttemptUnlessWithheld(
  db: Db,
  attempt: NewAttempt,
  pool: readonly string[],
): Promise<{ created: boolean; joined: JoinedAssignment[] }> {
  const poolJson = JSON.stringify(pool);
  const [joined, , inserted] = await db.batch([
    joinedAfterCloseStatement(db, attempt.learnerId),
    ensureLearnerStatement(db, attempt.learnerId, attempt.startedAt, {
      sql: practiceWithholdsAnySql("?1", "?3", "?2"),
      values: [poolJson],
    }),
    insertAttemptStatement(db, attempt, {
      unless: { sql: practiceWithholdsAnySql("?2", "?15", "?12"), values: [poolJson] },
    }),
  ]);
  return {
    created: (inserted?.meta.changes ?? 0) > 0,
    joined: toJoinedAssignments((joined?.results ?? []) as JoinedAfterCloseRow[]),
  };
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
  const statements = [ownAttemptStatement(db, attemptId, learnerId), ownAnswersStatement(db, attemptId, learnerId)];
  if (itemId !== null) {
    statements.push(reviewCardStatement(db, learnerId, itemId));
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

/**
 * The statements that finish an attempt (score recomputed from its answers). Callers append
 * their own (the leaderboard's) and run them all in one batch.
 */
export const finishAttemptStatement = (db: Db, attemptId: string, learnerId: string, now: number) =>
  db
    .prepare(
      `UPDATE attempts SET status = 'finished', finished_at = ${finishTimeSql("attempts", "?3")},
         ${attemptTotalsSql("?1")}
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
    ownAttemptStatement(db, attemptId, learnerId),
    db.prepare("SELECT * FROM answers WHERE attempt_id = ? ORDER BY position").bind(attemptId),
  ]);
  const row = (results[results.length - 2]?.results as AttemptRow[] | undefined)?.[0];
  if (!row) return null;
  return {
    attempt: toAttempt(row),
    answers: ((results[results.length - 1]?.results ?? []) as AnswerRow[]).map(toAnswer),
  };
}
