import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEADLINE_GRACE_MS } from "../../src/quiz/assignment-rules.ts";
import { answer, bearer, Client, createAssignment, join, rightAnswer, type StartedAttempt } from "../helpers.ts";

/**
 * "Feedback after close": while the assignment is open, and for the grace period after its
 * close during which answers still count, nothing a learner can read says how they did.
 */
async function answeredRight() {
  const created = await createAssignment({
    quizId: "quick",
    questionCount: 3,
    feedback: "after-close",
    requireName: true,
    leaderboard: "nicknames",
    attemptsAllowed: 2,
  });
  const learner = new Client();
  const attempt = (await (await join(learner, created.code, "Ada")).json()) as StartedAttempt;
  const itemId = attempt.question?.id ?? "";
  const res = await answer(learner, attempt.id, itemId, await rightAnswer(attempt.id, itemId));
  expect(res.status).toBe(200);
  return { ...created, learner, attempt };
}

/** Everything the learner can read about their own work, as text. */
async function learnerReads(learner: Client, attemptId: string, code: string) {
  const progress = await learner.fetch("/api/progress");
  const finished = await learner.json(`/api/attempts/${attemptId}/finish`, "POST");
  const result = await learner.fetch(`/attempts/${attemptId}/result`);
  const progressPage = await learner.fetch("/progress");
  const board = await learner.fetch(`/api/assignments/${code}/leaderboard`);
  const boardPage = await learner.fetch(`/a/${code}/leaderboard`);
  return {
    progress: (await progress.json()) as {
      attempts: { id: string; score: number | null; feedbackWithheld: boolean }[];
    },
    finished: (await finished.json()) as Record<string, unknown>,
    result: await result.text(),
    progressPage: await progressPage.text(),
    board: { status: board.status, etag: board.headers.get("etag"), text: await board.text() },
    boardPage: { status: boardPage.status, text: await boardPage.text() },
  };
}

describe("feedback after close leaks nothing while withheld", () => {
  it("GET /api/progress shows no score for an attempt in progress or finished", async () => {
    const { learner, attempt } = await answeredRight();
    const before = (await (await learner.fetch("/api/progress")).json()) as {
      attempts: { id: string; score: number | null; feedbackWithheld: boolean }[];
    };
    expect(before.attempts.find((a) => a.id === attempt.id)).toMatchObject({ score: null, feedbackWithheld: true });
  });

  it("the finish response, result page, progress page and leaderboard say nothing about correctness", async () => {
    const { learner, attempt, code } = await answeredRight();
    const reads = await learnerReads(learner, attempt.id, code);
    expect(reads.progress.attempts[0]).toMatchObject({ score: null, feedbackWithheld: true });
    expect(reads.finished).toMatchObject({ score: null, feedbackWithheld: true, topics: [], review: [] });
    // The result page: no score (today's page showed "Score: 1 / 3 (33 %)"), no title score.
    expect(reads.result).not.toMatch(/\d+(\.\d+)? \/ \d+|\d+ %/);
    expect(reads.result).toMatch(/clôture|closes/);
    expect(reads.progressPage).not.toMatch(/· \d+(\.\d+)? \/ \d+/);
    // The board ranks by score: closed to learners (no entries, no ETag that moves with scores).
    expect(reads.board.status).toBe(403);
    expect(reads.board.etag).toBeNull();
    expect(reads.board.text).not.toContain('"score"');
    expect(reads.boardPage.status).toBe(403);
    expect(reads.boardPage.text).not.toContain("Ada");
  });

  it("stays withheld during the grace period after the close, then shows the result", async () => {
    const { learner, attempt, code, manageSecret } = await answeredRight();
    const closed = await new Client().json(
      `/api/assignments/${code}`,
      "PATCH",
      { status: "closed" },
      bearer(manageSecret),
    );
    expect(closed.status).toBe(200);
    const during = await learnerReads(learner, attempt.id, code);
    expect(during.finished).toMatchObject({ score: null, feedbackWithheld: true });
    expect(during.board.status).toBe(403);

    await env.DB.prepare("UPDATE assignments SET closes_at = closes_at - ? WHERE code = ?")
      .bind(DEADLINE_GRACE_MS + 1, code)
      .run();
    const after = await learnerReads(learner, attempt.id, code);
    expect(after.finished.feedbackWithheld).toBeUndefined();
    expect(after.finished.score).toBeGreaterThan(0);
    expect(after.progress.attempts[0]).toMatchObject({ feedbackWithheld: false });
    expect(after.progress.attempts[0]?.score).toBeGreaterThan(0);
    expect(after.result).toMatch(/\d+ \/ \d+ \(\d+ %\)/);
    expect(after.board.status).toBe(200);
    expect(after.board.text).toContain('"score"');
  });

  it("the teacher still sees every score and the board while it is withheld from learners", async () => {
    const { learner, attempt, code, manageSecret } = await answeredRight();
    await learner.json(`/api/attempts/${attempt.id}/finish`, "POST");
    const board = await new Client().fetch(`/api/assignments/${code}/leaderboard`, { headers: bearer(manageSecret) });
    expect(board.status).toBe(200);
    const results = (await (
      await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) })
    ).json()) as { roster: { score: number | null }[] };
    expect(results.roster[0]?.score).toBeGreaterThan(0);
  });
});
