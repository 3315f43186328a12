import { loadAnswer, recordAnswer, storeAnswerInOneTrip } from "../db/answers.ts";
import { finishAttempt, loadAnswerContext } from "../db/attempts.ts";
import type { Learner } from "../db/learners.ts";
import { loadPollVotes } from "../db/polls.ts";
import { saveReview } from "../db/reviews.ts";
import type { Db } from "../env.ts";
import { isFeedbackVisible, schedulesReview, timeIsUp } from "../quiz/assignment-rules.ts";
import { type AnswerRecord, type AnswerResult, type Attempt, answerResult, concreteItem } from "../quiz/attempt.ts";
import { canonicalResponse } from "../quiz/canonical-response.ts";
import { closed, conflict, invalid, invalidField, notFound } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import {
  type ConcreteItem,
  type FormFields,
  getItem,
  gradeResponse,
  instantiate,
  isResponseComplete,
  itemPoints,
  parseResponse,
  responseFromForm,
} from "../quiz/index.ts";
import { seedFromAttemptId } from "../quiz/random.ts";
import { scheduleReview } from "../quiz/review.ts";
import { feedbackVisible, finishHookStatements, readOwnAttempt, withheldFromPractice } from "./attempts.ts";

const FINISHED = "This attempt is finished; it takes no more answers.";

/**
 * The refusal of an answer to an attempt that takes none: one whose time ran out is finished
 * now (with the answers given in time) and says so.
 */
async function refuseClosed(db: Db, attempt: Attempt, now: number) {
  if (attempt.status !== "in-progress" || !timeIsUp(attempt, now)) return closed(FINISHED);
  await finishAttempt(db, attempt.id, attempt.learnerId, now, finishHookStatements(db, attempt));
  return closed("Time is up: this attempt has been finished with the answers given in time.");
}

/** What an answer's result shows besides the answer: read in the answer's own round trip when it can be. */
type AnswerSurroundings = {
  closesAt: number | null | undefined;
  pollVotes: Map<string, number> | null;
  /** Practice withholds this item's key from this learner now (issue 12.4). */
  withheldFromPractice: boolean;
};

async function buildAnswerResult(
  db: Db,
  attempt: Attempt,
  item: ConcreteItem,
  stored: AnswerRecord,
  answeredItemIds: string[],
  replayed: boolean,
  lang: Lang,
  now: number,
  known?: AnswerSurroundings,
): Promise<AnswerResult> {
  const visible = known
    ? isFeedbackVisible(attempt, known.closesAt, now) && !(attempt.assignmentId === null && known.withheldFromPractice)
    : await feedbackVisible(db, attempt, now, [item.id]);
  const pollVotes = item.type === "poll" ? (known?.pollVotes ?? (await loadPollVotes(db, item.id))) : null;
  return answerResult(attempt, item, stored, answeredItemIds, replayed, lang, { visible, pollVotes });
}

/**
 * The result of an answer already given (the feedback page): read from the stored row, nothing
 * re-graded or written. Null when the question has no answer yet.
 */
export async function storedAnswerResult(
  db: Db,
  learner: Learner | null,
  attemptId: string,
  itemId: string,
  lang: Lang,
  now: number,
): Promise<{ attempt: Attempt; item: ConcreteItem; result: AnswerResult } | null> {
  const { attempt, answers } = await readOwnAttempt(db, learner, attemptId, now);
  const stored = answers.find((a) => a.itemId === itemId);
  const item = stored ? concreteItem(attempt, itemId) : null;
  if (!stored || !item) return null;
  const answeredIds = answers.map((a) => a.itemId);
  return { attempt, item, result: await buildAnswerResult(db, attempt, item, stored, answeredIds, true, lang, now) };
}

/**
 * Records one answer. The same answer sent again (a phone retrying) gets the same result and
 * counts once; a different answer to an answered question, or any answer to a finished
 * attempt, is refused (conflict, closed).
 *
 * A first answer costs one D1 round trip: the attempt's seed follows from its id, so the answer
 * is graded before the attempt is read, and one batch reads the attempt, stores the answer (only
 * if the stored seed, status, deadline and question agree) and reads what the result shows (the
 * closing time, the poll's counts). A learner's second review of an item adds one write; a
 * response that does not parse is checked after loading, as before.
 */
export async function answerQuestion(
  db: Db,
  learner: Learner | null,
  attemptId: string,
  itemId: string,
  rawResponse: unknown,
  lang: Lang,
  now: number,
): Promise<AnswerResult> {
  if (!learner) throw notFound("No attempt with this id belongs to you.");
  const seed = seedFromAttemptId(attemptId);
  const bankItem = getItem(itemId);
  const item = bankItem ? instantiate(bankItem, seed) : null;
  const parsed = item ? parseResponse(item, rawResponse) : null;
  if (!item || !parsed?.success || !isResponseComplete(item, parsed.response)) {
    return answerAfterLoading(db, learner, attemptId, itemId, rawResponse, lang, now);
  }
  const canonical = canonicalResponse(parsed.response);
  const { fraction, state } = gradeResponse(item, parsed.response);
  const reviewable = item.type !== "poll";
  const schedule = (card: string | null) => ({
    ...scheduleReview(card, fraction, new Date(now)),
    fraction,
  });
  const answer = {
    attemptId,
    itemId,
    response: canonical,
    fraction,
    points: fraction * itemPoints(item),
    state,
    answeredAt: now,
  };
  const outcome = await storeAnswerInOneTrip(db, {
    answer,
    learnerId: learner.id,
    seed,
    newReview: reviewable ? schedule(null) : null,
    pollChoice: item.type === "poll" ? (parsed.response as { choice: string }).choice : null,
  });
  if (!outcome.before) throw notFound("No attempt with this id belongs to you.");
  const { attempt, answers, reviewCard } = outcome.before;
  // An attempt started before seeds came from ids: graded again once loaded (nothing was stored).
  if (attempt.seed !== seed) return answerAfterLoading(db, learner, attemptId, itemId, rawResponse, lang, now);
  const position = attempt.itemIds.indexOf(itemId);
  if (position < 0) throw notFound(`Question "${itemId}" is not part of this attempt.`);
  const answeredIds = answers.map((a) => a.itemId);
  const known = {
    closesAt: outcome.closesAt,
    pollVotes: outcome.pollVotes,
    withheldFromPractice: outcome.withheldFromPractice,
  };
  if (outcome.stored) {
    // The first review of an item was scheduled in the batch; a later one needs the stored card.
    if (reviewCard !== null && reviewable && schedulesReview(attempt.feedback)) {
      await saveReview(db, learner.id, itemId, attemptId, schedule(reviewCard));
    }
    const record: AnswerRecord = { ...answer, position };
    return buildAnswerResult(db, attempt, item, record, answeredIds, false, lang, now, known);
  }
  const existing = answers.find((a) => a.itemId === itemId) ?? (await loadAnswer(db, attemptId, itemId));
  if (existing) {
    if (existing.response !== canonical) throw answerChanged(itemId);
    return buildAnswerResult(db, attempt, item, existing, answeredIds, true, lang, now, known);
  }
  if (attempt.assignmentId === null && outcome.withheldFromPractice && attempt.status === "in-progress") {
    throw withheldInPractice(itemId);
  }
  throw await refuseClosed(db, attempt, now);
}

/**
 * An answer sent by the question page's form: read into a response with the question as this
 * attempt serves it (its seed follows from its id, so nothing is loaded first), then answered.
 */
export async function answerFromForm(
  db: Db,
  learner: Learner | null,
  attemptId: string,
  itemId: string,
  fields: FormFields,
  lang: Lang,
  now: number,
): Promise<AnswerResult> {
  const bankItem = getItem(itemId);
  if (!bankItem) throw notFound(`Question "${itemId}" is not part of this attempt.`);
  const item = instantiate(bankItem, seedFromAttemptId(attemptId));
  return answerQuestion(db, learner, attemptId, itemId, responseFromForm(item, fields), lang, now);
}

/** Practice takes no answer to an item of an assignment the learner takes with feedback after close (issue 12.4). */
const withheldInPractice = (itemId: string) =>
  conflict(
    "This question is part of an assignment you are taking whose feedback comes after it closes: answer it there, and practise it once the assignment has closed.",
    { questionId: itemId },
  );

const answerChanged = (itemId: string) =>
  conflict("This question already has a different answer; an answer cannot be changed.", { questionId: itemId });

/** The answer path that reads the attempt first: responses that do not parse, attempts from before derived seeds. */
async function answerAfterLoading(
  db: Db,
  learner: Learner,
  attemptId: string,
  itemId: string,
  rawResponse: unknown,
  lang: Lang,
  now: number,
): Promise<AnswerResult> {
  const context = await loadAnswerContext(db, attemptId, learner.id, itemId);
  if (!context) throw notFound("No attempt with this id belongs to you.");
  const { attempt, answers, reviewCard } = context;
  const position = attempt.itemIds.indexOf(itemId);
  const item = position >= 0 ? concreteItem(attempt, itemId) : null;
  if (!item) throw notFound(`Question "${itemId}" is not part of this attempt.`);
  const parsed = parseResponse(item, rawResponse);
  if (!parsed.success) {
    throw invalid(
      parsed.issues.map((i) => ({
        path: `/response${i.path ? `/${i.path.replace(/\./g, "/")}` : ""}`,
        message: i.message,
      })),
      "The response does not fit this question.",
    );
  }
  if (!isResponseComplete(item, parsed.response)) {
    throw invalidField(
      "/response",
      "The answer is incomplete: answer every part of the question.",
      "The response does not answer the whole question.",
    );
  }
  const canonical = canonicalResponse(parsed.response);
  const answeredIds = answers.map((a) => a.itemId);
  const replay = (stored: AnswerRecord) => {
    if (stored.response !== canonical) throw answerChanged(itemId);
    return buildAnswerResult(db, attempt, item, stored, answeredIds, true, lang, now);
  };
  const existing = answers.find((a) => a.itemId === itemId);
  if (existing) return replay(existing);
  if (attempt.status === "finished" || timeIsUp(attempt, now)) throw await refuseClosed(db, attempt, now);
  if (attempt.assignmentId === null && (await withheldFromPractice(db, learner.id, now)).has(itemId)) {
    throw withheldInPractice(itemId);
  }

  const { fraction, state } = gradeResponse(item, parsed.response);
  const points = fraction * itemPoints(item);
  const record: AnswerRecord = {
    attemptId,
    itemId,
    position,
    response: canonical,
    fraction,
    points,
    state,
    answeredAt: now,
  };
  // Polls are opinions; "after-close" assignments must not show, through the review queue,
  // which answers were wrong while the assignment is open.
  const review =
    item.type === "poll" || !schedulesReview(attempt.feedback)
      ? null
      : {
          ...scheduleReview(reviewCard, fraction, new Date(now)),
          fraction,
        };
  const pollChoice = item.type === "poll" ? (parsed.response as { choice: string }).choice : null;
  const stored = await recordAnswer(db, record, attempt.learnerId, review, pollChoice);
  if (!stored) {
    // Another request got there first (a concurrent retry) or the attempt closed meanwhile.
    const winner = await loadAnswer(db, attemptId, itemId);
    if (winner) return replay(winner);
    throw closed(FINISHED);
  }
  return buildAnswerResult(db, attempt, item, record, answeredIds, false, lang, now);
}
