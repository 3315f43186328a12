import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { loadJoinedAfterClose } from "../../src/db/assignments.ts";
import {
  DEADLINE_GRACE_MS,
  type JoinedAssignment,
  practiceWithheldItemSql,
  practiceWithheldItems,
  practiceWithholdsAnySql,
} from "../../src/quiz/assignment-rules.ts";
import { Client, createAssignment, join } from "../helpers.ts";

const HOUR = 3_600_000;

describe("practiceWithheldItems (pure)", () => {
  const now = 1_800_000_000_000;
  const a = (feedback: JoinedAssignment["feedback"], closesAt: number | null, pool: string[]): JoinedAssignment => ({
    feedback,
    closesAt,
    pool,
  });

  it("withholds the pools of after-close assignments until their close plus grace", () => {
    const cases: [JoinedAssignment, boolean][] = [
      [a("after-close", null, ["x"]), true],
      [a("after-close", now + HOUR, ["x"]), true],
      [a("after-close", now - DEADLINE_GRACE_MS, ["x"]), true],
      [a("after-close", now - DEADLINE_GRACE_MS - 1, ["x"]), false],
      [a("after-close", now - 24 * HOUR, ["x"]), false],
      [a("immediate", now + HOUR, ["x"]), false],
    ];
    for (const [joined, withheld] of cases) {
      expect(practiceWithheldItems([joined], now).has("x"), JSON.stringify(joined)).toBe(withheld);
    }
    expect([...practiceWithheldItems([a("after-close", null, ["x", "y"]), a("after-close", now, ["z"])], now)]).toEqual(
      ["x", "y", "z"],
    );
    expect(practiceWithheldItems([], now).size).toBe(0);
  });
});

describe("practiceWithheldItemSql and practiceWithholdsAnySql agree with practiceWithheldItems (D1)", () => {
  it("over closing times around the grace period, both feedback modes, items in and out of the pool", async () => {
    const now = Date.now();
    const closings = [null, now + HOUR, now - DEADLINE_GRACE_MS, now - DEADLINE_GRACE_MS - 1, now - 24 * HOUR];
    for (const feedback of ["after-close", "immediate"] as const) {
      for (const closesAt of closings) {
        const learner = await Client.asLearner();
        const { code } = await createAssignment({ quizId: "quick", questionCount: 2, feedback, requireName: false });
        expect((await join(learner, code)).status).toBe(201);
        await env.DB.prepare("UPDATE assignments SET opens_at = ?, closes_at = ? WHERE code = ?")
          .bind(now - 48 * HOUR, closesAt, code)
          .run();
        const row = await env.DB.prepare("SELECT pool FROM assignments WHERE code = ?")
          .bind(code)
          .first<{ pool: string }>();
        const pool = JSON.parse(row?.pool ?? "[]") as string[];
        const joined: JoinedAssignment[] =
          feedback === "after-close" ? await loadJoinedAfterClose(env.DB.withSession(), learner.learnerId) : [];
        const pure = practiceWithheldItems(joined, now);
        for (const item of [pool[0] ?? "", "not-in-any-pool"]) {
          const sql = await env.DB.prepare(`SELECT ${practiceWithheldItemSql("?1", "?2", "?3")} AS w`)
            .bind(learner.learnerId, item, now)
            .first<{ w: number }>();
          expect(sql?.w === 1, `${feedback} closes ${closesAt} item ${item}`).toBe(pure.has(item));
        }
        for (const items of [[], [pool[0] ?? ""], ["not-in-any-pool"], ["not-in-any-pool", pool.at(-1) ?? ""]]) {
          const sql = await env.DB.prepare(`SELECT ${practiceWithholdsAnySql("?1", "?2", "?3")} AS w`)
            .bind(learner.learnerId, JSON.stringify(items), now)
            .first<{ w: number }>();
          expect(sql?.w === 1, `${feedback} closes ${closesAt} items ${items}`).toBe(items.some((i) => pure.has(i)));
        }
      }
    }
  });
});
