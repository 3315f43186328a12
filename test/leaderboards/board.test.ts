import { describe, expect, it } from "vitest";
import { joinPracticeBoard, readBoard } from "../../src/db/leaderboards.ts";
import { assignmentBoard, practiceBoard } from "../../src/quiz/ranking.ts";
import { addAssignment, addLearner, finishedAttempt, joinAssignment, session } from "./seed.ts";

const T0 = Date.UTC(2025, 0, 8, 10); // a Wednesday

describe("assignment board", () => {
  it("ranks ties 1, 2, 2, 4 on score then time, earlier finish first among equals", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "nicknames" });
    const ids: string[] = [];
    for (const [name, score, seconds, finishOffset] of [
      ["Dora", 6, 90, 3],
      ["Ana", 9, 60, 0],
      ["Cleo", 8, 45, 2],
      ["Ben", 8, 45, 1],
    ] as const) {
      const learnerId = await addLearner(db);
      ids.push(learnerId);
      await joinAssignment(db, a.id, learnerId, name);
      const finishedAt = T0 + finishOffset * 60_000;
      await finishedAttempt(db, {
        learnerId,
        assignmentId: a.id,
        score,
        startedAt: finishedAt - seconds * 1000,
        finishedAt,
      });
    }
    const board = await readBoard(
      db,
      { board: assignmentBoard(a.id), kind: "assignment", assignmentId: a.id },
      ids[0] ?? null,
      10,
    );
    expect(board.top.map((e) => [e.rank, e.name])).toEqual([
      [1, "Ana"],
      [2, "Ben"],
      [2, "Cleo"],
      [4, "Dora"],
    ]);
    expect(board.total).toBe(4);
    expect(board.me).toMatchObject({ name: "Dora", rank: 4 });
    expect(board.around.map((e) => e.rank)).toEqual([2, 2, 4]);
  });
});

describe("practice board", () => {
  it("keeps each learner's best finished attempt only, and only once they joined", async () => {
    const db = session();
    const learnerId = await addLearner(db);
    await finishedAttempt(db, { learnerId, quizId: "article", score: 5, startedAt: T0, finishedAt: T0 + 60_000 });
    const ref = { board: practiceBoard("article", "all", T0), kind: "practice" as const, quizId: "article" };
    expect((await readBoard(db, ref, learnerId, 10)).total).toBe(0);
    await joinPracticeBoard(db, "article", learnerId, { nickname: "Zoé", key: "zoe" }, [ref.board], T0);
    let board = await readBoard(db, ref, learnerId, 10);
    expect(board.top).toMatchObject([{ name: "Zoé", score: 5, rank: 1 }]);
    await finishedAttempt(db, { learnerId, quizId: "article", score: 3, startedAt: T0, finishedAt: T0 + 70_000 });
    await finishedAttempt(db, { learnerId, quizId: "article", score: 7, startedAt: T0, finishedAt: T0 + 80_000 });
    await finishedAttempt(db, { learnerId, quizId: "article", score: 7, startedAt: T0, finishedAt: T0 + 90_000 });
    board = await readBoard(db, ref, learnerId, 10);
    expect(board.top).toMatchObject([{ score: 7, durationMs: 80_000, rank: 1 }]);
    expect(board.total).toBe(1);
  });
});
