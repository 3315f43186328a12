import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bearer, Client, createAssignment, join, problemOf, takePart } from "../helpers.ts";

type Results = {
  learnerCount: number;
  finishedCount: number;
  roster: { learnerId: string; name: string; score: number | null }[];
  items: { itemId: string; attempts: number }[];
  distribution: { count: number }[];
};

const results = async (code: string, secret: string) =>
  (await (await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(secret) })).json()) as Results;

describe("a teacher removes a learner from an assignment", () => {
  it("DELETE …/learners/{learnerId} takes their attempts out of the roster, CSV, statistics and board; 204 again when repeated", async () => {
    const { code, manageSecret } = await createAssignment({
      questionCount: 2,
      requireName: true,
      leaderboard: "nicknames",
    });
    await takePart(code, "Ada");
    const { attemptId } = await takePart(code, "Intruder");

    const before = await results(code, manageSecret);
    expect(before.learnerCount).toBe(2);
    const intruder = before.roster.find((r) => r.name === "Intruder");
    expect(intruder?.learnerId).toMatch(/^[0-9a-f]{16}$/);
    const board = async () =>
      (await (
        await new Client().fetch(`/api/assignments/${code}/leaderboard?limit=10`, { headers: bearer(manageSecret) })
      ).json()) as { entries: { name: string }[]; total: number };
    expect((await board()).entries.map((e) => e.name).sort()).toEqual(["Ada", "Intruder"]);

    // Without the secret: 401, nothing changes.
    await problemOf(
      await new Client().fetch(`/api/assignments/${code}/learners/${intruder?.learnerId}`, { method: "DELETE" }),
      401,
    );

    const removed = await new Client().fetch(`/api/assignments/${code}/learners/${intruder?.learnerId}`, {
      method: "DELETE",
      headers: bearer(manageSecret),
    });
    expect(removed.status).toBe(204);

    const after = await results(code, manageSecret);
    expect(after.learnerCount).toBe(1);
    expect(after.finishedCount).toBe(1);
    expect(after.roster.map((r) => r.name)).toEqual(["Ada"]);
    expect(after.items.every((i) => i.attempts === 1)).toBe(true);
    expect(after.distribution.reduce((n, b) => n + b.count, 0)).toBe(1);
    const csv = await (
      await new Client().fetch(`/api/assignments/${code}/results.csv`, { headers: bearer(manageSecret) })
    ).text();
    expect(csv).not.toContain("Intruder");
    expect(csv).toContain("Ada");
    const shown = await board();
    expect(shown.entries.map((e) => e.name)).toEqual(["Ada"]);
    expect(shown.total).toBe(1);
    for (const table of ["attempts", "leaderboard_entries"]) {
      const row = await env.DB.prepare(
        `SELECT count(*) AS n FROM ${table} WHERE ${table === "attempts" ? "id" : "attempt_id"} = ?`,
      )
        .bind(attemptId)
        .first<{ n: number }>();
      expect(row?.n, table).toBe(0);
    }
    expect(
      (
        await env.DB.prepare("SELECT count(*) AS n FROM answers WHERE attempt_id = ?")
          .bind(attemptId)
          .first<{ n: number }>()
      )?.n,
    ).toBe(0);

    // Idempotent: the same request again, or an id nobody has, is a 204 that changes nothing.
    for (const id of [intruder?.learnerId, "0123456789abcdef"]) {
      const again = await new Client().fetch(`/api/assignments/${code}/learners/${id}`, {
        method: "DELETE",
        headers: bearer(manageSecret),
      });
      expect(again.status).toBe(204);
    }
    expect((await results(code, manageSecret)).roster.map((r) => r.name)).toEqual(["Ada"]);
    // A malformed id is a 422 naming it.
    const bad = await problemOf(
      await new Client().fetch(`/api/assignments/${code}/learners/not-an-id`, {
        method: "DELETE",
        headers: bearer(manageSecret),
      }),
      422,
    );
    expect(bad.errors?.[0]?.pointer).toBe("/learnerId");
  });

  it("the manage page has a remove button per learner that works without JavaScript", async () => {
    const teacher = new Client();
    const created = await teacher.form("/teach", { title: "Remove by form", questionCount: "1" });
    const code = /\/teach\/([A-Z0-9]+)\/manage#key=/.exec(await created.text())?.[1] ?? "";
    expect((await join(new Client(), code, "Zoé")).status).toBe(201);
    const page = await (await teacher.fetch(`/teach/${code}/manage`)).text();
    const learnerId = /name="learner" value="([0-9a-f]{16})"/.exec(
      page.slice(page.indexOf(`action="/teach/${code}/manage/remove"`)),
    )?.[1];
    expect(learnerId).toMatch(/^[0-9a-f]{16}$/);
    const res = await teacher.form(`/teach/${code}/manage/remove`, { learner: learnerId ?? "" });
    expect(res.status).toBe(303);
    const roster = await (await teacher.fetch(`/teach/${code}/manage/roster`)).text();
    expect(roster).not.toContain("Zoé");
  });
});

describe("names given when joining follow the name rules", () => {
  it("Zoe after Zoé is taken; Zое with Cyrillic letters is refused", async () => {
    const { code } = await createAssignment();
    expect((await join(new Client(), code, "Zoé")).status).toBe(201);
    const taken = await problemOf(await join(new Client(), code, "Zoe"), 409);
    expect(taken.detail).toMatch(/taken|pris/);
    const mixed = await problemOf(await join(new Client(), code, "Z\u043E\u0435"), 422);
    expect(mixed.errors?.[0]?.pointer).toBe("/name");
    expect(mixed.errors?.[0]?.detail).toMatch(/alphabet/);
  });

  it("a nickname mixing scripts is refused on the practice board", async () => {
    const res = await new Client().json("/api/leaderboards/article/join", "POST", { nickname: "\u0410dmin" });
    const body = await problemOf(res, 422);
    expect(JSON.stringify(body)).toMatch(/alphabet/);
  });
});

describe("a cap on learners per assignment", () => {
  it("the teacher sees the cap; past it a new learner gets a 409 and nothing is stored, members still start", async () => {
    const { startAssignmentAttempt } = await import("../../src/flows/assignment-attempts.ts");
    const { MAX_LEARNERS_PER_ASSIGNMENT } = await import("../../src/quiz/assignment-rules.ts");
    expect(MAX_LEARNERS_PER_ASSIGNMENT).toBe(500);
    const { code, manageSecret } = await createAssignment({ requireName: false, attemptsAllowed: 2, questionCount: 1 });
    expect((await results(code, manageSecret)) as unknown).toMatchObject({ maxLearners: 500 });

    const db = env.DB.withSession();
    const ids = ["a", "b", "c"].map((x) => x.repeat(64));
    const now = Date.now();
    for (const id of ids.slice(0, 2)) await startAssignmentAttempt(db, { id }, code, undefined, "en", now, 2);
    await expect(startAssignmentAttempt(db, { id: ids[2] ?? "" }, code, undefined, "en", now, 2)).rejects.toThrow(
      /full.*at most 2 learners/,
    );
    const joined = await env.DB.prepare(
      "SELECT count(*) AS n FROM assignment_learners l JOIN assignments a ON a.id = l.assignment_id WHERE a.code = ?",
    )
      .bind(code)
      .first<{ n: number }>();
    expect(joined?.n).toBe(2);
    const attempts = await env.DB.prepare("SELECT count(*) AS n FROM attempts WHERE learner_id = ?")
      .bind(ids[2])
      .first<{ n: number }>();
    expect(attempts?.n).toBe(0);
    // A member finishes and starts their second attempt: the cap counts learners, not attempts.
    const first = await startAssignmentAttempt(db, { id: ids[0] ?? "" }, code, undefined, "en", now, 2);
    await env.DB.prepare("UPDATE attempts SET status = 'finished', finished_at = ? WHERE id = ?")
      .bind(now, first.attempt.id)
      .run();
    const second = await startAssignmentAttempt(db, { id: ids[0] ?? "" }, code, undefined, "en", now + 1, 2);
    expect(second.attempt.id).not.toBe(first.attempt.id);
  });
});
