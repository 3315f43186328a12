import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { articleSentences, BANK, correctResponse, getItem, listQuizzes } from "../../src/quiz/index.ts";
import {
  ARTICLE_PARTS,
  answer,
  Client,
  countOf,
  createAssignment,
  join,
  problemOf,
  rightAnswer,
  servedItem,
  startAttempt,
  tableHashes,
} from "../helpers.ts";

/** A learner quiz that always serves this item (a part of the article's path serves all its items). */
const quizServing = (itemId: string) =>
  listQuizzes().find((q) => !q.teachersOnly && q.questionCount === q.itemIds.length && q.itemIds.includes(itemId))
    ?.id ?? "quick";

const countAttempts = () => countOf("SELECT count(*) AS n FROM attempts");
const countAnswers = (attemptId: string) =>
  countOf("SELECT count(*) AS n FROM answers WHERE attempt_id = ?", attemptId);

type Result = {
  correct: boolean | null;
  fraction: number;
  explanation: string;
  replayed: boolean;
  answeredCount: number;
  source: { quote: string; url: string };
  next: { id: string } | null;
};

describe("GET /api/quizzes", () => {
  it("lists the whole article, one quiz per topic and a quick round", async () => {
    const res = await new Client().fetch("/api/quizzes");
    expect(res.status).toBe(200);
    const { quizzes } = (await res.json()) as {
      quizzes: { id: string; title: { fr: string; en: string }; topics: string[]; questionCount: number }[];
    };
    const ids = quizzes.map((q) => q.id);
    expect(ids).toContain("article");
    expect(ids).toContain("quick");
    expect(ids.filter((id) => id.startsWith("topic-")).length).toBeGreaterThanOrEqual(5);
    for (const q of quizzes) {
      expect(q.title.fr.length).toBeGreaterThan(0);
      expect(q.title.en.length).toBeGreaterThan(0);
      expect(q.questionCount).toBeGreaterThan(0);
    }
    expect(quizzes.find((q) => q.id === "quick")?.questionCount).toBe(5);
  });
});

describe("starting an attempt", () => {
  it("answers 201 with the id, question count and first question, and sets an HttpOnly learner cookie", async () => {
    const client = new Client();
    const res = await client.json("/api/attempts", "POST", { quizId: "quick" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; questionCount: number; question: { id: string; number: number } };
    expect(body.questionCount).toBe(5);
    expect(body.question.number).toBe(1);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("lid="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const token = cookie?.split(";")[0]?.slice(4) ?? "";
    const stored = await env.DB.prepare("SELECT learner_id, bank_version, seed, item_ids FROM attempts WHERE id = ?")
      .bind(body.id)
      .first<{ learner_id: string; bank_version: string; seed: number; item_ids: string }>();
    expect(stored?.bank_version).toBe(BANK.version);
    expect(JSON.parse(stored?.item_ids ?? "[]")).toHaveLength(5);
    // Only a hash of the cookie token is stored.
    expect(stored?.learner_id).not.toContain(token);
    expect(stored?.learner_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("two learners get different draws of the quick round", async () => {
    const a = await startAttempt(new Client(), "quick");
    const b = await startAttempt(new Client(), "quick");
    const rows = await env.DB.prepare("SELECT item_ids, seed FROM attempts WHERE id IN (?, ?)").bind(a.id, b.id).all();
    expect(rows.results[0]?.seed).not.toBe(rows.results[1]?.seed);
  });

  it.each([
    [{ quizId: "no-such-quiz" }, "/quizId"],
    [{}, "/quizId"],
    [{ quizId: "article", extra: 1 }, ""],
    [{ quizId: 42 }, "/quizId"],
    [{ quizId: "x".repeat(500) }, "/quizId"],
  ])("refuses %j with 422 naming the field", async (body, pointer) => {
    const before = await countAttempts();
    const res = await new Client().json("/api/attempts", "POST", body);
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { errors: { pointer: string }[] };
    expect(problem.errors.length).toBeGreaterThan(0);
    if (pointer) expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    expect(await countAttempts()).toBe(before);
  });

  it("the whole article in one pool (teachersOnly) is refused as practice, 422 on /quizId, and nothing is stored; teachers still assign it", async () => {
    const pool = listQuizzes().filter((q) => q.teachersOnly);
    expect(pool.length).toBeGreaterThan(0);
    for (const quiz of pool) {
      const client = new Client();
      const before = await tableHashes();
      const res = await client.json("/api/attempts", "POST", { quizId: quiz.id });
      const problem = await problemOf(res, 422);
      expect(problem.errors?.map((e) => e.pointer)).toEqual(["/quizId"]);
      expect(problem.errors?.[0]?.detail).toContain(`take it as its ${ARTICLE_PARTS.length} parts`);
      expect(await tableHashes()).toEqual(before);
      // The pool stays what teachers assign from, whole.
      const { code } = await createAssignment({ quizId: quiz.id, questionCount: quiz.itemIds.length });
      const joined = await join(new Client(), code, "Ada");
      expect(joined.status).toBe(201);
      expect(((await joined.json()) as { questionCount: number }).questionCount).toBe(quiz.itemIds.length);
    }
  });

  it("malformed JSON is a 400 problem, a megabyte body a 413, and neither creates anything", async () => {
    const client = new Client();
    const before = await countAttempts();
    const bad = await client.json("/api/attempts", "POST", '{"quizId": "article"');
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    const big = await client.json("/api/attempts", "POST", { quizId: "article", pad: "x".repeat(1024 * 1024) });
    expect(big.status).toBe(413);
    expect(await countAttempts()).toBe(before);
  });
});

describe("answering", () => {
  it("a right answer scores full marks with explanation, source quote and the next question", async () => {
    const client = new Client();
    const started = await startAttempt(client);
    const first = started.question?.id ?? "";
    const res = await answer(client, started.id, first, await rightAnswer(started.id, first));
    expect(res.status).toBe(200);
    const result = (await res.json()) as Result;
    const item = getItem(first);
    if (item?.type !== "poll") {
      expect(result.correct).toBe(true);
      expect(result.fraction).toBe(1);
    }
    expect(result.explanation.length).toBeGreaterThan(10);
    expect(BANK.article.text).toContain(result.source.quote);
    expect(result.source.url).toMatch(/^\/article#s\d+$/);
    expect(articleSentences().map((s) => `/article#${s.id}`)).toContain(result.source.url);
    expect(result.next?.id).toMatch(/^q[0-9a-z]{7}$/);
    expect(result.next?.id).not.toBe(first);
  });

  it("the same answer sent twice counts once and gives the same result", async () => {
    const client = new Client();
    const started = await startAttempt(client);
    const id = started.question?.id ?? "";
    const response = await rightAnswer(started.id, id);
    const first = (await (await answer(client, started.id, id, response)).json()) as Result;
    const again = await answer(client, started.id, id, response);
    expect(again.status).toBe(200);
    const second = (await again.json()) as Result;
    expect(second.replayed).toBe(true);
    expect(second.fraction).toBe(first.fraction);
    expect(second.answeredCount).toBe(1);
    expect(await countAnswers(started.id)).toBe(1);
  });

  it("concurrent retries of one answer store exactly one row", async () => {
    const client = new Client();
    const started = await startAttempt(client);
    const id = started.question?.id ?? "";
    const response = await rightAnswer(started.id, id);
    const results = await Promise.all(Array.from({ length: 6 }, () => answer(client, started.id, id, response)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await countAnswers(started.id)).toBe(1);
    const attempt = await env.DB.prepare("SELECT answered_count FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ answered_count: number }>();
    expect(attempt?.answered_count).toBe(1);
  });

  it("a different answer to an answered question is refused with 409 and changes nothing", async () => {
    const client = new Client();
    const started = await startAttempt(client, "topic-cost-efficiency");
    // Find a choice question so a different answer is easy to build.
    let current = started.question;
    let attemptId = started.id;
    for (let i = 0; current && !["single-choice", "true-false"].includes(current.type) && i < 30; i++) {
      const r = (await (
        await answer(client, attemptId, current.id, await rightAnswer(attemptId, current.id))
      ).json()) as Result;
      current = r.next as typeof current;
    }
    if (!current) throw new Error("no choice question in the topic quiz");
    const item = await servedItem(attemptId, current.id);
    const right = correctResponse(item) as Record<string, unknown>;
    const wrong =
      item.type === "true-false"
        ? { value: !(right.value as boolean) }
        : { choice: (item as { choices: { id: string; correct: boolean }[] }).choices.find((c) => !c.correct)?.id };
    expect((await answer(client, attemptId, current.id, right)).status).toBe(200);
    const before = await countAnswers(attemptId);
    const res = await answer(client, attemptId, current.id, wrong);
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await countAnswers(attemptId)).toBe(before);
    const stored = await env.DB.prepare("SELECT fraction FROM answers WHERE attempt_id = ? AND item_id = ?")
      .bind(attemptId, current.id)
      .first<{ fraction: number }>();
    expect(stored?.fraction).toBe(1);
    attemptId = "";
  });

  it("malformed responses get 422 with the field and store nothing", async () => {
    const client = new Client();
    const started = await startAttempt(client);
    const id = started.question?.id ?? "";
    for (const response of [null, "x".repeat(10_000), { choice: "nope", extra: true }, { value: Number.NaN }, [1, 2]]) {
      const res = await answer(client, started.id, id, response);
      expect(res.status).toBe(422);
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors[0]?.pointer).toMatch(/^\/response/);
    }
    expect(await countAnswers(started.id)).toBe(0);
  });

  it("a question not in the attempt, or an unknown one, is a 404", async () => {
    const client = new Client();
    const started = await startAttempt(client, "quick");
    const rows = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ item_ids: string }>();
    const inAttempt = new Set(JSON.parse(rows?.item_ids ?? "[]") as string[]);
    const outside = BANK.items.find((i) => !inAttempt.has(i.id))?.id ?? "";
    expect((await answer(client, started.id, outside, { choice: "a" })).status).toBe(404);
    expect((await answer(client, started.id, "no-such.item", { choice: "a" })).status).toBe(404);
    expect(await countAnswers(started.id)).toBe(0);
  });
});

describe("one learner cannot see or change another's attempt", () => {
  it("answers 404 to another learner and to a forged cookie", async () => {
    const owner = new Client();
    const started = await startAttempt(owner);
    const qid = started.question?.id ?? "";
    const response = await rightAnswer(started.id, qid);
    const intruder = new Client();
    await startAttempt(intruder);
    const forged = new Client();
    forged.cookies.set("lid", "forged-token-forged-token-forged");
    for (const client of [intruder, forged, new Client()]) {
      expect((await client.fetch(`/api/attempts/${started.id}`)).status).toBe(404);
      expect((await answer(client, started.id, qid, response)).status).toBe(404);
      expect((await client.json(`/api/attempts/${started.id}/finish`, "POST")).status).toBe(404);
    }
    expect(await countAnswers(started.id)).toBe(0);
    const status = await env.DB.prepare("SELECT status FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ status: string }>();
    expect(status?.status).toBe("in-progress");
  });
});

describe("resuming and finishing", () => {
  it("GET /api/attempts/{id} resumes at the next unanswered question", async () => {
    const client = new Client();
    const started = await startAttempt(client, "quick");
    let next = started.question;
    for (let i = 0; i < 2 && next; i++) {
      const r = (await (
        await answer(client, started.id, next.id, await rightAnswer(started.id, next.id))
      ).json()) as Result;
      next = r.next as typeof next;
    }
    const res = await client.fetch(`/api/attempts/${started.id}`);
    const state = (await res.json()) as {
      status: string;
      answeredCount: number;
      question: { id: string; number: number };
    };
    expect(state.status).toBe("in-progress");
    expect(state.answeredCount).toBe(2);
    expect(state.question.id).toBe(next?.id);
    expect(state.question.number).toBe(3);
  });

  it("finishing early scores unanswered questions 0; answering afterwards is a 409; finishing twice is stable", async () => {
    const client = new Client();
    const started = await startAttempt(client, "quick");
    const qid = started.question?.id ?? "";
    await answer(client, started.id, qid, await rightAnswer(started.id, qid));
    const res = await client.json(`/api/attempts/${started.id}/finish`, "POST");
    expect(res.status).toBe(200);
    const result = (await res.json()) as {
      score: number;
      maxScore: number;
      topics: { score: number; maxScore: number }[];
    };
    expect(result.maxScore).toBe(5);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.topics.reduce((s, t) => s + t.maxScore, 0)).toBe(5);
    expect(result.topics.reduce((s, t) => s + t.score, 0)).toBeCloseTo(result.score);
    const state = (await (await client.fetch(`/api/attempts/${started.id}`)).json()) as {
      status: string;
      question: unknown;
    };
    expect(state.status).toBe("finished");
    expect(state.question).toBeNull();
    const rows = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ item_ids: string }>();
    const second = (JSON.parse(rows?.item_ids ?? "[]") as string[])[1] ?? "";
    const late = await answer(client, started.id, second, await rightAnswer(started.id, second));
    expect(late.status).toBe(409);
    expect(await countAnswers(started.id)).toBe(1);
    const again = (await (await client.json(`/api/attempts/${started.id}/finish`, "POST")).json()) as { score: number };
    expect(again.score).toBe(result.score);
  });
});

describe("spaced review and progress", () => {
  it("a wrong answer becomes due for review and 'review' serves it", async () => {
    const client = new Client();
    const started = await startAttempt(client, "topic-open-source");
    let current = started.question;
    let wrongId = "";
    for (let i = 0; current && i < 40 && !wrongId; i++) {
      const item = await servedItem(started.id, current.id);
      if (item.type === "true-false") {
        const right = correctResponse(item) as { value: boolean };
        await answer(client, started.id, current.id, { value: !right.value });
        wrongId = current.id;
        break;
      }
      const r = (await (
        await answer(client, started.id, current.id, await rightAnswer(started.id, current.id))
      ).json()) as Result;
      current = r.next as typeof current;
    }
    expect(wrongId).not.toBe("");
    await client.json(`/api/attempts/${started.id}/finish`, "POST");
    // FSRS schedules a lapse minutes ahead: move it to the past, as time passing would.
    await env.DB.prepare("UPDATE review_items SET due_at = due_at - 3600000").run();
    const progress = (await (await client.fetch("/api/progress")).json()) as {
      due: { questionId: string }[];
      topics: { topic: string; mastery: number; answered: number }[];
      attempts: { id: string }[];
    };
    expect(progress.due.map((d) => d.questionId)).toContain(wrongId);
    expect(progress.attempts.map((a) => a.id)).toContain(started.id);
    expect(progress.topics.find((t) => t.topic === "open-source")?.answered).toBeGreaterThan(0);
    const home = await (await client.fetch("/")).text();
    expect(home).toContain('value="review"');
    const review = await startAttempt(client, "review");
    expect(review.question?.id).toBe(progress.due[0]?.questionId);
  });

  it("review with nothing due is a clear 409", async () => {
    const res = await new Client().json("/api/attempts", "POST", { quizId: "review" });
    expect(res.status).toBe(409);
  });

  it("deleting my data removes every row of mine and nobody else's", async () => {
    const me = new Client();
    const other = new Client();
    const mine = await startAttempt(me);
    const theirs = await startAttempt(other);
    await answer(me, mine.id, mine.question?.id ?? "", await rightAnswer(mine.id, mine.question?.id ?? ""));
    await answer(other, theirs.id, theirs.question?.id ?? "", await rightAnswer(theirs.id, theirs.question?.id ?? ""));
    const learnerOf = async (attemptId: string) =>
      (
        await env.DB.prepare("SELECT learner_id FROM attempts WHERE id = ?")
          .bind(attemptId)
          .first<{ learner_id: string }>()
      )?.learner_id ?? "";
    const myId = await learnerOf(mine.id);
    const theirId = await learnerOf(theirs.id);
    const res = await me.form("/progress/delete", { confirm: "yes" });
    expect(res.status).toBe(303);
    expect(await countAnswers(mine.id)).toBe(0);
    expect(await countAnswers(theirs.id)).toBe(1);
    const left = await env.DB.prepare("SELECT id FROM attempts WHERE id IN (?, ?)").bind(mine.id, theirs.id).all();
    expect(left.results.map((r) => r.id)).toEqual([theirs.id]);
    const reviews = await env.DB.prepare("SELECT learner_id FROM review_items WHERE learner_id IN (?, ?)")
      .bind(myId, theirId)
      .all<{ learner_id: string }>();
    expect(reviews.results.map((r) => r.learner_id)).toEqual([theirId]);
    const learners = await env.DB.prepare("SELECT id FROM learners WHERE id IN (?, ?)").bind(myId, theirId).all();
    expect(learners.results.map((r) => r.id)).toEqual([theirId]);
  });
});

it("every quiz in the list can be started, except the teachers' pool the list marks teachersOnly", async () => {
  const { quizzes: listed } = (await (await new Client().fetch("/api/quizzes")).json()) as {
    quizzes: { id: string; teachersOnly?: boolean }[];
  };
  expect(listed.map((q) => q.id)).toEqual(listQuizzes().map((q) => q.id));
  for (const quiz of listed) {
    const res = await new Client().json("/api/attempts", "POST", { quizId: quiz.id });
    expect(res.status, quiz.id).toBe(quiz.teachersOnly ? 422 : 201);
  }
});

it("an incomplete answer (an empty text, no box ticked) is a 422 and stores nothing", async () => {
  const seen = new Set<string>();
  for (const part of ARTICLE_PARTS) {
    const client = new Client();
    const started = await startAttempt(client, part);
    let current = started.question;
    let stored = 0;
    while (current && stored < 20) {
      seen.add(current.type);
      const empty =
        current.type === "text"
          ? { text: "   " }
          : current.type === "multiple-choice"
            ? { choices: [] }
            : current.type === "numeric"
              ? { value: "" }
              : null;
      if (empty) {
        const res = await answer(client, started.id, current.id, empty);
        expect(res.status, current.type).toBe(422);
        expect(await countAnswers(started.id)).toBe(stored);
      }
      const r = (await (
        await answer(client, started.id, current.id, await rightAnswer(started.id, current.id))
      ).json()) as {
        next: typeof current;
      };
      stored++;
      current = r.next;
    }
  }
  expect(seen).toContain("text");
  expect(seen).toContain("multiple-choice");
});

it("the closing poll shows everyone's votes, each learner counted once even when retried", async () => {
  const poll = BANK.items.find((i) => i.type === "poll");
  if (poll?.type !== "poll") throw new Error("the bank has no poll");
  const vote = async (choice: string, times: number) => {
    const client = new Client();
    const started = await startAttempt(client, quizServing(poll.id));
    const rows = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ item_ids: string }>();
    expect(JSON.parse(rows?.item_ids ?? "[]")).toContain(poll.id);
    const results = await Promise.all(
      Array.from({ length: times }, () => answer(client, started.id, poll.id, { choice })),
    );
    return (await results[0]?.json()) as {
      correct: null;
      fraction: number;
      poll: { choices: { id: string; votes: number }[]; total: number };
    };
  };
  const before = await env.DB.prepare("SELECT coalesce(sum(votes), 0) AS n FROM poll_votes WHERE item_id = ?")
    .bind(poll.id)
    .first<{ n: number }>();
  const [a, b] = poll.choices;
  await vote(a?.id ?? "", 3);
  const last = await vote(b?.id ?? "", 2);
  expect(last.correct).toBeNull();
  expect(last.poll.total).toBe((before?.n ?? 0) + 2);
  expect(last.poll.choices.find((c) => c.id === b?.id)?.votes).toBeGreaterThanOrEqual(1);
  const after = await env.DB.prepare("SELECT coalesce(sum(votes), 0) AS n FROM poll_votes WHERE item_id = ?")
    .bind(poll.id)
    .first<{ n: number }>();
  expect(after?.n).toBe((before?.n ?? 0) + 2);
});

it("progress tells when mistakes not yet due will come up for review", async () => {
  const client = new Client();
  const started = await startAttempt(client, "topic-framing");
  let current = started.question;
  while (current) {
    const item = await servedItem(started.id, current.id);
    const response =
      item.type === "true-false"
        ? { value: !(correctResponse(item) as { value: boolean }).value }
        : await rightAnswer(started.id, current.id);
    const r = (await (await answer(client, started.id, current.id, response)).json()) as { next: typeof current };
    current = r.next;
  }
  const progress = (await (await client.fetch("/api/progress")).json()) as {
    due: unknown[];
    upcoming: { mistakes: number; nextDueAt: string | null };
  };
  expect(progress.upcoming.mistakes).toBeGreaterThan(0);
  expect(Date.parse(progress.upcoming.nextDueAt ?? "")).toBeGreaterThan(Date.now() - 1000);
  const page = await (await client.fetch("/progress")).text();
  expect(page).toMatch(/erreurs? à revoir bientôt/);
});

it("deleting my data takes my poll vote back out of the distribution", async () => {
  const poll = BANK.items.find((i) => i.type === "poll");
  if (poll?.type !== "poll") throw new Error("the bank has no poll");
  const choice = poll.choices[0]?.id ?? "";
  const votes = async () =>
    (
      await env.DB.prepare("SELECT coalesce(sum(votes), 0) AS n FROM poll_votes WHERE item_id = ? AND choice_id = ?")
        .bind(poll.id, choice)
        .first<{ n: number }>()
    )?.n ?? 0;
  const me = new Client();
  const other = new Client();
  for (const client of [me, other]) {
    const started = await startAttempt(client, quizServing(poll.id));
    expect((await answer(client, started.id, poll.id, { choice })).status).toBe(200);
  }
  const before = await votes();
  expect((await me.form("/progress/delete", { confirm: "yes" })).status).toBe(303);
  expect(await votes()).toBe(before - 1);
});
