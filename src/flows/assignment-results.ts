import type { Assignment } from "../db/assignments.ts";
import { loadClassStatistics, loadRosterPage } from "../db/class-results.ts";
import type { Db } from "../env.ts";
import { ANONYMOUS_LEARNER } from "../quiz/assignment-codes.ts";
import { attemptAsOf, bestAttempt } from "../quiz/assignment-rules.ts";
import type { Level } from "../quiz/bank-schema.ts";
import type { Lang } from "../quiz/format.ts";
import { type ConcreteItem, countOptionPicks, getItem, instantiate, itemPoints } from "../quiz/index.ts";
import { type ItemStatistics, scoreDistribution, statisticsFromSums } from "../quiz/item-analysis.ts";
import { decodeRosterCursor, encodeRosterCursor } from "../quiz/roster-cursor.ts";
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

/** Roster page sizes: the default and the bounds a client may ask for. */
export const ROSTER_PAGE = { default: 50, min: 1, max: 200 } as const;

/** A page of the roster and the cursors (opaque tokens) of the pages around it. */
export type RosterPage = { rows: RosterRow[]; next: string | null; prev: string | null };

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * One page of the roster after (or before) the cursor token, read only: attempts past their
 * deadline read as finished (the scheduled sweep stores them so), so the teacher never waits on
 * a learner who walked away. A token that is not a roster cursor is an invalid `/cursor`.
 */
export async function rosterPage(
  db: Db,
  a: Assignment,
  lang: Lang,
  now: number,
  page: { cursor?: string | undefined; limit: number },
): Promise<RosterPage & { rowsRead: number }> {
  const cursor = decodeRosterCursor(page.cursor);
  const loaded = await loadRosterPage(db, a.id, cursor, page.limit);
  const points = new Map<string, Map<string, number>>();
  for (const p of loaded.points) {
    const forAttempt = points.get(p.attemptId) ?? new Map<string, number>();
    forAttempt.set(p.itemId, p.points);
    points.set(p.attemptId, forAttempt);
  }
  const rows: RosterRow[] = [];
  for (const entry of loaded.entries) {
    const attempts = entry.attempts.map((t) => attemptAsOf(t, now));
    const best = bestAttempt(attempts);
    const scored: Record<string, number> = {};
    if (best) for (const id of best.itemIds) scored[id] = points.get(best.id)?.get(id) ?? 0;
    const ref = await learnerRef(a.id, entry.learnerId);
    rows.push({
      learnerId: ref,
      ref,
      name: entry.name ?? `${ANONYMOUS_LEARNER[lang]} ${entry.seq}`,
      status: attempts.some((t) => t.status === "in-progress") ? "in-progress" : best ? "finished" : "not-started",
      score: best ? round2(best.score) : null,
      maxScore: best ? best.maxScore : null,
      percent: best && best.maxScore > 0 ? round2((100 * best.score) / best.maxScore) : null,
      timeTakenMs: best ? (best.finishedAt ?? best.startedAt) - best.startedAt : null,
      attemptsUsed: attempts.length,
      extraMinutes: entry.extraMinutes,
      noTimeLimit: entry.noTimeLimit,
      points: scored,
    });
  }
  const first = loaded.entries[0]?.seq;
  const last = loaded.entries.at(-1)?.seq;
  return {
    rows,
    next: loaded.hasAfter
      ? encodeRosterCursor({ after: last ?? (cursor && "before" in cursor ? cursor.before - 1 : 0) })
      : null,
    prev: loaded.hasBefore
      ? encodeRosterCursor({ before: first ?? (cursor && "after" in cursor ? cursor.after + 1 : 1) })
      : null,
    rowsRead: loaded.rowsRead,
  };
}

/**
 * The class's statistics from the running sums the database keeps (migrations/0021): how many
 * joined and finished, the score distribution and the item analysis (Moodle's facility and
 * discrimination, option picks) over each learner's counted attempt, in the pool's order. The
 * rows read depend on the questions served, not the class size. An attempt whose time ran out
 * counts once the scheduled sweep has stored it finished.
 */
export async function classStatistics(db: Db, a: Assignment, lang: Lang) {
  const stats = await loadClassStatistics(db, a.id);
  const byId = new Map(stats.items.map((s) => [s.itemId, s]));
  const items: ItemRow[] = [];
  for (const id of a.pool) {
    const sums = byId.get(id);
    const bank = sums ? getItem(id) : undefined;
    if (!sums || !bank) continue;
    const item: ConcreteItem = instantiate(bank, sums.seed);
    const maxPoints = itemPoints(item);
    const picked = stats.picks.get(id) ?? new Map<string, number>();
    items.push({
      itemId: id,
      ...statisticsFromSums(sums, maxPoints),
      prompt: item.prompt[lang],
      type: item.type,
      level: item.level,
      maxPoints,
      sentenceId: item.source.sentenceId,
      picks: countOptionPicks(item, []).map((p) => ({
        optionId: p.optionId,
        count: picked.get(p.optionId) ?? 0,
        correct: p.correct,
        label: p.label[lang],
      })),
    });
  }
  const weakest = items
    .filter((i) => i.facility !== null && i.attempts > 0)
    .sort((x, y) => (x.facility ?? 0) - (y.facility ?? 0))
    .slice(0, 3)
    .map((i) => i.itemId);
  const distribution = scoreDistribution([]).map((bin, i) => ({ ...bin, count: stats.bins[i] ?? 0 }));
  return {
    items,
    weakest,
    distribution,
    learnerCount: stats.learners,
    finishedCount: stats.finished,
    questionIds: items.map((i) => i.itemId),
    rowsRead: stats.rowsRead,
  };
}

export type ClassStatistics = Awaited<ReturnType<typeof classStatistics>>;

/**
 * A roster page with the class's statistics: the manage page and the results API. `maxLearners`
 * is the configured cap on learners (`maxLearnersPerAssignment`), shown to the teacher.
 */
export async function assignmentResults(
  db: Db,
  a: Assignment,
  lang: Lang,
  now: number,
  maxLearners: number,
  page: { cursor?: string | undefined; limit: number },
) {
  // The page first: a bad cursor is refused before any other read.
  const roster = await rosterPage(db, a, lang, now, page);
  const stats = await classStatistics(db, a, lang);
  return { assignment: a, roster: roster.rows, next: roster.next, prev: roster.prev, maxLearners, ...stats };
}

export type AssignmentResults = Awaited<ReturnType<typeof assignmentResults>>;

/**
 * The whole roster for the CSV, one bounded page per step: the columns (the questions served)
 * are fixed at the start, then each `next()` reads one keyset page. Join order is the key, so a
 * learner who joins during the walk comes after the ones already read: everybody appears once.
 */
export async function rosterForCsv(db: Db, a: Assignment, lang: Lang, now: number, pageSize = ROSTER_PAGE.max) {
  const stats = await classStatistics(db, a, lang);
  let cursor: string | undefined;
  let done = false;
  return {
    questionIds: stats.questionIds,
    /** The next page of rows, or null when the roster is done. */
    async next(): Promise<RosterRow[] | null> {
      if (done) return null;
      const page = await rosterPage(db, a, lang, now, { cursor, limit: pageSize });
      if (page.next === null) done = true;
      else cursor = page.next;
      return page.rows;
    },
  };
}
