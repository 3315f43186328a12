import { describe, expect, it } from "vitest";
import { finishAttempt } from "../../src/db/attempts.ts";
import { hideEntry, joinPracticeBoard, loadBoardVersion, readBoard, renameEntry } from "../../src/db/leaderboards.ts";
import { deleteLearner } from "../../src/db/learners.ts";
import { finishHookStatements } from "../../src/flows/attempts.ts";
import { assignmentBoard, practiceBoard } from "../../src/quiz/boards.ts";
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

describe("weeks", () => {
  it("put Sunday 23:59 UTC in the week before, Monday 00:00 UTC in the new one", async () => {
    const db = session();
    const quizId = "week-boundary";
    const sunday = Date.UTC(2025, 0, 12, 23, 59);
    const monday = Date.UTC(2025, 0, 13, 0, 0);
    const [late, early] = [await addLearner(db), await addLearner(db)];
    await joinPracticeBoard(db, quizId, late, { nickname: "Late", key: `late${late}` }, [], sunday);
    await joinPracticeBoard(db, quizId, early, { nickname: "Early", key: `early${early}` }, [], sunday);
    await finishedAttempt(db, { learnerId: late, quizId, score: 5, startedAt: sunday - 60_000, finishedAt: sunday });
    await finishedAttempt(db, { learnerId: early, quizId, score: 4, startedAt: monday - 60_000, finishedAt: monday });
    const names = async (board: string) =>
      (await readBoard(db, { board, kind: "practice", quizId }, null, 10)).top.map((e) => e.name);
    expect(await names(practiceBoard(quizId, "week", sunday))).toEqual(["Late"]);
    expect(await names(practiceBoard(quizId, "week", monday))).toEqual(["Early"]);
    expect(await names(practiceBoard(quizId, "week", monday + 6 * 86_400_000))).toEqual(["Early"]);
    expect(await names(practiceBoard(quizId, "all", monday))).toEqual(expect.arrayContaining(["Late", "Early"]));
  });
});

describe("entry upkeep", () => {
  it("finishing twice changes nothing", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "nicknames" });
    const learnerId = await addLearner(db);
    const attemptId = await finishedAttempt(db, {
      learnerId,
      assignmentId: a.id,
      score: 4,
      startedAt: T0,
      finishedAt: T0 + 5_000,
    });
    const board = assignmentBoard(a.id);
    const before = await loadBoardVersion(db, board);
    const attempt = { id: attemptId, assignmentId: a.id } as Parameters<typeof finishHookStatements>[1];
    expect(await finishAttempt(db, attemptId, learnerId, T0 + 99_000, finishHookStatements(db, attempt))).toBe(false);
    expect(await loadBoardVersion(db, board)).toEqual(before);
    const { top } = await readBoard(db, { board, kind: "assignment", assignmentId: a.id }, null, 10);
    expect(top).toMatchObject([{ durationMs: 5_000, score: 4 }]);
  });

  it("hidden entries leave the ranking and the total; renamed ones show the new name; deleted learners go", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "nicknames" });
    const ref = { board: assignmentBoard(a.id), kind: "assignment" as const, assignmentId: a.id };
    const ids: string[] = [];
    for (const [name, score] of [
      ["Top", 10],
      ["Mid", 8],
      ["Low", 2],
    ] as const) {
      const id = await addLearner(db);
      ids.push(id);
      await joinAssignment(db, a.id, id, name);
      await finishedAttempt(db, { learnerId: id, assignmentId: a.id, score, startedAt: T0, finishedAt: T0 + 30_000 });
    }
    let board = await readBoard(db, ref, ids[2] ?? null, 10);
    expect(board.me?.rank).toBe(3);
    const topId = board.top[0]?.id ?? 0;
    expect(await hideEntry(db, a.id, topId, true)).toBe(true);
    expect(await hideEntry(db, "another-assignment", topId, false)).toBe(false);
    board = await readBoard(db, ref, ids[2] ?? null, 10);
    expect(board.top.map((e) => [e.rank, e.name])).toEqual([
      [1, "Mid"],
      [2, "Low"],
    ]);
    expect(board.me?.rank).toBe(2);
    expect(board.total).toBe(2);
    expect(await renameEntry(db, a.id, board.top[0]?.id ?? 0, "M.")).toBe(true);
    board = await readBoard(db, ref, ids[0] ?? null, 10);
    expect(board.top[0]?.name).toBe("M.");
    expect(board.me).toBeNull();
    await deleteLearner(db, ids[1] ?? "");
    board = await readBoard(db, ref, ids[2] ?? null, 10);
    expect(board.total).toBe(1);
    expect(board.me?.rank).toBe(1);
    // Deleting the assignment deletes its board.
    await db.prepare("DELETE FROM assignments WHERE id = ?").bind(a.id).run();
    const left = await db
      .prepare(
        "SELECT (SELECT count(*) FROM leaderboard_entries WHERE board = ?1) + (SELECT count(*) FROM leaderboard_counts WHERE board = ?1) AS n",
      )
      .bind(ref.board)
      .first<{ n: number }>();
    expect(left?.n).toBe(0);
    expect(await loadBoardVersion(db, ref.board)).toEqual({ version: 0, total: 0 });
  });
});
