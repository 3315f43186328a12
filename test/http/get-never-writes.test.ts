import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodeRosterCursor } from "../../src/quiz/roster-cursor.ts";
import {
  answer,
  bearer,
  Client,
  createAssignment,
  join,
  rightAnswer,
  type StartedAttempt,
  tableHashes,
} from "../helpers.ts";

/**
 * GET never writes: not even to finish an attempt whose time ran out (the scheduled sweep does
 * that; reads treat it as finished). Every GET page and API endpoint a learner or teacher uses is
 * requested with a timed-out attempt in the database, and every table's contents compared.
 */
async function seedTimedOut() {
  const created = await createAssignment({
    quizId: "quick",
    timeLimitMinutes: 5,
    leaderboard: "nicknames",
    requireName: true,
  });
  const learner = new Client();
  const attempt = (await (await join(learner, created.code, "Ada")).json()) as StartedAttempt;
  const itemId = attempt.question?.id ?? "";
  expect((await answer(learner, attempt.id, itemId, await rightAnswer(attempt.id, itemId))).status).toBe(200);
  // Its time ran out an hour ago; nothing has finished it yet.
  await env.DB.prepare("UPDATE attempts SET deadline_at = ?, started_at = ? WHERE id = ?")
    .bind(Date.now() - 3_600_000, Date.now() - 3_900_000, attempt.id)
    .run();
  const practice = (await (await learner.json("/api/attempts", "POST", { quizId: "quick" })).json()) as StartedAttempt;
  return { ...created, learner, attempt, itemId, practice };
}

describe("GET never writes", () => {
  it("no GET page or endpoint changes any table, even with an attempt whose time ran out", async () => {
    const { learner, attempt, itemId, practice, code, manageSecret } = await seedTimedOut();
    const teacher = bearer(manageSecret);
    const gets: [string, Record<string, string>][] = [
      ["/api/health", {}],
      ["/api/quizzes", {}],
      [`/api/attempts/${attempt.id}`, {}],
      [`/api/attempts/${practice.id}`, {}],
      ["/api/progress", {}],
      [`/api/assignments/${code}`, {}],
      [`/api/assignments/${code}/results`, teacher],
      [`/api/assignments/${code}/results.csv`, teacher],
      [`/api/assignments/${code}/results?cursor=${encodeRosterCursor({ after: 0 })}&limit=1`, teacher],
      [`/api/assignments/${code}/results?cursor=${encodeRosterCursor({ before: 2 })}`, teacher],
      [`/api/assignments/${code}/results?cursor=not-ours`, teacher],
      [`/api/assignments/${code}/leaderboard`, {}],
      [`/api/assignments/${code}/leaderboard`, teacher],
      ["/api/leaderboards/quick", {}],
      ["/api/leaderboards/quick?period=week", {}],
      ["/", {}],
      [`/attempts/${attempt.id}`, {}],
      [`/attempts/${attempt.id}/feedback/${itemId}`, {}],
      [`/attempts/${attempt.id}/result`, {}],
      [`/attempts/${practice.id}`, {}],
      ["/progress", {}],
      ["/article", {}],
      ["/privacy", {}],
      [`/a/${code}`, {}],
      [`/a/${code}/leaderboard`, {}],
      ["/leaderboard/quick", {}],
      ["/teach", {}],
      [`/teach/${code}/manage`, teacher],
      [`/teach/${code}/manage/roster`, teacher],
      [`/teach/${code}/manage?cursor=${encodeRosterCursor({ after: 0 })}`, teacher],
      [`/teach/${code}/manage?cursor=not-ours`, teacher],
      [`/teach/${code}/manage/roster?cursor=${encodeRosterCursor({ before: 2 })}`, teacher],
      [`/teach/${code}/results.csv`, teacher],
      [`/teach/${code}/leaderboard`, teacher],
    ];
    const before = await tableHashes();
    const statuses: Record<string, number> = {};
    for (const [path, headers] of gets) {
      const res = await learner.fetch(path, { headers });
      await res.arrayBuffer();
      statuses[path + (headers.authorization ? " (teacher)" : "")] = res.status;
    }
    expect(await tableHashes()).toEqual(before);
    // A cursor that is not ours is refused (422, the page re-rendered with the message), still without a write.
    for (const [path, status] of Object.entries(statuses)) {
      if (path.includes("cursor=not-ours")) expect(status, path).toBe(422);
      else expect(status, path).toBeLessThan(400);
    }
  });

  it("reads an attempt whose time ran out as finished, with what was answered in time", async () => {
    const { learner, attempt, code, manageSecret } = await seedTimedOut();
    const state = (await (await learner.fetch(`/api/attempts/${attempt.id}`)).json()) as Record<string, unknown>;
    expect(state).toMatchObject({ status: "finished", answeredCount: 1, question: null });
    const page = await learner.fetch(`/attempts/${attempt.id}`);
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/attempts/${attempt.id}/result`);
    expect((await learner.fetch(`/attempts/${attempt.id}/result`)).status).toBe(200);
    const results = (await (
      await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) })
    ).json()) as { roster: { status: string; score: number | null }[] };
    expect(results.roster[0]).toMatchObject({ status: "finished" });
    expect(results.roster[0]?.score).toBeGreaterThan(0);
    const stored = await env.DB.prepare("SELECT status FROM attempts WHERE id = ?").bind(attempt.id).first();
    expect(stored).toEqual({ status: "in-progress" });
  });
});
