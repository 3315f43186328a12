import type { FeedbackMode } from "./assignment-rules.ts";
import type { Lang } from "./format.ts";
import {
  BANK_VERSION,
  type ConcreteItem,
  feedbackFor,
  getItem,
  instantiate,
  itemPoints,
  listTopics,
  type PublicQuestion,
  publicQuestion,
} from "./index.ts";

export type AttemptStatus = "in-progress" | "finished";

/** An attempt: the questions drawn for one learner from its seed, and its running totals. */
export type Attempt = {
  id: string;
  learnerId: string;
  quizId: string;
  assignmentId: string | null;
  bankVersion: string;
  seed: number;
  itemIds: string[];
  questionCount: number;
  maxScore: number;
  status: AttemptStatus;
  answeredCount: number;
  score: number;
  lang: Lang | null;
  feedback: FeedbackMode;
  startedAt: number;
  deadlineAt: number | null;
  finishedAt: number | null;
  /** False when the teacher keeps choices in the bank's order. */
  shuffleChoices: boolean;
};

/** One stored answer of an attempt. */
export type AnswerRecord = {
  attemptId: string;
  itemId: string;
  position: number;
  response: string;
  fraction: number;
  points: number;
  state: string;
  answeredAt: number;
};

/** The pseudo-quiz that serves the learner's items due for review. */
export const REVIEW_QUIZ_ID = "review";

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

/** What a new attempt is made of besides its drawn questions. */
export type AttemptPlan = {
  id: string;
  seed: number;
  learnerId: string;
  quizId: string;
  itemIds: string[];
  lang: Lang;
  now: number;
  /** Set by assignments: the settings a teacher chose. */
  assignment?: {
    id: string;
    feedback: FeedbackMode;
    deadlineAt: number | null;
    /** Shuffle choices; default true. */
    shuffle?: boolean;
  };
};

/** A new attempt (not yet stored), nothing answered; its maximum score from its items' points. */
export function newAttempt(plan: AttemptPlan): Attempt {
  const maxScore = plan.itemIds.reduce(
    (sum, id) => sum + itemPoints(getItem(id) as NonNullable<ReturnType<typeof getItem>>),
    0,
  );
  return {
    id: plan.id,
    learnerId: plan.learnerId,
    quizId: plan.quizId,
    assignmentId: plan.assignment?.id ?? null,
    bankVersion: BANK_VERSION,
    seed: plan.seed,
    itemIds: plan.itemIds,
    questionCount: plan.itemIds.length,
    maxScore,
    status: "in-progress",
    answeredCount: 0,
    score: 0,
    lang: plan.lang,
    feedback: plan.assignment?.feedback ?? "immediate",
    startedAt: plan.now,
    deadlineAt: plan.assignment?.deadlineAt ?? null,
    finishedAt: null,
    shuffleChoices: plan.assignment?.shuffle ?? true,
  };
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

/**
 * What an answer's result shows: the feedback (only when `visible`), the progress, the next
 * question and, for a poll, the votes so far.
 */
export function answerResult(
  attempt: Attempt,
  item: ConcreteItem,
  stored: AnswerRecord,
  answeredItemIds: string[],
  replayed: boolean,
  lang: Lang,
  shown: { visible: boolean; pollVotes: Map<string, number> | null },
): AnswerResult {
  const fb = feedbackFor(item, lang);
  const maxPoints = itemPoints(item);
  const answered = new Set([...answeredItemIds, stored.itemId]);
  let poll: AnswerResult["poll"];
  if (item.type === "poll") {
    const votes = shown.pollVotes ?? new Map<string, number>();
    const choices = item.choices.map((c) => ({ id: c.id, text: c.text[lang], votes: votes.get(c.id) ?? 0 }));
    poll = { choices, total: choices.reduce((sum, c) => sum + c.votes, 0) };
  }
  return {
    ...(poll ? { poll } : {}),
    questionId: item.id,
    replayed,
    feedback: shown.visible
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
