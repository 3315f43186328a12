import { type Card, createEmptyCard, fsrs, Rating } from "ts-fsrs";

// No fuzz: the same answer at the same time schedules the same review (deterministic, testable).
const scheduler = fsrs({ enable_fuzz: false });

/** The FSRS rating an answer earns: full marks Good, partial Hard, otherwise Again. */
export function ratingFor(fraction: number): Rating.Again | Rating.Hard | Rating.Good {
  if (fraction >= 1) return Rating.Good;
  if (fraction >= 0.5) return Rating.Hard;
  return Rating.Again;
}

/**
 * Schedules an item's next review after an answer (FSRS via ts-fsrs). `previous` is the stored
 * card JSON, or null for an item never reviewed. Returns the new card JSON and when it is due.
 */
export function scheduleReview(previous: string | null, fraction: number, now: Date): { card: string; dueAt: number } {
  const card: Card = previous ? reviveCard(previous) : createEmptyCard(now);
  const next = scheduler.next(card, now, ratingFor(fraction)).card;
  return { card: JSON.stringify(next), dueAt: next.due.getTime() };
}

function reviveCard(json: string): Card {
  const raw = JSON.parse(json) as Card & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}) };
}
