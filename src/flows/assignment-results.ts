import { type Assignment, loadClass } from "../db/assignments.ts";
import type { Db } from "../env.ts";
import { ANONYMOUS_LEARNER } from "../quiz/assignment-codes.ts";
import { attemptAsOf, bestAttempt } from "../quiz/assignment-rules.ts";
import type { Attempt } from "../quiz/attempt.ts";
import type { Level } from "../quiz/bank-schema.ts";
import type { Lang } from "../quiz/format.ts";
import { type ConcreteItem, countOptionPicks, getItem, instantiate, itemPoints } from "../quiz/index.ts";
import { type AnalysedAttempt, analyseItems, type ItemStatistics, scoreDistribution } from "../quiz/item-analysis.ts";
import { learnerRef } from "./assignment-commands.ts";

export type RosterRow = {
  /** This learner's id within the assignment (what removal names; the same as `ref`). */
  learnerId: string;
  ref: string;
  name: string;
  status: "not-started" | "in-progress" | "finished";
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  timeTakenMs: number | null;
  attemptsUsed: number;
  extraMinutes: number;
  noTimeLimit: boolean;
  /** Points per question id of the attempt that counts (the best finished). */
  points: Record<string, number>;
};

export type ItemRow = Omit<ItemStatistics, "picks"> & {
  prompt: string;
  type: string;
  level: Level;
  maxPoints: number;
  sentenceId: string;
  picks: (ItemStatistics["picks"][number] & { label: string })[];
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Roster, item analysis and score distribution, read only. Attempts past their deadline read as
 * finished, so the teacher never waits on a learner who walked away. `maxLearners` is the
 * configured cap on learners (`maxLearnersPerAssignment`), shown to the teacher.
 */
export async function assignmentResults(db: Db, a: Assignment, lang: Lang, now: number, maxLearners: number) {
  const loaded = await loadClass(db, a.id);
  const answers = loaded.answers;
  // Read only: attempts past their deadline read as finished (the scheduled sweep stores them so).
  const roster = loaded.roster.map((entry) => ({ ...entry, attempts: entry.attempts.map((t) => attemptAsOf(t, now)) }));
  const byAttempt = new Map<string, typeof answers>();
  for (const answer of answers) byAttempt.set(answer.attemptId, [...(byAttempt.get(answer.attemptId) ?? []), answer]);

  const rows: RosterRow[] = [];
  const counted: { attempt: Attempt; analysed: AnalysedAttempt }[] = [];
  for (const [index, entry] of roster.entries()) {
    const best = bestAttempt(entry.attempts);
    const points: Record<string, number> = {};
    if (best) {
      const given = byAttempt.get(best.id) ?? [];
      for (const id of best.itemIds) points[id] = given.find((g) => g.itemId === id)?.points ?? 0;
      counted.push({
        attempt: best,
        analysed: {
          score: best.score,
          itemIds: best.itemIds,
          answers: new Map(
            given.map((g) => [g.itemId, { points: g.points, response: JSON.parse(g.response) as unknown }]),
          ),
        },
      });
    }
    rows.push({
      learnerId: await learnerRef(a.id, entry.learnerId),
      ref: await learnerRef(a.id, entry.learnerId),
      name: entry.name ?? `${ANONYMOUS_LEARNER[lang]} ${index + 1}`,
      status: entry.attempts.some((t) => t.status === "in-progress")
        ? "in-progress"
        : best
          ? "finished"
          : "not-started",
      score: best ? round2(best.score) : null,
      maxScore: best ? best.maxScore : null,
      percent: best && best.maxScore > 0 ? round2((100 * best.score) / best.maxScore) : null,
      timeTakenMs: best ? (best.finishedAt ?? best.startedAt) - best.startedAt : null,
      attemptsUsed: entry.attempts.length,
      extraMinutes: entry.extraMinutes,
      noTimeLimit: entry.noTimeLimit,
      points,
    });
  }

  // The questions anyone was served, in the pool's order; each shown as the first attempt saw it.
  const served = new Map<string, ConcreteItem>();
  for (const { attempt } of counted) {
    for (const id of attempt.itemIds) {
      const item = getItem(id);
      if (item && !served.has(id)) served.set(id, instantiate(item, attempt.seed));
    }
  }
  const ordered = a.pool.filter((id) => served.has(id)).map((id) => served.get(id) as ConcreteItem);
  const stats = analyseItems(
    ordered.map((item) => ({
      id: item.id,
      maxPoints: itemPoints(item),
      countPicks: (responses: readonly unknown[]) => countOptionPicks(item, responses),
    })),
    counted.map((c) => c.analysed),
  );
  const items: ItemRow[] = stats.map((s, i) => {
    const item = ordered[i] as ConcreteItem;
    const labels = new Map(countOptionPicks(item, []).map((p) => [p.optionId, p.label[lang]]));
    return {
      ...s,
      prompt: item.prompt[lang],
      type: item.type,
      level: item.level,
      maxPoints: itemPoints(item),
      sentenceId: item.source.sentenceId,
      picks: s.picks.map((p) => ({
        optionId: p.optionId,
        count: p.count,
        correct: p.correct,
        label: labels.get(p.optionId) ?? p.optionId,
      })),
    };
  });
  const weakest = items
    .filter((i) => i.facility !== null && i.attempts > 0)
    .sort((x, y) => (x.facility ?? 0) - (y.facility ?? 0))
    .slice(0, 3)
    .map((i) => i.itemId);
  return {
    assignment: a,
    roster: rows,
    items,
    weakest,
    distribution: scoreDistribution(rows.filter((r) => r.percent !== null).map((r) => r.percent as number)),
    learnerCount: rows.length,
    maxLearners,
    finishedCount: rows.filter((r) => r.score !== null).length,
    questionIds: ordered.map((i) => i.id),
  };
}

export type AssignmentResults = Awaited<ReturnType<typeof assignmentResults>>;
