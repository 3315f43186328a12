import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEADLINE_GRACE_MS } from "../../src/quiz/assignment-rules.ts";
import { getItem } from "../../src/quiz/index.ts";
import {
  answer,
  bearer,
  Client,
  countOf,
  createAssignment,
  join,
  ORIGIN,
  problemOf,
  rightAnswer,
  type StartedAttempt,
} from "../helpers.ts";
import { decodeQrSvg } from "../qr-decode.ts";

type Results = {
  learnerCount: number;
  finishedCount: number;
  roster: { ref: string; name: string; status: string; score: number | null; attemptsUsed: number }[];
  items: {
    itemId: string;
    level: string;
    facility: number | null;
    attempts: number;
    sourceUrl: string;
    picks: unknown[];
  }[];
  weakest: string[];
  distribution: { from: number; to: number; count: number }[];
};

describe("the life of an assignment", () => {
  it("create, join, answer, follow, export, close, delete", async () => {
    const created = await createAssignment({
      title: "Life",
      questionCount: 3,
      timeLimitMinutes: 20,
      attemptsAllowed: 1,
    });
    expect(created.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(created.learnerUrl).toBe(`/a/${created.code}`);
    expect(decodeQrSvg(created.qrSvg)).toBe(`${ORIGIN}/a/${created.code}`);
    expect(created.manageSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.manageUrl).toBe(`/teach/${created.code}/manage#key=${created.manageSecret}`);
    const stored = await env.DB.prepare("SELECT secret_hash FROM assignments WHERE code = ?")
      .bind(created.code)
      .first<{ secret_hash: string }>();
    expect(stored?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.manageSecret);

    // Public summary: no secret, no pool.
    const summary = await new Client().fetch(`/api/assignments/${created.code.toLowerCase()}`);
    expect(summary.status).toBe(200);
    const summaryText = await summary.text();
    expect(summaryText).not.toContain(created.manageSecret);
    expect(summaryText).not.toMatch(/secret|pool/i);
    expect(JSON.parse(summaryText)).toMatchObject({
      title: "Life",
      questionCount: 3,
      status: "open",
      timeLimitMinutes: 20,
    });

    // Ada answers everything right; Bob joins, answers nothing and finishes.
    const ada = new Client();
    const started = await join(ada, created.code, "  Ada  ");
    expect(started.status).toBe(201);
    const attempt = (await started.json()) as StartedAttempt;
    expect(attempt.questionCount).toBe(3);
    expect(attempt.deadlineAt).not.toBeNull();
    const itemIds = JSON.parse(
      (
        await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
          .bind(attempt.id)
          .first<{ item_ids: string }>()
      )?.item_ids ?? "[]",
    ) as string[];
    for (const id of itemIds) {
      expect((await answer(ada, attempt.id, id, await rightAnswer(attempt.id, id))).status).toBe(200);
    }
    expect((await ada.json(`/api/attempts/${attempt.id}/finish`, "POST")).status).toBe(200);
    const bob = new Client();
    const bobAttempt = (await (await join(bob, created.code, "Bob")).json()) as StartedAttempt;
    await bob.json(`/api/attempts/${bobAttempt.id}/finish`, "POST");

    // Ada's second start: one attempt allowed.
    await problemOf(await join(ada, created.code), 409);

    const res = await new Client().fetch(`/api/assignments/${created.code}/results`, {
      headers: bearer(created.manageSecret),
    });
    expect(res.status).toBe(200);
    const results = (await res.json()) as Results;
    expect(results.learnerCount).toBe(2);
    expect(results.finishedCount).toBe(2);
    const adaRow = results.roster.find((r) => r.name === "Ada");
    expect(adaRow).toMatchObject({ status: "finished", attemptsUsed: 1 });
    expect(adaRow?.score).toBeGreaterThan(0);
    expect(results.roster.find((r) => r.name === "Bob")).toMatchObject({ status: "finished", score: 0 });
    expect(results.items.length).toBeGreaterThanOrEqual(3);
    for (const item of results.items) expect(item.sourceUrl).toMatch(/^\/article#s\d+$/);
    // The item analysis names the cognitive level each question tests, as the bank does.
    for (const item of results.items) expect(item.level).toBe(getItem(item.itemId)?.level);
    expect(results.weakest.length).toBeGreaterThan(0);
    expect(results.distribution.reduce((s, b) => s + b.count, 0)).toBe(2);
    expect(results.distribution[0]?.count).toBe(1); // Bob: 0 %

    const csv = await new Client().fetch(`/api/assignments/${created.code}/results.csv`, {
      headers: bearer(created.manageSecret),
    });
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const csvText = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(csvText.startsWith("\uFEFF")).toBe(true);
    expect(csvText).toContain('"Ada"');

    // Close now: nobody new can start.
    const closed = await new Client().json(
      `/api/assignments/${created.code}`,
      "PATCH",
      { status: "closed" },
      bearer(created.manageSecret),
    );
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { status: string }).status).toBe("closed");
    await problemOf(await join(new Client(), created.code, "Late"), 409);
    // Reopen, rename, extend.
    const reopened = await new Client().json(
      `/api/assignments/${created.code}`,
      "PATCH",
      { status: "open", title: "Life (2)" },
      bearer(created.manageSecret),
    );
    expect(await reopened.json()).toMatchObject({ status: "open", title: "Life (2)", closesAt: null });
    const later = new Date(Date.now() + 3600_000).toISOString();
    const extended = await new Client().json(
      `/api/assignments/${created.code}`,
      "PATCH",
      { closesAt: later },
      bearer(created.manageSecret),
    );
    expect(((await extended.json()) as { closesAt: string }).closesAt).toBe(later);

    // Delete: confirmation required, then every attempt and answer goes.
    const id = (
      await env.DB.prepare("SELECT id FROM assignments WHERE code = ?").bind(created.code).first<{ id: string }>()
    )?.id;
    const unconfirmed = await problemOf(
      await new Client().fetch(`/api/assignments/${created.code}`, {
        method: "DELETE",
        headers: bearer(created.manageSecret),
      }),
      422,
    );
    expect(unconfirmed.errors?.[0]?.pointer).toBe("/confirm");
    const deleted = await new Client().fetch(`/api/assignments/${created.code}?confirm=${created.code}`, {
      method: "DELETE",
      headers: bearer(created.manageSecret),
    });
    expect(deleted.status).toBe(204);
    expect(await countOf("SELECT count(*) AS n FROM attempts WHERE assignment_id = ?", id)).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM answers WHERE attempt_id = ?", attempt.id)).toBe(0);
    expect(await countOf("SELECT count(*) AS n FROM assignment_learners WHERE assignment_id = ?", id)).toBe(0);
    await problemOf(
      await new Client().fetch(`/api/assignments/${created.code}/results`, { headers: bearer(created.manageSecret) }),
      401,
    );
  });
});

describe("attempt limits under concurrency", () => {
  it("simultaneous starts by one learner never exceed the attempts allowed", async () => {
    const { code } = await createAssignment({ questionCount: 2, attemptsAllowed: 2, requireName: false });
    const phone = new Client();
    // A first request gives the phone its learner cookie.
    const first = (await (await join(phone, code)).json()) as StartedAttempt;
    await phone.json(`/api/attempts/${first.id}/finish`, "POST");
    const burst = await Promise.all(Array.from({ length: 6 }, () => join(phone, code)));
    const ids = new Set<string>();
    for (const res of burst) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 201) ids.add(((await res.json()) as StartedAttempt).id);
    }
    // Every start that succeeded got the same (second) attempt.
    expect(ids.size).toBe(1);
    const learner = await env.DB.prepare("SELECT learner_id FROM attempts WHERE id = ?")
      .bind(first.id)
      .first<{ learner_id: string }>();
    expect(
      await countOf(
        "SELECT count(*) AS n FROM attempts a JOIN assignments s ON s.id = a.assignment_id WHERE s.code = ? AND a.learner_id = ?",
        code,
        learner?.learner_id,
      ),
    ).toBe(2);
    const [second] = [...ids];
    await phone.json(`/api/attempts/${second}/finish`, "POST");
    const more = await Promise.all(Array.from({ length: 4 }, () => join(phone, code)));
    for (const res of more) expect(res.status).toBe(409);
  });
});

describe("the time limit is measured on the server", () => {
  it("refuses answers after the deadline and finishes the attempt with what was answered", async () => {
    const { code } = await createAssignment({ questionCount: 3, timeLimitMinutes: 1, requireName: false });
    const learner = new Client();
    const attempt = (await (await join(learner, code)).json()) as StartedAttempt;
    const deadline = Date.parse(attempt.deadlineAt ?? "");
    expect(deadline - Date.now()).toBeGreaterThan(50_000);
    expect(deadline - Date.now()).toBeLessThanOrEqual(60_000);
    const items = JSON.parse(
      (
        await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
          .bind(attempt.id)
          .first<{ item_ids: string }>()
      )?.item_ids ?? "[]",
    ) as string[];
    const [firstItem, secondItem] = items as [string, string];
    expect((await answer(learner, attempt.id, firstItem, await rightAnswer(attempt.id, firstItem))).status).toBe(200);
    // The minute has passed (and the grace too).
    await env.DB.prepare("UPDATE attempts SET deadline_at = ? WHERE id = ?")
      .bind(Date.now() - 60_000, attempt.id)
      .run();
    const late = await problemOf(
      await answer(learner, attempt.id, secondItem, await rightAnswer(attempt.id, secondItem)),
      409,
    );
    expect(late.detail).toMatch(/time/i);
    const state = (await (await learner.fetch(`/api/attempts/${attempt.id}`)).json()) as {
      status: string;
      answeredCount: number;
    };
    expect(state).toMatchObject({ status: "finished", answeredCount: 1 });
  });

  it("a learner granted no time limit keeps going", async () => {
    const { code, manageSecret } = await createAssignment({ questionCount: 2, timeLimitMinutes: 5, requireName: true });
    const learner = new Client();
    const attempt = (await (await join(learner, code, "Noor")).json()) as StartedAttempt;
    const results = (await (
      await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) })
    ).json()) as Results;
    const ref = results.roster[0]?.ref;
    const res = await new Client().json(
      `/api/assignments/${code}`,
      "PATCH",
      { accommodation: { learner: ref, noTimeLimit: true } },
      bearer(manageSecret),
    );
    expect(res.status).toBe(200);
    const row = await env.DB.prepare("SELECT deadline_at FROM attempts WHERE id = ?")
      .bind(attempt.id)
      .first<{ deadline_at: number | null }>();
    expect(row?.deadline_at).toBeNull();
    const extra = await new Client().json(
      `/api/assignments/${code}`,
      "PATCH",
      { accommodation: { learner: ref, noTimeLimit: false, extraMinutes: 10 } },
      bearer(manageSecret),
    );
    expect(extra.status).toBe(200);
    const after = await env.DB.prepare("SELECT deadline_at, started_at FROM attempts WHERE id = ?")
      .bind(attempt.id)
      .first<{ deadline_at: number; started_at: number }>();
    expect((after?.deadline_at ?? 0) - (after?.started_at ?? 0)).toBe(15 * 60_000);
  });
});

describe("manage secrets", () => {
  it("a wrong, missing or rotated secret gets the same 401, whether the code exists or not", async () => {
    const { code, manageSecret } = await createAssignment();
    const wrong = await problemOf(
      await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer("x".repeat(43)) }),
      401,
    );
    const missing = await problemOf(await new Client().fetch(`/api/assignments/${code}/results`), 401);
    const unknown = await problemOf(
      await new Client().fetch("/api/assignments/ZZZZZZ/results", { headers: bearer(manageSecret) }),
      401,
    );
    expect(wrong.detail).toBe(missing.detail);
    expect(unknown.detail).toBe(wrong.detail);

    const rotated = await new Client().fetch(`/api/assignments/${code}/rotate-secret`, {
      method: "POST",
      headers: bearer(manageSecret),
    });
    expect(rotated.status).toBe(200);
    const { manageSecret: fresh } = (await rotated.json()) as { manageSecret: string };
    expect(fresh).not.toBe(manageSecret);
    await problemOf(
      await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) }),
      401,
    );
    expect((await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(fresh) })).status).toBe(200);
  });

  it("guessing secrets is rate limited per address", async () => {
    const { code, manageSecret } = await createAssignment();
    const guesser = new Client();
    let limited: Response | null = null;
    for (let i = 0; i < 100 && !limited; i++) {
      const res = await guesser.fetch(`/api/assignments/${code}/results`, {
        headers: bearer(`guess${i}`.padEnd(43, "a")),
      });
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited).not.toBeNull();
    expect(limited?.headers.get("retry-after")).toBe("60");
    // The teacher with the right secret is never locked out, even from the guesser's address.
    expect((await guesser.fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) })).status).toBe(
      200,
    );
  });

  it("a learner cannot read the results", async () => {
    const { code } = await createAssignment({ requireName: false });
    const learner = new Client();
    expect((await join(learner, code)).status).toBe(201);
    await problemOf(await learner.fetch(`/api/assignments/${code}/results`), 401);
    await problemOf(await learner.fetch(`/api/assignments/${code}/results.csv`), 401);
    expect((await learner.fetch(`/teach/${code}/manage`)).status).toBe(401);
    await problemOf(await learner.json(`/api/assignments/${code}`, "PATCH", { status: "closed" }), 401);
  });
});

describe("CSV export", () => {
  it("has a BOM, quotes every text cell and neutralises formulas", async () => {
    const { code, manageSecret } = await createAssignment({ questionCount: 1 });
    const names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", 'Zoé "la" Grande, 3e'];
    for (const name of names) expect((await join(new Client(), code, name)).status).toBe(201);
    const res = await new Client().fetch(`/api/assignments/${code}/results.csv`, { headers: bearer(manageSecret) });
    expect(res.headers.get("content-disposition")).toContain(`results-${code}.csv`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(bytes).slice(1);
    const lines = text.split("\r\n");
    expect(lines[0]).toMatch(/^"(Name|Nom)",/);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(`"'+1"`);
    expect(text).toContain(`"'-2"`);
    expect(text).toContain(`"'@SUM(A1)"`);
    expect(text).toContain(`"Zoé ""la"" Grande, 3e"`);
    expect(lines.filter((l) => l !== "")).toHaveLength(1 + names.length);
  });
});

describe("invalid settings", () => {
  it.each([
    [{ closesAt: "2030-01-01T10:00:00Z", opensAt: "2030-01-02T10:00:00Z" }, "/closesAt"],
    [{ questionCount: 0 }, "/questionCount"],
    [{ questionCount: 150 }, "/questionCount"],
    [{ timeLimitMinutes: -5 }, "/timeLimitMinutes"],
    [{ quizId: "nope" }, "/quizId"],
    [{ topics: ["nope"] }, "/topics/0"],
    [{ leaderboard: "everyone" }, "/leaderboard"],
    [{ title: "" }, "/title"],
    [{ title: "x".repeat(121) }, "/title"],
    [{ surprise: true }, ""],
  ])("%j -> 422 naming %s", async (settings, pointer) => {
    const res = await new Client().json("/api/assignments", "POST", { title: "T", ...settings });
    const body = await problemOf(res, 422);
    expect(body.errors?.map((e) => e.pointer)).toContain(pointer);
  });

  it("a name that is invisible or already taken is refused", async () => {
    const { code } = await createAssignment();
    expect((await join(new Client(), code, "Sam")).status).toBe(201);
    const taken = await problemOf(await join(new Client(), code, " SAM "), 409);
    expect(taken.detail).toMatch(/name|nom/i);
    const invisible = await problemOf(await join(new Client(), code, "\u200B\u200B"), 422);
    expect(invisible.errors?.[0]?.pointer).toBe("/name");
    const none = await problemOf(await join(new Client(), code), 422);
    expect(none.errors?.[0]?.pointer).toBe("/name");
  });

  it("an unknown code is a 404, and guessing codes is rate limited", async () => {
    const guesser = new Client();
    let status = 0;
    for (let i = 0; i < 100 && status !== 429; i++) {
      status = (await join(guesser, "ZZZZZZ")).status;
      if (status !== 429) expect(status).toBe(404);
    }
    expect(status).toBe(429);
  });
});

describe("feedback after close", () => {
  it("is withheld while the assignment is open, then shown once it closes", async () => {
    const { code, manageSecret } = await createAssignment({
      questionCount: 2,
      feedback: "after-close",
      requireName: false,
    });
    const learner = new Client();
    const attempt = (await (await join(learner, code)).json()) as StartedAttempt;
    const itemId = attempt.question?.id ?? "";
    const response = await rightAnswer(attempt.id, itemId);
    const first = (await (await answer(learner, attempt.id, itemId, response)).json()) as Record<string, unknown>;
    expect(first.feedbackWithheld).toBe(true);
    expect(first).not.toHaveProperty("correctAnswer");
    const finished = (await (await learner.json(`/api/attempts/${attempt.id}/finish`, "POST")).json()) as Record<
      string,
      unknown
    >;
    expect(finished).toMatchObject({ feedbackWithheld: true, review: [], topics: [] });
    const page = await (await learner.fetch(`/attempts/${attempt.id}/result`)).text();
    expect(page).not.toContain("/article#");

    await new Client().json(`/api/assignments/${code}`, "PATCH", { status: "closed" }, bearer(manageSecret));
    // Answers are accepted for the grace period after the close: feedback waits for its end.
    const during = (await (await answer(learner, attempt.id, itemId, response)).json()) as Record<string, unknown>;
    expect(during.feedbackWithheld).toBe(true);
    await env.DB.prepare("UPDATE assignments SET closes_at = closes_at - ? WHERE code = ?")
      .bind(DEADLINE_GRACE_MS + 1, code)
      .run();
    const replay = (await (await answer(learner, attempt.id, itemId, response)).json()) as Record<string, unknown>;
    expect(replay.feedbackWithheld).toBe(false);
    expect(typeof replay.correctAnswer).toBe("string");
    const after = (await (await learner.json(`/api/attempts/${attempt.id}/finish`, "POST")).json()) as Record<
      string,
      unknown
    >;
    expect(after.feedbackWithheld).toBeUndefined();
  });
});

describe("opening times", () => {
  it("refuses to start before the assignment opens", async () => {
    const opensAt = new Date(Date.now() + 3600_000).toISOString();
    const { code } = await createAssignment({ opensAt, requireName: false });
    const body = await problemOf(await join(new Client(), code), 409);
    expect(body.detail).toContain("opens");
  });
});
