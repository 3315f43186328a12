/**
 * The rules of an assignment's life, each in one place: when it is open, when an attempt's
 * time is up, when feedback may be shown, which attempt counts, how a duration is written.
 * Pure functions and constants; where SQL needs a rule, its fragment is built here from the
 * same constants (see the parity tests in test/quiz/assignment-rules.test.ts).
 */

import * as z from "zod";
import { LANGS } from "./format.ts";
import { rankKey } from "./ranking.ts";

/**
 * How many learners may join one assignment (issue 12.2) unless the Worker's var
 * {@link MAX_LEARNERS_VAR} says otherwise; joining past the cap is a 409.
 */
export const MAX_LEARNERS_PER_ASSIGNMENT = 500;

/** The wrangler var (`[vars]` in wrangler.toml, or the dashboard) that sets the cap. */
export const MAX_LEARNERS_VAR = "MAX_LEARNERS_PER_ASSIGNMENT" as const;

/** The range a configured cap must fall in: at least one learner, at most what one class page can bear. */
export const MAX_LEARNERS_RANGE = { min: 1, max: 10_000 } as const;

const learnerCap = z.coerce.number().check(z.int(), z.gte(MAX_LEARNERS_RANGE.min), z.lte(MAX_LEARNERS_RANGE.max));

/**
 * The learner cap from the Worker's vars (strings): a whole number in {@link MAX_LEARNERS_RANGE}.
 * Anything missing, empty or malformed ("abc", "0", "2.5", "1e9") falls back to the default,
 * so a typo never closes every class nor lifts the cap.
 */
export function maxLearnersPerAssignment(vars: { readonly [MAX_LEARNERS_VAR]?: unknown }): number {
  const raw = vars[MAX_LEARNERS_VAR];
  if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) {
    return MAX_LEARNERS_PER_ASSIGNMENT;
  }
  const parsed = learnerCap.safeParse(raw);
  return parsed.success ? parsed.data : MAX_LEARNERS_PER_ASSIGNMENT;
}

export type AssignmentStatus = "scheduled" | "open" | "closed";

/** When learners see whether they were right: at once, or only after the assignment closes. */
export const FEEDBACK_MODES = ["immediate", "after-close"] as const;
export type FeedbackMode = (typeof FEEDBACK_MODES)[number];

/** The language an assignment is served in: one for everyone, or each learner's own. */
export const ASSIGNMENT_LANGS = [...LANGS, "learner"] as const;
export type AssignmentLang = (typeof ASSIGNMENT_LANGS)[number];

/** An assignment's window: it opens at `opensAt` and takes attempts until `closesAt` (none: never closes). */
export type Window = { opensAt: number; closesAt: number | null };

/**
 * Where an assignment is in its life at `now`: not open yet, open, or closed. A close that has
 * passed wins over an opening still to come: a scheduled assignment the teacher closes is closed.
 */
export const assignmentStatus = (a: Window, now: number): AssignmentStatus =>
  a.closesAt !== null && a.closesAt <= now ? "closed" : now < a.opensAt ? "scheduled" : "open";

/** True while an assignment takes attempts. */
export const isOpen = (a: Window, now: number): boolean => assignmentStatus(a, now) === "open";

/** SQL names (columns or expressions) for the facts a rule reads. */
export type SqlNames<T> = { [K in keyof T]-?: string };

/** {@link isOpen} as SQL over an assignment's columns, at the time bound to `now` (e.g. "?3"). */
export const isOpenSql = (a: SqlNames<Window>, now: string): string =>
  `(${a.opensAt} <= ${now} AND (${a.closesAt} IS NULL OR ${a.closesAt} > ${now}))`;

/** What decides whether an attempt's feedback may be shown. */
export type FeedbackFacts = {
  feedback: FeedbackMode;
  status: "in-progress" | "finished";
  assignmentId: string | null;
};

/**
 * Whether an attempt's feedback (right or wrong, the correct answer, its score, which questions
 * went wrong) may be shown now: see {@link feedbackWithheld}. `closesAt` is the assignment's.
 */
export function isFeedbackVisible(attempt: FeedbackFacts, closesAt: number | null | undefined, now: number): boolean {
  return !feedbackWithheld(attempt.feedback, closesAt, now);
}

/** Milliseconds after a deadline during which an answer still counts (network latency). */
export const DEADLINE_GRACE_MS = 10_000;

/** Time limits and extra time are set in whole minutes. */
export const MINUTE_MS = 60_000;

/**
 * What sets an attempt's deadline: the assignment's time limit and closing time, and the
 * learner's accommodation (extra minutes, or no time limit at all).
 */
export type DeadlineFacts = {
  startedAt: number;
  timeLimitMinutes: number | null;
  closesAt: number | null;
  extraMinutes: number;
  noTimeLimit: boolean;
};

/**
 * An attempt's deadline (null: none): its start plus the time limit and the learner's extra
 * minutes, never after the assignment's close; the close alone without a time limit (or with
 * the accommodation "no time limit"). Extending the close moves it; answers count until
 * {@link DEADLINE_GRACE_MS} after it.
 */
export function attemptDeadline(f: DeadlineFacts): number | null {
  const personal =
    f.timeLimitMinutes === null || f.noTimeLimit
      ? null
      : f.startedAt + (f.timeLimitMinutes + f.extraMinutes) * MINUTE_MS;
  if (personal === null) return f.closesAt;
  return f.closesAt === null ? personal : Math.min(personal, f.closesAt);
}

/** {@link attemptDeadline} as SQL; `noTimeLimit` names a 0/1 integer. */
export function attemptDeadlineSql(f: SqlNames<DeadlineFacts>): string {
  const personal = `${f.startedAt} + (${f.timeLimitMinutes} + ${f.extraMinutes}) * ${MINUTE_MS}`;
  return `(CASE WHEN ${f.timeLimitMinutes} IS NULL OR ${f.noTimeLimit} = 1 THEN ${f.closesAt}
    WHEN ${f.closesAt} IS NULL THEN ${personal} ELSE min(${personal}, ${f.closesAt}) END)`;
}

type Timed = { status: "in-progress" | "finished"; deadlineAt: number | null; finishedAt: number | null };

/** True when an attempt's time limit (plus grace) has passed at `now`. */
export const timeIsUp = (attempt: Pick<Timed, "deadlineAt">, now: number): boolean =>
  attempt.deadlineAt !== null && now > attempt.deadlineAt + DEADLINE_GRACE_MS;

/**
 * {@link timeIsUp} as SQL over a deadline column, at the time bound to `now`. Written as
 * `deadline < now - grace` so a range over an index on the deadline can answer it
 * (migrations/0014's attempts_running_by_deadline).
 */
export const timeIsUpSql = (deadline: string, now: string): string =>
  `(${deadline} IS NOT NULL AND ${deadline} < ${now} - ${DEADLINE_GRACE_MS})`;

/** SQL for the end of an attempt's grace period, when its time is up. */
const graceEndSql = (deadline: string) => `${deadline} + ${DEADLINE_GRACE_MS}`;

/**
 * An attempt as it stands at `now`. One whose time ran out reads as finished (at the end of its
 * grace period) before the scheduled sweep stores it so: reads never have to write.
 */
export function attemptAsOf<T extends Timed>(attempt: T, now: number): T {
  if (attempt.status !== "in-progress" || !timeIsUp(attempt, now)) return attempt;
  return { ...attempt, status: "finished", finishedAt: (attempt.deadlineAt as number) + DEADLINE_GRACE_MS };
}

/**
 * SQL that is true for an attempts row (`alias`) finished at the time bound to `now` (e.g. "?3"),
 * stored so or read so by {@link attemptAsOf}.
 */
export const finishedAsOfSql = (alias: string, now: string): string =>
  `(${alias}.status = 'finished' OR ${timeIsUpSql(`${alias}.deadline_at`, now)})`;

/** SQL for the time a finish at `now` stores: the end of the grace period when the time already ran out. */
export const finishTimeSql = (alias: string, now: string): string =>
  `CASE WHEN ${timeIsUpSql(`${alias}.deadline_at`, now)} THEN ${graceEndSql(`${alias}.deadline_at`)} ELSE ${now} END`;

/**
 * Whether an attempt's correctness is withheld at `now`: an "after-close" assignment shows no
 * score, fraction, state or rank until it has closed and its grace period, during which answers
 * are still accepted, is over. `closesAt` is undefined when the assignment no longer exists.
 */
export function feedbackWithheld(feedback: FeedbackMode, closesAt: number | null | undefined, now: number): boolean {
  if (feedback === "immediate") return false;
  return closesAt === undefined || closesAt === null || now <= closesAt + DEADLINE_GRACE_MS;
}

/** {@link feedbackWithheld} as SQL over an existing assignment's columns, at the time bound to `now`. */
export const feedbackWithheldSql = (a: { feedback: string; closesAt: string }, now: string): string =>
  `(${a.feedback} = 'after-close' AND (${a.closesAt} IS NULL OR ${now} <= ${a.closesAt} + ${DEADLINE_GRACE_MS}))`;

/**
 * Which feedback modes let an answer schedule a spaced review of its item. An "after-close"
 * assignment schedules none: the review queue would tell, while it is open, which answers were
 * wrong (the due dates follow the grades).
 */
export const SCHEDULES_REVIEW: Readonly<Record<FeedbackMode, boolean>> = { immediate: true, "after-close": false };

/** Whether an answer in an attempt with this feedback mode schedules a review ({@link SCHEDULES_REVIEW}). */
export const schedulesReview = (feedback: FeedbackMode): boolean => SCHEDULES_REVIEW[feedback];

/** {@link schedulesReview} as SQL over a feedback column or expression. */
export const schedulesReviewSql = (feedback: string): string =>
  `(${feedback} IN (${FEEDBACK_MODES.filter((m) => SCHEDULES_REVIEW[m])
    .map((m) => `'${m}'`)
    .join(", ")}))`;

/** What practice needs to know of an assignment a learner has joined (issue 12.4). */
export type JoinedAssignment = {
  feedback: FeedbackMode;
  closesAt: number | null;
  /** Every item a learner of the assignment may be given. */
  pool: readonly string[];
};

/**
 * The items practice withholds from a learner at `now`: the pools of the assignments they have
 * joined whose feedback is withheld ({@link feedbackWithheld}: "after-close", not yet closed plus
 * grace). Practice would otherwise be an answer key for them: the same items, answered anyhow,
 * show their correct answers. Practice neither serves these items nor takes answers to them, and
 * shows no key (correctness, score, correct answer, explanation) of an answer given before;
 * once the assignment has closed and its grace period is over, practice is as before.
 * It can only see this browser's learner: another device or browser is another learner.
 */
export function practiceWithheldItems(joined: readonly JoinedAssignment[], now: number): Set<string> {
  const withheld = new Set<string>();
  for (const a of joined) if (feedbackWithheld(a.feedback, a.closesAt, now)) for (const id of a.pool) withheld.add(id);
  return withheld;
}

/** The learner's memberships whose feedback is withheld at `now` (aliases pw_m, pw_a), for an EXISTS. */
const withheldMembershipsSql = (learner: string, now: string): string =>
  `SELECT 1 FROM assignment_learners pw_m JOIN assignments pw_a ON pw_a.id = pw_m.assignment_id
    WHERE pw_m.learner_id = ${learner} AND ${feedbackWithheldSql({ feedback: "pw_a.feedback", closesAt: "pw_a.closes_at" }, now)}`;

/**
 * SQL true when practice withholds the item bound at `item` (e.g. "?2") from the learner at
 * `learner` at the time at `now`: {@link practiceWithheldItems} over the learner's memberships
 * (parity test in test/quiz/practice-withheld.test.ts).
 */
export const practiceWithheldItemSql = (learner: string, item: string, now: string): string =>
  `EXISTS (${withheldMembershipsSql(learner, now)}
      AND EXISTS (SELECT 1 FROM json_each(pw_a.pool) pw_j WHERE pw_j.value = ${item}))`;

/**
 * SQL true when practice withholds any item of the JSON array bound at `items` (e.g. "?4") from
 * the learner at `learner` at the time at `now`: `items.some(id => practiceWithheldItems(...).has(id))`
 * (same parity test). It reads the learner's memberships once, not once per item.
 */
export const practiceWithholdsAnySql = (learner: string, items: string, now: string): string =>
  `EXISTS (${withheldMembershipsSql(learner, now)}
      AND EXISTS (SELECT 1 FROM json_each(pw_a.pool) pw_j JOIN json_each(${items}) pw_i ON pw_i.value = pw_j.value))`;

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
