/**
 * Leaderboard ranking, pure: the order of entries, competition ranks (1, 2, 2, 4), the ISO
 * week, and the Fenwick-tree arithmetic that lets the database count better entries in a
 * bounded number of row reads.
 */

/** Scores are compared in hundredths of a point (partial credit sums compare equal despite float noise). */
export const SCORE_STEPS_PER_POINT = 100;
const SCORE_BITS = 16;
const MAX_SCORE_STEPS = 2 ** SCORE_BITS - 1;
/** Time is compared in whole seconds, as shown; attempts longer than 2^20 s (12 days) tie. */
const DURATION_BITS = 20;
const MAX_DURATION_S = 2 ** DURATION_BITS - 1;
/** Bits of a rank key; the Fenwick tree has positions 1 .. 2^KEY_BITS. */
export const KEY_BITS = SCORE_BITS + DURATION_BITS;

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** 1970-01-05, the first Monday after the epoch. */
const FIRST_MONDAY_MS = 4 * DAY_MS;

const clamp = (n: number, lo: number, hi: number) => Math.min(Math.max(n, lo), hi);

/**
 * The key entries are ordered by, best first: higher score, then shorter time. Two entries
 * share a rank exactly when their keys are equal. Mirrors the SQL in src/db/leaderboards.ts.
 */
export function rankKey(score: number, durationMs: number): number {
  const steps = clamp(Math.round(score * SCORE_STEPS_PER_POINT), 0, MAX_SCORE_STEPS);
  const seconds = clamp(Math.floor(durationMs / 1000), 0, MAX_DURATION_S);
  return (MAX_SCORE_STEPS - steps) * 2 ** DURATION_BITS + seconds;
}

/** The same key as SQL over an attempts row aliased `a` (integers only, so both sides agree). */
export const RANK_KEY_SQL = `((${MAX_SCORE_STEPS} - min(max(CAST(round(a.score * ${SCORE_STEPS_PER_POINT}) AS INTEGER), 0), ${MAX_SCORE_STEPS})) * ${2 ** DURATION_BITS} + min(max((a.finished_at - a.started_at) / 1000, 0), ${MAX_DURATION_S}))`;

/**
 * The Fenwick nodes whose sum is the number of entries with a key strictly below `key`
 * (prefix over positions 1..key): `key` with its lowest bits cleared, one bit at a time.
 * At most KEY_BITS + 1 nodes, whatever the number of entries.
 */
export function prefixNodes(key: number): number[] {
  const nodes = new Set<number>();
  for (let j = 0; j <= KEY_BITS; j++) {
    const step = 2 ** j;
    const node = Math.floor(key / step) * step;
    if (node > 0) nodes.add(node);
  }
  return [...nodes];
}

/** Monday 00:00 UTC of the week containing `ms`. */
export function weekStart(ms: number): number {
  return Math.floor((ms - FIRST_MONDAY_MS) / WEEK_MS) * WEEK_MS + FIRST_MONDAY_MS;
}

/** The same as SQL over a column holding ms since the epoch. */
export const weekStartSql = (column: string) =>
  `((${column} - ${FIRST_MONDAY_MS}) / ${WEEK_MS} * ${WEEK_MS} + ${FIRST_MONDAY_MS})`;

/** Competition ranks (1, 2, 2, 4) of the first entries of a board, given their keys in board order. */
export function competitionRanks(keys: number[]): number[] {
  const ranks: number[] = [];
  keys.forEach((key, i) => {
    ranks.push(i > 0 && keys[i - 1] === key ? (ranks[i - 1] as number) : i + 1);
  });
  return ranks;
}
