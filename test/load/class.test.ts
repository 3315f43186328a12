import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  bestAttemptsQuery,
  boardMismatches,
  classAssignment,
  expectedTotals,
  integrityChecks,
  runClass,
  totalsQuery,
} from "../../bench/simulate.ts";
import { request, sendJson } from "../helpers.ts";

/**
 * A class of 50 joins one assignment at once (the small version of `npm run load`): concurrent
 * learners, retried requests and reloads, then the database must hold exactly what they were told.
 */
describe("a class of 50 on one assignment", () => {
  it("loses nothing, counts nothing twice, and never answers 5xx", async () => {
    const created = await sendJson("/api/assignments", "POST", classAssignment("Load check", 10));
    expect(created.status).toBe(201);
    const { code, manageSecret } = (await created.json()) as { code: string; manageSecret: string };

    const report = await runClass(request, {
      code,
      learners: 50,
      thinkMs: [0, 5],
      duplicateRate: 0.05,
      reloadRate: 0.02,
      seed: 7,
      retryDelayMs: 1,
    });

    // The seeded randomness gives this run both retried requests and reloads.
    expect(report.duplicatesSent).toBeGreaterThan(0);
    expect(report.reloads).toBeGreaterThan(0);
    expect(report.serverErrors).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.attempts).toHaveLength(50);
    for (const attempt of report.attempts) expect(attempt.answered).toHaveLength(10);

    for (const check of integrityChecks(code)) {
      const broken = await env.DB.prepare(check.sql).all();
      expect(broken.results, check.name).toEqual([]);
    }
    const totals = await env.DB.prepare(totalsQuery(code)).first();
    expect(totals).toEqual(expectedTotals(report));
    expect(totals).toEqual({ joined: 50, attempts: 50, finished: 50, answers: 500 });

    // What each learner was told at finish is what the database keeps.
    const scores = await env.DB.prepare(
      `SELECT id, score FROM attempts WHERE id IN (${report.attempts.map(() => "?").join(",")})`,
    )
      .bind(...report.attempts.map((a) => a.attemptId))
      .all<{ id: string; score: number }>();
    const stored = new Map(scores.results.map((r) => [r.id, r.score]));
    for (const attempt of report.attempts) expect(stored.get(attempt.attemptId)).toBe(attempt.finishedScore);

    // The teacher's board is the best attempts, in order.
    const boardRes = await request(`/api/assignments/${code}/leaderboard?limit=100`, {
      headers: { authorization: `Bearer ${manageSecret}` },
    });
    expect(boardRes.status).toBe(200);
    const board = (await boardRes.json()) as { total: number; entries: { score: number; durationMs: number }[] };
    const best = await env.DB.prepare(bestAttemptsQuery(code, 100)).all<{ score: number; durationMs: number }>();
    expect(boardMismatches(board, best.results, 50)).toEqual([]);
  }, 180_000); // a correctness check on 50 concurrent learners: room for a slow, shared machine, never a timing assertion
});
