/**
 * The FSRS-6 scheduler the review queue uses, written out: the same schedule, to the bit, as
 * ts-fsrs 5.4.2's `fsrs({ enable_fuzz: false })` (its default weights, 90 % requested retention,
 * 36 500-day maximum interval, short-term scheduling with learning steps 1m 10m and relearning
 * step 10m), for the three ratings an answer can earn. The library cost about 6.6 KiB of the
 * gzipped Worker for these few formulas; test/quiz/review.test.ts runs random answer sequences
 * through both and compares every card. Formulas keep ts-fsrs's order of operations and its
 * rounding to 8 decimals, because a different but equivalent expression can round differently
 * (`**` is the same operation as its `Math.pow`).
 */

/** A card's memory phase, stored as its number (the values ts-fsrs stores). */
export const CardState = { New: 0, Learning: 1, Review: 2, Relearning: 3 } as const;
export type CardState = (typeof CardState)[keyof typeof CardState];

/** The ratings an answer can earn (FSRS numbers them 1 to 4; Easy is never given here). */
export const Rating = { Again: 1, Hard: 2, Good: 3 } as const;
export type Grade = (typeof Rating)[keyof typeof Rating];

/** An item's review card; the stored JSON has these fields, names and types (dates as ISO strings). */
export interface ReviewCard {
  due: Date;
  stability: number;
  difficulty: number;
  /** Whole UTC calendar days between the last two reviews. */
  elapsed_days: number;
  scheduled_days: number;
  reps: number;
  lapses: number;
  /** The learning or relearning step the card is at. */
  learning_steps: number;
  state: CardState;
  last_review?: Date;
}

// FSRS-6 default weights (ts-fsrs `default_w`; all inside its clamping ranges, so used as they are).
const W = [
  0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483,
  0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
] as const;
const REQUEST_RETENTION = 0.9;
const MAXIMUM_INTERVAL = 36500;
const S_MIN = 0.001;
const S_MAX = 36500;
// In minutes ("1m", "10m" and "10m" in ts-fsrs); all under a day, so a step never schedules in days.
const LEARNING_STEPS = [1, 10] as const;
const RELEARNING_STEPS = [10] as const;
const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const DECAY = -W[20];
const FACTOR = roundTo(Math.exp(DECAY ** -1 * Math.log(0.9)) - 1);
const INTERVAL_MODIFIER = roundTo((REQUEST_RETENTION ** (1 / DECAY) - 1) / FACTOR);

function roundTo(value: number): number {
  return Math.round(value * 1e8) / 1e8;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** A card never reviewed, due now. */
export function createEmptyCard(now: Date): ReviewCard {
  return {
    due: now,
    stability: 0,
    difficulty: 0,
    elapsed_days: 0,
    scheduled_days: 0,
    reps: 0,
    lapses: 0,
    learning_steps: 0,
    state: CardState.New,
    last_review: undefined,
  };
}

/**
 * The card after a review at `now` with this rating. Throws a RangeError when `now` falls on an
 * earlier UTC day than the card's last review (as ts-fsrs does). Fields other than the card's own
 * are kept, in their order.
 */
export function reviewCard(card: ReviewCard, now: Date, grade: Grade): ReviewCard {
  const elapsed = card.state !== CardState.New && card.last_review ? utcDaysBetween(card.last_review, now) : 0;
  const current = {
    ...card,
    state: card.state,
    due: card.due,
    last_review: now,
    elapsed_days: elapsed,
    reps: card.reps + 1,
  };
  const after = (g: Grade, retrievability?: number): ReviewCard => ({
    ...current,
    ...nextMemory(current.difficulty, current.stability, elapsed, g, retrievability),
  });

  if (card.state !== CardState.Review) {
    const next = after(grade);
    applyStep(next, current, grade, card.state === CardState.New ? CardState.Learning : card.state, now);
    return next;
  }
  const retrievability = forgettingCurve(elapsed, current.stability);
  if (grade === Rating.Again) {
    const next = after(grade, retrievability);
    applyStep(next, current, grade, CardState.Relearning, now);
    next.lapses += 1;
    return next;
  }
  // Hard is never scheduled after Good, and Good at least a day after Hard.
  const hard = after(Rating.Hard, retrievability);
  const good = after(Rating.Good, retrievability);
  const goodDays = nextInterval(good.stability);
  const hardDays = Math.min(nextInterval(hard.stability), goodDays);
  const next = grade === Rating.Hard ? hard : good;
  next.scheduled_days = grade === Rating.Hard ? hardDays : Math.max(goodDays, hardDays + 1);
  next.due = new Date(now.getTime() + next.scheduled_days * DAY_MS);
  next.state = CardState.Review;
  next.learning_steps = 0;
  return next;
}

/** The next (re)learning step, or graduation to Review at the interval the stability gives. */
function applyStep(next: ReviewCard, current: ReviewCard, grade: Grade, toState: CardState, now: Date): void {
  const { minutes, step } = learningStep(current.state, current.learning_steps || 0, grade);
  if (minutes > 0) {
    next.learning_steps = step;
    next.scheduled_days = 0;
    next.state = toState;
    next.due = new Date(now.getTime() + minutes * MINUTE_MS);
  } else {
    next.state = CardState.Review;
    next.learning_steps = 0;
    next.scheduled_days = nextInterval(next.stability);
    next.due = new Date(now.getTime() + next.scheduled_days * DAY_MS);
  }
}

/** ts-fsrs's basic learning-steps strategy: minutes to wait (0: graduate) and the step reached. */
function learningStep(state: CardState, current: number, grade: Grade): { minutes: number; step: number } {
  const steps: readonly number[] =
    state === CardState.Review || state === CardState.Relearning ? RELEARNING_STEPS : LEARNING_STEPS;
  const first = steps[0] ?? 0;
  const graduate = { minutes: 0, step: 0 };
  if (current >= steps.length) return graduate;
  // A lapse (only Again reaches here from Review) starts relearning at the first step.
  if (state === CardState.Review) return { minutes: first, step: 0 };
  if (grade === Rating.Again) return { minutes: first, step: 0 };
  if (grade === Rating.Hard) {
    const second = steps[1];
    return { minutes: Math.round(second === undefined ? first * 1.5 : (first + second) / 2), step: current };
  }
  const following = steps[current + 1];
  return following ? { minutes: Math.round(following), step: current + 1 } : graduate;
}

function nextMemory(
  d: number,
  s: number,
  t: number,
  g: Grade,
  retrievability?: number,
): { difficulty: number; stability: number } {
  if (t < 0) throw new RangeError(`A review cannot come ${-t} day(s) before the last one.`);
  if (d === 0 && s === 0)
    return { difficulty: clamp(initDifficulty(g), 1, 10), stability: Math.max(W[g - 1] ?? 0, 0.1) };
  if (d < 1 || s < S_MIN) throw new RangeError(`Invalid review card memory (difficulty ${d}, stability ${s}).`);
  const r = retrievability ?? forgettingCurve(t, s);
  let stability: number;
  if (t === 0) {
    // Same-day review (short-term stability).
    const sinc = s ** -W[19] * Math.exp(W[17] * (g - 3 + W[18]));
    stability = roundTo(clamp(s * (g >= Rating.Hard ? Math.max(sinc, 1) : sinc), S_MIN, S_MAX));
  } else if (g === Rating.Again) {
    const afterLapse = roundTo(
      clamp(W[11] * d ** -W[12] * ((s + 1) ** W[13] - 1) * Math.exp((1 - r) * W[14]), S_MIN, S_MAX),
    );
    stability = clamp(roundTo(s / Math.exp(W[17] * W[18])), S_MIN, afterLapse);
  } else {
    const hardPenalty = g === Rating.Hard ? W[15] : 1;
    stability = roundTo(
      clamp(
        s * (1 + Math.exp(W[8]) * (11 - d) * s ** -W[9] * (Math.exp((1 - r) * W[10]) - 1) * hardPenalty),
        S_MIN,
        S_MAX,
      ),
    );
  }
  // Linear damping towards 10, then mean reversion towards the initial difficulty of Easy (4).
  const nextD = d + roundTo((-W[6] * (g - 3) * (10 - d)) / 9);
  const difficulty = clamp(roundTo(W[7] * initDifficulty(4) + (1 - W[7]) * nextD), 1, 10);
  return { difficulty, stability };
}

function initDifficulty(g: number): number {
  return roundTo(W[4] - Math.exp((g - 1) * W[5]) + 1);
}

/** Retrievability after t days at stability s. */
function forgettingCurve(t: number, s: number): number {
  return roundTo((1 + (FACTOR * t) / s) ** DECAY);
}

function nextInterval(stability: number): number {
  return Math.min(Math.max(1, Math.round(stability * INTERVAL_MODIFIER)), MAXIMUM_INTERVAL);
}

function utcDaysBetween(from: Date, to: Date): number {
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  return Math.floor((end - start) / DAY_MS);
}
