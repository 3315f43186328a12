import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  attemptAsOf,
  DEADLINE_GRACE_MS,
  feedbackWithheld,
  finishedAsOfSql,
  finishTimeSql,
} from "../../src/quiz/assignment-rules.ts";

/** The expiry rule in TypeScript and in the SQL built from the same constant give the same answers. */
const NOW = 1_800_000_000_000;
const CASES: { status: "in-progress" | "finished"; deadlineAt: number | null; finishedAt: number | null }[] = [
  { status: "in-progress", deadlineAt: null, finishedAt: null },
  { status: "in-progress", deadlineAt: NOW + 60_000, finishedAt: null },
  { status: "in-progress", deadlineAt: NOW, finishedAt: null },
  { status: "in-progress", deadlineAt: NOW - DEADLINE_GRACE_MS, finishedAt: null },
  { status: "in-progress", deadlineAt: NOW - DEADLINE_GRACE_MS - 1, finishedAt: null },
  { status: "in-progress", deadlineAt: NOW - 3_600_000, finishedAt: null },
  { status: "finished", deadlineAt: NOW - 3_600_000, finishedAt: NOW - 4_000_000 },
  { status: "finished", deadlineAt: null, finishedAt: NOW - 1 },
];

describe("attempt expiry: TypeScript and SQL agree", () => {
  it.each(CASES)("%o", async (c) => {
    const row = await env.DB.prepare(
      `SELECT ${finishedAsOfSql("t", "?4")} AS finished, ${finishTimeSql("t", "?4")} AS finish_time
       FROM (SELECT ?1 AS status, ?2 AS deadline_at, ?3 AS finished_at) t`,
    )
      .bind(c.status, c.deadlineAt, c.finishedAt, NOW)
      .first<{ finished: number; finish_time: number }>();
    const ts = attemptAsOf(c, NOW);
    expect(row?.finished === 1).toBe(ts.status === "finished");
    if (c.status === "in-progress" && ts.status === "finished") expect(row?.finish_time).toBe(ts.finishedAt);
    if (ts.status === "in-progress") expect(row?.finish_time).toBe(NOW);
  });
});

describe("feedback withheld until the close plus the grace period", () => {
  it("follows the close, the grace period and the mode", () => {
    const closesAt = NOW - 5_000;
    expect(feedbackWithheld("immediate", null, NOW)).toBe(false);
    expect(feedbackWithheld("after-close", null, NOW)).toBe(true);
    expect(feedbackWithheld("after-close", undefined, NOW)).toBe(true);
    expect(feedbackWithheld("after-close", NOW + 1, NOW)).toBe(true);
    expect(feedbackWithheld("after-close", closesAt, NOW)).toBe(true);
    expect(feedbackWithheld("after-close", closesAt, closesAt + DEADLINE_GRACE_MS)).toBe(true);
    expect(feedbackWithheld("after-close", closesAt, closesAt + DEADLINE_GRACE_MS + 1)).toBe(false);
  });
});
