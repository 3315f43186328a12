/**
 * The rules of an assignment's life, each in one place: when it is open, when an attempt's
 * time is up, when feedback may be shown, which attempt counts, how a duration is written.
 * Pure functions and constants; where SQL needs a rule, its fragment is built here from the
 * same constants (see the parity tests in test/quiz/assignment-rules.test.ts).
 */

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
