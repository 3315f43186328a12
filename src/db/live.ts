import type { Db } from "../env.ts";
import type { AnswerRecord } from "../quiz/attempt.ts";
import type { Lang } from "../quiz/format.ts";
import { voteIfStoredStatement } from "./answers.ts";
import { attemptTotalsSql, finishAttemptStatement, insertAttemptStatement } from "./attempts.ts";
import { leaderboardFinishStatements } from "./leaderboards.ts";
import { ensureLearnerStatement } from "./learners.ts";

/** A live room's player as its assignment stores them: a member with one attempt. */
export type LivePlayerRecord = {
  learnerId: string;
  attemptId: string;
  name: string;
  nameKey: string;
  joinedAt: number;
};

/** The room's fixed facts every attempt of it shares (same questions, order and seed). */
export type LiveRoomRecord = {
  assignmentId: string;
  quizId: string;
  bankVersion: string;
  seed: number;
  itemIds: string[];
  maxScore: number;
  lang: Lang;
};

/** An answer given in a live room, stored as every attempt's answers are (points: fraction × item points). */
export type LiveAnswerRecord = AnswerRecord & {
  /** For a poll: the option voted for. */
  pollChoice: string | null;
};

/**
 * The statements that store players who joined a live room: the learner, their membership
 * (named as in the room) and their attempt. Idempotent: a repeat inserts nothing.
 */
export function livePlayerStatements(db: Db, room: LiveRoomRecord, players: LivePlayerRecord[]) {
  return players.flatMap((p) => [
    ensureLearnerStatement(db, p.learnerId, p.joinedAt),
    db
      .prepare(
        `INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .bind(room.assignmentId, p.learnerId, p.name, p.nameKey, p.joinedAt),
    insertAttemptStatement(
      db,
      {
        id: p.attemptId,
        learnerId: p.learnerId,
        quizId: room.quizId,
        assignmentId: room.assignmentId,
        bankVersion: room.bankVersion,
        seed: room.seed,
        itemIds: room.itemIds,
        questionCount: room.itemIds.length,
        maxScore: room.maxScore,
        lang: room.lang,
        feedback: "immediate",
        startedAt: p.joinedAt,
        deadlineAt: null,
        shuffleChoices: true,
      },
      { ifAbsent: true },
    ),
  ]);
}

/**
 * The statements that store answers given in a live room, each only once (a repeat changes
 * nothing, a poll vote is counted only by the write that stored its answer), then each touched
 * attempt's totals recomputed from its answers.
 */
export function liveAnswerStatements(db: Db, answers: LiveAnswerRecord[]) {
  const statements: D1PreparedStatement[] = [];
  for (const a of answers) {
    const writeId = crypto.randomUUID();
    statements.push(
      db
        .prepare(
          `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
           SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM attempts WHERE id = ?1 AND status = 'in-progress'
           ON CONFLICT (attempt_id, item_id) DO NOTHING`,
        )
        .bind(a.attemptId, a.itemId, a.position, a.response, a.fraction, a.points, a.state, a.answeredAt, writeId),
    );
    if (a.pollChoice !== null) statements.push(voteIfStoredStatement(db, a.attemptId, a.itemId, writeId, a.pollChoice));
  }
  for (const attemptId of new Set(answers.map((a) => a.attemptId))) {
    statements.push(
      db
        .prepare(
          `UPDATE attempts SET
             ${attemptTotalsSql("?1")}
           WHERE id = ?1 AND status = 'in-progress'`,
        )
        .bind(attemptId),
    );
  }
  return statements;
}

/** The statements that finish a live room's attempts and put them on the assignment's board. */
export function liveFinishStatements(db: Db, assignmentId: string, players: LivePlayerRecord[], now: number) {
  return players.flatMap((p) => [
    finishAttemptStatement(db, p.attemptId, p.learnerId, now),
    ...leaderboardFinishStatements(db, { id: p.attemptId, assignmentId }),
  ]);
}

/** The statements that take a removed player out of the assignment: votes, answers, attempt, membership. */
export function liveRemoveStatements(db: Db, assignmentId: string, p: LivePlayerRecord) {
  return [
    db
      .prepare(
        `UPDATE poll_votes SET votes = votes - 1
         WHERE (item_id, choice_id) IN (
           SELECT item_id, json_extract(response, '$.choice') FROM answers WHERE attempt_id = ? AND state = 'unscored')`,
      )
      .bind(p.attemptId),
    db.prepare("DELETE FROM answers WHERE attempt_id = ?").bind(p.attemptId),
    db.prepare("DELETE FROM attempts WHERE id = ? AND status = 'in-progress'").bind(p.attemptId),
    db
      .prepare("DELETE FROM assignment_learners WHERE assignment_id = ? AND learner_id = ?")
      .bind(assignmentId, p.learnerId),
  ];
}

/** Runs statements in batches of at most `size` (one transaction each; every statement is idempotent). */
export async function runInBatches(db: Db, statements: D1PreparedStatement[], size = 200): Promise<number> {
  let written = 0;
  for (let i = 0; i < statements.length; i += size) {
    const results = await db.batch(statements.slice(i, i + size));
    for (const r of results) written += r.meta.rows_written ?? 0;
  }
  return written;
}
