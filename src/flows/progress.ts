import { listAttempts } from "../db/attempts.ts";
import type { Learner } from "../db/learners.ts";
import { listReviewItems } from "../db/reviews.ts";
import type { Db } from "../env.ts";
import { attemptAsOf, feedbackWithheld } from "../quiz/assignment-rules.ts";
import type { Lang } from "../quiz/format.ts";
import { getConcreteItem, getItem, itemPoints, listQuizzes, listTopics } from "../quiz/index.ts";

/** Mastery per topic (share of the topic's items last answered right), attempts and reviews due. */
export async function learnerProgress(db: Db, learner: Learner | null, lang: Lang, now: number) {
  const [listed, reviews] = learner
    ? await Promise.all([listAttempts(db, learner.id, 20), listReviewItems(db, learner.id)])
    : [[], []];
  // Read as of now (time ran out = finished); a withheld score is not shown at all.
  const attempts = listed.map((t) => {
    const withheld = feedbackWithheld(t.feedback, t.assignmentClosesAt, now);
    return { ...attemptAsOf(t, now), score: withheld ? null : t.score, feedbackWithheld: withheld };
  });
  const last = new Map(reviews.map((r) => [r.itemId, r]));
  const topics = listTopics().map((t) => {
    const items =
      listQuizzes()
        .find((q) => q.id === "article")
        ?.itemIds.map((id) => getItem(id))
        .filter((i) => i && i.topic === t.id && itemPoints(i) > 0) ?? [];
    const answered = items.filter((i) => i && last.has(i.id));
    const mastered = answered.reduce((s, i) => s + (last.get(i?.id ?? "")?.lastFraction ?? 0), 0);
    return {
      topic: t.id,
      title: t.title[lang],
      items: items.length,
      answered: answered.length,
      mastery: items.length ? mastered / items.length : 0,
    };
  });
  const due = reviews
    .filter((r) => r.dueAt <= now && getItem(r.itemId))
    .sort((a, b) => a.dueAt - b.dueAt)
    .map((r) => ({
      questionId: r.itemId,
      // As the learner last saw it: a parametric item's numbers filled in, never "{n} million dollars".
      prompt: getConcreteItem(r.itemId, r.seed ?? 0)?.prompt[lang] ?? r.itemId,
      dueAt: new Date(r.dueAt).toISOString(),
      lastFraction: r.lastFraction,
    }));
  const later = reviews.filter((r) => r.dueAt > now && r.lastFraction < 1 && getItem(r.itemId));
  const upcoming = {
    mistakes: later.length,
    nextDueAt: later.length ? new Date(Math.min(...later.map((r) => r.dueAt))).toISOString() : null,
  };
  return { topics, attempts, due, upcoming };
}
