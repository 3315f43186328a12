import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { runSweep } from "../../src/flows/retention.ts";
import worker from "../../src/index.ts";
import { DEADLINE_GRACE_MS } from "../../src/quiz/assignment-rules.ts";
import { monthsBefore, RETENTION_DEFAULTS, retentionConfig } from "../../src/quiz/retention.ts";
import { answer, Client, createAssignment, join, rightAnswer, type StartedAttempt, tableHashes } from "../helpers.ts";

const DAY = 86_400_000;

/** Runs the Worker's exported scheduled handler, as the Cron Trigger does, and waits for it. */
async function runCron(scheduledTime = Date.now()) {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime, cron: "*/10 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const learnerIdOf = async (attemptId: string) =>
  (await env.DB.prepare("SELECT learner_id FROM attempts WHERE id = ?").bind(attemptId).first<{ learner_id: string }>())
    ?.learner_id ?? "";

/** Rows that mention a learner, per table. */
async function rowsOf(learnerId: string) {
  const q = (sql: string) => env.DB.prepare(sql).bind(learnerId).first<{ n: number }>();
  const counts = await Promise.all([
    q("SELECT count(*) AS n FROM learners WHERE id = ?"),
    q("SELECT count(*) AS n FROM attempts WHERE learner_id = ?"),
    q("SELECT count(*) AS n FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE learner_id = ?)"),
    q("SELECT count(*) AS n FROM review_items WHERE learner_id = ?"),
    q("SELECT count(*) AS n FROM assignment_learners WHERE learner_id = ?"),
    q("SELECT count(*) AS n FROM leaderboard_entries WHERE learner_id = ?"),
    q("SELECT count(*) AS n FROM leaderboard_members WHERE learner_id = ?"),
  ]);
  return counts.map((c) => c?.n ?? 0);
}

/** A learner who practised (one right answer, finished, on the practice board) and joined an assignment. */
async function activeLearner(code: string, name: string) {
  const learner = new Client();
  const practice = (await (await learner.json("/api/attempts", "POST", { quizId: "quick" })).json()) as StartedAttempt;
  const q = practice.question?.id ?? "";
  await answer(learner, practice.id, q, await rightAnswer(practice.id, q));
  await learner.json("/api/leaderboards/quick/join", "POST", { nickname: name });
  await learner.json(`/api/attempts/${practice.id}/finish`, "POST");
  const joined = (await (await join(learner, code, name)).json()) as StartedAttempt;
  return { learner, learnerId: await learnerIdOf(practice.id), practice, joined };
}

describe("the scheduled sweep (exported scheduled handler, run in workerd)", () => {
  it("finishes attempts whose time ran out, in bulk, onto their leaderboard, and only those", async () => {
    const { code } = await createAssignment({ quizId: "quick", timeLimitMinutes: 5, leaderboard: "nicknames" });
    const started: StartedAttempt[] = [];
    for (const name of ["Ada", "Bea", "Cy"]) {
      const learner = new Client();
      const attempt = (await (await join(learner, code, name)).json()) as StartedAttempt;
      const q = attempt.question?.id ?? "";
      await answer(learner, attempt.id, q, await rightAnswer(attempt.id, q));
      started.push(attempt);
    }
    const deadline = Date.now() - 60_000;
    await env.DB.prepare("UPDATE attempts SET deadline_at = ? WHERE id IN (?, ?)")
      .bind(deadline, started[0]?.id, started[1]?.id)
      .run();
    await runCron();
    const rows = await env.DB.prepare(
      `SELECT t.id, t.status, t.finished_at, t.score, (SELECT sum(points) FROM answers WHERE attempt_id = t.id) AS points,
         (SELECT count(*) FROM leaderboard_entries e WHERE e.attempt_id = t.id) AS on_board
       FROM attempts t WHERE t.id IN (?, ?, ?) ORDER BY t.id`,
    )
      .bind(started[0]?.id, started[1]?.id, started[2]?.id)
      .all<{
        id: string;
        status: string;
        finished_at: number | null;
        score: number;
        points: number;
        on_board: number;
      }>();
    const byId = new Map(rows.results.map((r) => [r.id, r]));
    for (const expired of [started[0], started[1]]) {
      const row = byId.get(expired?.id ?? "");
      expect(row).toMatchObject({ status: "finished", finished_at: deadline + DEADLINE_GRACE_MS, on_board: 1 });
      expect(row?.score).toBe(row?.points);
      expect(row?.score).toBeGreaterThan(0);
    }
    expect(byId.get(started[2]?.id ?? "")).toMatchObject({ status: "in-progress", finished_at: null, on_board: 0 });

    // Idempotent: a second run changes nothing.
    const before = await tableHashes();
    await runCron();
    expect(await tableHashes()).toEqual(before);
  });

  it("deletes a learner inactive for longer than 13 months with all their data, and keeps the others", async () => {
    const { code } = await createAssignment({ quizId: "quick", leaderboard: "nicknames" });
    const gone = await activeLearner(code, "Old");
    const kept = await activeLearner(code, "Recent");
    expect((await rowsOf(gone.learnerId)).every((n) => n > 0)).toBe(true);
    await env.DB.prepare("UPDATE learners SET active_at = ? WHERE id = ?")
      .bind(monthsBefore(Date.now(), 13) - DAY, gone.learnerId)
      .run();
    const keptBefore = await rowsOf(kept.learnerId);
    await runCron();
    expect(await rowsOf(gone.learnerId)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(await rowsOf(kept.learnerId)).toEqual(keptBefore);
    // The cookie of a deleted learner is just an unknown learner now.
    expect(((await (await gone.learner.fetch("/api/progress")).json()) as { attempts: unknown[] }).attempts).toEqual(
      [],
    );
  });

  it("keeps a learner who started something recently (activity is refreshed on every start)", async () => {
    const { code } = await createAssignment({ quizId: "quick" });
    const { learner, learnerId } = await activeLearner(code, "Back");
    await env.DB.prepare("UPDATE learners SET active_at = ? WHERE id = ?")
      .bind(Date.now() - 500 * DAY, learnerId)
      .run();
    await learner.json("/api/attempts", "POST", { quizId: "quick" });
    await runCron();
    expect((await rowsOf(learnerId))[0]).toBe(1);
  });

  it("deletes assignments closed for longer than 12 months with their attempts, and keeps recent ones", async () => {
    const old = await createAssignment({ quizId: "quick", leaderboard: "nicknames" });
    const recent = await createAssignment({ quizId: "quick" });
    for (const code of [old.code, recent.code]) await activeLearner(code, "Zoe");
    const now = Date.now();
    await env.DB.prepare("UPDATE assignments SET opens_at = ?, closes_at = ? WHERE code = ?")
      .bind(now - 800 * DAY, monthsBefore(now, 12) - DAY, old.code)
      .run();
    await env.DB.prepare("UPDATE assignments SET closes_at = ? WHERE code = ?")
      .bind(now - 30 * DAY, recent.code)
      .run();
    const count = (sql: string, code: string) =>
      env.DB.prepare(sql)
        .bind(code)
        .first<{ n: number }>()
        .then((r) => r?.n ?? 0);
    const attemptsOf =
      "SELECT count(*) AS n FROM attempts WHERE assignment_id = (SELECT id FROM assignments WHERE code = ?)";
    expect(await count(attemptsOf, old.code)).toBe(1);
    await runCron(now);
    expect(await count("SELECT count(*) AS n FROM assignments WHERE code = ?", old.code)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM assignments WHERE code = ?", recent.code)).toBe(1);
    expect(await count(attemptsOf, recent.code)).toBe(1);
    expect((await new Client().fetch(`/api/assignments/${old.code}`)).status).toBe(404);
  });

  it("deletes practice attempts never answered after a day, and nothing answered", async () => {
    const learner = new Client();
    const start = async () =>
      ((await (await learner.json("/api/attempts", "POST", { quizId: "quick" })).json()) as StartedAttempt).id;
    const [emptyOld, emptyNew, answeredOld] = [await start(), await start(), await start()];
    const row = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
      .bind(answeredOld)
      .first<{ item_ids: string }>();
    const q = (JSON.parse(row?.item_ids ?? "[]") as string[])[0] ?? "";
    await answer(learner, answeredOld, q, await rightAnswer(answeredOld, q));
    await env.DB.prepare("UPDATE attempts SET started_at = ? WHERE id IN (?, ?)")
      .bind(Date.now() - 2 * DAY, emptyOld, answeredOld)
      .run();
    await runCron();
    const left = await env.DB.prepare("SELECT id FROM attempts WHERE id IN (?, ?, ?)")
      .bind(emptyOld, emptyNew, answeredOld)
      .all<{ id: string }>();
    expect(left.results.map((r) => r.id).sort()).toEqual([emptyNew, answeredOld].sort());
  });

  it("works in bounded batches: a run does at most maxBatches × batchSize, the next run continues", async () => {
    const { code } = await createAssignment({ quizId: "quick", timeLimitMinutes: 5 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(((await (await join(new Client(), code, `L${i}`)).json()) as StartedAttempt).id);
    }
    await env.DB.prepare(`UPDATE attempts SET deadline_at = ? WHERE id IN (SELECT value FROM json_each(?))`)
      .bind(Date.now() - 60_000, JSON.stringify(ids))
      .run();
    const config = { ...RETENTION_DEFAULTS, batchSize: 2, maxBatches: 1 };
    const db = env.DB.withSession("first-primary");
    const first = await runSweep(db, config, Date.now());
    expect(first).toMatchObject({ finishedAttempts: 2, more: true });
    const second = await runSweep(db, { ...config, maxBatches: 5 }, Date.now());
    expect(second.finishedAttempts).toBe(3);
    expect(second.more).toBe(false);
  });
});

describe("retention configuration (wrangler vars)", () => {
  it("reads the periods from vars and falls back to the defaults on anything malformed", () => {
    expect(retentionConfig({})).toEqual(RETENTION_DEFAULTS);
    expect(retentionConfig(env as unknown as Record<string, unknown>)).toEqual(RETENTION_DEFAULTS);
    expect(
      retentionConfig({ RETENTION_LEARNER_INACTIVE_MONTHS: "6", RETENTION_ASSIGNMENT_CLOSED_MONTHS: "24" }),
    ).toMatchObject({ learnerInactiveMonths: 6, assignmentClosedMonths: 24 });
    for (const bad of ["", "0", "-3", "1.5", "abc", "100000"]) {
      expect(retentionConfig({ RETENTION_LEARNER_INACTIVE_MONTHS: bad }).learnerInactiveMonths).toBe(13);
    }
  });

  it("counts months on the calendar", () => {
    expect(new Date(monthsBefore(Date.UTC(2026, 11, 29, 5), 13)).toISOString()).toBe("2025-11-29T05:00:00.000Z");
    expect(new Date(monthsBefore(Date.UTC(2026, 2, 31), 1)).toISOString()).toBe("2026-02-28T00:00:00.000Z");
  });
});
