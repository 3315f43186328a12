import type { Db } from "../env.ts";
import {
  type AssignmentLang,
  attemptDeadlineSql,
  type FeedbackMode,
  finishedAsOfSql,
  isOpenSql,
  type JoinedAssignment,
} from "../quiz/assignment-rules.ts";
import type { Attempt } from "../quiz/attempt.ts";
import type { LeaderboardMode } from "../quiz/boards.ts";
import { type NewAttempt, toAttempt } from "./attempts.ts";
import { ensureLearnerStatement } from "./learners.ts";
import { withdrawPollVotesStatement } from "./polls.ts";

export type Assignment = {
  id: string;
  code: string;
  title: string;
  quizId: string | null;
  topics: string[] | null;
  pool: string[];
  bankVersion: string;
  questionCount: number;
  shuffle: boolean;
  timeLimitMinutes: number | null;
  attemptsAllowed: number;
  opensAt: number;
  closesAt: number | null;
  leaderboard: LeaderboardMode;
  requireName: boolean;
  feedback: FeedbackMode;
  lang: AssignmentLang;
  secretHash: string;
  createdAt: number;
  updatedAt: number;
};

type AssignmentRow = {
  id: string;
  code: string;
  title: string;
  quiz_id: string | null;
  topics: string | null;
  pool: string;
  bank_version: string;
  question_count: number;
  shuffle: number;
  time_limit_minutes: number | null;
  attempts_allowed: number;
  opens_at: number;
  closes_at: number | null;
  leaderboard: LeaderboardMode;
  require_name: number;
  feedback: FeedbackMode;
  lang: AssignmentLang;
  secret_hash: string;
  created_at: number;
  updated_at: number;
};

/** The one mapper from an assignments row. */
export function toAssignment(row: AssignmentRow): Assignment {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    quizId: row.quiz_id,
    topics: row.topics === null ? null : (JSON.parse(row.topics) as string[]),
    pool: JSON.parse(row.pool) as string[],
    bankVersion: row.bank_version,
    questionCount: row.question_count,
    shuffle: row.shuffle === 1,
    timeLimitMinutes: row.time_limit_minutes,
    attemptsAllowed: row.attempts_allowed,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    leaderboard: row.leaderboard,
    requireName: row.require_name === 1,
    feedback: row.feedback,
    lang: row.lang,
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts a new assignment; false when its code is already taken (the caller draws another). */
export async function insertAssignment(db: Db, a: Assignment): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO assignments (id, code, title, quiz_id, topics, pool, bank_version, question_count, shuffle,
         time_limit_minutes, attempts_allowed, opens_at, closes_at, leaderboard, require_name, feedback, lang,
         secret_hash, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (code) DO NOTHING`,
    )
    .bind(
      a.id,
      a.code,
      a.title,
      a.quizId,
      a.topics === null ? null : JSON.stringify(a.topics),
      JSON.stringify(a.pool),
      a.bankVersion,
      a.questionCount,
      a.shuffle ? 1 : 0,
      a.timeLimitMinutes,
      a.attemptsAllowed,
      a.opensAt,
      a.closesAt,
      a.leaderboard,
      a.requireName ? 1 : 0,
      a.feedback,
      a.lang,
      a.secretHash,
      a.createdAt,
      a.updatedAt,
    )
    .run();
  return result.meta.changes > 0;
}

export async function loadAssignmentByCode(db: Db, code: string): Promise<Assignment | null> {
  const row = await db.prepare("SELECT * FROM assignments WHERE code = ?").bind(code).first<AssignmentRow>();
  return row ? toAssignment(row) : null;
}

/** Several assignments by code, with how many learners finished one attempt (the teacher's list). */
export async function listAssignmentsByCode(
  db: Db,
  codes: string[],
  now: number,
): Promise<{ assignment: Assignment; learners: number; finished: number }[]> {
  if (codes.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT a.*,
         (SELECT count(*) FROM assignment_learners l WHERE l.assignment_id = a.id) AS learner_count,
         (SELECT count(DISTINCT t.learner_id) FROM attempts t WHERE t.assignment_id = a.id AND ${finishedAsOfSql("t", "?2")}) AS finished_count
       FROM assignments a WHERE a.code IN (SELECT value FROM json_each(?1)) ORDER BY a.created_at DESC`,
    )
    .bind(JSON.stringify(codes), now)
    .all<AssignmentRow & { learner_count: number; finished_count: number }>();
  return results.map((r) => ({ assignment: toAssignment(r), learners: r.learner_count, finished: r.finished_count }));
}

export type AssignmentPatch = Partial<Pick<Assignment, "title" | "opensAt" | "closesAt">>;

/**
 * Changes the assignment's settings and, in the same batch, moves the deadline of every attempt
 * still in progress so the closing time (if any) remains a hard stop.
 */
export async function updateAssignment(db: Db, a: Assignment, patch: AssignmentPatch, now: number): Promise<void> {
  const next = { ...a, ...patch };
  await db.batch([
    db
      .prepare("UPDATE assignments SET title = ?, opens_at = ?, closes_at = ?, updated_at = ? WHERE id = ?")
      .bind(next.title, next.opensAt, next.closesAt, now, a.id),
    recomputeDeadlinesStatement(db, a.id, null),
  ]);
}

// The deadline rule's facts in recomputeDeadlinesStatement's join (a learner without a row has no accommodation).
const DEADLINE_COLUMNS = {
  startedAt: "attempts.started_at",
  timeLimitMinutes: "a.time_limit_minutes",
  closesAt: "a.closes_at",
  extraMinutes: "coalesce(l.extra_minutes, 0)",
  noTimeLimit: "coalesce(l.no_time_limit, 0)",
};

/**
 * Sets each in-progress attempt's deadline from the assignment's settings: start + (time limit +
 * the learner's extra minutes), none with no_time_limit, and never after the closing time.
 */
export const recomputeDeadlinesStatement = (db: Db, assignmentId: string, learnerId: string | null) =>
  db
    .prepare(
      `UPDATE attempts SET deadline_at = (
         SELECT ${attemptDeadlineSql(DEADLINE_COLUMNS)}
         FROM assignments a
         LEFT JOIN assignment_learners l ON l.assignment_id = a.id AND l.learner_id = attempts.learner_id
         WHERE a.id = attempts.assignment_id)
       WHERE assignment_id = ?1 AND status = 'in-progress' AND (?2 IS NULL OR learner_id = ?2)`,
    )
    .bind(assignmentId, learnerId);

export async function updateSecretHash(db: Db, id: string, secretHash: string, now: number): Promise<void> {
  await db
    .prepare("UPDATE assignments SET secret_hash = ?, updated_at = ? WHERE id = ?")
    .bind(secretHash, now, id)
    .run();
}

/**
 * Deletes the assignment in one batch: its poll votes are taken back, then deleting it cascades
 * (foreign keys, migrations/0009) to its memberships, attempts and their answers, the review
 * schedules those answers set and its leaderboard entries; a trigger removes its board.
 */
export async function deleteAssignment(db: Db, id: string): Promise<void> {
  await db.batch(deleteAssignmentStatements(db, id));
}

/** The statements that delete an assignment with its attempts, answers and memberships (one batch). */
export function deleteAssignmentStatements(db: Db, id: string): D1PreparedStatement[] {
  return [
    withdrawPollVotesStatement(db, "assignment_id = ?", id),
    db.prepare("DELETE FROM assignments WHERE id = ?").bind(id),
  ];
}

/** Who has joined an assignment (learner ids; at most the learner cap). */
export async function listMemberIds(db: Db, assignmentId: string): Promise<string[]> {
  const { results } = await db
    .prepare("SELECT learner_id FROM assignment_learners WHERE assignment_id = ?")
    .bind(assignmentId)
    .all<{ learner_id: string }>();
  return results.map((r) => r.learner_id);
}

/**
 * Takes one learner out of an assignment in one batch: their poll votes are taken back, their
 * attempts deleted (cascading to answers, the review schedules those answers set and their
 * leaderboard entries, whose triggers keep the board's counts), then their membership.
 */
export async function deleteMembership(db: Db, assignmentId: string, learnerId: string): Promise<void> {
  await db.batch([
    withdrawPollVotesStatement(db, "assignment_id = ? AND t.learner_id = ?", assignmentId, learnerId),
    db.prepare("DELETE FROM attempts WHERE assignment_id = ? AND learner_id = ?").bind(assignmentId, learnerId),
    db
      .prepare("DELETE FROM assignment_learners WHERE assignment_id = ? AND learner_id = ?")
      .bind(assignmentId, learnerId),
  ]);
}

export type Membership = {
  learnerId: string;
  /** Rank in the assignment's join order (1, 2, ...; never reused): the roster's page key. */
  seq: number;
  name: string | null;
  nameKey: string | null;
  extraMinutes: number;
  noTimeLimit: boolean;
  joinedAt: number;
};

export type MembershipRow = {
  learner_id: string;
  seq: number;
  name: string | null;
  name_key: string | null;
  extra_minutes: number;
  no_time_limit: number;
  joined_at: number;
};

/** The one mapper from an assignment_learners row. */
export const toMembership = (r: MembershipRow): Membership => ({
  learnerId: r.learner_id,
  seq: r.seq,
  name: r.name,
  nameKey: r.name_key,
  extraMinutes: r.extra_minutes,
  noTimeLimit: r.no_time_limit === 1,
  joinedAt: r.joined_at,
});

/** The learner's membership and attempts on an assignment, and whether a name is taken, in one round trip. */
export async function loadLearnerOnAssignment(
  db: Db,
  assignmentId: string,
  learnerId: string,
  nameKey: string | null,
): Promise<{ membership: Membership | null; attempts: Attempt[]; nameTakenBy: string | null }> {
  const [m, t, n] = await db.batch([
    db
      .prepare("SELECT * FROM assignment_learners WHERE assignment_id = ? AND learner_id = ?")
      .bind(assignmentId, learnerId),
    db
      .prepare("SELECT * FROM attempts WHERE assignment_id = ? AND learner_id = ? ORDER BY started_at")
      .bind(assignmentId, learnerId),
    db
      .prepare("SELECT learner_id FROM assignment_learners WHERE assignment_id = ? AND name_key = ?")
      .bind(assignmentId, nameKey),
  ]);
  const membership = (m?.results as MembershipRow[] | undefined)?.[0];
  return {
    membership: membership ? toMembership(membership) : null,
    attempts: ((t?.results ?? []) as Parameters<typeof toAttempt>[0][]).map(toAttempt),
    nameTakenBy: ((n?.results ?? []) as { learner_id: string }[])[0]?.learner_id ?? null,
  };
}

/**
 * Joins the learner (first time: with the name) and inserts the attempt, in one batch (one
 * transaction). The attempt goes in only if the assignment is open at `now`, the learner has
 * used fewer attempts than allowed and has none in progress: two starts fired at once can never
 * exceed the limit. Returns whether the attempt was inserted. A name taken meanwhile by someone
 * else makes the batch fail on the unique index (the caller answers 409).
 */
export async function joinAndInsertAttempt(
  db: Db,
  attempt: NewAttempt,
  assignmentId: string,
  name: { name: string; key: string } | null,
  now: number,
  maxLearners: number,
): Promise<boolean> {
  const results = await db.batch([
    ensureLearnerStatement(db, attempt.learnerId, now),
    db
      .prepare(
        `INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at, seq)
         SELECT ?1, ?2, ?3, ?4, ?5,
           (SELECT coalesce(max(seq), 0) + 1 FROM assignment_learners WHERE assignment_id = ?1)
         WHERE coalesce((SELECT learners FROM assignment_counts WHERE assignment_id = ?1), 0) < ?6
         ON CONFLICT (assignment_id, learner_id) DO NOTHING`,
      )
      .bind(assignmentId, attempt.learnerId, name?.name ?? null, name?.key ?? null, now, maxLearners),
    db
      .prepare(
        `INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count,
           max_score, lang, feedback, started_at, deadline_at, shuffle_choices)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14
         FROM assignments a
         WHERE a.id = ?4 AND ${isOpenSql({ opensAt: "a.opens_at", closesAt: "a.closes_at" }, "?12")}
           AND (SELECT count(*) FROM attempts WHERE assignment_id = ?4 AND learner_id = ?2) < a.attempts_allowed
           AND NOT EXISTS (SELECT 1 FROM attempts WHERE assignment_id = ?4 AND learner_id = ?2 AND status = 'in-progress')
           AND EXISTS (SELECT 1 FROM assignment_learners WHERE assignment_id = ?4 AND learner_id = ?2)`,
      )
      .bind(
        attempt.id,
        attempt.learnerId,
        attempt.quizId,
        assignmentId,
        attempt.bankVersion,
        attempt.seed,
        JSON.stringify(attempt.itemIds),
        attempt.questionCount,
        attempt.maxScore,
        attempt.lang,
        attempt.feedback,
        attempt.startedAt,
        attempt.deadlineAt,
        attempt.shuffleChoices ? 1 : 0,
      ),
  ]);
  return (results[2]?.meta.changes ?? 0) > 0;
}

/** Grants one learner extra minutes or no time limit, and moves their running attempt's deadline. */
export async function updateAccommodation(
  db: Db,
  assignmentId: string,
  learnerId: string,
  extraMinutes: number,
  noTimeLimit: boolean,
): Promise<boolean> {
  const [updated] = await db.batch([
    db
      .prepare(
        "UPDATE assignment_learners SET extra_minutes = ?, no_time_limit = ? WHERE assignment_id = ? AND learner_id = ?",
      )
      .bind(extraMinutes, noTimeLimit ? 1 : 0, assignmentId, learnerId),
    recomputeDeadlinesStatement(db, assignmentId, learnerId),
  ]);
  return (updated?.meta.changes ?? 0) > 0;
}

export type RosterEntry = Membership & { attempts: Attempt[] };

/** When the assignment closes (null: never), or undefined when it does not exist. */
export async function loadClosesAt(db: Db, assignmentId: string): Promise<number | null | undefined> {
  const row = await db
    .prepare("SELECT closes_at FROM assignments WHERE id = ?")
    .bind(assignmentId)
    .first<{ closes_at: number | null }>();
  return row ? row.closes_at : undefined;
}

/**
 * The "after-close" assignments a learner has joined, with their closing times and pools: what
 * practice needs to decide which items it withholds (`practiceWithheldItems`). Uses the
 * assignment_learners (learner_id) index; a learner has joined few assignments.
 */
export async function loadJoinedAfterClose(db: Db, learnerId: string): Promise<JoinedAssignment[]> {
  const { results } = await joinedAfterCloseStatement(db, learnerId).all<JoinedAfterCloseRow>();
  return toJoinedAssignments(results);
}

export type JoinedAfterCloseRow = { closes_at: number | null; pool: string };

/** {@link loadJoinedAfterClose}'s query, for a batch. */
export const joinedAfterCloseStatement = (db: Db, learnerId: string) =>
  db
    .prepare(
      `SELECT s.closes_at, s.pool FROM assignment_learners m JOIN assignments s ON s.id = m.assignment_id
       WHERE m.learner_id = ? AND s.feedback = 'after-close'`,
    )
    .bind(learnerId);

/** The one mapper from {@link joinedAfterCloseStatement}'s rows. */
export const toJoinedAssignments = (rows: readonly JoinedAfterCloseRow[]): JoinedAssignment[] =>
  rows.map((r) => ({
    feedback: "after-close" as const,
    closesAt: r.closes_at,
    pool: JSON.parse(r.pool) as string[],
  }));
