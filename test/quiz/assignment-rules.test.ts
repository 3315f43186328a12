import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  assignmentStatus,
  attemptDeadline,
  attemptDeadlineSql,
  bestAttempt,
  DEADLINE_GRACE_MS,
  type DeadlineFacts,
  FEEDBACK_MODES,
  type FeedbackMode,
  feedbackWithheld,
  feedbackWithheldSql,
  formatDuration,
  isFeedbackVisible,
  isOpen,
  isOpenSql,
  MINUTE_MS,
  schedulesReview,
  schedulesReviewSql,
  timeIsUp,
  timeIsUpSql,
  wholeSeconds,
} from "../../src/quiz/assignment-rules.ts";
import { getItem, listLearnerQuizzes } from "../../src/quiz/index.ts";
import { RANK_KEY_SQL, rankKey } from "../../src/quiz/ranking.ts";
import { scheduleReview } from "../../src/quiz/review.ts";
import { answer, Client, createAssignment, join, rightAnswer } from "../helpers.ts";

// Attempts as (score, started, finished): ties on score, times a hair apart, partial credit
// whose float sum is not exact, a sub-second finish, an attempt longer than the key holds.
const CASES = [
  { score: 10, startedAt: 0, finishedAt: 60_000 },
  { score: 10, startedAt: 0, finishedAt: 59_999 },
  { score: 10, startedAt: 5_000, finishedAt: 64_999 },
  { score: 0.1 + 0.2, startedAt: 0, finishedAt: 1_000 },
  { score: 0.3, startedAt: 0, finishedAt: 1_999 },
  { score: 9.99, startedAt: 0, finishedAt: 10_000 },
  { score: 0, startedAt: 1_000, finishedAt: 1_400 },
  { score: 7.5, startedAt: 0, finishedAt: 2 ** 21 * 1000 },
];

describe("the attempt that counts: one rule in TypeScript and SQL", () => {
  it("the rank key computed by D1 from RANK_KEY_SQL equals rankKey() on every case", async () => {
    for (const c of CASES) {
      const row = await env.DB.prepare(
        // Times are INTEGER columns in attempts: D1 binds JS numbers as REAL, so cast as the column would.
        `SELECT ${RANK_KEY_SQL} AS k FROM (SELECT ?1 AS score, CAST(?2 AS INTEGER) AS started_at, CAST(?3 AS INTEGER) AS finished_at) a`,
      )
        .bind(c.score, c.startedAt, c.finishedAt)
        .first<{ k: number }>();
      expect(row?.k, JSON.stringify(c)).toBe(rankKey(c.score, c.finishedAt - c.startedAt));
    }
  });

  it("bestAttempt picks what D1's order (rank key, then earlier finish) puts first, for every pair", async () => {
    for (const a of CASES) {
      for (const b of CASES) {
        const attempts = [a, b].map((c, i) => ({ ...c, status: "finished", id: i }));
        const { results } = await env.DB.prepare(
          `SELECT id FROM (SELECT ?1 AS id, ?2 AS score, CAST(?3 AS INTEGER) AS started_at, CAST(?4 AS INTEGER) AS finished_at
                           UNION ALL SELECT ?5, ?6, CAST(?7 AS INTEGER), CAST(?8 AS INTEGER)) a
           ORDER BY ${RANK_KEY_SQL}, finished_at, id LIMIT 1`,
        )
          .bind(0, a.score, a.startedAt, a.finishedAt, 1, b.score, b.startedAt, b.finishedAt)
          .all<{ id: number }>();
        const best = bestAttempt(attempts);
        const sqlBest = attempts[results[0]?.id ?? -1];
        // Equal in every respect the rule looks at: either is the same choice.
        expect(
          best && sqlBest && rankKey(best.score, (best.finishedAt ?? 0) - best.startedAt),
          JSON.stringify([a, b]),
        ).toBe(sqlBest && rankKey(sqlBest.score, sqlBest.finishedAt - sqlBest.startedAt));
        expect(best?.finishedAt).toBe(sqlBest?.finishedAt);
      }
    }
  });

  it("higher score wins, then shorter time in whole seconds, then the earlier finish; unfinished never counts", () => {
    const fast = { score: 8, startedAt: 0, finishedAt: 30_000, status: "finished" };
    const slow = { score: 8, startedAt: 0, finishedAt: 90_000, status: "finished" };
    const better = { score: 9, startedAt: 0, finishedAt: 300_000, status: "finished" };
    const running = { score: 10, startedAt: 0, finishedAt: null, status: "in-progress" };
    expect(bestAttempt([slow, fast])).toBe(fast);
    expect(bestAttempt([fast, better, slow])).toBe(better);
    expect(bestAttempt([running])).toBeNull();
    // 30.2 s and 30.9 s are the same whole second: the earlier finish counts.
    const a = { score: 8, startedAt: 1_000, finishedAt: 31_900, status: "finished" };
    const b = { score: 8, startedAt: 0, finishedAt: 30_200, status: "finished" };
    expect(bestAttempt([a, b])).toBe(b);
  });
});

describe("durations: one formatter", () => {
  it("writes whole seconds, floored, as the board ranks them (one attempt never shows 1:00 and 0:59)", () => {
    expect(formatDuration(59_999)).toBe("0:59");
    expect(formatDuration(59_500)).toBe("0:59");
    expect(formatDuration(60_000)).toBe("1:00");
    expect(formatDuration(3_723_000)).toBe("1:02:03");
    expect(formatDuration(-5)).toBe("0:00");
    expect(wholeSeconds(59_999)).toBe(59);
  });
});

describe("an assignment's window and its feedback", () => {
  const window = { opensAt: 1_000, closesAt: 2_000 };
  it("is scheduled before it opens, open until it closes, closed from the closing instant", () => {
    expect([999, 1_000, 1_999, 2_000].map((t) => assignmentStatus(window, t))).toEqual([
      "scheduled",
      "open",
      "open",
      "closed",
    ]);
    expect(assignmentStatus({ opensAt: 0, closesAt: null }, 10 ** 13)).toBe("open");
    // Closed by the teacher before its opening: closed now, and it never opens later.
    expect([500, 1_500, 3_000].map((t) => assignmentStatus({ opensAt: 1_000, closesAt: 500 }, t))).toEqual([
      "closed",
      "closed",
      "closed",
    ]);
  });

  it("withholds after-close feedback while the assignment is open and during the grace after its close", () => {
    const attempt = { feedback: "after-close" as const, status: "finished" as const, assignmentId: "a" };
    expect(isFeedbackVisible(attempt, null, 5_000)).toBe(false);
    expect(isFeedbackVisible(attempt, 6_000, 5_000)).toBe(false);
    // Answers still count for the grace period after the close: feedback waits for its end.
    expect(isFeedbackVisible(attempt, 5_000, 5_000)).toBe(false);
    expect(isFeedbackVisible(attempt, 5_000, 5_000 + DEADLINE_GRACE_MS)).toBe(false);
    expect(isFeedbackVisible(attempt, 5_000, 5_001 + DEADLINE_GRACE_MS)).toBe(true);
    expect(isFeedbackVisible({ ...attempt, feedback: "immediate" }, null, 0)).toBe(true);
  });
});

/**
 * Evaluates a generated SQL expression in D1 over a table of cases (one row per case, each
 * field an INTEGER column as in the real tables, null as NULL), in the cases' order.
 */
async function evaluateInD1<C extends object>(cases: C[], sql: (column: (field: keyof C) => string) => string) {
  const column = (field: keyof C) => `json_extract(c.value, '$.${String(field)}')`;
  const { results } = await env.DB.prepare(`SELECT ${sql(column)} AS v FROM json_each(?1) c ORDER BY c.key`)
    .bind(JSON.stringify(cases))
    .all<{ v: number | null }>();
  return results.map((r) => r.v);
}

const NOW = 1_800_000_000_000;
const bool = (v: number | null) => v === 1;

describe("an attempt's deadline: one rule in TypeScript and SQL", () => {
  const base: DeadlineFacts = {
    startedAt: NOW,
    timeLimitMinutes: 20,
    closesAt: null,
    extraMinutes: 0,
    noTimeLimit: false,
  };
  const CASES: (DeadlineFacts & { why: string })[] = [
    { ...base, timeLimitMinutes: null, why: "no time limit, never closes: no deadline" },
    { ...base, timeLimitMinutes: null, closesAt: NOW + 5 * MINUTE_MS, why: "no time limit: the close" },
    { ...base, why: "time limit, never closes" },
    { ...base, closesAt: NOW + 60 * MINUTE_MS, why: "time limit well before the close" },
    { ...base, closesAt: NOW + 20 * MINUTE_MS, why: "time limit ending exactly at the close" },
    { ...base, closesAt: NOW + 10 * MINUTE_MS, why: "the close cuts the time limit short" },
    { ...base, closesAt: NOW + 60 * MINUTE_MS, extraMinutes: 15, why: "accommodation: extra minutes" },
    { ...base, closesAt: NOW + 30 * MINUTE_MS, extraMinutes: 15, why: "extra minutes, still capped by the close" },
    { ...base, closesAt: NOW + 5 * MINUTE_MS, noTimeLimit: true, why: "accommodation: no time limit, the close" },
    { ...base, noTimeLimit: true, why: "no time limit and never closes" },
    { ...base, closesAt: NOW + 90 * MINUTE_MS, why: "extension: the close moved later frees the time limit" },
  ];

  it("attemptDeadline and attemptDeadlineSql give the same deadline on every case", async () => {
    const sql = await evaluateInD1(CASES, (c) =>
      attemptDeadlineSql({
        startedAt: c("startedAt"),
        timeLimitMinutes: c("timeLimitMinutes"),
        closesAt: c("closesAt"),
        extraMinutes: c("extraMinutes"),
        noTimeLimit: c("noTimeLimit"),
      }),
    );
    expect(CASES.map((c, i) => [c.why, sql[i]])).toEqual(CASES.map((c) => [c.why, attemptDeadline(c)]));
    // The rule itself, so both sides cannot agree on a wrong answer.
    expect(CASES.map(attemptDeadline)).toEqual([
      null,
      NOW + 5 * MINUTE_MS,
      NOW + 20 * MINUTE_MS,
      NOW + 20 * MINUTE_MS,
      NOW + 20 * MINUTE_MS,
      NOW + 10 * MINUTE_MS,
      NOW + 35 * MINUTE_MS,
      NOW + 30 * MINUTE_MS,
      NOW + 5 * MINUTE_MS,
      null,
      NOW + 20 * MINUTE_MS,
    ]);
  });
});

describe("time is up: one rule in TypeScript and SQL", () => {
  const deadline = NOW - 60_000;
  const CASES = [
    { deadlineAt: null, now: NOW, up: false },
    { deadlineAt: deadline, now: deadline - 1, up: false },
    { deadlineAt: deadline, now: deadline, up: false },
    { deadlineAt: deadline, now: deadline + 1, up: false },
    { deadlineAt: deadline, now: deadline + DEADLINE_GRACE_MS, up: false },
    { deadlineAt: deadline, now: deadline + DEADLINE_GRACE_MS + 1, up: true },
    { deadlineAt: deadline, now: deadline + 3_600_000, up: true },
  ];

  it("timeIsUp and timeIsUpSql agree at, inside and after the grace period", async () => {
    const sql = await evaluateInD1(CASES, (c) => timeIsUpSql(c("deadlineAt"), c("now")));
    expect(sql.map(bool)).toEqual(CASES.map((c) => timeIsUp(c, c.now)));
    expect(CASES.map((c) => timeIsUp(c, c.now))).toEqual(CASES.map((c) => c.up));
  });
});

describe("an assignment is open: one rule in TypeScript and SQL", () => {
  const CASES = [
    { opensAt: NOW, closesAt: NOW + 1_000, now: NOW - 1 },
    { opensAt: NOW, closesAt: NOW + 1_000, now: NOW },
    { opensAt: NOW, closesAt: NOW + 1_000, now: NOW + 999 },
    { opensAt: NOW, closesAt: NOW + 1_000, now: NOW + 1_000 },
    { opensAt: NOW, closesAt: NOW + 1_000, now: NOW + 1_000 + DEADLINE_GRACE_MS },
    { opensAt: NOW, closesAt: null, now: NOW + 10 ** 10 },
    { opensAt: NOW, closesAt: null, now: NOW - 1 },
  ];

  it("isOpen and isOpenSql agree before, at and after the opening and the close", async () => {
    const sql = await evaluateInD1(CASES, (c) =>
      isOpenSql({ opensAt: c("opensAt"), closesAt: c("closesAt") }, c("now")),
    );
    expect(sql.map(bool)).toEqual(CASES.map((c) => isOpen(c, c.now)));
    expect(CASES.map((c) => isOpen(c, c.now))).toEqual([false, true, true, false, false, true, false]);
  });
});

describe("feedback withheld: one rule in TypeScript and SQL", () => {
  const closesAt = NOW;
  const CASES: { feedback: FeedbackMode; closesAt: number | null; now: number }[] = [
    { feedback: "immediate", closesAt: null, now: NOW },
    { feedback: "immediate", closesAt, now: NOW - 1 },
    { feedback: "after-close", closesAt: null, now: NOW + 10 ** 9 },
    { feedback: "after-close", closesAt, now: NOW - 1 },
    { feedback: "after-close", closesAt, now: closesAt },
    { feedback: "after-close", closesAt, now: closesAt + DEADLINE_GRACE_MS },
    { feedback: "after-close", closesAt, now: closesAt + DEADLINE_GRACE_MS + 1 },
  ];

  it("feedbackWithheld and feedbackWithheldSql agree before, at and after the close plus grace", async () => {
    const sql = await evaluateInD1(CASES, (c) =>
      feedbackWithheldSql({ feedback: c("feedback"), closesAt: c("closesAt") }, c("now")),
    );
    expect(sql.map(bool)).toEqual(CASES.map((c) => feedbackWithheld(c.feedback, c.closesAt, c.now)));
    expect(CASES.map((c) => feedbackWithheld(c.feedback, c.closesAt, c.now))).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});

describe("review scheduling: one rule in TypeScript and SQL", () => {
  it("schedulesReview and schedulesReviewSql agree over every feedback mode, and only 'immediate' schedules", async () => {
    const CASES = FEEDBACK_MODES.map((feedback) => ({ feedback }));
    const sql = await evaluateInD1(CASES, (c) => schedulesReviewSql(c("feedback")));
    expect(sql.map(bool)).toEqual(FEEDBACK_MODES.map(schedulesReview));
    // The rule itself, so both sides cannot agree on a wrong answer; a new mode must be decided here.
    expect(Object.fromEntries(FEEDBACK_MODES.map((m) => [m, schedulesReview(m)]))).toEqual({
      immediate: true,
      "after-close": false,
    });
    // Anything else (a mode the SQL does not know) schedules nothing.
    expect(
      bool((await evaluateInD1([{ feedback: "later" }], (c) => schedulesReviewSql(c("feedback"))))[0] ?? null),
    ).toBe(false);
  });

  it("an assignment's answers schedule a first review (in SQL) and move a stored one (in TypeScript) by the rule", async () => {
    const part = listLearnerQuizzes().find((q) => q.part && q.itemIds.every((i) => getItem(i)?.type !== "poll"));
    if (!part) throw new Error("no part of the path without a poll");
    for (const feedback of FEEDBACK_MODES) {
      const learner = await Client.asLearner();
      const { code } = await createAssignment({
        quizId: part.id,
        questionCount: 2,
        feedback,
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        requireName: false,
      });
      const joined = await join(learner, code);
      expect(joined.status).toBe(201);
      const attemptId = ((await joined.json()) as { id: string }).id;
      const row = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
        .bind(attemptId)
        .first<{ item_ids: string }>();
      const [never, reviewed] = JSON.parse(row?.item_ids ?? "[]") as string[];
      if (!never || !reviewed) throw new Error("the attempt should hold two items");
      // A card for `reviewed` from before (as an earlier practice answer would have left it).
      const earlier = scheduleReview(null, 0, new Date(Date.now() - 86_400_000));
      await env.DB.prepare(
        "INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id) VALUES (?, ?, ?, ?, 0, ?)",
      )
        .bind(learner.learnerId, reviewed, earlier.card, earlier.dueAt, attemptId)
        .run();
      for (const item of [never, reviewed]) {
        expect((await answer(learner, attemptId, item, await rightAnswer(attemptId, item))).status).toBe(200);
      }
      const cards = await env.DB.prepare("SELECT item_id, card FROM review_items WHERE learner_id = ?")
        .bind(learner.learnerId)
        .all<{ item_id: string; card: string }>();
      const byItem = new Map(cards.results.map((r) => [r.item_id, r.card]));
      expect(byItem.has(never), `${feedback}: first review`).toBe(schedulesReview(feedback));
      expect(byItem.get(reviewed) !== earlier.card, `${feedback}: later review`).toBe(schedulesReview(feedback));
    }
  });
});
