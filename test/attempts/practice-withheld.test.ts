import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { DEADLINE_GRACE_MS } from "../../src/quiz/assignment-rules.ts";
import { feedbackFor, listLearnerQuizzes } from "../../src/quiz/index.ts";
import {
  answer,
  Client,
  createAssignment,
  finish,
  join,
  ORIGIN,
  problemOf,
  rightAnswer,
  type StartedAttempt,
  servedItem,
  startAttempt,
  tableHashes,
} from "../helpers.ts";

/**
 * Practice is no answer key for an assignment the learner is taking (issue 12.4): while this
 * browser's learner belongs to an open "after-close" assignment, practice serves none of its
 * items, takes no answer to them and shows no key (correct answer, correctness, score,
 * explanation) of one answered before; after the close plus grace, practice is as before.
 */

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The practice attempt's items that have a right answer (polls have none), in order. */
async function gradedItems(attemptId: string): Promise<string[]> {
  const row = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
    .bind(attemptId)
    .first<{ item_ids: string }>();
  const ids = JSON.parse(row?.item_ids ?? "[]") as string[];
  const graded: string[] = [];
  for (const id of ids) if ((await servedItem(attemptId, id)).type !== "poll") graded.push(id);
  return graded;
}

/**
 * A learner practises "quick" (answers one question right, seeing its key), then joins an open
 * assignment on the same quiz with feedback after close.
 */
async function practisedThenJoined() {
  const learner = await Client.asLearner();
  const practice = await startAttempt(learner, "quick");
  const [first, second] = await gradedItems(practice.id);
  if (!first || !second) throw new Error("the quick quiz should hold two graded items");
  const before = await answer(learner, practice.id, first, await rightAnswer(practice.id, first));
  expect(before.status).toBe(200);
  expect(await before.json()).toMatchObject({ feedbackWithheld: false, correct: true });

  const { code } = await createAssignment({
    quizId: "quick",
    questionCount: 3,
    feedback: "after-close",
    closesAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  expect((await join(learner, code, "Ada")).status).toBe(201);
  return { learner, practice, first, second, code };
}

/** Closes the assignment long enough ago that its grace period is over. */
async function closeAndPassGrace(code: string) {
  const now = Date.now();
  await env.DB.prepare("UPDATE assignments SET opens_at = ?, closes_at = ? WHERE code = ?")
    .bind(now - 7_200_000, now - DEADLINE_GRACE_MS - 1_000, code)
    .run();
}

describe("practice withholds the keys of an assignment the learner takes with feedback after close", () => {
  it("the API refuses a practice answer to one of its items (409, no key, nothing stored) until the close plus grace", async () => {
    const { learner, practice, second, code } = await practisedThenJoined();
    const response = await rightAnswer(practice.id, second);

    const tables = await tableHashes();
    const refused = await answer(learner, practice.id, second, response);
    const problem = await problemOf(refused, 409);
    expect(problem.detail).toMatch(/assignment you are taking/);
    const text = JSON.stringify(problem);
    expect(text).not.toMatch(/correct|explanation|fraction|points/i);
    expect(await tableHashes()).toEqual(tables);

    await closeAndPassGrace(code);
    const after = await answer(learner, practice.id, second, response);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ feedbackWithheld: false, correct: true });
  });

  it("an answer given before joining is replayed without its key, and with it after the close plus grace", async () => {
    const { learner, practice, first, code } = await practisedThenJoined();
    const response = await rightAnswer(practice.id, first);
    const replay = await answer(learner, practice.id, first, response);
    expect(replay.status).toBe(200);
    const body = (await replay.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ feedbackWithheld: true, replayed: true });
    for (const key of ["correct", "correctAnswer", "explanation", "fraction", "points", "state"]) {
      expect(body, key).not.toHaveProperty(key);
    }

    await closeAndPassGrace(code);
    const later = await answer(learner, practice.id, first, response);
    expect(await later.json()).toMatchObject({ feedbackWithheld: false, correct: true, replayed: true });
  });

  it("new practice and review leave its items out (409 when nothing else is left); both come back after the close", async () => {
    const { learner, first, code } = await practisedThenJoined();
    const quick = await learner.json("/api/attempts", "POST", { quizId: "quick" });
    expect((await problemOf(quick, 409)).detail).toMatch(/assignment you are taking/);

    // The answer before joining scheduled a review of `first`: make it due.
    await env.DB.prepare("UPDATE review_items SET due_at = 0 WHERE learner_id = ? AND item_id = ?")
      .bind(learner.learnerId, first)
      .run();
    const review = await learner.json("/api/attempts", "POST", { quizId: "review" });
    expect((await problemOf(review, 409)).detail).toMatch(/assignment you are taking/);

    // Another quiz's practice still works, without the assignment's items.
    const pool = new Set(
      JSON.parse(
        (await env.DB.prepare("SELECT pool FROM assignments WHERE code = ?").bind(code).first<{ pool: string }>())
          ?.pool ?? "[]",
      ) as string[],
    );
    expect(pool.size).toBeGreaterThan(0);
    const other = listLearnerQuizzes().find((q) => q.itemIds.some((id) => !pool.has(id)));
    if (!other) throw new Error("no learner quiz holds an item outside the assignment's pool");
    const started = await startAttempt(learner, other.id);
    const row = await env.DB.prepare("SELECT item_ids FROM attempts WHERE id = ?")
      .bind(started.id)
      .first<{ item_ids: string }>();
    const served = JSON.parse(row?.item_ids ?? "[]") as string[];
    expect(served.length).toBeGreaterThan(0);
    expect(served.filter((id) => pool.has(id))).toEqual([]);

    await closeAndPassGrace(code);
    expect((await learner.json("/api/attempts", "POST", { quizId: "quick" })).status).toBe(201);
    const reviewed = await learner.json("/api/attempts", "POST", { quizId: "review" });
    expect(reviewed.status).toBe(201);
    expect(((await reviewed.json()) as StartedAttempt).question?.id).toBe(first);
  });

  it("the finish shows no score, topics or review list while an answered item is withheld", async () => {
    const { learner, practice, code } = await practisedThenJoined();
    const finished = await finish(learner, practice.id);
    expect(finished.status).toBe(200);
    expect(await finished.json()).toMatchObject({ score: null, topics: [], review: [], feedbackWithheld: true });

    await closeAndPassGrace(code);
    const again = (await (await finish(learner, practice.id)).json()) as { score: number | null };
    expect(again.score).toBeGreaterThan(0);
  });
});

describe("practice pages withhold the keys too", () => {
  it("the feedback page of an answer given before joining shows no explanation or verdict until the close plus grace", async () => {
    const { learner, practice, first, code } = await practisedThenJoined();
    const explanation = escapeHtml(feedbackFor(await servedItem(practice.id, first), "fr").explanation);
    expect(explanation.length).toBeGreaterThan(20);

    const withheld = await learner.fetch(`/attempts/${practice.id}/feedback/${first}`);
    expect(withheld.status).toBe(200);
    const html = await withheld.text();
    expect(html).not.toContain(explanation);

    await closeAndPassGrace(code);
    const shown = await (await learner.fetch(`/attempts/${practice.id}/feedback/${first}`)).text();
    expect(shown).toContain(explanation);
  });

  it("the result page shows no score until the close plus grace; starting practice of its quiz is a 409 page", async () => {
    const { learner, practice, code } = await practisedThenJoined();
    expect((await finish(learner, practice.id)).status).toBe(200);
    const score = await env.DB.prepare("SELECT score, max_score FROM attempts WHERE id = ?")
      .bind(practice.id)
      .first<{ score: number; max_score: number }>();
    expect(score?.score).toBeGreaterThan(0);
    const shownScore = new RegExp(`\\b${score?.score}\\s*/\\s*${score?.max_score}\\b`);

    const withheld = await (await learner.fetch(`/attempts/${practice.id}/result`)).text();
    expect(withheld).not.toMatch(shownScore);

    const started = await learner.fetch("/attempts", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ quizId: "quick" }),
    });
    expect(started.status).toBe(409);
    expect(started.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await started.text()).toMatch(/assignment you are taking/);

    await closeAndPassGrace(code);
    const shown = await (await learner.fetch(`/attempts/${practice.id}/result`)).text();
    expect(shown).toMatch(shownScore);
  });
});

describe("the teacher is told what this cannot stop", () => {
  it("the create page and an after-close assignment's manage page say a second device or browser is not covered", async () => {
    const create = await (await new Client().fetch("/teach?lang=en")).text();
    expect(create).toContain("second device or in another browser");
    const { code, manageSecret } = await createAssignment({ feedback: "after-close" });
    const teacher = new Client();
    expect((await teacher.form(`/teach/${code}/manage/unlock`, { key: manageSecret })).status).toBe(303);
    const manage = await (await teacher.fetch(`/teach/${code}/manage?lang=en`)).text();
    expect(manage).toContain("second device or in another browser");
    const immediate = await createAssignment({ feedback: "immediate" });
    const other = new Client();
    await other.form(`/teach/${immediate.code}/manage/unlock`, { key: immediate.manageSecret });
    expect(await (await other.fetch(`/teach/${immediate.code}/manage?lang=en`)).text()).not.toContain("second device");
  });
});
