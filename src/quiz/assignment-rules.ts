/**
 * The rules of an assignment's life, each in one place: when it is open, when an attempt's
 * time is up, when feedback may be shown, which attempt counts, how a duration is written.
 * Pure functions and constants; where SQL needs a rule, its fragment is built here from the
 * same constants (see the parity tests in test/quiz/assignment-rules.test.ts).
 */

import { rankKey } from "./ranking.ts";

/** How many learners may join one assignment (issue 12.2); joining past it is a 409. */
export const MAX_LEARNERS_PER_ASSIGNMENT = 500;

export type AssignmentStatus = "scheduled" | "open" | "closed";

/** An assignment's window: it opens at `opensAt` and takes attempts until `closesAt` (none: never closes). */
export type Window = { opensAt: number; closesAt: number | null };

/** Where an assignment is in its life at `now`: not open yet, open, or closed. */
export const assignmentStatus = (a: Window, now: number): AssignmentStatus =>
  now < a.opensAt ? "scheduled" : a.closesAt !== null && a.closesAt <= now ? "closed" : "open";

/** True while an assignment takes attempts. */
export const isOpen = (a: Window, now: number): boolean => assignmentStatus(a, now) === "open";

/** What decides whether an attempt's feedback may be shown. */
export type FeedbackFacts = {
  feedback: "immediate" | "after-close";
  status: "in-progress" | "finished";
  assignmentId: string | null;
};

/**
 * Whether an attempt's feedback (right or wrong, the correct answer, which questions went wrong)
 * may be shown now. An assignment set to "after-close" withholds it, even from finished attempts,
 * while it is still open: no closing time, or one to come. `closesAt` is the assignment's.
 */
export function isFeedbackVisible(attempt: FeedbackFacts, closesAt: number | null | undefined, now: number): boolean {
  if (attempt.feedback === "immediate") return true;
  if (!attempt.assignmentId) return attempt.status === "finished";
  return closesAt !== undefined && closesAt !== null && closesAt <= now;
}

/** Durations count in whole seconds, everywhere they are shown or ranked (the board's SQL divides the same way). */
export const wholeSeconds = (ms: number): number => Math.max(0, Math.floor(ms / 1000));

/** A duration as m:ss (or h:mm:ss): the roster, the boards and the CSV's seconds all agree. */
export function formatDuration(ms: number): string {
  const s = wholeSeconds(ms);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** What decides which of a learner's attempts counts. */
export type ComparableAttempt = { score: number; startedAt: number; finishedAt: number | null };

const durationOf = (a: ComparableAttempt) => (a.finishedAt ?? a.startedAt) - a.startedAt;

/**
 * The order of attempts, best first (negative when `a` is better): higher score (in hundredths),
 * then shorter time (whole seconds), then the earlier finish. The leaderboard's rank key and its
 * tie-break are this order in SQL, so the roster and the board pick the same attempt.
 */
export function compareAttempts(a: ComparableAttempt, b: ComparableAttempt): number {
  return (
    rankKey(a.score, durationOf(a)) - rankKey(b.score, durationOf(b)) ||
    (a.finishedAt ?? a.startedAt) - (b.finishedAt ?? b.startedAt)
  );
}

/** The attempt that counts for a learner: their best finished one, or null. */
export function bestAttempt<T extends ComparableAttempt & { status: string }>(attempts: readonly T[]): T | null {
  let best: T | null = null;
  for (const t of attempts) if (t.status === "finished" && (!best || compareAttempts(t, best) < 0)) best = t;
  return best;
}
