import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadBoardVersion } from "../../src/db/leaderboards.ts";
import {
  assignmentBoard,
  BOARD_KEY,
  type BoardOf,
  boardKey,
  boardKeySql,
  practiceBoard,
  practiceBoardRange,
} from "../../src/quiz/boards.ts";
import { addAssignment, addLearner, finishedAttempt, joinAssignment, session } from "../leaderboards/seed.ts";

const MONDAY = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;

// Boards as (kind, id, period, time): week boundaries (Monday 00:00, the millisecond before),
// ids with the characters keys are split on.
const CASES: BoardOf<string, number>[] = [
  { kind: "assignment", assignmentId: "x7k2m9p4q1w8e3r6t5y0u2i9o4" },
  { kind: "assignment", assignmentId: "a:b" },
  { kind: "practice", quizId: "article", period: "all" },
  { kind: "practice", quizId: "article", period: "week", at: MONDAY },
  { kind: "practice", quizId: "article", period: "week", at: MONDAY - 1 },
  { kind: "practice", quizId: "article", period: "week", at: MONDAY + 7 * DAY - 1 },
  { kind: "practice", quizId: "topic-energy", period: "week", at: 1_800_000_123_456 },
];

/** The same board with its values as SQL columns of a one-row table. */
const asColumns = (b: BoardOf<string, number>): BoardOf<string, string> =>
  b.kind === "assignment"
    ? { kind: "assignment", assignmentId: "json_extract(c.value, '$.assignmentId')" }
    : b.period === "all"
      ? { kind: "practice", quizId: "json_extract(c.value, '$.quizId')", period: "all" }
      : {
          kind: "practice",
          quizId: "json_extract(c.value, '$.quizId')",
          period: "week",
          at: "json_extract(c.value, '$.at')",
        };

describe("board keys: one spelling in TypeScript and SQL", () => {
  it("boardKeySql evaluated by D1 gives boardKey's key for every board", async () => {
    const fromSql: string[] = [];
    for (const b of CASES) {
      const row = await env.DB.prepare(`SELECT ${boardKeySql(asColumns(b))} AS k FROM json_each(?1) c`)
        .bind(JSON.stringify([b]))
        .first<{ k: string }>();
      fromSql.push(row?.k ?? "");
    }
    expect(fromSql).toEqual(CASES.map(boardKey));
    // The spelling itself, as the migrations' comment and their triggers have it.
    expect(CASES.slice(0, 5).map(boardKey)).toEqual([
      "a:x7k2m9p4q1w8e3r6t5y0u2i9o4",
      "a:a:b",
      "q:article:all",
      `q:article:w:${MONDAY}`,
      `q:article:w:${MONDAY - 7 * DAY}`,
    ]);
    expect(practiceBoard("article", "week", MONDAY + 7 * DAY - 1)).toBe(`q:article:w:${MONDAY}`);
  });

  it("a quiz's practice range holds both its boards and no other quiz's or assignment's", () => {
    const [from, to] = practiceBoardRange("art");
    const within = (k: string) => k >= from && k < to;
    expect([practiceBoard("art", "all", MONDAY), practiceBoard("art", "week", MONDAY)].every(within)).toBe(true);
    const others = ["article", "art-2", "ar"].flatMap((q) => [
      practiceBoard(q, "all", MONDAY),
      practiceBoard(q, "week", MONDAY),
    ]);
    expect(others.filter(within)).toEqual([]);
    expect(within(assignmentBoard("art"))).toBe(false);
  });
});

describe("the migrations' triggers use the keys the constants describe", () => {
  it("every board key literal in an installed trigger is a prefix of BOARD_KEY", async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all<{
      name: string;
      sql: string;
    }>();
    const literals = results.flatMap((t) => [...t.sql.matchAll(/'([a-z]+:)'\s*\|\|/g)].map((m) => [t.name, m[1]]));
    expect(literals.length).toBeGreaterThan(0);
    const prefixes: string[] = [BOARD_KEY.assignmentPrefix, BOARD_KEY.practicePrefix];
    expect(literals.filter(([, prefix]) => !prefixes.includes(prefix ?? ""))).toEqual([]);
  });

  it("renaming a learner changes the version of the board under assignmentBoard(id), and no other", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "nicknames" });
    const other = await addAssignment(db, { leaderboard: "nicknames" });
    const learnerId = await addLearner(db);
    for (const x of [a, other]) {
      await joinAssignment(db, x.id, learnerId, "Ada");
      await finishedAttempt(db, {
        learnerId,
        assignmentId: x.id,
        score: 3,
        startedAt: MONDAY,
        finishedAt: MONDAY + 60_000,
      });
    }
    const before = [
      await loadBoardVersion(db, assignmentBoard(a.id)),
      await loadBoardVersion(db, assignmentBoard(other.id)),
    ];
    expect(before.map((b) => b.total)).toEqual([1, 1]);

    await env.DB.prepare("UPDATE assignment_learners SET name = 'Grace' WHERE assignment_id = ? AND learner_id = ?")
      .bind(a.id, learnerId)
      .run();

    expect(await loadBoardVersion(db, assignmentBoard(a.id))).toEqual({
      ...before[0],
      version: (before[0]?.version ?? 0) + 1,
    });
    expect(await loadBoardVersion(db, assignmentBoard(other.id))).toEqual(before[1]);
  });

  it("deleting an assignment removes every row stored under assignmentBoard(id), and only those", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "anonymous" });
    const other = await addAssignment(db, { leaderboard: "anonymous" });
    const learnerId = await addLearner(db);
    for (const x of [a, other]) {
      await joinAssignment(db, x.id, learnerId, null);
      await finishedAttempt(db, {
        learnerId,
        assignmentId: x.id,
        score: 2,
        startedAt: MONDAY,
        finishedAt: MONDAY + 9_000,
      });
    }
    const rowsUnder = async (board: string) => {
      const counts = await env.DB.prepare(
        `SELECT (SELECT count(*) FROM leaderboard_entries WHERE board = ?1)
              + (SELECT count(*) FROM leaderboard_counts WHERE board = ?1)
              + (SELECT count(*) FROM leaderboard_boards WHERE board = ?1) AS n`,
      )
        .bind(board)
        .first<{ n: number }>();
      return counts?.n ?? -1;
    };
    const otherRows = await rowsUnder(assignmentBoard(other.id));
    expect(await rowsUnder(assignmentBoard(a.id))).toBeGreaterThan(2);

    await db.prepare("DELETE FROM assignments WHERE id = ?").bind(a.id).run();

    expect(await rowsUnder(assignmentBoard(a.id))).toBe(0);
    expect(await rowsUnder(assignmentBoard(other.id))).toBe(otherRows);
  });

  it("a finished practice attempt of a member goes on exactly practiceBoard(quiz, 'all') and the week it finished in", async () => {
    const db = session();
    const learnerId = await addLearner(db);
    const quizId = `quiz-${learnerId}`;
    await env.DB.prepare(
      "INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at) VALUES (?1, ?2, ?2, ?2, 0)",
    )
      .bind(quizId, learnerId)
      .run();
    const finishedAt = MONDAY + 7 * DAY - 1;
    await finishedAttempt(db, { learnerId, quizId, score: 1, startedAt: finishedAt - 5_000, finishedAt });
    const { results } = await env.DB.prepare(
      "SELECT board FROM leaderboard_entries WHERE learner_id = ? ORDER BY board",
    )
      .bind(learnerId)
      .all<{ board: string }>();
    expect(results.map((r) => r.board)).toEqual(
      [practiceBoard(quizId, "all", finishedAt), practiceBoard(quizId, "week", finishedAt)].sort(),
    );
  });
});
