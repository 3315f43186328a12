import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deleteAssignment } from "../../src/db/assignments.ts";
import { loadBoardVersion } from "../../src/db/leaderboards.ts";
import { deleteLearner } from "../../src/db/learners.ts";
import { assignmentBoard } from "../../src/quiz/boards.ts";
import { tableRows } from "../helpers.ts";
import { addAssignment, addLearner, finishedAttempt, joinAssignment, session } from "../leaderboards/seed.ts";

const T0 = 1_750_000_000_000;

/** Every row of the tables a learner's or an assignment's data lives in, as sorted JSON. */
const snapshot = () =>
  tableRows(env.DB, [
    "learners",
    "assignments",
    "assignment_learners",
    "attempts",
    "answers",
    "review_items",
    "leaderboard_members",
    "leaderboard_entries",
    "leaderboard_boards",
  ]);

const without = (rows: Record<string, string[]>, ...marks: string[]) =>
  Object.fromEntries(
    Object.entries(rows).map(([t, rs]) => [t, rs.filter((r) => !marks.some((m) => r.includes(`"${m}"`)))]),
  );

async function reviewFor(learnerId: string, attemptId: string, itemId: string) {
  await env.DB.prepare(
    `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id)
     VALUES (?1, ?3, '{}', 0, 1, ?2)`,
  )
    .bind(learnerId, attemptId, itemId)
    .run();
}

describe("constraints", () => {
  it("refuse an answer with an unknown state or a fraction outside 0..1, and a negative vote count", async () => {
    const db = session();
    const learnerId = await addLearner(db);
    const attemptId = await finishedAttempt(db, { learnerId, score: 1, startedAt: T0, finishedAt: T0 + 1_000 });
    const insert = (fraction: number, state: string) =>
      env.DB.prepare(
        `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at)
         VALUES (?, 'x', 1, '{}', ?, 0, ?, 0)`,
      )
        .bind(attemptId, fraction, state)
        .run();
    await expect(insert(0.5, "graded")).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert(1.5, "correct")).rejects.toThrow(/CHECK constraint failed/);
    await expect(insert(-0.01, "incorrect")).rejects.toThrow(/CHECK constraint failed/);
    for (const [fraction, state] of [
      [0, "incorrect"],
      [0.25, "partial"],
      [1, "correct"],
      [0, "unscored"],
    ] as const) {
      await insert(fraction, state);
      await env.DB.prepare("DELETE FROM answers WHERE attempt_id = ? AND item_id = 'x'").bind(attemptId).run();
    }
    const stored = await env.DB.prepare("SELECT item_id FROM answers WHERE attempt_id = ?").bind(attemptId).all();
    expect(stored.results).toEqual([{ item_id: "q1" }]);

    const item = `poll-${attemptId}`;
    await env.DB.prepare("INSERT INTO poll_votes (item_id, choice_id, votes) VALUES (?, 'a', 1)").bind(item).run();
    await expect(
      env.DB.prepare("UPDATE poll_votes SET votes = votes - 2 WHERE item_id = ?").bind(item).run(),
    ).rejects.toThrow(/CHECK constraint failed/);
    expect(await env.DB.prepare("SELECT votes FROM poll_votes WHERE item_id = ?").bind(item).first("votes")).toBe(1);
  });

  it("refuse an attempt of an unknown assignment, and an entry or a review schedule of an unknown attempt", async () => {
    const db = session();
    const learnerId = await addLearner(db);
    await expect(
      finishedAttempt(db, { learnerId, assignmentId: "no-such-assignment", score: 1, startedAt: T0, finishedAt: T0 }),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(
      env.DB.prepare(
        `INSERT INTO leaderboard_entries (board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at)
         VALUES ('q:article:all', ?, 'no-such-attempt', 0, 1, 1, 1000, 0)`,
      )
        .bind(learnerId)
        .run(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await expect(reviewFor(learnerId, "no-such-attempt", "q1")).rejects.toThrow(/FOREIGN KEY constraint failed/);
    expect(
      await env.DB.prepare("SELECT count(*) AS n FROM attempts WHERE learner_id = ?").bind(learnerId).first("n"),
    ).toBe(0);
  });
});

describe("cascades", () => {
  it("deleting an assignment removes its attempts, answers, memberships, review schedules and board, and nothing else", async () => {
    const db = session();
    const doomed = await addAssignment(db, { leaderboard: "nicknames" });
    const other = await addAssignment(db, { leaderboard: "nicknames" });
    const learnerId = await addLearner(db);
    await joinAssignment(db, doomed.id, learnerId, "Ada");
    await joinAssignment(db, other.id, learnerId, "Ada");
    const inDoomed = await finishedAttempt(db, {
      learnerId,
      assignmentId: doomed.id,
      score: 4,
      startedAt: T0,
      finishedAt: T0 + 60_000,
    });
    const inOther = await finishedAttempt(db, {
      learnerId,
      assignmentId: other.id,
      score: 5,
      startedAt: T0,
      finishedAt: T0 + 60_000,
    });
    await reviewFor(learnerId, inDoomed, "from-doomed");
    await reviewFor(learnerId, inOther, "from-other");
    const before = await snapshot();
    expect(before.attempts?.filter((r) => r.includes(doomed.id))).toHaveLength(1);
    expect((await loadBoardVersion(db, assignmentBoard(doomed.id))).total).toBe(1);

    await deleteAssignment(db, doomed.id);

    expect(await snapshot()).toEqual(without(before, doomed.id, inDoomed, "from-doomed", assignmentBoard(doomed.id)));
    expect(await loadBoardVersion(db, assignmentBoard(doomed.id))).toEqual({ version: 0, total: 0 });
    expect((await loadBoardVersion(db, assignmentBoard(other.id))).total).toBe(1);
  });

  it("deleting a learner removes every row of theirs, and nobody else's", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "anonymous" });
    const [leaving, staying] = [await addLearner(db), await addLearner(db)];
    const attempts: string[] = [];
    for (const learnerId of [leaving, staying]) {
      await joinAssignment(db, a.id, learnerId, learnerId);
      await env.DB.prepare(
        "INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at) VALUES ('article', ?1, ?1, ?1, 0)",
      )
        .bind(learnerId)
        .run();
      attempts.push(await finishedAttempt(db, { learnerId, score: 3, startedAt: T0, finishedAt: T0 + 9_000 }));
      attempts.push(
        await finishedAttempt(db, { learnerId, assignmentId: a.id, score: 3, startedAt: T0, finishedAt: T0 + 9_000 }),
      );
      await reviewFor(learnerId, attempts.at(-1) ?? "", "q1");
    }
    const before = await snapshot();
    // The assignment's board and the practice boards (all time and this week).
    expect(before.leaderboard_entries?.filter((r) => r.includes(leaving))).toHaveLength(3);

    await deleteLearner(db, leaving);

    // Boards' versions and totals changed (the learner left them); every other row is as it was.
    const after = await snapshot();
    const mine = [leaving, attempts[0] ?? "", attempts[1] ?? ""];
    expect({ ...after, leaderboard_boards: [] }).toEqual({ ...without(before, ...mine), leaderboard_boards: [] });
    expect((await loadBoardVersion(db, assignmentBoard(a.id))).total).toBe(1);
  });

  it("find a learner's memberships and an attempt's dependants through indexes, not scans", async () => {
    for (const sql of [
      "SELECT assignment_id FROM assignment_learners WHERE learner_id = ?",
      "SELECT learner_id FROM review_items WHERE last_attempt_id = ?",
      "SELECT id FROM leaderboard_entries WHERE attempt_id = ?",
      "SELECT id FROM attempts WHERE assignment_id = ?",
    ]) {
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind("x").all<{ detail: string }>();
      const plan = results.map((r) => r.detail).join("; ");
      expect(plan, sql).toMatch(/SEARCH .* USING (COVERING )?INDEX/);
    }
  });
});
