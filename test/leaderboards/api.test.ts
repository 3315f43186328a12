import { describe, expect, it } from "vitest";
import { ARTICLE_PARTS, Client, request } from "../helpers.ts";
import { addAssignment, newCode as code, finishedAttempt, joinAssignment, session } from "./seed.ts";

/** A phone: its own learner cookie, so its learner id is known to the test. */
const phone = () => Client.asLearner();
/** An attempt that started and finished so long ago (ms), from one reading of the clock. */
const ago = (started: number, finished: number) => {
  const now = Date.now();
  return { startedAt: now - started, finishedAt: now - finished };
};

describe("practice leaderboard API", () => {
  it("shows a learner only once they opt in under a nickname", async () => {
    const db = session();
    const quizId = "article";
    const me = await phone();
    await finishedAttempt(db, {
      learnerId: me.learnerId,
      quizId,
      score: 4,
      ...ago(100_000, 40_000),
    });
    let res = await me.fetch(`/api/leaderboards/${quizId}?period=week`);
    expect(res.status).toBe(200);
    let body = (await res.json()) as { me: unknown; entries: { you: boolean }[] };
    expect(body.me).toBeNull();
    expect(body.entries.some((e) => e.you)).toBe(false);

    res = await me.json(`/api/leaderboards/${quizId}/join`, "POST", { nickname: "  Zoé la Rapide " });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ quizId, nickname: "Zoé la Rapide" });

    for (const period of ["week", "all"]) {
      res = await me.fetch(`/api/leaderboards/${quizId}?period=${period}&limit=5`);
      body = (await res.json()) as never;
      expect(body.me).toMatchObject({ name: "Zoé la Rapide", score: 4, durationMs: 60_000, you: true });
    }

    // Leaving takes the entries away.
    res = await me.fetch(`/api/leaderboards/${quizId}/join`, { method: "DELETE" });
    expect(res.status).toBe(204);
    res = await me.fetch(`/api/leaderboards/${quizId}?period=all`);
    expect(((await res.json()) as { me: unknown }).me).toBeNull();
  });

  it("puts a finished attempt on the board through the learner flow", async () => {
    const me = await phone();
    const quizId = ARTICLE_PARTS[0] as string;
    expect((await me.json(`/api/leaderboards/${quizId}/join`, "POST", { nickname: "Flow Tester" })).status).toBe(200);
    const started = await me.json("/api/attempts", "POST", { quizId });
    const { id } = (await started.json()) as { id: string };
    expect((await me.json(`/api/attempts/${id}/finish`, "POST", {})).status).toBe(200);
    const board = (await (await me.fetch(`/api/leaderboards/${quizId}?period=week`)).json()) as {
      me: { name: string };
    };
    expect(board.me.name).toBe("Flow Tester");
  });

  it("refuses nicknames that break a rule with a 422 naming it, and taken ones with 409", async () => {
    const a = await phone();
    const b = await phone();
    for (const [nickname, rule] of [
      ["", /1 to 24/],
      ["a".repeat(25), /1 to 24/],
      ["Pr0f. Martin", /teacher or the site/],
      ["Mod\u200Bérateur", /invisible/],
    ] as const) {
      const res = await a.json("/api/leaderboards/article/join", "POST", { nickname }, { "accept-language": "en" });
      expect(res.status, nickname).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(rule);
    }
    expect((await a.json("/api/leaderboards/article/join", "POST", { nickname: "Unique Owl" })).status).toBe(200);
    const taken = await b.json("/api/leaderboards/article/join", "POST", { nickname: "unique 0wl" });
    expect(taken.status).toBe(409);
    expect((await b.json("/api/leaderboards/nope/join", "POST", { nickname: "Owl" })).status).toBe(404);
  });

  it("answers 304 to a matching If-None-Match until the board changes", async () => {
    const db = session();
    const quizId = "article";
    const viewer = await phone();
    const first = await viewer.fetch(`/api/leaderboards/${quizId}?period=all&limit=3`);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await viewer.fetch(`/api/leaderboards/${quizId}?period=all&limit=3`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);

    const other = await phone();
    await other.json(`/api/leaderboards/${quizId}/join`, "POST", { nickname: "Newcomer" });
    await finishedAttempt(db, {
      learnerId: other.learnerId,
      quizId,
      score: 9,
      ...ago(50_000, 0),
    });
    const changed = await viewer.fetch(`/api/leaderboards/${quizId}?period=all&limit=3`, {
      headers: { "if-none-match": etag ?? "" },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });

  it("answers a wrong limit or period with 422, not a slow query", async () => {
    for (const query of ["limit=0", "limit=-1", "limit=10000", "limit=abc", "limit=2.5", "period=month"]) {
      const res = await request(`/api/leaderboards/article?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    }
    expect((await request("/api/leaderboards/no-such-quiz")).status).toBe(404);
    expect((await request(`/api/assignments/${code()}/leaderboard?limit=0`)).status).toBe(422);
  });

  it("is documented in the OpenAPI file", async () => {
    const doc = (await (await request("/api/openapi.json")).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/leaderboards/{quizId}",
        "/api/leaderboards/{quizId}/join",
        "/api/assignments/{code}/leaderboard",
        "/api/assignments/{code}/leaderboard/entries/{entryId}",
      ]),
    );
  });
});

async function classBoard(mode: "off" | "anonymous" | "nicknames") {
  const db = session();
  const a = await addAssignment(db, { leaderboard: mode, code: code() });
  const learners = [];
  for (const [name, score] of [
    ["Ana", 9],
    ["Ben", 7],
    ["Cleo", 5],
  ] as const) {
    const p = await phone();
    await joinAssignment(db, a.id, p.learnerId, name);
    await finishedAttempt(db, {
      learnerId: p.learnerId,
      assignmentId: a.id,
      score,
      ...ago(80_000, 20_000),
    });
    learners.push(p);
  }
  return { ...a, learners };
}

type BoardBody = {
  entries: { rank: number; name: string | null; you: boolean; entryId?: number }[];
  me: { rank: number; name: string | null } | null;
  total: number;
  mode: string;
};

describe("assignment leaderboard API", () => {
  it("shows names in nicknames mode", async () => {
    const a = await classBoard("nicknames");
    const res = await a.learners[1]?.fetch(`/api/assignments/${a.code}/leaderboard`);
    const body = (await res?.json()) as BoardBody;
    expect(body.entries.map((e) => [e.rank, e.name, e.you])).toEqual([
      [1, "Ana", false],
      [2, "Ben", true],
      [3, "Cleo", false],
    ]);
    expect(body.me).toMatchObject({ rank: 2, name: "Ben" });
    expect(body.entries[0]).not.toHaveProperty("entryId");
  });

  it("shows only scores and one's own name in anonymous mode", async () => {
    const a = await classBoard("anonymous");
    const body = (await (
      await a.learners[2]?.fetch(`/api/assignments/${a.code.toLowerCase()}/leaderboard`)
    )?.json()) as BoardBody;
    expect(body.entries.map((e) => e.name)).toEqual([null, null, "Cleo"]);
    expect(body.me).toMatchObject({ rank: 3, name: "Cleo" });
    expect(body.total).toBe(3);
  });

  it("is closed to learners in off mode, open to the teacher", async () => {
    const a = await classBoard("off");
    const res = await a.learners[0]?.fetch(`/api/assignments/${a.code}/leaderboard`);
    expect(res?.status).toBe(403);
    const teacher = await request(`/api/assignments/${a.code}/leaderboard`, {
      headers: { authorization: `Bearer ${a.secret}` },
    });
    expect(teacher.status).toBe(200);
    expect(((await teacher.json()) as BoardBody).entries.map((e) => e.name)).toEqual(["Ana", "Ben", "Cleo"]);
  });

  it("lets the teacher hide and rename entries, under the nickname rules", async () => {
    const a = await classBoard("nicknames");
    const auth = { authorization: `Bearer ${a.secret}` };
    const teacherView = (await (
      await request(`/api/assignments/${a.code}/leaderboard`, { headers: auth })
    ).json()) as BoardBody;
    const [ana, ben] = teacherView.entries;
    const patch = (entryId: number | undefined, body: unknown, headers: Record<string, string> = auth) =>
      request(`/api/assignments/${a.code}/leaderboard/entries/${entryId}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "accept-language": "en", ...headers },
        body: JSON.stringify(body),
      });
    expect((await patch(ana?.entryId, { hidden: true }, { authorization: "Bearer wrong" })).status).toBe(401);
    expect((await patch(ana?.entryId, { hidden: true }, {})).status).toBe(401);
    const bad = await patch(ben?.entryId, { name: "Admin" });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/teacher or the site/);
    expect((await patch(999_999_999, { hidden: true })).status).toBe(404);

    const before = await a.learners[2]?.fetch(`/api/assignments/${a.code}/leaderboard`);
    const etag = before?.headers.get("etag") ?? "";
    expect((await patch(ana?.entryId, { hidden: true })).status).toBe(204);
    expect((await patch(ben?.entryId, { name: "B." })).status).toBe(204);

    const after = await a.learners[2]?.fetch(`/api/assignments/${a.code}/leaderboard`, {
      headers: { "if-none-match": etag },
    });
    expect(after?.status).toBe(200);
    const body = (await after?.json()) as BoardBody;
    expect(body.entries.map((e) => [e.rank, e.name])).toEqual([
      [1, "B."],
      [2, "Cleo"],
    ]);
    expect(body.total).toBe(2);
    // Ana's own view: hidden entries are off the board for her too.
    const anaView = (await (await a.learners[0]?.fetch(`/api/assignments/${a.code}/leaderboard`))?.json()) as BoardBody;
    expect(anaView.me).toBeNull();
    // Shown again and renamed back.
    expect((await patch(ana?.entryId, { hidden: false })).status).toBe(204);
    expect((await patch(ben?.entryId, { name: null })).status).toBe(204);
    const restored = (await (
      await a.learners[2]?.fetch(`/api/assignments/${a.code}/leaderboard`)
    )?.json()) as BoardBody;
    expect(restored.entries.map((e) => e.name)).toEqual(["Ana", "Ben", "Cleo"]);
  });

  it("answers 304 while nothing changes, and 404 for an unknown code", async () => {
    const a = await classBoard("anonymous");
    const learner = a.learners[0];
    const first = await learner?.fetch(`/api/assignments/${a.code}/leaderboard?limit=2`);
    const etag = first?.headers.get("etag") ?? "";
    const second = await learner?.fetch(`/api/assignments/${a.code}/leaderboard?limit=2`, {
      headers: { "if-none-match": etag },
    });
    expect(second?.status).toBe(304);
    // Another caller's answer differs (its "me"), so it has another ETag.
    const other = await a.learners[1]?.fetch(`/api/assignments/${a.code}/leaderboard?limit=2`, {
      headers: { "if-none-match": etag },
    });
    expect(other?.status).toBe(200);
    expect((await request(`/api/assignments/${code()}/leaderboard`)).status).toBe(404);
  });
});
