import { Hono } from "hono/tiny";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { answerFromForm, storedAnswerResult } from "../../flows/answers.ts";
import {
  attemptState,
  feedbackVisible,
  finishAttemptFlow,
  loadOwnAttempt,
  readOwnAttempt,
  startAttempt,
} from "../../flows/attempts.ts";
import { boardOfAttempt } from "../../flows/leaderboards.ts";
import { attemptToResume, displayName, forgetLearner, setDisplayName } from "../../flows/learners.ts";
import { learnerProgress } from "../../flows/progress.ts";
import { ATTEMPT_ID, QUESTION_ID } from "../../http/fields.ts";
import { formString, parseForm, readForm } from "../../http/forms.ts";
import { clearLearnerCookie, currentLearner, learnerOrNew } from "../../http/learner.ts";
import { assignmentBoardPath, practiceBoardPath } from "../../http/links.ts";
import { ProblemError } from "../../http/problem.ts";
import { attemptAsOf } from "../../quiz/assignment-rules.ts";
import { REVIEW_QUIZ_ID, serveQuestion, summarizeAttempt, withholdResult } from "../../quiz/attempt.ts";
import {
  articleSentences,
  getQuiz,
  type Lang,
  listLearnerQuizzes,
  listQuizzes,
  publicQuestion,
} from "../../quiz/index.ts";
import {
  ArticlePage,
  FeedbackPage,
  HomePage,
  ProgressPage,
  QuestionPage,
  ResultPage,
} from "../../views/pages/learner.tsx";
import { formProblem } from "./form-errors.ts";

// The same id shapes the API's zod schemas accept; a page answers a malformed id with 404.
const AttemptId = z.string().check(z.regex(ATTEMPT_ID));
const QuestionId = z.string().check(z.regex(QUESTION_ID));
const OrderQuery = z.pipe(
  z.string().check(z.maxLength(2000)),
  z.transform((v: string) => v.split(",").slice(0, 20)),
);

function attemptIdParam(value: string): string {
  const parsed = AttemptId.safeParse(value);
  if (!parsed.success) throw new ProblemError("not-found", "No attempt has this id.");
  return parsed.data;
}

function questionIdParam(value: string): string {
  const parsed = QuestionId.safeParse(value);
  if (!parsed.success) throw new ProblemError("not-found", "No question has this id.");
  return parsed.data;
}

const StartForm = z.strictObject({ quizId: formString(64).check(z.minLength(1)) });
const MoveField = /^(\d{1,2}):(up|down)$/;

/** The learner's pages: home, questions, feedback, result, article, progress. */
/** The part after this one on the path through the whole article, if the quiz is a part and not the last. */
function nextPartOf(quizId: string, lang: Lang): { id: string; title: string } | undefined {
  const part = getQuiz(quizId)?.part;
  if (!part || part.index >= part.count) return undefined;
  const next = listLearnerQuizzes().find((q) => q.part?.index === part.index + 1);
  return next ? { id: next.id, title: next.title[lang] } : undefined;
}

export const learnerPages = new Hono<AppEnv>()
  .get("/", async (c) => {
    const learner = await currentLearner(c);
    const lang = c.get("lang");
    const db = c.get("db");
    const now = Date.now();
    const [resume, progress] = learner
      ? await Promise.all([attemptToResume(db, learner), learnerProgress(db, learner, lang, now)])
      : [null, null];
    const finished = progress?.attempts.filter((a) => a.status === "finished").length ?? 0;
    const finishedQuizzes = new Set(
      progress?.attempts.filter((a) => a.status === "finished").map((a) => a.quizId) ?? [],
    );
    const mastery = progress?.topics.length
      ? progress.topics.reduce((s, t) => s + t.mastery, 0) / progress.topics.length
      : 0;
    return c.html(
      <HomePage
        lang={lang}
        nonce={c.get("secureHeadersNonce") ?? ""}
        quizzes={[...listLearnerQuizzes()]
          .sort((a, b) => Number(b.id === "quick") - Number(a.id === "quick"))
          .map((q) => ({
            id: q.id,
            title: q.title[lang],
            description: q.description[lang],
            questionCount: q.questionCount,
            ...(q.part ? { part: q.part, done: finishedQuizzes.has(q.id) } : {}),
          }))}
        resume={resume && attemptAsOf(resume, now).status === "in-progress" ? resume : null}
        dueCount={progress?.due.length ?? 0}
        summary={progress && finished ? { finished, mastery } : null}
      />,
    );
  })
  .post("/attempts", async (c) => {
    const { quizId } = parseForm(StartForm, await readForm(c));
    const learner = await learnerOrNew(c);
    const { attempt } = await startAttempt(c.get("db"), learner, { quizId, lang: c.get("lang"), now: Date.now() });
    return c.redirect(`/attempts/${attempt.id}`, 303);
  })
  .get("/attempts/:id", async (c) => {
    const id = attemptIdParam(c.req.param("id"));
    const lang = c.get("lang");
    const { attempt, next } = await attemptState(c.get("db"), await currentLearner(c), id, lang, Date.now());
    if (attempt.status === "finished") return c.redirect(`/attempts/${id}/result`, 303);
    if (!next) {
      const last = attempt.itemIds[attempt.itemIds.length - 1] ?? "";
      return c.redirect(`/attempts/${id}/feedback/${last}`, 303);
    }
    const order = OrderQuery.safeParse(c.req.query("order") ?? "").data;
    return c.html(
      <QuestionPage
        lang={lang}
        nonce={c.get("secureHeadersNonce") ?? ""}
        attempt={attempt}
        question={next}
        order={order}
        part={getQuiz(attempt.quizId)?.part}
      />,
    );
  })
  .post("/attempts/:id/answers/:questionId", async (c) => {
    const id = attemptIdParam(c.req.param("id"));
    const questionId = questionIdParam(c.req.param("questionId"));
    const fields = await readForm(c);
    const lang = c.get("lang");
    const learner = await currentLearner(c);
    const db = c.get("db");
    // An ordering question's up/down buttons, without JavaScript: redisplay with the new order.
    const move = typeof fields.move === "string" ? MoveField.exec(fields.move) : null;
    if (move) {
      const order = (Array.isArray(fields.order) ? fields.order : [fields.order ?? ""]).slice(0, 20);
      const i = Number(move[1]);
      const j = move[2] === "up" ? i - 1 : i + 1;
      if (i < order.length && j >= 0 && j < order.length)
        [order[i], order[j]] = [order[j] as string, order[i] as string];
      return c.redirect(`/attempts/${id}?order=${encodeURIComponent(order.join(","))}`, 303);
    }
    try {
      // One D1 round trip: the attempt is loaded in the batch that stores the answer.
      await answerFromForm(db, learner, id, questionId, fields, lang, Date.now());
    } catch (error) {
      // A conflict (already answered, time up) is not this form's to show: the error page explains it.
      const shown = formProblem(error);
      if (shown?.status !== 422) throw error;
      const { attempt } = await loadOwnAttempt(db, learner, id);
      c.status(422);
      return c.html(
        <QuestionPage
          lang={lang}
          nonce={c.get("secureHeadersNonce") ?? ""}
          attempt={attempt}
          question={serveQuestion(attempt, questionId, lang)}
          part={getQuiz(attempt.quizId)?.part}
          error={shown.message}
        />,
      );
    }
    return c.redirect(`/attempts/${id}/feedback/${questionId}`, 303);
  })
  .get("/attempts/:id/feedback/:questionId", async (c) => {
    const id = attemptIdParam(c.req.param("id"));
    const questionId = questionIdParam(c.req.param("questionId"));
    const lang = c.get("lang");
    const db = c.get("db");
    const shown = await storedAnswerResult(db, await currentLearner(c), id, questionId, lang, Date.now());
    if (!shown) return c.redirect(`/attempts/${id}`, 303);
    const { attempt, item, result } = shown;
    return c.html(
      <FeedbackPage
        lang={lang}
        nonce={c.get("secureHeadersNonce") ?? ""}
        attempt={attempt}
        result={result}
        prompt={publicQuestion(item, lang, attempt.seed).prompt}
      />,
    );
  })
  .post("/attempts/:id/finish", async (c) => {
    const id = attemptIdParam(c.req.param("id"));
    await finishAttemptFlow(c.get("db"), await currentLearner(c), id, c.get("lang"), Date.now());
    return c.redirect(`/attempts/${id}/result`, 303);
  })
  .get("/attempts/:id/result", async (c) => {
    const id = attemptIdParam(c.req.param("id"));
    const lang = c.get("lang");
    const learner = await currentLearner(c);
    const now = Date.now();
    const { attempt, answers } = await readOwnAttempt(c.get("db"), learner, id, now);
    if (attempt.status !== "finished") return c.redirect(`/attempts/${id}`, 303);
    const answered = answers.map((a) => a.itemId);
    const withheld = !(await feedbackVisible(c.get("db"), attempt, now, answered));
    const board = withheld ? null : await boardOfAttempt(c.get("db"), attempt);
    const leaderboardHref =
      board === null
        ? null
        : board.kind === "assignment"
          ? assignmentBoardPath(board.code)
          : practiceBoardPath(board.quizId);
    return c.html(
      <ResultPage
        lang={lang}
        nonce={c.get("secureHeadersNonce") ?? ""}
        result={
          withheld ? withholdResult(summarizeAttempt(attempt, answers, lang)) : summarizeAttempt(attempt, answers, lang)
        }
        withheld={withheld}
        leaderboardHref={leaderboardHref}
        nextPart={nextPartOf(attempt.quizId, lang)}
      />,
    );
  })
  .get("/article", (c) => {
    c.header("Cache-Control", "public, max-age=300");
    return c.html(
      <ArticlePage lang={c.get("lang")} nonce={c.get("secureHeadersNonce") ?? ""} sentences={articleSentences()} />,
    );
  })
  .get("/progress", async (c) => {
    const lang = c.get("lang");
    const learner = await currentLearner(c);
    const [progress, name] = await Promise.all([
      learnerProgress(c.get("db"), learner, lang, Date.now()),
      displayName(c.get("db"), learner),
    ]);
    const quizTitles = new Map(listQuizzes().map((q) => [q.id, q.title[lang]]));
    quizTitles.set(REVIEW_QUIZ_ID, lang === "fr" ? "Révision" : "Review");
    return c.html(
      <ProgressPage
        lang={lang}
        nonce={c.get("secureHeadersNonce") ?? ""}
        topics={progress.topics}
        attempts={progress.attempts}
        due={progress.due.map((d) => ({ questionId: d.questionId, prompt: d.prompt }))}
        quizTitles={quizTitles}
        deleted={c.req.query("deleted") === "1"}
        displayName={name}
        upcoming={progress.upcoming}
        now={Date.now()}
      />,
    );
  })
  .post("/progress/name", async (c) => {
    const { name } = parseForm(z.strictObject({ name: z.string().check(z.maxLength(200)) }), await readForm(c));
    await setDisplayName(c.get("db"), await learnerOrNew(c), name, c.get("lang"), Date.now());
    return c.redirect("/progress", 303);
  })
  .post("/progress/delete", async (c) => {
    parseForm(z.strictObject({ confirm: z.literal("yes") }), await readForm(c));
    await forgetLearner(c.get("db"), await currentLearner(c));
    clearLearnerCookie(c);
    return c.redirect("/progress?deleted=1", 303);
  });
