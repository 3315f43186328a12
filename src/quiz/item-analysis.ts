/**
 * Item analysis of a class's attempts, as Moodle's quiz statistics define it:
 *
 * - facility index F = 100 · mean(x_i) / max(x_i): the mean score on the item as a percentage;
 * - discrimination index D = 100 · r(x_i, X − x_i): Pearson's correlation between the score on
 *   the item and the score on the rest of the test, over the attempts that contained the item
 *   (null when it is undefined: fewer than two attempts, or no spread in either score).
 *
 * Unanswered questions of a finished attempt count 0, as in Moodle. Pure: no I/O.
 */
export type AnalysedAnswer = { points: number; response: unknown };

export type AnalysedAttempt = {
  /** Total points of the attempt. */
  score: number;
  /** The items the attempt served. */
  itemIds: readonly string[];
  /** Answers given, by item id. */
  answers: ReadonlyMap<string, AnalysedAnswer>;
};

export type OptionCount = { optionId: string; count: number; correct: boolean };

export type AnalysedItem = {
  id: string;
  maxPoints: number;
  /** How many of these responses chose each option (e.g. the bank's countOptionPicks); [] when not a choice question. */
  countPicks(responses: readonly unknown[]): OptionCount[];
};

export type ItemStatistics = {
  itemId: string;
  /** Attempts that served the item. */
  attempts: number;
  /** Mean score as a percentage of the item's points; null when no attempt or no points. */
  facility: number | null;
  /** 100 · r(item score, rest-of-test score), in [-100, 100]; null when undefined. */
  discrimination: number | null;
  /** How many attempts picked each option (an unanswered question picks none). */
  picks: OptionCount[];
};

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Pearson's correlation coefficient; null when either variable has no variance or n < 2. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  if (xs.length !== ys.length || xs.length < 2) return null;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return sxy / Math.sqrt(sxx * syy);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Facility, discrimination and option picks of each item over a set of (finished) attempts. */
export function analyseItems(items: readonly AnalysedItem[], attempts: readonly AnalysedAttempt[]): ItemStatistics[] {
  return items.map((item) => {
    const scores: number[] = [];
    const rest: number[] = [];
    const responses: unknown[] = [];
    for (const attempt of attempts) {
      if (!attempt.itemIds.includes(item.id)) continue;
      const answer = attempt.answers.get(item.id);
      const x = answer?.points ?? 0;
      scores.push(x);
      rest.push(attempt.score - x);
      if (answer) responses.push(answer.response);
    }
    const r = item.maxPoints > 0 ? correlation(scores, rest) : null;
    return {
      itemId: item.id,
      attempts: scores.length,
      facility: scores.length && item.maxPoints > 0 ? round2((100 * mean(scores)) / item.maxPoints) : null,
      discrimination: r === null ? null : round2(100 * r),
      picks: item.countPicks(responses),
    };
  });
}

export type ScoreBin = { from: number; to: number; count: number };

/** Scores (as percentages) in `bins` equal bins from 0 to 100; 100 % falls in the last one. */
export function scoreDistribution(percentages: readonly number[], bins = 10): ScoreBin[] {
  const width = 100 / bins;
  const out: ScoreBin[] = Array.from({ length: bins }, (_, i) => ({
    from: round2(i * width),
    to: round2((i + 1) * width),
    count: 0,
  }));
  for (const p of percentages) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(p / width)));
    (out[i] as ScoreBin).count++;
  }
  return out;
}

/**
 * Running sums over the attempts that served one item (what the database keeps per question,
 * migrations/0021): n, Σx, Σx², Σr, Σr², Σx·r with x the points on the item (0 unanswered) and
 * r the rest of the attempt's score.
 */
export type ItemSums = { attempts: number; sumX: number; sumXX: number; sumR: number; sumRR: number; sumXR: number };

/** The sums one attempt adds for one item (the TypeScript twin of the triggers' arithmetic). */
export const itemSumsOf = (points: number, score: number): ItemSums => {
  const rest = score - points;
  return { attempts: 1, sumX: points, sumXX: points * points, sumR: rest, sumRR: rest * rest, sumXR: points * rest };
};

/**
 * Facility and discrimination from running sums: the same figures as {@link analyseItems}
 * (Pearson's r from the centred sums), so reading them costs one row per item whatever the
 * class size. Variances within float noise of zero (relative to Σx²) count as none.
 */
export function statisticsFromSums(
  sums: ItemSums,
  maxPoints: number,
): Pick<ItemStatistics, "attempts" | "facility" | "discrimination"> {
  const n = sums.attempts;
  if (n <= 0) return { attempts: 0, facility: null, discrimination: null };
  const facility = maxPoints > 0 ? round2((100 * (sums.sumX / n)) / maxPoints) : null;
  if (n < 2 || maxPoints <= 0) return { attempts: n, facility, discrimination: null };
  const sxx = sums.sumXX - (sums.sumX * sums.sumX) / n;
  const syy = sums.sumRR - (sums.sumR * sums.sumR) / n;
  const sxy = sums.sumXR - (sums.sumX * sums.sumR) / n;
  const noise = (total: number) => 1e-9 * Math.max(1, Math.abs(total));
  if (sxx < noise(sums.sumXX) || syy < noise(sums.sumRR)) return { attempts: n, facility, discrimination: null };
  return { attempts: n, facility, discrimination: round2(100 * (sxy / Math.sqrt(sxx * syy))) };
}

/** The bin of {@link scoreDistribution} a percentage falls in (the triggers compute the same in SQL). */
export const scoreBin = (percent: number, bins = 10): number =>
  Math.min(bins - 1, Math.max(0, Math.floor(percent / (100 / bins))));
