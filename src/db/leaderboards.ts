import type { Db } from "../env.ts";
import type { FeedbackMode } from "../quiz/assignment-rules.ts";
import { assignmentBoard, boardKeySql, type LeaderboardMode, practiceBoardRange } from "../quiz/boards.ts";
import { competitionRanks, prefixNodes, RANK_KEY_SQL } from "../quiz/ranking.ts";
import { ensureLearnerStatement } from "./learners.ts";

/** Where a board's names come from: the assignment's learners or the practice board's members. */
export type BoardRef =
  | { board: string; kind: "assignment"; assignmentId: string }
  | { board: string; kind: "practice"; quizId: string };

export type EntryRow = {
  id: number;
  learnerId: string;
  key: number;
  score: number;
  maxScore: number;
  durationMs: number;
  finishedAt: number;
  /** The teacher's rename, else the learner's name (assignment) or nickname (practice); null if none. */
  name: string | null;
  hidden: boolean;
};

export type RankedEntry = EntryRow & { rank: number };

export type Board = {
  version: number;
  total: number;
  top: RankedEntry[];
  /** The caller's own entry when it is on the board (not hidden). */
  me: RankedEntry | null;
  /** The entries just before and after the caller's, with the caller's, in board order. */
  around: RankedEntry[];
  /** Rows D1 read to build it (its own meta.rows_read, summed): what a read costs. */
  rowsRead: number;
};

type Row = {
  id: number;
  learner_id: string;
  rank_key: number;
  score: number;
  max_score: number;
  duration_ms: number;
  finished_at: number;
  name: string | null;
  hidden: number;
};

/** The one mapper from a leaderboard_entries row (with its name). */
function toEntry(row: Row): EntryRow {
  return {
    id: row.id,
    learnerId: row.learner_id,
    key: row.rank_key,
    score: row.score,
    maxScore: row.max_score,
    durationMs: row.duration_ms,
    finishedAt: row.finished_at,
    name: row.name,
    hidden: row.hidden === 1,
  };
}

const ORDER = "e.rank_key, e.duration_ms, e.finished_at, e.id";
const ORDER_DESC = "e.rank_key DESC, e.duration_ms DESC, e.finished_at DESC, e.id DESC";

/** SELECT ... FROM entries e with the learner's name; ?1 = board, ?2 = assignment or quiz id. */
function selectEntries(kind: BoardRef["kind"]): string {
  const names =
    kind === "assignment"
      ? "LEFT JOIN assignment_learners n ON n.assignment_id = ?2 AND n.learner_id = e.learner_id"
      : "LEFT JOIN leaderboard_members n ON n.quiz_id = ?2 AND n.learner_id = e.learner_id";
  const name = kind === "assignment" ? "coalesce(e.rename, n.name)" : "coalesce(e.rename, n.nickname)";
  return `SELECT e.id, e.learner_id, e.rank_key, e.score, e.max_score, e.duration_ms, e.finished_at, e.hidden, ${name} AS name
    FROM leaderboard_entries e ${names}`;
}

/** Every read a leaderboard makes, by name (the tests EXPLAIN each one). */
export const LEADERBOARD_SQL = {
  top: (kind: BoardRef["kind"]) =>
    `${selectEntries(kind)} WHERE e.board = ?1 AND e.hidden = 0 ORDER BY ${ORDER} LIMIT ?3`,
  mine: (kind: BoardRef["kind"]) => `${selectEntries(kind)} WHERE e.board = ?1 AND e.learner_id = ?3`,
  before: (kind: BoardRef["kind"]) =>
    `${selectEntries(kind)} WHERE e.board = ?1 AND e.hidden = 0
      AND (e.rank_key, e.duration_ms, e.finished_at, e.id) < (?3, ?4, ?5, ?6) ORDER BY ${ORDER_DESC} LIMIT ?7`,
  after: (kind: BoardRef["kind"]) =>
    `${selectEntries(kind)} WHERE e.board = ?1 AND e.hidden = 0
      AND (e.rank_key, e.duration_ms, e.finished_at, e.id) > (?3, ?4, ?5, ?6) ORDER BY ${ORDER} LIMIT ?7`,
  hidden: `${selectEntries("assignment")} WHERE e.board = ?1 AND e.hidden = 1 ORDER BY ${ORDER} LIMIT ?3`,
  board: "SELECT version, total FROM leaderboard_boards WHERE board = ?1",
  below: (nodes: number) =>
    `SELECT coalesce(sum(n), 0) AS below FROM leaderboard_counts WHERE board = ?1 AND node IN (${Array.from(
      { length: nodes },
      (_, i) => `?${i + 2}`,
    ).join(", ")})`,
  assignment: `SELECT a.id, a.code, a.title, a.quiz_id, a.leaderboard, a.feedback, a.opens_at, a.closes_at, a.updated_at, a.secret_hash,
      b.version, b.total
    FROM assignments a LEFT JOIN leaderboard_boards b ON b.board = ${boardKeySql({ kind: "assignment", assignmentId: "a.id" })}
    WHERE a.code = ?1`,
  member: "SELECT nickname FROM leaderboard_members WHERE quiz_id = ?1 AND learner_id = ?2",
  nicknameOwner: "SELECT learner_id FROM leaderboard_members WHERE quiz_id = ?1 AND nickname_key = ?2",
} as const;

/** Entries just before and after the caller's shown on "around me". */
export const AROUND = 2;

const bindRef = (ref: BoardRef) => [ref.board, ref.kind === "assignment" ? ref.assignmentId : ref.quizId] as const;

/** The statement counting visible entries strictly better than `key` (at most KEY_BITS + 1 row reads). */
function belowStatement(db: Db, board: string, key: number) {
  const nodes = prefixNodes(key);
  if (nodes.length === 0) return db.prepare("SELECT 0 AS below");
  return db.prepare(LEADERBOARD_SQL.below(nodes.length)).bind(board, ...nodes);
}

/**
 * A board as a learner sees it: the top `limit` entries (about `limit` rows read through the
 * order index), and when the caller has a visible entry, their rank (at most 37 count rows)
 * and the entries around it. Ranks: 1 + the number of visible entries with a smaller key.
 */
export async function readBoard(db: Db, ref: BoardRef, learnerId: string | null, limit: number): Promise<Board> {
  const [b, r] = bindRef(ref);
  const [boardResult, topResult, mineResult] = await db.batch([
    db.prepare(LEADERBOARD_SQL.board).bind(b),
    db.prepare(LEADERBOARD_SQL.top(ref.kind)).bind(b, r, limit),
    db.prepare(LEADERBOARD_SQL.mine(ref.kind)).bind(b, r, learnerId ?? ""),
  ]);
  let rowsRead = [boardResult, topResult, mineResult].reduce((sum, r) => sum + (r?.meta.rows_read ?? 0), 0);
  const meta = (boardResult?.results as { version: number; total: number }[] | undefined)?.[0];
  const top = ((topResult?.results ?? []) as Row[]).map(toEntry);
  const ranks = competitionRanks(top.map((e) => e.key));
  const rankedTop = top.map((e, i) => ({ ...e, rank: ranks[i] ?? i + 1 }));
  const mineRow = (mineResult?.results as Row[] | undefined)?.[0];
  const mine = mineRow ? toEntry(mineRow) : null;
  const board: Board = {
    version: meta?.version ?? 0,
    total: meta?.total ?? 0,
    top: rankedTop,
    me: null,
    around: [],
    rowsRead,
  };
  if (!mine || mine.hidden) return board;

  const at = [b, r, mine.key, mine.durationMs, mine.finishedAt, mine.id, AROUND] as const;
  const [belowMine, before, after] = await db.batch([
    belowStatement(db, b, mine.key),
    db.prepare(LEADERBOARD_SQL.before(ref.kind)).bind(...at),
    db.prepare(LEADERBOARD_SQL.after(ref.kind)).bind(...at),
  ]);
  rowsRead += [belowMine, before, after].reduce((sum, r) => sum + (r?.meta.rows_read ?? 0), 0);
  const myRank = 1 + ((belowMine?.results as { below: number }[] | undefined)?.[0]?.below ?? 0);
  const window = [
    ...((before?.results ?? []) as Row[]).map(toEntry).reverse(),
    mine,
    ...((after?.results ?? []) as Row[]).map(toEntry),
  ];
  const otherKeys = [...new Set(window.map((e) => e.key).filter((k) => k !== mine.key))];
  const counts = otherKeys.length ? await db.batch(otherKeys.map((k) => belowStatement(db, b, k))) : [];
  rowsRead += counts.reduce((sum, r) => sum + (r?.meta.rows_read ?? 0), 0);
  const rankOf = new Map<number, number>([[mine.key, myRank]]);
  otherKeys.forEach((k, i) => {
    rankOf.set(k, 1 + ((counts[i]?.results as { below: number }[] | undefined)?.[0]?.below ?? 0));
  });
  board.around = window.map((e) => ({ ...e, rank: rankOf.get(e.key) ?? myRank }));
  board.me = { ...mine, rank: myRank };
  board.rowsRead = rowsRead;
  return board;
}

/** A board's version and number of visible entries (one indexed row): what an ETag needs. */
export async function loadBoardVersion(db: Db, board: string): Promise<{ version: number; total: number }> {
  const row = await db.prepare(LEADERBOARD_SQL.board).bind(board).first<{ version: number; total: number }>();
  return row ?? { version: 0, total: 0 };
}

export type AssignmentBoard = {
  id: string;
  code: string;
  title: string;
  quizId: string | null;
  mode: LeaderboardMode;
  feedback: FeedbackMode;
  opensAt: number;
  closesAt: number | null;
  updatedAt: number;
  secretHash: string;
  version: number;
  total: number;
};

/** An assignment by its code with its board's version, in one indexed read; null if no such code. */
export async function loadAssignmentBoard(db: Db, code: string): Promise<AssignmentBoard | null> {
  const row = await db.prepare(LEADERBOARD_SQL.assignment).bind(code).first<{
    id: string;
    code: string;
    title: string;
    quiz_id: string | null;
    leaderboard: AssignmentBoard["mode"];
    feedback: AssignmentBoard["feedback"];
    opens_at: number;
    closes_at: number | null;
    updated_at: number;
    secret_hash: string;
    version: number | null;
    total: number | null;
  }>();
  if (!row) return null;
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    quizId: row.quiz_id,
    mode: row.leaderboard,
    feedback: row.feedback,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    updatedAt: row.updated_at,
    secretHash: row.secret_hash,
    version: row.version ?? 0,
    total: row.total ?? 0,
  };
}

/** The assignment's code and board mode, to link a result page to its board; null if none. */
export async function loadAssignmentBoardLink(
  db: Db,
  assignmentId: string,
): Promise<{ code: string; mode: AssignmentBoard["mode"] } | null> {
  return db
    .prepare("SELECT code, leaderboard AS mode FROM assignments WHERE id = ?1")
    .bind(assignmentId)
    .first<{ code: string; mode: AssignmentBoard["mode"] }>();
}

// Upserts a learner's entry from finished attempts rows `a` (the WHERE selects them): kept
// only when strictly better than the entry already there, so replaying it changes nothing.
const upsertEntry = (board: string, where: string) => `
  INSERT INTO leaderboard_entries (board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at)
  SELECT ${board}, a.learner_id, a.id, ${RANK_KEY_SQL}, a.score, a.max_score, a.finished_at - a.started_at, a.finished_at
  FROM attempts a WHERE a.status = 'finished' AND a.finished_at IS NOT NULL AND ${where}
  ON CONFLICT (board, learner_id) DO UPDATE SET
    attempt_id = excluded.attempt_id, rank_key = excluded.rank_key, score = excluded.score,
    max_score = excluded.max_score, duration_ms = excluded.duration_ms, finished_at = excluded.finished_at
  WHERE (excluded.rank_key, excluded.duration_ms, excluded.finished_at)
      < (leaderboard_entries.rank_key, leaderboard_entries.duration_ms, leaderboard_entries.finished_at)`;

// The boards a finished attempts row `a` goes on (the practice week: the week it finished in).
const ASSIGNMENT_BOARD_SQL = boardKeySql({ kind: "assignment", assignmentId: "a.assignment_id" });
const PRACTICE_ALL_SQL = boardKeySql({ kind: "practice", quizId: "a.quiz_id", period: "all" });
const PRACTICE_WEEK_SQL = boardKeySql({ kind: "practice", quizId: "a.quiz_id", period: "week", at: "a.finished_at" });
const IS_MEMBER =
  "a.assignment_id IS NULL AND EXISTS (SELECT 1 FROM leaderboard_members m WHERE m.quiz_id = a.quiz_id AND m.learner_id = a.learner_id)";

/**
 * The statements that put a just-finished attempt on its boards, for the batch that finishes
 * it. They read the attempt row inside the batch (score, finished_at - started_at), so they
 * are right whatever order requests come in, and finishing twice changes nothing.
 */
export function leaderboardFinishStatements(db: Db, attempt: { id: string; assignmentId: string | null }) {
  if (attempt.assignmentId) {
    return [
      db.prepare(upsertEntry(ASSIGNMENT_BOARD_SQL, "a.id = ?1 AND a.assignment_id IS NOT NULL")).bind(attempt.id),
    ];
  }
  return [
    db.prepare(upsertEntry(PRACTICE_ALL_SQL, `a.id = ?1 AND ${IS_MEMBER}`)).bind(attempt.id),
    db.prepare(upsertEntry(PRACTICE_WEEK_SQL, `a.id = ?1 AND ${IS_MEMBER}`)).bind(attempt.id),
  ];
}

/**
 * The same for many attempts at once (the scheduled sweep finishing timed-out attempts): the
 * attempts whose ids are in the JSON array bound to ?1, on whichever boards each belongs to.
 */
export function leaderboardBulkFinishStatements(db: Db, attemptIdsJson: string) {
  const inIds = "a.id IN (SELECT value FROM json_each(?1))";
  return [
    db.prepare(upsertEntry(ASSIGNMENT_BOARD_SQL, `${inIds} AND a.assignment_id IS NOT NULL`)).bind(attemptIdsJson),
    db.prepare(upsertEntry(PRACTICE_ALL_SQL, `${inIds} AND ${IS_MEMBER}`)).bind(attemptIdsJson),
    db.prepare(upsertEntry(PRACTICE_WEEK_SQL, `${inIds} AND ${IS_MEMBER}`)).bind(attemptIdsJson),
  ];
}

/** The learner's nickname on a quiz's practice board, or null when they have not joined it. */
export async function loadMember(db: Db, quizId: string, learnerId: string): Promise<{ nickname: string } | null> {
  return db.prepare(LEADERBOARD_SQL.member).bind(quizId, learnerId).first<{ nickname: string }>();
}

/**
 * Joins (or renames oneself on) a quiz's practice board, and puts the learner's past finished
 * practice attempts on its all-time and weekly boards, in one batch. Returns "taken" when
 * another learner already uses this nickname on this quiz.
 */
export async function joinPracticeBoard(
  db: Db,
  quizId: string,
  learnerId: string,
  nickname: { nickname: string; key: string },
  boards: string[],
  now: number,
): Promise<"joined" | "taken"> {
  const owner = await db
    .prepare(LEADERBOARD_SQL.nicknameOwner)
    .bind(quizId, nickname.key)
    .first<{ learner_id: string }>();
  if (owner && owner.learner_id !== learnerId) return "taken";
  const mine = `a.learner_id = ?1 AND a.quiz_id = ?2 AND ${IS_MEMBER}`;
  try {
    await db.batch([
      ensureLearnerStatement(db, learnerId, now),
      db
        .prepare(
          `INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at) VALUES (?1, ?2, ?3, ?4, ?5)
           ON CONFLICT (quiz_id, learner_id) DO UPDATE SET nickname = excluded.nickname, nickname_key = excluded.nickname_key`,
        )
        .bind(quizId, learnerId, nickname.nickname, nickname.key, now),
      db.prepare(upsertEntry(PRACTICE_ALL_SQL, mine)).bind(learnerId, quizId),
      db.prepare(upsertEntry(PRACTICE_WEEK_SQL, mine)).bind(learnerId, quizId),
      // A new nickname changes what the boards show.
      db
        .prepare(
          `UPDATE leaderboard_boards SET version = version + 1 WHERE board IN (${boards.map((_, i) => `?${i + 1}`).join(", ")})`,
        )
        .bind(...boards),
    ]);
  } catch (error) {
    if (String(error).includes("UNIQUE constraint failed: leaderboard_members")) return "taken";
    throw error;
  }
  return "joined";
}

/** Leaves a quiz's practice board: the membership and every entry on that quiz's boards go. */
export async function leavePracticeBoard(db: Db, quizId: string, learnerId: string): Promise<void> {
  await db.batch([
    db
      .prepare("DELETE FROM leaderboard_entries WHERE learner_id = ?1 AND board >= ?2 AND board < ?3")
      .bind(learnerId, ...practiceBoardRange(quizId)),
    db.prepare("DELETE FROM leaderboard_members WHERE quiz_id = ?1 AND learner_id = ?2").bind(quizId, learnerId),
  ]);
}

/** Hides or shows again an entry of an assignment's board; false when the entry is not on it. */
export async function hideEntry(db: Db, assignmentId: string, entryId: number, hidden: boolean): Promise<boolean> {
  const result = await db
    .prepare("UPDATE leaderboard_entries SET hidden = ?3 WHERE id = ?1 AND board = ?2")
    .bind(entryId, assignmentBoard(assignmentId), hidden ? 1 : 0)
    .run();
  return result.meta.changes > 0;
}

/** Renames an entry of an assignment's board (null gives the learner's own name back); false when not on it. */
export async function renameEntry(
  db: Db,
  assignmentId: string,
  entryId: number,
  name: string | null,
): Promise<boolean> {
  const result = await db
    .prepare("UPDATE leaderboard_entries SET rename = ?3 WHERE id = ?1 AND board = ?2")
    .bind(entryId, assignmentBoard(assignmentId), name)
    .run();
  return result.meta.changes > 0;
}

/** The hidden entries of an assignment's board, for its teacher (at most `limit`). */
export async function listHiddenEntries(db: Db, assignmentId: string, limit: number): Promise<EntryRow[]> {
  const { results } = await db
    .prepare(LEADERBOARD_SQL.hidden)
    .bind(assignmentBoard(assignmentId), assignmentId, limit)
    .all<Row>();
  return results.map(toEntry);
}
