import { describe, expect, it } from "vitest";
import { saveReview } from "../../src/db/reviews.ts";
import { learnerProgress } from "../../src/flows/progress.ts";
import { BANK, getConcreteItem, getQuiz, itemPoints, listTopics } from "../../src/quiz/index.ts";
import { addLearner, finishedAttempt, session } from "../leaderboards/seed.ts";

/** The progress a learner reads (GET /api/progress, /progress): the flow over real D1 rows. */
const NOW = Date.UTC(2026, 2, 1, 12);
const HOUR = 3_600_000;

/** Scored items of the whole-article quiz (what mastery is counted over), by topic. */
function scoredItemsOf(topic: string) {
  const ids = getQuiz("article")?.itemIds ?? [];
  return BANK.items.filter((i) => ids.includes(i.id) && i.topic === topic && itemPoints(i) > 0);
}

async function learnerWithAttempt() {
  const db = session();
  const learnerId = await addLearner(db);
  const attemptId = await finishedAttempt(db, {
    learnerId,
    score: 3,
    startedAt: NOW - 2 * HOUR,
    finishedAt: NOW - HOUR,
  });
  const review = (itemId: string, dueAt: number, fraction: number) =>
    saveReview(db, learnerId, itemId, attemptId, { card: "{}", dueAt, fraction });
  return { db, learnerId, attemptId, review };
}

describe("learnerProgress", () => {
  it("lists the reviews due now, most overdue first, each prompt as the learner saw it (numbers filled in)", async () => {
    const { db, learnerId, review } = await learnerWithAttempt();
    const parametric = BANK.items.find((i) => i.type === "numeric" && "parametric" in i && i.parametric);
    const plain = BANK.items.filter((i) => i.type === "single-choice").slice(0, 2);
    if (!parametric || plain.length < 2) throw new Error("the bank has a parametric item and single-choice items");
    const [first, second] = plain as [(typeof plain)[number], (typeof plain)[number]];
    await review(first.id, NOW - HOUR, 0);
    await review(parametric.id, NOW - 5 * HOUR, 0.5);
    await review(second.id, NOW + HOUR, 0);

    const { due } = await learnerProgress(db, { id: learnerId }, "en", NOW);
    expect(due.map((d) => d.questionId)).toEqual([parametric.id, first.id]);
    // The attempt that last served it has seed 1: its numbers, never the "{n}" template.
    expect(due[0]?.prompt).toBe(getConcreteItem(parametric.id, 1)?.prompt.en);
    expect(due[0]?.prompt).not.toMatch(/\{\w+\}/);
    expect(due[0]).toMatchObject({ dueAt: new Date(NOW - 5 * HOUR).toISOString(), lastFraction: 0.5 });
  });

  it("counts mastery per topic over the article's scored items, from each item's last result", async () => {
    const { db, learnerId, review } = await learnerWithAttempt();
    const topic = listTopics().find((t) => scoredItemsOf(t.id).length >= 3);
    if (!topic) throw new Error("the bank has a topic with three scored items");
    const [a, b] = scoredItemsOf(topic.id).map((i) => i.id) as [string, string];
    await review(a, NOW + 24 * HOUR, 1);
    await review(b, NOW + 24 * HOUR, 0.5);

    const { topics } = await learnerProgress(db, { id: learnerId }, "fr", NOW);
    const line = topics.find((t) => t.topic === topic.id);
    const total = scoredItemsOf(topic.id).length;
    expect(line).toEqual({ topic: topic.id, title: topic.title.fr, items: total, answered: 2, mastery: 1.5 / total });
    for (const other of topics.filter((t) => t.topic !== topic.id)) {
      expect(other).toMatchObject({ answered: 0, mastery: 0 });
    }
  });

  it("announces the mistakes scheduled later, and when the first comes due; right answers are not mistakes", async () => {
    const { db, learnerId, review } = await learnerWithAttempt();
    const [a, b, c] = BANK.items
      .filter((i) => itemPoints(i) > 0)
      .slice(0, 3)
      .map((i) => i.id) as [string, string, string];
    await review(a, NOW + 48 * HOUR, 0);
    await review(b, NOW + 6 * HOUR, 0.5);
    await review(c, NOW + 2 * HOUR, 1);

    const { upcoming, due } = await learnerProgress(db, { id: learnerId }, "en", NOW);
    expect(due).toEqual([]);
    expect(upcoming).toEqual({ mistakes: 2, nextDueAt: new Date(NOW + 6 * HOUR).toISOString() });
  });

  it("shows the learner's attempts with their scores; someone unknown has none, and no mastery", async () => {
    const { db, learnerId, attemptId } = await learnerWithAttempt();
    const mine = await learnerProgress(db, { id: learnerId }, "en", NOW);
    expect(mine.attempts).toEqual([
      expect.objectContaining({ id: attemptId, status: "finished", score: 3, feedbackWithheld: false }),
    ]);

    const nobody = await learnerProgress(db, null, "en", NOW);
    expect(nobody.attempts).toEqual([]);
    expect(nobody.due).toEqual([]);
    expect(nobody.upcoming).toEqual({ mistakes: 0, nextDueAt: null });
    expect(nobody.topics.every((t) => t.answered === 0 && t.mastery === 0)).toBe(true);
  });
});
