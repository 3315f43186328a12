import type { Db } from "../env.ts";
import type { RosterCursor } from "../quiz/roster-cursor.ts";
import { type MembershipRow, type RosterEntry, toMembership } from "./assignments.ts";
import { type AttemptRow, toAttempt } from "./attempts.ts";

/** One page of the roster: the learners in join order, their attempts and the points they scored. */
export type RosterPageRows = {
  entries: RosterEntry[];
  /** Points per question of every attempt on the page. */
  points: { attemptId: string; itemId: string; points: number }[];
  /** Whether learners come before the page, and after it. */
  hasBefore: boolean;
  hasAfter: boolean;
  /** D1's rows read for the page (meta.rows_read, summed over the batch). */
  rowsRead: number;
};

const rowsRead = (results: D1Result[]) => results.reduce((sum, r) => sum + (r.meta?.rows_read ?? 0), 0);

/**
 * One page of at most `limit` learners after (or before) a cursor, in one round trip. Each
 * statement reads an index range of the page's learners (assignment_learners_by_seq, then
 * attempts_by_assignment and the answers' primary key), so the rows read depend on the page
 * size, the attempts allowed and the questions per attempt, never on the class size.
 */
export async function loadRosterPage(
  db: Db,
  assignmentId: string,
  cursor: RosterCursor | null,
  limit: number,
): Promise<RosterPageRows> {
  const backward = cursor !== null && "before" in cursor;
  const at = cursor === null ? 0 : "before" in cursor ? cursor.before : cursor.after;
  const range = backward ? "seq < ?2 ORDER BY seq DESC" : "seq > ?2 ORDER BY seq";
  const page = `SELECT learner_id FROM assignment_learners WHERE assignment_id = ?1 AND ${range} LIMIT ?3`;
  const [m, t, n, e] = await db.batch([
    db
      .prepare(`SELECT * FROM assignment_learners WHERE assignment_id = ?1 AND ${range} LIMIT ?3 + 1`)
      .bind(assignmentId, at, limit),
    db
      .prepare(`SELECT * FROM attempts WHERE assignment_id = ?1 AND learner_id IN (${page}) ORDER BY started_at`)
      .bind(assignmentId, at, limit),
    db
      .prepare(
        `SELECT n.attempt_id, n.item_id, n.points FROM attempts t JOIN answers n ON n.attempt_id = t.id
         WHERE t.assignment_id = ?1 AND t.learner_id IN (${page})`,
      )
      .bind(assignmentId, at, limit),
    db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM assignment_learners WHERE assignment_id = ?1 AND seq ${backward ? ">=" : "<="} ?2) AS beyond`,
      )
      .bind(assignmentId, at),
  ]);
  const members = (m?.results ?? []) as MembershipRow[];
  const more = members.length > limit;
  const shown = members.slice(0, limit);
  if (backward) shown.reverse();
  const attempts = ((t?.results ?? []) as AttemptRow[]).map(toAttempt);
  const beyond = ((e?.results ?? []) as { beyond: number }[])[0]?.beyond === 1;
  return {
    entries: shown.map((r) => ({ ...toMembership(r), attempts: attempts.filter((x) => x.learnerId === r.learner_id) })),
    points: ((n?.results ?? []) as { attempt_id: string; item_id: string; points: number }[]).map((r) => ({
      attemptId: r.attempt_id,
      itemId: r.item_id,
      points: r.points,
    })),
    hasBefore: backward ? more : cursor !== null && beyond,
    hasAfter: backward ? beyond : more,
    rowsRead: rowsRead([m, t, n, e].filter((r): r is D1Result => r !== undefined)),
  };
}

/** The class's running sums (kept by the triggers of migrations/0021): a few rows per question. */
export type ClassStatisticsRows = {
  learners: number;
  finished: number;
  /** Counted attempts per tenth of the percentage (index 0 to 9). */
  bins: number[];
  items: {
    itemId: string;
    seed: number;
    attempts: number;
    sumX: number;
    sumXX: number;
    sumR: number;
    sumRR: number;
    sumXR: number;
  }[];
  /** How many counted attempts picked each option, by question. */
  picks: Map<string, Map<string, number>>;
  rowsRead: number;
};

/** The class's statistics in one round trip; the rows read depend on the questions served, not the class size. */
export async function loadClassStatistics(db: Db, assignmentId: string): Promise<ClassStatisticsRows> {
  const [c, b, i, p] = await db.batch([
    db.prepare("SELECT learners, finished FROM assignment_counts WHERE assignment_id = ?").bind(assignmentId),
    db.prepare("SELECT bin, learners FROM assignment_score_bins WHERE assignment_id = ?").bind(assignmentId),
    db
      .prepare(
        `SELECT item_id, seed, attempts, sum_x, sum_xx, sum_r, sum_rr, sum_xr FROM assignment_item_stats
         WHERE assignment_id = ? AND attempts > 0`,
      )
      .bind(assignmentId),
    db
      .prepare(
        "SELECT item_id, option_id, learners FROM assignment_option_picks WHERE assignment_id = ? AND learners > 0",
      )
      .bind(assignmentId),
  ]);
  const counts = ((c?.results ?? []) as { learners: number; finished: number }[])[0];
  const bins = Array.from({ length: 10 }, () => 0);
  for (const r of (b?.results ?? []) as { bin: number; learners: number }[]) bins[r.bin] = r.learners;
  const picks = new Map<string, Map<string, number>>();
  for (const r of (p?.results ?? []) as { item_id: string; option_id: string; learners: number }[]) {
    const forItem = picks.get(r.item_id) ?? new Map<string, number>();
    forItem.set(r.option_id, r.learners);
    picks.set(r.item_id, forItem);
  }
  type ItemRow = {
    item_id: string;
    seed: number;
    attempts: number;
    sum_x: number;
    sum_xx: number;
    sum_r: number;
    sum_rr: number;
    sum_xr: number;
  };
  return {
    learners: counts?.learners ?? 0,
    finished: counts?.finished ?? 0,
    bins,
    items: ((i?.results ?? []) as ItemRow[]).map((r) => ({
      itemId: r.item_id,
      seed: r.seed,
      attempts: r.attempts,
      sumX: r.sum_x,
      sumXX: r.sum_xx,
      sumR: r.sum_r,
      sumRR: r.sum_rr,
      sumXR: r.sum_xr,
    })),
    picks,
    rowsRead: rowsRead([c, b, i, p].filter((r): r is D1Result => r !== undefined)),
  };
}
