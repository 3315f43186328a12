import { createEmptyCard, type Grade, Rating, type ReviewCard, reviewCard } from "./fsrs.ts";

/** The FSRS rating an answer earns: full marks Good, partial Hard, otherwise Again. */
export function ratingFor(fraction: number): Grade {
  if (fraction >= 1) return Rating.Good;
  if (fraction >= 0.5) return Rating.Hard;
  return Rating.Again;
}

/**
 * Schedules an item's next review after an answer (FSRS, src/quiz/fsrs.ts). `previous` is the stored
 * card JSON, or null for an item never reviewed. Returns the new card JSON and when it is due.
 */
export function scheduleReview(previous: string | null, fraction: number, now: Date): { card: string; dueAt: number } {
  const card = previous ? reviveCard(previous) : createEmptyCard(now);
  const next = reviewCard(card, now, ratingFor(fraction));
  return { card: JSON.stringify(next), dueAt: next.due.getTime() };
}

function reviveCard(json: string): ReviewCard {
  const raw = JSON.parse(json) as ReviewCard & { due: string; last_review?: string };
  return { ...raw, due: new Date(raw.due), ...(raw.last_review ? { last_review: new Date(raw.last_review) } : {}) };
}
