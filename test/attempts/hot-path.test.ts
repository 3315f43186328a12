import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { STATS_HEADER } from "../../src/http/d1-session.ts";
import { correctResponse, getItem, instantiate, listLearnerQuizzes, listQuizzes } from "../../src/quiz/index.ts";
import {
  Client,
  countOf,
  createAssignment,
  join,
  ORIGIN,
  problemOf,
  request,
  requestWithVars,
  rightAnswer,
  tableHashes,
} from "../helpers.ts";

// The benchmark's D1 counters (X-D1-Stats), read on the real local D1: the hot path's cost in
// round trips is a behaviour, not a timing.
const withStats = { BENCH_D1_STATS: "1" };

function statsOf(res: Response): Record<string, number> {
  return Object.fromEntries(
    (res.headers.get(STATS_HEADER) ?? "").split("; ").map((pair) => {
      const [key, value] = pair.split("=");
      return [key, Number(value)];
    }),
  );
}

async function send(path: string, init: RequestInit & { cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  return request(path, { ...init, headers, redirect: "manual" }, withStats);
}

async function startPractice() {
  const quiz = listLearnerQuizzes().find((q) => q.itemIds.length > 0);
  const res = await send("/api/attempts", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ quizId: quiz?.id }),
  });
  expect(res.status).toBe(201);
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const body = (await res.json()) as { id: string; question: { id: string } };
  const row = await env.DB.prepare("SELECT seed, item_ids FROM attempts WHERE id = ?")
    .bind(body.id)
    .first<{ seed: number; item_ids: string }>();
  return { cookie, id: body.id, seed: row?.seed ?? 0, itemIds: JSON.parse(row?.item_ids ?? "[]") as string[] };
}

describe("the answer hot path", () => {
  it("a first answer costs one D1 round trip, and so does its retry", async () => {
    const { cookie, id, seed, itemIds } = await startPractice();
    const itemId = itemIds.find((i) => getItem(i)?.type !== "poll") as string;
    const response = correctResponse(instantiate(getItem(itemId) as NonNullable<ReturnType<typeof getItem>>, seed));
    const put = () =>
      send(`/api/attempts/${id}/answers/${itemId}`, {
        method: "PUT",
        cookie,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ response }),
      });
    const first = await put();
    expect(first.status).toBe(200);
    expect(((await first.json()) as { fraction: number; replayed: boolean }).fraction).toBe(1);
    expect(statsOf(first)["round-trips"]).toBe(1);
    const again = await put();
    expect(((await again.json()) as { replayed: boolean }).replayed).toBe(true);
    expect(statsOf(again)["round-trips"]).toBe(1);
    const stored = await env.DB.prepare("SELECT count(*) AS n, max(points) AS p FROM answers WHERE attempt_id = ?")
      .bind(id)
      .first<{ n: number; p: number }>();
    expect(stored).toEqual({ n: 1, p: 1 });
    const review = await env.DB.prepare("SELECT last_fraction FROM review_items WHERE item_id = ?")
      .bind(itemId)
      .first<{ last_fraction: number }>();
    expect(review?.last_fraction).toBe(1);
  });

  it("a poll's answer reads its counts in the same round trip", async () => {
    const article = listQuizzes().find((q) => q.id === "article");
    const pollId = article?.itemIds.find((i) => getItem(i)?.type === "poll") as string;
    const topic = getItem(pollId)?.topic as string;
    const pool = article?.itemIds.filter((i) => getItem(i)?.topic === topic) ?? [];
    // Every question of the poll's topic, so the poll is served.
    const created = await send("/api/assignments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Poll", topics: [topic], questionCount: pool.length, requireName: false }),
    });
    expect(created.status).toBe(201);
    const { code } = (await created.json()) as { code: string };
    const joined = await send("/api/attempts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assignmentCode: code }),
    });
    expect(joined.status).toBe(201);
    const cookie = (joined.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { id } = (await joined.json()) as { id: string };
    const poll = getItem(pollId) as { choices: { id: string }[] };
    const answered = await send(`/api/attempts/${id}/answers/${pollId}`, {
      method: "PUT",
      cookie,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response: { choice: poll.choices[0]?.id } }),
    });
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as { poll: { total: number; choices: { id: string; votes: number }[] } };
    expect(body.poll.total).toBe(1);
    expect(body.poll.choices.find((c) => c.id === poll.choices[0]?.id)?.votes).toBe(1);
    expect(statsOf(answered)["round-trips"]).toBe(1);
  });

  it("the question page's form post loads the attempt once: one round trip, then the feedback page", async () => {
    const { cookie, id, seed, itemIds } = await startPractice();
    const itemId = itemIds.find((i) => getItem(i)?.type === "single-choice" || getItem(i)?.type === "true-false");
    if (!itemId) throw new Error("no single-choice or true-false item in the practice quiz");
    const item = instantiate(getItem(itemId) as NonNullable<ReturnType<typeof getItem>>, seed);
    const right = correctResponse(item) as { choice?: string; value?: boolean };
    const fields = new URLSearchParams(
      right.choice !== undefined ? { choice: right.choice } : { value: right.value ? "true" : "false" },
    );
    const posted = await send(`/attempts/${id}/answers/${itemId}`, {
      method: "POST",
      cookie,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: fields,
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe(`/attempts/${id}/feedback/${itemId}`);
    expect(statsOf(posted)["round-trips"]).toBe(1);
    const stored = await env.DB.prepare("SELECT fraction FROM answers WHERE attempt_id = ? AND item_id = ?")
      .bind(id, itemId)
      .first<{ fraction: number }>();
    expect(stored?.fraction).toBe(1);
  });
});

describe("a start", () => {
  /** A learner whose requests report the benchmark's D1 counters. */
  const counted = async () => Object.assign(await Client.asLearner(), { send: requestWithVars(withStats) });
  const start = (learner: Client, quizId: string) => learner.json("/api/attempts", "POST", { quizId });
  const itemsOf = async (attemptId: string) =>
    JSON.parse(
      (await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?").bind(attemptId).first<{ item_ids: string }>())
        ?.item_ids ?? "[]",
    ) as string[];
  const practice = listLearnerQuizzes().filter((q) => q.itemIds.length > 1);
  // Two parts of the path (disjoint), and the quick round (drawn from every scored item).
  const [partA, partB] = practice.filter((q) => q.part).map((q) => q.id) as [string, string];

  /** An open "after-close" assignment of `quizId` the learner has joined, and its pool. */
  async function joinAfterClose(learner: Client, quizId: string) {
    const { code } = await createAssignment({
      quizId,
      questionCount: 2,
      feedback: "after-close",
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      requireName: false,
    });
    expect((await join(learner, code)).status).toBe(201);
    const row = await env.DB.prepare("SELECT pool FROM assignments WHERE code = ?")
      .bind(code)
      .first<{ pool: string }>();
    return new Set(JSON.parse(row?.pool ?? "[]") as string[]);
  }

  it("a new learner's practice start is one round trip writing 7 rows as D1 bills them; a returning learner's, 6", async () => {
    const learner = await counted();
    const quizId = practice[0]?.id as string;
    const rows = () =>
      env.DB.prepare("SELECT (SELECT count(*) FROM learners) AS learners, (SELECT count(*) FROM attempts) AS attempts")
        .bind()
        .first<{ learners: number; attempts: number }>();
    const before = await rows();
    const first = await start(learner, quizId);
    expect(first.status).toBe(201);
    // The learner (its row, its primary-key index, learners_by_activity) and the attempt (its row,
    // its primary-key index, attempts_by_learner, attempts_empty_practice): 2 rows, 5 index entries.
    expect(statsOf(first)).toMatchObject({ statements: 3, "round-trips": 1, "rows-written": 7 });
    expect(await rows()).toEqual({ learners: (before?.learners ?? 0) + 1, attempts: (before?.attempts ?? 0) + 1 });

    // Returning: active_at moves (the row and its learners_by_activity entry), and the new attempt.
    const again = await start(learner, quizId);
    expect(again.status).toBe(201);
    expect(statsOf(again)).toMatchObject({ "round-trips": 1, "rows-written": 6 });
  });

  it("one round trip too for a learner whose after-close assignments hold none of the quiz's items", async () => {
    const learner = await counted();
    const pool = await joinAfterClose(learner, partA);
    expect(
      listLearnerQuizzes()
        .find((q) => q.id === partB)
        ?.itemIds.some((i) => pool.has(i)),
    ).toBe(false);
    const started = await start(learner, partB);
    expect(started.status).toBe(201);
    expect(statsOf(started)["round-trips"]).toBe(1);
  });

  it("two round trips when one holds some of them: the attempt leaves them out, and the first trip wrote nothing", async () => {
    const learner = await counted();
    const pool = await joinAfterClose(learner, partA);
    const started = await start(learner, "quick");
    expect(started.status).toBe(201);
    expect(statsOf(started)["round-trips"]).toBe(2);
    const served = await itemsOf(((await started.json()) as { id: string }).id);
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((i) => pool.has(i))).toEqual([]);
    // One attempt stored, not two: the first trip's insert did not happen.
    const stored = "SELECT count(*) AS n FROM attempts WHERE learner_id = ? AND quiz_id = 'quick'";
    expect(await countOf(stored, learner.learnerId)).toBe(1);
  });

  it("a start refused because every item is withheld is one round trip and changes nothing", async () => {
    const learner = await counted();
    await joinAfterClose(learner, partA);
    const before = await tableHashes();
    const refused = await start(learner, partA);
    expect((await problemOf(refused, 409)).detail).toMatch(/assignment you are taking/);
    expect(statsOf(refused)).toMatchObject({ "round-trips": 1, "rows-written": 0 });
    expect(await tableHashes()).toEqual(before);
  });

  it("a review round is two round trips: what is due and what is withheld in one, the attempt in the other", async () => {
    const learner = await counted();
    const first = (await (await start(learner, "quick")).json()) as { id: string; question: { id: string } };
    const answered = await learner.json(`/api/attempts/${first.id}/answers/${first.question.id}`, "PUT", {
      response: await rightAnswer(first.id, first.question.id),
    });
    expect(answered.status).toBe(200);
    await env.DB.prepare("UPDATE review_items SET due_at = 0 WHERE learner_id = ?").bind(learner.learnerId).run();
    const review = await start(learner, "review");
    expect(review.status).toBe(201);
    expect(statsOf(review)["round-trips"]).toBe(2);
    expect(await itemsOf(((await review.json()) as { id: string }).id)).toEqual([first.question.id]);
  });
});
