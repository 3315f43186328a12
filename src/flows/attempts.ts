import { loadClosesAt, loadJoinedAfterClose } from "../db/assignments.ts";
import {
  createAttempt,
  createAttemptUnlessWithheld,
  finishAndLoadAttempt,
  loadAttemptWithAnswers,
} from "../db/attempts.ts";
import { leaderboardFinishStatements } from "../db/leaderboards.ts";
import type { Learner } from "../db/learners.ts";
import { loadReviewStart } from "../db/reviews.ts";
import type { Db } from "../env.ts";
import { attemptAsOf, type FeedbackMode, isFeedbackVisible, practiceWithheldItems } from "../quiz/assignment-rules.ts";
import {
  type Attempt,
  type AttemptResult,
  newAttempt,
  nextUnanswered,
  REVIEW_QUIZ_ID,
  summarizeAttempt,
  withholdResult,
} from "../quiz/attempt.ts";
import type { Quiz } from "../quiz/bank-schema.ts";
import { conflict, invalidField, notFound } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import { getItem, getQuiz, isLearnerQuiz, listLearnerQuizzes, pickItems } from "../quiz/index.ts";
import { seedFromAttemptId } from "../quiz/random.ts";
import { randomId } from "../quiz/tokens.ts";

const REVIEW_ROUND = 10;

export type StartOptions = {
  quizId: string;
  lang: Lang;
  now: number;
  /** Set by assignments: the pool, count and settings a teacher chose. */
  assignment?: {
    id: string;
    itemIds: string[];
    feedback: FeedbackMode;
    deadlineAt: number | null;
    /** Shuffle choices (and, in the pick, questions); default true. */
    shuffle?: boolean;
  };
};

/** The items practice withholds from this learner now: those of assignments they take with feedback after close. */
export async function withheldFromPractice(db: Db, learnerId: string, now: number): Promise<Set<string>> {
  return practiceWithheldItems(await loadJoinedAfterClose(db, learnerId), now);
}

const allWithheld = () =>
  conflict(
    "Every question here is part of an assignment you are taking whose feedback comes after it closes: practise them once it has closed.",
  );

/**
 * Builds a new assignment or review attempt (not yet stored): questions drawn from the seed.
 * Review leaves out the items of assignments the learner takes with feedback after close
 * (issue 12.4); practice of a quiz is drawn by {@link startAttempt}.
 */
export async function planAttempt(db: Db, learner: Learner, options: StartOptions): Promise<Attempt> {
  const id = randomId();
  const seed = seedFromAttemptId(id);
  let itemIds: string[];
  if (options.assignment) {
    itemIds = options.assignment.itemIds;
  } else {
    const { due, joined } = await loadReviewStart(db, learner.id, options.now, REVIEW_ROUND);
    const withheld = practiceWithheldItems(joined, options.now);
    const dueItems = due.map((r) => r.itemId).filter((id) => getItem(id));
    if (dueItems.length === 0) throw conflict("Nothing is due for review yet.");
    itemIds = dueItems.filter((id) => !withheld.has(id));
    if (itemIds.length === 0) throw allWithheld();
  }
  return newAttempt({
    id,
    seed,
    learnerId: learner.id,
    quizId: options.quizId,
    itemIds,
    lang: options.lang,
    now: options.now,
    assignment: options.assignment,
  });
}

/** The quiz a practice attempt is drawn from, or an invalid field (none, or the teachers' pool). */
function practiceQuiz(quizId: string): Quiz {
  const quiz = getQuiz(quizId);
  if (!quiz) throw invalidField("/quizId", `No quiz is called "${quizId}".`);
  if (!isLearnerQuiz(quiz)) {
    const parts = listLearnerQuizzes().filter((q) => q.part).length;
    throw invalidField(
      "/quizId",
      `"${quizId}" is the whole article in one pool (${quiz.itemIds.length} questions) for teachers' assignments, not one sitting: take it as its ${parts} parts.`,
    );
  }
  return quiz;
}

/** A practice attempt of `quiz` with the id `id`, drawn from its items less those `withheld`. */
function drawPractice(
  quiz: Quiz,
  withheld: ReadonlySet<string>,
  id: string,
  learner: Learner,
  options: StartOptions,
): Attempt {
  const seed = seedFromAttemptId(id);
  const pool = withheld.size ? quiz.itemIds.filter((i) => !withheld.has(i)) : quiz.itemIds;
  if (pool.length === 0) throw allWithheld();
  return newAttempt({
    id,
    seed,
    learnerId: learner.id,
    quizId: quiz.id,
    itemIds: pickItems({ ...quiz, itemIds: pool }, seed),
    lang: options.lang,
    now: options.now,
  });
}

/**
 * Starts a practice attempt and serves its first question. A quiz's practice is one round trip
 * when practice withholds none of its items (nearly always): the attempt is drawn from the whole
 * quiz and stored only if the batch, by the same rule in SQL, finds none withheld; otherwise
 * nothing was written, and it is drawn again (same id and seed) without the withheld items and
 * stored in a second round trip, exactly as if the withheld items had been read first.
 */
export async function startAttempt(db: Db, learner: Learner, options: StartOptions) {
  let attempt: Attempt;
  if (options.assignment || options.quizId === REVIEW_QUIZ_ID) {
    attempt = await planAttempt(db, learner, options);
    await createAttempt(db, attempt);
  } else {
    const quiz = practiceQuiz(options.quizId);
    const id = randomId();
    attempt = drawPractice(quiz, new Set(), id, learner, options);
    const first = await createAttemptUnlessWithheld(db, attempt, quiz.itemIds);
    if (!first.created) {
      attempt = drawPractice(quiz, practiceWithheldItems(first.joined, options.now), id, learner, options);
      await createAttempt(db, attempt);
    }
  }
  return { attempt, question: nextUnanswered(attempt, [], options.lang) };
}

/** Loads the learner's attempt or answers 404 (also for someone else's attempt). */
export async function loadOwnAttempt(db: Db, learner: Learner | null, attemptId: string) {
  const loaded = learner ? await loadAttemptWithAnswers(db, attemptId, learner.id) : null;
  if (!loaded) throw notFound("No attempt with this id belongs to you.");
  return loaded;
}

/**
 * The learner's attempt as it stands at `now`, for reads: one whose time ran out reads as
 * finished (the scheduled sweep stores it so; a GET never writes).
 */
export async function readOwnAttempt(db: Db, learner: Learner | null, attemptId: string, now: number) {
  const { attempt, answers } = await loadOwnAttempt(db, learner, attemptId);
  return { attempt: attemptAsOf(attempt, now), answers };
}

/**
 * Whether an attempt's feedback (its score included) may be shown now: not while an
 * "after-close" assignment is open or within the grace period after its close; in practice, not
 * when one of `itemIds` (the items whose keys the view shows) is withheld from practice now.
 */
export async function feedbackVisible(
  db: Db,
  attempt: Attempt,
  now: number,
  itemIds: readonly string[] = [],
): Promise<boolean> {
  if (attempt.assignmentId === null) {
    if (itemIds.length === 0) return true;
    const withheld = await withheldFromPractice(db, attempt.learnerId, now);
    return !itemIds.some((id) => withheld.has(id));
  }
  if (attempt.feedback === "immediate") return true;
  return isFeedbackVisible(attempt, await loadClosesAt(db, attempt.assignmentId), now);
}

/** The current state of an attempt, read only: one past its time limit reads as finished. */
export async function attemptState(db: Db, learner: Learner | null, attemptId: string, lang: Lang, now: number) {
  const { attempt, answers } = await readOwnAttempt(db, learner, attemptId, now);
  return {
    attempt,
    answers,
    next: attempt.status === "in-progress" ? nextUnanswered(attempt, answers, lang) : null,
  };
}

/** Statements other features add to the batch that finishes an attempt: the leaderboard entries. */
export function finishHookStatements(db: Db, attempt: Attempt): D1PreparedStatement[] {
  return leaderboardFinishStatements(db, attempt);
}

/** Finishes an attempt (idempotent) and returns its result; unanswered questions score 0. */
export async function finishAttemptFlow(
  db: Db,
  learner: Learner | null,
  attemptId: string,
  lang: Lang,
  now: number,
): Promise<AttemptResult> {
  const before = await loadOwnAttempt(db, learner, attemptId);
  const { attempt, answers } =
    before.attempt.status === "in-progress"
      ? ((await finishAndLoadAttempt(
          db,
          attemptId,
          before.attempt.learnerId,
          now,
          finishHookStatements(db, before.attempt),
        )) ?? before)
      : before;
  const result = summarizeAttempt(attempt, answers, lang);
  // Which questions went wrong is feedback too: withheld while an "after-close" assignment is open
  // (or, in practice, while an answered item belongs to one the learner takes).
  const answered = answers.map((a) => a.itemId);
  if (!(await feedbackVisible(db, attempt, now, answered))) return withholdResult(result);
  return result;
}
