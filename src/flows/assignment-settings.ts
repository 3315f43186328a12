import type { AssignmentLang, FeedbackMode } from "../quiz/assignment-rules.ts";
import type { LeaderboardMode } from "../quiz/boards.ts";
import { type FieldIssue, invalid, invalidField } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import { getItem, getQuiz, listQuizzes, listTopics } from "../quiz/index.ts";

/** The quiz whose items make up the "whole article" pool and the topic pools. */
export const ARTICLE_QUIZ = "article";
const DEFAULT_QUESTION_COUNT = 10;

/** What a teacher asks for when creating an assignment (times in ms since the epoch). */
export type AssignmentSettings = {
  title: string;
  quizId?: string | undefined;
  topics?: string[] | undefined;
  questionCount?: number | undefined;
  shuffle?: boolean | undefined;
  timeLimitMinutes?: number | null | undefined;
  attemptsAllowed?: number | undefined;
  opensAt?: number | null | undefined;
  closesAt?: number | null | undefined;
  leaderboard?: LeaderboardMode | undefined;
  requireName?: boolean | undefined;
  feedback?: FeedbackMode | undefined;
  lang?: AssignmentLang | undefined;
};

/** The item ids a setting draws from: a quiz's items, or the article's items on the chosen topics. */
function resolvePool(settings: AssignmentSettings): { quizId: string | null; topics: string[] | null; pool: string[] } {
  if (settings.topics && settings.topics.length > 0) {
    const known = new Set(listTopics().map((t) => t.id));
    const errors: FieldIssue[] = settings.topics
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => !known.has(t))
      .map(({ t, i }) => ({ path: `/topics/${i}`, message: `No topic is called "${t}".` }));
    if (errors.length) throw invalid(errors, "The request has invalid fields.");
    const wanted = new Set(settings.topics);
    const article = getQuiz(ARTICLE_QUIZ)?.itemIds ?? [];
    const pool = article.filter((id) => wanted.has(getItem(id)?.topic ?? ""));
    return { quizId: null, topics: [...wanted], pool };
  }
  const quizId = settings.quizId ?? ARTICLE_QUIZ;
  if (!getQuiz(quizId))
    throw invalidField("/quizId", `No quiz is called "${quizId}".`, "The request has invalid fields.");
  return { quizId, topics: null, pool: [...(getQuiz(quizId)?.itemIds ?? [])] };
}

/** Checks the settings against each other and the bank (invalid, naming each field at fault); fills defaults. */
export function planAssignment(settings: AssignmentSettings, now: number) {
  const { quizId, topics, pool } = resolvePool(settings);
  const errors: FieldIssue[] = [];
  const questionCount = settings.questionCount ?? Math.min(DEFAULT_QUESTION_COUNT, pool.length);
  if (pool.length === 0) errors.push({ path: "/topics", message: "These topics have no questions." });
  else if (questionCount > pool.length) {
    errors.push({
      path: "/questionCount",
      message: `must be at most ${pool.length}: the chosen questions number ${pool.length}.`,
    });
  }
  const opensAt = settings.opensAt ?? now;
  const closesAt = settings.closesAt ?? null;
  if (closesAt !== null && closesAt <= opensAt) {
    errors.push({ path: "/closesAt", message: "must be after the opening time." });
  } else if (closesAt !== null && closesAt <= now) {
    errors.push({ path: "/closesAt", message: "is already in the past." });
  }
  if (errors.length) throw invalid(errors, "The assignment's settings do not fit together.");
  return {
    title: settings.title,
    quizId,
    topics,
    pool,
    questionCount,
    shuffle: settings.shuffle ?? true,
    timeLimitMinutes: settings.timeLimitMinutes ?? null,
    attemptsAllowed: settings.attemptsAllowed ?? 1,
    opensAt,
    closesAt,
    leaderboard: settings.leaderboard ?? "off",
    requireName: settings.requireName ?? true,
    feedback: settings.feedback ?? "immediate",
    lang: settings.lang ?? "learner",
  };
}

/** The quizzes and topics a teacher can choose from (the create form). */
export function poolChoices(lang: Lang) {
  const article = getQuiz(ARTICLE_QUIZ)?.itemIds ?? [];
  return {
    quizzes: listQuizzes()
      .filter((q) => q.id !== "quick")
      .map((q) => ({ id: q.id, title: q.title[lang], size: q.itemIds.length })),
    topics: listTopics().map((t) => ({
      id: t.id,
      title: t.title[lang],
      size: article.filter((id) => getItem(id)?.topic === t.id).length,
    })),
  };
}
