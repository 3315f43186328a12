import fc from "fast-check";
import { type Card, fsrs, Rating as LibraryRating, createEmptyCard as libraryEmptyCard } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { createEmptyCard, type Grade, Rating, type ReviewCard, reviewCard } from "../../src/quiz/fsrs.ts";
import { ratingFor, scheduleReview } from "../../src/quiz/review.ts";
import storedCards from "./fixtures/review-cards.json" with { type: "json" };

/*
 * src/quiz/fsrs.ts replaces ts-fsrs 5.4.2 (now a devDependency, pinned) in the Worker. These tests
 * hold it to the library: the code below is src/quiz/review.ts as it was with ts-fsrs, and every
 * card either writes must be the same, field for field and byte for byte in the stored JSON.
 */
const library = fsrs({ enable_fuzz: false });

function libraryScheduleReview(previous: string | null, fraction: number, now: Date): { card: string; dueAt: number } {
  const card: Card = previous ? libraryReviveCard(previous) : libraryEmptyCard(now);
  const next = library.next(card, now, ratingFor(fraction)).card;
  return { card: JSON.stringify(next), dueAt: next.due.getTime() };
}

function libraryReviveCard(json: string): Card {
  const raw = JSON.parse(json) as Card & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}) };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** When the next answer comes: some time after the last one, or around the card's due time. */
const nextAnswerTime = fc.oneof(
  fc.record({ after: fc.constant("last" as const), ms: fc.integer({ min: 0, max: 30 * MINUTE }) }),
  fc.record({ after: fc.constant("last" as const), ms: fc.integer({ min: 0, max: 3 * DAY }) }),
  fc.record({ after: fc.constant("last" as const), ms: fc.integer({ min: 0, max: 400 * DAY }) }),
  fc.record({ after: fc.constant("last" as const), ms: fc.integer({ min: 0, max: 40 * 365 * DAY }) }),
  fc.record({ after: fc.constant("due" as const), ms: fc.integer({ min: -2 * DAY, max: 2 * DAY }) }),
  // A clock that went back (ts-fsrs refuses a review on an earlier UTC day than the last).
  fc.record({ after: fc.constant("last" as const), ms: fc.integer({ min: -3 * DAY, max: 0 }) }),
);

const answerFraction = fc.oneof(
  fc.constantFrom(0, 0.5, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0.49999999999999994, 0.9999999999999999),
);

const answers = fc.array(fc.record({ fraction: answerFraction, when: nextAnswerTime }), {
  minLength: 1,
  maxLength: 40,
});
const firstAnswer = fc.date({
  min: new Date("2020-01-01T00:00:00Z"),
  max: new Date("2045-01-01T00:00:00Z"),
  noInvalidDate: true,
});

function attempt<T>(run: () => T): { value: T } | { error: true } {
  try {
    return { value: run() };
  } catch {
    return { error: true };
  }
}

describe("FSRS scheduling, against ts-fsrs 5.4.2", () => {
  it("random answer sequences at random times store the same card JSON and due time", () => {
    fc.assert(
      fc.property(firstAnswer, answers, (start, sequence) => {
        let stored: string | null = null;
        let dueAt = start.getTime();
        let lastAt = start.getTime();
        for (const [index, { fraction, when }] of sequence.entries()) {
          const at = index === 0 ? lastAt : (when.after === "due" ? dueAt : lastAt) + when.ms;
          const now = new Date(at);
          const expected = attempt(() => libraryScheduleReview(stored, fraction, now));
          const actual = attempt(() => scheduleReview(stored, fraction, now));
          expect(actual).toStrictEqual(expected);
          if (!("value" in expected)) return;
          stored = expected.value.card;
          dueAt = expected.value.dueAt;
          lastAt = at;
        }
      }),
      { numRuns: 400 },
    );
  });

  it("each rating from every card reached gives the same card object as ts-fsrs", () => {
    fc.assert(
      fc.property(firstAnswer, answers, (start, sequence) => {
        let card: ReviewCard = createEmptyCard(start);
        let lastAt = start.getTime();
        for (const [index, { fraction, when }] of sequence.entries()) {
          const at = index === 0 ? lastAt : (when.after === "due" ? card.due.getTime() : lastAt) + when.ms;
          const now = new Date(at);
          for (const grade of [Rating.Again, Rating.Hard, Rating.Good] as Grade[]) {
            const expected = attempt(() => library.next(card as Card, now, grade).card);
            expect(attempt(() => reviewCard(card, now, grade))).toStrictEqual(expected);
          }
          const next = attempt(() => reviewCard(card, now, ratingFor(fraction)));
          if (!("value" in next)) return;
          card = next.value;
          lastAt = at;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("any card a learner could have stored, reviewed with each rating, gives ts-fsrs's card", () => {
    // Cards built field by field reach what short sequences rarely do: stabilities near the 36 500-day
    // cap, lapses, steps past the last one.
    const eightDecimals = (min: number, max: number) =>
      fc.double({ min, max, noNaN: true }).map((value) => Math.round(value * 1e8) / 1e8);
    const storedCard = fc.record({
      state: fc.constantFrom(1 as const, 2 as const, 3 as const),
      stability: fc.oneof(eightDecimals(0.001, 30), eightDecimals(0.001, 36500)),
      difficulty: eightDecimals(1, 10),
      learning_steps: fc.constantFrom(0, 0, 1, 2),
      reps: fc.integer({ min: 1, max: 300 }),
      lapses: fc.integer({ min: 0, max: 60 }),
      scheduled_days: fc.integer({ min: 0, max: 36500 }),
      elapsed_days: fc.integer({ min: 0, max: 36500 }),
      last_review: firstAnswer,
      dueInMs: fc.integer({ min: 0, max: 40 * 365 * DAY }),
    });
    fc.assert(
      fc.property(storedCard, nextAnswerTime, ({ dueInMs, ...fields }, when) => {
        const card: ReviewCard = { ...fields, due: new Date(fields.last_review.getTime() + dueInMs) };
        const now = new Date((when.after === "due" ? card.due : fields.last_review).getTime() + when.ms);
        for (const grade of [Rating.Again, Rating.Hard, Rating.Good] as Grade[]) {
          const expected = attempt(() => library.next({ ...card } as Card, now, grade).card);
          expect(attempt(() => reviewCard({ ...card }, now, grade))).toStrictEqual(expected);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("an empty card is ts-fsrs's empty card", () => {
    const now = new Date("2026-11-29T10:00:00Z");
    expect(createEmptyCard(now)).toStrictEqual(libraryEmptyCard(now));
  });

  it("our ratings are ts-fsrs's numbers", () => {
    expect(Rating).toStrictEqual({ Again: LibraryRating.Again, Hard: LibraryRating.Hard, Good: LibraryRating.Good });
    expect([ratingFor(0), ratingFor(0.49), ratingFor(0.5), ratingFor(0.99), ratingFor(1)]).toEqual([1, 1, 2, 2, 3]);
  });
});

describe("cards stored by the ts-fsrs code", () => {
  // test/quiz/fixtures/review-cards.json: card JSON written by src/quiz/review.ts when it used ts-fsrs
  // (commit ef1b1d8), from seeded answer sequences, with what that code stored after each rating.
  it.each(storedCards.map((entry, index) => ({ ...entry, index })))(
    "card $index ($at) continues exactly as the old code continued it",
    ({ stored, at, answers: expected }) => {
      const now = new Date(at);
      const actual = expected.map(({ fraction }) => ({ fraction, ...scheduleReview(stored, fraction, now) }));
      expect(actual).toStrictEqual(expected);
    },
  );

  it("cover each state a stored card can be in, and lapses", () => {
    const states = new Set(storedCards.flatMap(({ stored }) => (stored ? [JSON.parse(stored).state] : [])));
    expect([...states].sort()).toEqual([1, 2, 3]);
    expect(storedCards.some(({ stored }) => stored === null)).toBe(true);
    expect(storedCards.some(({ stored }) => stored && JSON.parse(stored).lapses > 0)).toBe(true);
  });
});
