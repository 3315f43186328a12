import {
  type AssignmentBoard,
  type Board,
  type BoardRef,
  hideEntry,
  joinPracticeBoard,
  leavePracticeBoard,
  listHiddenEntries,
  loadAssignmentBoard,
  loadAssignmentBoardLink,
  loadBoardVersion,
  loadMember,
  type RankedEntry,
  readBoard,
  renameEntry,
} from "../db/leaderboards.ts";
import type { Learner } from "../db/learners.ts";
import type { Db } from "../env.ts";
import { normalizeCode } from "../quiz/assignment-codes.ts";
import { feedbackWithheld, isOpen } from "../quiz/assignment-rules.ts";
import { assignmentBoard, type Period, practiceBoard } from "../quiz/boards.ts";
import { conflict, forbidden, invalidField, notFound } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import { getQuiz } from "../quiz/index.ts";
import { checkNickname, NICKNAME_TAKEN } from "../quiz/nicknames.ts";
import { weekStart } from "../quiz/ranking.ts";
import { sha256Hex } from "../quiz/tokens.ts";

/** An entry as a reader may see it. */
export type PublicEntry = {
  rank: number;
  /** Null when the board does not show names (anonymous assignment boards, except one's own). */
  name: string | null;
  score: number;
  maxScore: number;
  durationMs: number;
  /** True for the caller's own entry. */
  you: boolean;
  /** Teacher view only: what hide and rename refer to. */
  entryId?: number;
  hidden?: boolean;
};

export type BoardView = {
  entries: PublicEntry[];
  me: PublicEntry | null;
  around: PublicEntry[];
  total: number;
};

/**
 * A board ready to answer a conditional request: its ETag costs one small indexed read;
 * `load` reads the board itself only when the client's copy is stale.
 */
export type Conditional<T> = { etag: string; load: () => Promise<T> };

const etagOf = async (...parts: (string | number)[]) => `"${(await sha256Hex(parts.join("|"))).slice(0, 32)}"`;

/** Whether an If-None-Match header matches this ETag (weak comparison, lists and "*"). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === etag || t === "*");
}

type Visibility = { names: boolean; teacher: boolean; learnerId: string | null };

function toPublic(e: RankedEntry, v: Visibility): PublicEntry {
  const you = e.learnerId === v.learnerId;
  return {
    rank: e.rank,
    name: v.names || you || v.teacher ? e.name : null,
    score: e.score,
    maxScore: e.maxScore,
    durationMs: e.durationMs,
    you,
    ...(v.teacher ? { entryId: e.id, hidden: e.hidden } : {}),
  };
}

function view(board: Board, v: Visibility): BoardView {
  return {
    entries: board.top.map((e) => toPublic(e, v)),
    me: board.me ? toPublic(board.me, v) : null,
    around: board.around.map((e) => toPublic(e, v)),
    total: board.total,
  };
}

/** The quiz of a practice board, or 404 (the review pseudo-quiz has no board). */
export function boardQuiz(quizId: string) {
  const quiz = getQuiz(quizId);
  if (!quiz) throw notFound(`No quiz is called "${quizId}".`);
  return quiz;
}

export type PracticeView = BoardView & { quizId: string; period: Period; weekStart: number };

/** A quiz's public practice board, this week's or all time's. */
export async function practiceBoardConditional(
  db: Db,
  quizId: string,
  period: Period,
  limit: number,
  learner: Learner | null,
  now: number,
): Promise<Conditional<PracticeView>> {
  boardQuiz(quizId);
  const board = practiceBoard(quizId, period, now);
  const { version } = await loadBoardVersion(db, board);
  const ref: BoardRef = { board, kind: "practice", quizId };
  return {
    etag: await etagOf("practice", board, version, limit, learner?.id ?? ""),
    load: async () => ({
      ...view(await readBoard(db, ref, learner?.id ?? null, limit), {
        names: true,
        teacher: false,
        learnerId: learner?.id ?? null,
      }),
      quizId,
      period,
      weekStart: weekStart(now),
    }),
  };
}

export type AssignmentView = BoardView & {
  code: string;
  title: string;
  mode: AssignmentBoard["mode"];
  open: boolean;
};

/** An assignment by its code, or 404. */
export async function boardAssignment(db: Db, rawCode: string): Promise<AssignmentBoard> {
  const code = normalizeCode(rawCode);
  const assignment = code ? await loadAssignmentBoard(db, code) : null;
  if (!assignment) throw notFound(`No assignment has the code ${rawCode}.`);
  return assignment;
}

/**
 * An assignment's board as the teacher set it: off (403 to learners), anonymous (scores, and
 * only one's own name) or nicknames. `teacher` is true once the caller proved the manage secret.
 */
export async function assignmentBoardConditional(
  db: Db,
  rawCode: string,
  limit: number,
  learner: Learner | null,
  teacher: boolean,
  now: number,
): Promise<Conditional<AssignmentView>> {
  const a = await boardAssignment(db, rawCode);
  if (a.mode === "off" && !teacher) throw forbidden("The teacher has turned this assignment's leaderboard off.");
  // Ranks and scores tell correctness: hidden from learners while the assignment withholds feedback.
  if (!teacher && feedbackWithheld(a.feedback, a.closesAt, now)) {
    throw forbidden("This assignment shows results only after it closes: its leaderboard opens then.");
  }
  const open = isOpen(a, now);
  const ref: BoardRef = { board: assignmentBoard(a.id), kind: "assignment", assignmentId: a.id };
  return {
    etag: await etagOf(
      "assignment",
      a.id,
      a.version,
      a.updatedAt,
      a.mode,
      open ? 1 : 0,
      limit,
      learner?.id ?? "",
      teacher ? 1 : 0,
    ),
    load: async () => ({
      ...view(await readBoard(db, ref, learner?.id ?? null, limit), {
        names: a.mode === "nicknames",
        teacher,
        learnerId: learner?.id ?? null,
      }),
      code: a.code,
      title: a.title,
      mode: a.mode,
      open,
    }),
  };
}

/** Checks a nickname or throws `invalid` naming the rule it breaks. */
export function requireNickname(raw: string, lang: Lang, path = "/nickname") {
  const check = checkNickname(raw, lang);
  if (!check.ok) throw invalidField(path, check.message);
  return check;
}

/** Joins a quiz's practice board under a nickname (or changes it): 422 on a rule, 409 if taken. */
export async function joinBoard(
  db: Db,
  learner: Learner,
  quizId: string,
  rawNickname: string,
  lang: Lang,
  now: number,
) {
  boardQuiz(quizId);
  const nickname = requireNickname(rawNickname, lang);
  const boards = [practiceBoard(quizId, "all", now), practiceBoard(quizId, "week", now)];
  const outcome = await joinPracticeBoard(db, quizId, learner.id, nickname, boards, now);
  if (outcome === "taken") throw conflict(NICKNAME_TAKEN[lang]);
  return nickname.nickname;
}

/** Leaves a quiz's practice board: the nickname and every entry on it go (nothing to do for a stranger). */
export async function leaveBoard(db: Db, learner: Learner | null, quizId: string): Promise<void> {
  boardQuiz(quizId);
  if (learner) await leavePracticeBoard(db, quizId, learner.id);
}

/** The nickname the learner joined a practice board under, or null. */
export async function boardNickname(db: Db, learner: Learner | null, quizId: string): Promise<string | null> {
  return learner ? ((await loadMember(db, quizId, learner.id))?.nickname ?? null) : null;
}

/** The teacher's moderation view: the visible board with every name, and the hidden entries. */
export async function moderationView(db: Db, rawCode: string, limit: number, now: number) {
  const board = await (await assignmentBoardConditional(db, rawCode, limit, null, true, now)).load();
  const a = await boardAssignment(db, rawCode);
  const hidden = (await listHiddenEntries(db, a.id, limit)).map(
    (e): PublicEntry => ({ ...toPublic({ ...e, rank: 0 }, { names: true, teacher: true, learnerId: null }) }),
  );
  return { ...board, hidden };
}

/** Hides, shows again or renames an entry of an assignment's board (the caller proved the secret). */
export async function moderateEntry(
  db: Db,
  assignmentId: string,
  entryId: number,
  change: { hidden?: boolean; name?: string | null },
  lang: Lang,
) {
  const name = typeof change.name === "string" ? requireNickname(change.name, lang, "/name").nickname : change.name;
  let found = true;
  if (name !== undefined) found = await renameEntry(db, assignmentId, entryId, name);
  if (found && change.hidden !== undefined) found = await hideEntry(db, assignmentId, entryId, change.hidden);
  if (!found) throw notFound(`Entry ${entryId} is not on this assignment's leaderboard.`);
}

/** The board an attempt counts on: its assignment's unless it is off, else its quiz's practice board. */
export type BoardOfAttempt = { kind: "assignment"; code: string } | { kind: "practice"; quizId: string };

/** Which board a result page links to, or null (a board turned off, the review pseudo-quiz). */
export async function boardOfAttempt(
  db: Db,
  attempt: { assignmentId: string | null; quizId: string },
): Promise<BoardOfAttempt | null> {
  if (attempt.assignmentId) {
    const link = await loadAssignmentBoardLink(db, attempt.assignmentId);
    return link && link.mode !== "off" ? { kind: "assignment", code: link.code } : null;
  }
  // Every quiz has a practice board; its page offers to join it under a nickname.
  return getQuiz(attempt.quizId) ? { kind: "practice", quizId: attempt.quizId } : null;
}
