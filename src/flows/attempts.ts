import { loadClosesAt } from "../db/assignments.ts";
import {
  type AnswerRecord,
  type Attempt,
  createAttempt,
  finishAndLoadAttempt,
  finishAttempt,
  loadAnswer,
  loadAnswerContext,
  loadAttemptWithAnswers,
  loadPollVotes,
  recordAnswer,
  saveReview,
  storeAnswerInOneTrip,
} from "../db/attempts.ts";
import { leaderboardFinishStatements } from "../db/leaderboards.ts";
import type { Learner } from "../db/learners.ts";
import { listDueReviews } from "../db/reviews.ts";
import type { Db } from "../env.ts";
import { attemptAsOf, isFeedbackVisible, timeIsUp } from "../quiz/assignment-rules.ts";
import { canonicalResponse } from "../quiz/canonical-response.ts";
import { closed, conflict, invalid, invalidField, notFound } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import {
  BANK_VERSION,
  type ConcreteItem,
  type FormFields,
  feedbackFor,
  getItem,
  getQuiz,
  gradeResponse,
  instantiate,
  isResponseComplete,
  itemPoints,
  listTopics,
  type PublicQuestion,
  parseResponse,
  pickItems,
  publicQuestion,
  responseFromForm,
} from "../quiz/index.ts";
import { seedFromAttemptId } from "../quiz/random.ts";
import { scheduleReview } from "../quiz/review.ts";
import { randomId } from "../quiz/tokens.ts";

export { timeIsUp };

/** The pseudo-quiz that serves the learner's items due for review. */
export const REVIEW_QUIZ_ID = "review";
const REVIEW_ROUND = 10;

/** A question as served: never anything that gives its answer away. */
export type ServedQuestion = PublicQuestion & { number: number; total: number };

export type AnswerResult = {
  questionId: string;
  /** True when this exact answer had already been stored (a retry): nothing was counted twice. */
  replayed: boolean;
  /** Null when the teacher withholds feedback until the assignment closes. */
  feedback: {
    correct: boolean | null;
    state: string;
    fraction: number;
    points: number;
    maxPoints: number;
    explanation: string;
    correctAnswer: string;
    source: { quote: string; sentenceId: string; translation: string };
  } | null;
  answeredCount: number;
  questionCount: number;
  next: ServedQuestion | null;
  /** For a poll: how everyone voted so far (the learner's own vote included). */
  poll?: { choices: { id: string; text: string; votes: number }[]; total: number };
};

export type TopicScore = { topic: string; title: string; score: number; maxScore: number };
export type AttemptResult = {
  id: string;
  quizId: string;
  status: "finished";
  /** Null while feedback is withheld. */
  score: number | null;
  maxScore: number;
  answeredCount: number;
  questionCount: number;
  durationMs: number;
  topics: TopicScore[];
  review: { questionId: string; prompt: string; fraction: number; sentenceId: string }[];
  assignmentId: string | null;
  /** True when the assignment withholds per-question feedback until it closes (topics and review are empty). */
  feedbackWithheld?: boolean;
};

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 1;
}

/** The concrete question (parametric numbers filled) an attempt served for an item id. */
export function concreteItem(attempt: Attempt, itemId: string): ConcreteItem | null {
  const item = getItem(itemId);
  return item ? instantiate(item, attempt.seed) : null;
}

export function serveQuestion(attempt: Attempt, itemId: string, lang: Lang): ServedQuestion {
  const item = concreteItem(attempt, itemId);
  if (!item) throw new Error(`Question ${itemId} of attempt ${attempt.id} is missing from the bank.`);
  return {
    ...publicQuestion(item, lang, attempt.seed, { shuffleChoices: attempt.shuffleChoices }),
    number: attempt.itemIds.indexOf(itemId) + 1,
    total: attempt.itemIds.length,
  };
}

/** The first question of the attempt not answered yet, or null. */
export function nextUnanswered(
  attempt: Attempt,
  answers: Pick<AnswerRecord, "itemId">[],
  lang: Lang,
): ServedQuestion | null {
  const done = new Set(answers.map((a) => a.itemId));
  const next = attempt.itemIds.find((id) => !done.has(id));
  return next ? serveQuestion(attempt, next, lang) : null;
}

export type StartOptions = {
  quizId: string;
  lang: Lang;
  now: number;
  /** Set by assignments: the pool, count and settings a teacher chose. */
  assignment?: {
    id: string;
    itemIds: string[];
    feedback: "immediate" | "after-close";
    deadlineAt: number | null;
    /** Shuffle choices (and, in the pick, questions); default true. */
    shuffle?: boolean;
  };
};

/** Builds a new attempt (not yet stored): questions drawn from the seed. */
export async function planAttempt(db: Db, learner: Learner, options: StartOptions): Promise<Attempt> {
  const id = randomId();
  const seed = seedFromAttemptId(id);
  let itemIds: string[];
  if (options.assignment) {
    itemIds = options.assignment.itemIds;
  } else if (options.quizId === REVIEW_QUIZ_ID) {
    const due = await listDueReviews(db, learner.id, options.now, REVIEW_ROUND);
    itemIds = due.map((r) => r.itemId).filter((id) => getItem(id));
    if (itemIds.length === 0) throw conflict("Nothing is due for review yet.");
  } else {
    const quiz = getQuiz(options.quizId);
    if (!quiz) {
      throw invalidField("/quizId", `No quiz is called "${options.quizId}".`);
    }
    itemIds = pickItems(quiz, seed);
  }
  const maxScore = itemIds.reduce(
    (sum, id) => sum + itemPoints(getItem(id) as NonNullable<ReturnType<typeof getItem>>),
    0,
  );
  return {
    id,
    learnerId: learner.id,
    quizId: options.quizId,
    assignmentId: options.assignment?.id ?? null,
    bankVersion: BANK_VERSION,
    seed,
    itemIds,
    questionCount: itemIds.length,
    maxScore,
    status: "in-progress",
    answeredCount: 0,
    score: 0,
    lang: options.lang,
    feedback: options.assignment?.feedback ?? "immediate",
    startedAt: options.now,
    deadlineAt: options.assignment?.deadlineAt ?? null,
    finishedAt: null,
    shuffleChoices: options.assignment?.shuffle ?? true,
  };
}

/** Starts a practice attempt and serves its first question. */
export async function startAttempt(db: Db, learner: Learner, options: StartOptions) {
  const attempt = await planAttempt(db, learner, options);
  await createAttempt(db, attempt);
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
 * "after-close" assignment is open or within the grace period after its close.
 */
export async function feedbackVisible(db: Db, attempt: Attempt, now: number): Promise<boolean> {
  if (attempt.feedback === "immediate") return true;
  const closesAt = attempt.assignmentId ? await loadClosesAt(db, attempt.assignmentId) : undefined;
  return isFeedbackVisible(attempt, closesAt, now);
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

/** What an answer's result shows besides the answer: read in the answer's own round trip when it can be. */
type AnswerSurroundings = { closesAt: number | null | undefined; pollVotes: Map<string, number> | null };

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
  const visible = known ? isFeedbackVisible(attempt, known.closesAt, now) : await feedbackVisible(db, attempt, now);
  const fb = feedbackFor(item, lang);
  const maxPoints = itemPoints(item);
  const answered = new Set([...answeredItemIds, stored.itemId]);
  let poll: AnswerResult["poll"];
  if (item.type === "poll") {
    const votes = known?.pollVotes ?? (await loadPollVotes(db, item.id));
    const choices = item.choices.map((c) => ({ id: c.id, text: c.text[lang], votes: votes.get(c.id) ?? 0 }));
    poll = { choices, total: choices.reduce((sum, c) => sum + c.votes, 0) };
  }
  return {
    ...(poll ? { poll } : {}),
    questionId: item.id,
    replayed,
    feedback: visible
      ? {
          correct: item.type === "poll" ? null : stored.fraction >= 1,
          state: stored.state,
          fraction: stored.fraction,
          points: stored.points,
          maxPoints,
          explanation: fb.explanation,
          correctAnswer: fb.correctAnswer,
          source: fb.source,
        }
      : null,
    answeredCount: answered.size,
    questionCount: attempt.questionCount,
    next: nextUnanswered(
      attempt,
      [...answered].map((itemId) => ({ itemId })),
      lang,
    ),
  };
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
  const known = { closesAt: outcome.closesAt, pollVotes: outcome.pollVotes };
  if (outcome.stored) {
    // The first review of an item was scheduled in the batch; a later one needs the stored card.
    if (reviewCard !== null && reviewable && attempt.feedback !== "after-close") {
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
  if (timeIsUp(attempt, now) && attempt.status === "in-progress") {
    await finishAttempt(db, attempt.id, attempt.learnerId, now, finishHookStatements(db, attempt));
    throw closed("Time is up: this attempt has been finished with the answers given in time.");
  }
  throw closed("This attempt is finished; it takes no more answers.");
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
  if (attempt.status === "finished") throw closed("This attempt is finished; it takes no more answers.");
  if (timeIsUp(attempt, now)) {
    await finishAttempt(db, attempt.id, attempt.learnerId, now, finishHookStatements(db, attempt));
    throw closed("Time is up: this attempt has been finished with the answers given in time.");
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
    item.type === "poll" || attempt.feedback === "after-close"
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
    throw closed("This attempt is finished; it takes no more answers.");
  }
  return buildAnswerResult(db, attempt, item, record, answeredIds, false, lang, now);
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
  // Which questions went wrong is feedback too: withheld while an "after-close" assignment is open.
  if (!(await feedbackVisible(db, attempt, now))) return withholdResult(result);
  return result;
}

/** A result with everything that tells correctness taken out: score, topics, items to review. */
export const withholdResult = (result: AttemptResult): AttemptResult => ({
  ...result,
  score: null,
  topics: [],
  review: [],
  feedbackWithheld: true,
});

/** Score, per-topic breakdown and the items worth reviewing, from the stored answers. */
export function summarizeAttempt(attempt: Attempt, answers: AnswerRecord[], lang: Lang): AttemptResult {
  const byItem = new Map(answers.map((a) => [a.itemId, a]));
  const topics = new Map<string, TopicScore>();
  const titles = new Map(listTopics().map((t) => [t.id, t.title[lang]]));
  const review: AttemptResult["review"] = [];
  for (const itemId of attempt.itemIds) {
    const item = concreteItem(attempt, itemId);
    if (!item) continue;
    const max = itemPoints(item);
    if (max === 0) continue;
    const answer = byItem.get(itemId);
    const topic = topics.get(item.topic) ?? {
      topic: item.topic,
      title: titles.get(item.topic) ?? item.topic,
      score: 0,
      maxScore: 0,
    };
    topic.score += answer?.points ?? 0;
    topic.maxScore += max;
    topics.set(item.topic, topic);
    if (!answer || answer.fraction < 1) {
      review.push({
        questionId: itemId,
        prompt: publicQuestion(item, lang, attempt.seed).prompt,
        fraction: answer?.fraction ?? 0,
        sentenceId: item.source.sentenceId,
      });
    }
  }
  return {
    id: attempt.id,
    quizId: attempt.quizId,
    status: "finished",
    score: attempt.score,
    maxScore: attempt.maxScore,
    answeredCount: attempt.answeredCount,
    questionCount: attempt.questionCount,
    durationMs: (attempt.finishedAt ?? attempt.startedAt) - attempt.startedAt,
    topics: [...topics.values()],
    review,
    assignmentId: attempt.assignmentId,
  };
}
