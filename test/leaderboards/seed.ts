import { env } from "cloudflare:workers";
import { finishAttempt, insertAttemptStatement } from "../../src/db/attempts.ts";
import { ensureLearnerStatement } from "../../src/db/learners.ts";
import type { Db } from "../../src/env.ts";
import { finishHookStatements } from "../../src/flows/attempts.ts";
import { codeFromRandom } from "../../src/quiz/assignment-codes.ts";
import { randomToken, sha256Hex } from "../../src/quiz/tokens.ts";

/** A D1 session on the test's real database, as a request gets one. */
export const session = (): Db => env.DB.withSession("first-primary");

let counter = 0;
const uniq = (prefix: string) => `${prefix}${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A learner row; returns its id. */
export async function addLearner(db: Db, id = uniq("learner")): Promise<string> {
  await ensureLearnerStatement(db, id, Date.now()).run();
  return id;
}

/**
 * A real attempt, finished through the same batch the app uses: its score comes from one
 * stored answer worth `score` points, its time from `startedAt` to `finishedAt`.
 */
export async function finishedAttempt(
  db: Db,
  options: {
    learnerId: string;
    quizId?: string;
    assignmentId?: string | null;
    score: number;
    maxScore?: number;
    startedAt: number;
    finishedAt: number;
  },
): Promise<string> {
  const attempt = {
    id: uniq("att"),
    learnerId: options.learnerId,
    quizId: options.quizId ?? "article",
    assignmentId: options.assignmentId ?? null,
    bankVersion: "test",
    seed: 1,
    itemIds: ["q1"],
    questionCount: 1,
    maxScore: options.maxScore ?? 10,
    lang: "en" as const,
    feedback: "immediate" as const,
    startedAt: options.startedAt,
    deadlineAt: null,
    shuffleChoices: true,
  };
  await db.batch([
    ensureLearnerStatement(db, options.learnerId, options.startedAt),
    insertAttemptStatement(db, attempt),
    db
      .prepare(
        "INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at) VALUES (?, 'q1', 0, '{}', 1, ?, 'correct', ?)",
      )
      .bind(attempt.id, options.score, options.startedAt),
  ]);
  const full = { ...attempt, status: "in-progress" as const, answeredCount: 1, score: options.score, finishedAt: null };
  await finishAttempt(db, attempt.id, options.learnerId, options.finishedAt, finishHookStatements(db, full));
  return attempt.id;
}

/** A fresh assignment code of the real shape. */
export const newCode = () => codeFromRandom((n) => crypto.getRandomValues(new Uint8Array(n)));

/** An assignment with a known manage secret; returns its id, code and secret. */
export async function addAssignment(
  db: Db,
  options: { leaderboard: "off" | "anonymous" | "nicknames"; closesAt?: number | null; code?: string },
) {
  const id = uniq("asg");
  const code = options.code ?? uniq("C").toUpperCase().slice(0, 12);
  const secret = randomToken(32);
  const now = Date.now();
  await db
    .prepare(
      `INSERT INTO assignments (id, code, title, quiz_id, pool, bank_version, question_count, opens_at, closes_at, leaderboard, secret_hash, created_at, updated_at)
       VALUES (?, ?, 'Test assignment', 'article', '["q1"]', 'test', 1, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(id, code, now - 3_600_000, options.closesAt ?? null, options.leaderboard, await sha256Hex(secret), now, now)
    .run();
  return { id, code, secret };
}

/** Puts a learner on an assignment under a name, as joining it does. */
export async function joinAssignment(db: Db, assignmentId: string, learnerId: string, name: string | null) {
  await db.batch([
    ensureLearnerStatement(db, learnerId, Date.now()),
    db
      .prepare(
        "INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind(assignmentId, learnerId, name, name?.toLowerCase() ?? null, Date.now()),
  ]);
}
