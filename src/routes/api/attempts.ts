import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { answerQuestion } from "../../flows/answers.ts";
import { startAssignmentAttempt } from "../../flows/assignment-attempts.ts";
import { attemptState, finishAttemptFlow, startAttempt } from "../../flows/attempts.ts";
import { learnerProgress } from "../../flows/progress.ts";
import { currentLearner, learnerOrNew } from "../../http/learner.ts";
import { articleSentencePath } from "../../http/links.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { maxLearnersPerAssignment } from "../../quiz/assignment-rules.ts";
import type { AnswerResult, Attempt, ServedQuestion } from "../../quiz/attempt.ts";
import type { Lang } from "../../quiz/format.ts";
import {
  AnswerBody,
  AnswerResultSchema,
  AttemptIdParam,
  AttemptSchema,
  ProgressSchema,
  QuestionIdParam,
  ResultSchema,
  StartAttemptBody,
} from "./schemas.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function attemptJson(attempt: Attempt, answeredCount: number, question: ServedQuestion | null) {
  return {
    id: attempt.id,
    quizId: attempt.quizId,
    status: attempt.status,
    questionCount: attempt.questionCount,
    answeredCount,
    startedAt: new Date(attempt.startedAt).toISOString(),
    deadlineAt: iso(attempt.deadlineAt),
    finishedAt: iso(attempt.finishedAt),
    question,
  };
}

function answerResultJson(result: AnswerResult) {
  const { feedback, ...rest } = result;
  if (!feedback) return { ...rest, feedbackWithheld: true };
  return {
    ...rest,
    feedbackWithheld: false,
    ...feedback,
    source: { ...feedback.source, url: articleSentencePath(feedback.source.sentenceId) },
  };
}

const attemptParams = z.object({ id: AttemptIdParam });

const start = createRoute({
  method: "post",
  path: "/attempts",
  request: { body: { required: true, content: { "application/json": { schema: StartAttemptBody } } } },
  ...(OPENAPI_DOCS && {
    summary: "Start an attempt at a quiz (or join an assignment) and get its first question",
    tags: ["attempts"],
    responses: {
      201: { description: "Attempt started", content: { "application/json": { schema: AttemptSchema } } },
      404: problem("No such assignment"),
      409: problem("Nothing due for review, or no attempts left on the assignment"),
      422: problem("Invalid body or unknown quiz"),
      429: problem("Too many attempts started, or unknown codes tried, from this address (Retry-After)"),
    },
  }),
});

const getOne = createRoute({
  method: "get",
  path: "/attempts/{id}",
  request: { params: attemptParams },
  ...(OPENAPI_DOCS && {
    summary: "An attempt's state and its next unanswered question",
    tags: ["attempts"],
    responses: {
      200: { description: "The attempt", content: { "application/json": { schema: AttemptSchema } } },
      404: problem("No such attempt of yours"),
    },
  }),
});

const answer = createRoute({
  method: "put",
  path: "/attempts/{id}/answers/{questionId}",
  request: {
    params: z.object({ id: AttemptIdParam, questionId: QuestionIdParam }),
    body: { required: true, content: { "application/json": { schema: AnswerBody } } },
  },
  ...(OPENAPI_DOCS && {
    summary: "Answer one question (idempotent: the same answer again gives the same result)",
    tags: ["attempts"],
    responses: {
      200: {
        description: "The answer's result and the next question",
        content: { "application/json": { schema: AnswerResultSchema } },
      },
      404: problem("No such attempt of yours, or the question is not in it"),
      409: problem("A different answer was already given, or the attempt is finished"),
      422: problem("The response does not fit the question"),
    },
  }),
});

const finish = createRoute({
  method: "post",
  path: "/attempts/{id}/finish",
  request: { params: attemptParams },
  ...(OPENAPI_DOCS && {
    summary: "Finish an attempt (unanswered questions score 0); idempotent",
    tags: ["attempts"],
    responses: {
      200: {
        description: "Score, max score and per-topic breakdown",
        content: { "application/json": { schema: ResultSchema } },
      },
      404: problem("No such attempt of yours"),
    },
  }),
});

const progress = createRoute({
  method: "get",
  path: "/progress",
  ...(OPENAPI_DOCS && {
    summary: "The learner's mastery per topic, attempts and review items due",
    tags: ["progress"],
    responses: { 200: { description: "Progress", content: { "application/json": { schema: ProgressSchema } } } },
  }),
});

const lang = (c: { get(key: "lang"): Lang }) => c.get("lang");

export const attemptsApi = createApi()
  .openapi(start, async (c) => {
    const body = c.req.valid("json");
    const learner = await learnerOrNew(c);
    const now = Date.now();
    const { attempt, question } = body.assignmentCode
      ? await startAssignmentAttempt(
          c.get("db"),
          learner,
          body.assignmentCode,
          body.name,
          lang(c),
          now,
          maxLearnersPerAssignment(c.env),
        )
      : await startAttempt(c.get("db"), learner, { quizId: body.quizId ?? "", lang: lang(c), now });
    c.header("Location", `/api/attempts/${attempt.id}`);
    return c.json(attemptJson(attempt, attempt.answeredCount, question), 201);
  })
  .openapi(getOne, async (c) => {
    const { id } = c.req.valid("param");
    const { attempt, answers, next } = await attemptState(
      c.get("db"),
      await currentLearner(c),
      id,
      lang(c),
      Date.now(),
    );
    return c.json(attemptJson(attempt, answers.length, next), 200);
  })
  .openapi(answer, async (c) => {
    const { id, questionId } = c.req.valid("param");
    const { response } = c.req.valid("json");
    const result = await answerQuestion(
      c.get("db"),
      await currentLearner(c),
      id,
      questionId,
      response,
      lang(c),
      Date.now(),
    );
    return c.json(answerResultJson(result), 200);
  })
  .openapi(finish, async (c) => {
    const { id } = c.req.valid("param");
    return c.json(await finishAttemptFlow(c.get("db"), await currentLearner(c), id, lang(c), Date.now()), 200);
  })
  .openapi(progress, async (c) => {
    const p = await learnerProgress(c.get("db"), await currentLearner(c), lang(c), Date.now());
    return c.json(
      {
        topics: p.topics,
        due: p.due,
        upcoming: p.upcoming,
        attempts: p.attempts.map((a) => ({
          id: a.id,
          quizId: a.quizId,
          status: a.status,
          score: a.score,
          maxScore: a.maxScore,
          feedbackWithheld: a.feedbackWithheld,
          startedAt: new Date(a.startedAt).toISOString(),
          finishedAt: iso(a.finishedAt),
        })),
      },
      200,
    );
  });
