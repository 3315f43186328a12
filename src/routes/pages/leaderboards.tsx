import type { Context } from "hono";
import { Hono } from "hono/tiny";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import {
  assignmentBoardConditional,
  boardAssignment,
  boardNickname,
  boardQuiz,
  joinBoard,
  leaveBoard,
  moderateEntry,
  moderationView,
  practiceBoardConditional,
} from "../../flows/leaderboards.ts";
import { QUIZ_ID } from "../../http/fields.ts";
import { formString, parseForm, readForm } from "../../http/forms.ts";
import { currentLearner, learnerOrNew } from "../../http/learner.ts";
import { ProblemError } from "../../http/problem.ts";
import { authorizeTeacher } from "../../http/teacher-auth.ts";
import type { Period } from "../../quiz/boards.ts";
import { AssignmentBoardPage, ModerationPage, PracticeBoardPage } from "../../views/pages/leaderboard.tsx";
import { withFormProblem } from "./form-errors.ts";

const PAGE_LIMIT = 10;
const MODERATION_LIMIT = 100;

function quizIdParam(value: string): string {
  if (!QUIZ_ID.test(value)) throw new ProblemError("not-found", "No quiz has this id.");
  boardQuiz(value);
  return value;
}

function periodQuery(value: string | undefined): Period {
  if (value === undefined || value === "all") return "all";
  if (value === "week") return "week";
  throw new ProblemError("validation-error", 'The period is "week" or "all".', {
    errors: [{ in: "query", pointer: "/period", detail: 'must be "week" or "all"' }],
  });
}

const NicknameForm = z.strictObject({ nickname: formString(200) });
const ModerationForm = z.strictObject({ hidden: z.optional(z.enum(["0", "1"])), name: z.optional(formString(200)) });
const ENTRY_ID = /^[1-9]\d{0,15}$/;

/** The practice board page, optionally with a nickname error to show (status 409 or 422). */
async function practicePage(
  c: Context<AppEnv>,
  quizId: string,
  period: Period,
  error?: { status: 409 | 422; message: string; typed: string },
) {
  const lang = c.get("lang");
  const db = c.get("db");
  const learner = await currentLearner(c);
  const [board, nickname] = await Promise.all([
    practiceBoardConditional(db, quizId, period, PAGE_LIMIT, learner, Date.now()).then((b) => b.load()),
    boardNickname(db, learner, quizId),
  ]);
  if (error) c.status(error.status);
  return c.html(
    <PracticeBoardPage
      lang={lang}
      nonce={c.get("secureHeadersNonce") ?? ""}
      quizId={quizId}
      quizTitle={boardQuiz(quizId).title[lang]}
      period={period}
      board={board}
      nickname={nickname}
      error={error?.message ?? null}
      typed={error?.typed}
    />,
  );
}

/** Leaderboard pages: a quiz's practice board, an assignment's board, and its teacher's moderation page. */
export const leaderboardPages = new Hono<AppEnv>()
  .get("/leaderboard/:quizId", async (c) => {
    return practicePage(c, quizIdParam(c.req.param("quizId")), periodQuery(c.req.query("period")));
  })
  .post("/leaderboard/:quizId/join", async (c) => {
    const quizId = quizIdParam(c.req.param("quizId"));
    const { nickname } = parseForm(NicknameForm, await readForm(c));
    const learner = await learnerOrNew(c);
    return withFormProblem(
      async () => {
        await joinBoard(c.get("db"), learner, quizId, nickname, c.get("lang"), Date.now());
        return c.redirect(`/leaderboard/${quizId}`, 303);
      },
      (p) => practicePage(c, quizId, "all", { status: p.status, message: p.message, typed: nickname }),
    );
  })
  .post("/leaderboard/:quizId/leave", async (c) => {
    const quizId = quizIdParam(c.req.param("quizId"));
    await leaveBoard(c.get("db"), await currentLearner(c), quizId);
    return c.redirect(`/leaderboard/${quizId}`, 303);
  })
  .get("/a/:code/leaderboard", async (c) => {
    const now = Date.now();
    const db = c.get("db");
    const a = await boardAssignment(db, c.req.param("code"));
    const conditional = await assignmentBoardConditional(db, a.code, PAGE_LIMIT, await currentLearner(c), false, now);
    const board = await conditional.load();
    return c.html(
      <AssignmentBoardPage
        lang={c.get("lang")}
        nonce={c.get("secureHeadersNonce") ?? ""}
        code={a.code}
        title={board.title}
        mode={board.mode}
        open={board.open}
        board={board}
        etag={conditional.etag}
        limit={PAGE_LIMIT}
      />,
    );
  })
  .get("/teach/:code/leaderboard", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const view = await moderationView(c.get("db"), a.code, MODERATION_LIMIT, Date.now());
    return c.html(
      <ModerationPage
        lang={c.get("lang")}
        nonce={c.get("secureHeadersNonce") ?? ""}
        code={a.code}
        title={view.title}
        entries={view.entries}
        hidden={view.hidden}
        total={view.total}
      />,
    );
  })
  .post("/teach/:code/leaderboard/entries/:entryId", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const rawId = c.req.param("entryId");
    if (!ENTRY_ID.test(rawId)) throw new ProblemError("not-found", "No entry has this id.");
    const form = parseForm(ModerationForm, await readForm(c));
    const change = { hidden: form.hidden === undefined ? undefined : form.hidden === "1", name: form.name };
    const lang = c.get("lang");
    return withFormProblem(
      async () => {
        await moderateEntry(c.get("db"), a.id, Number(rawId), change, lang);
        return c.redirect(`/teach/${a.code}/leaderboard`, 303);
      },
      async (p) => {
        const view = await moderationView(c.get("db"), a.code, MODERATION_LIMIT, Date.now());
        c.status(p.status);
        return c.html(
          <ModerationPage
            lang={lang}
            nonce={c.get("secureHeadersNonce") ?? ""}
            code={a.code}
            title={view.title}
            entries={view.entries}
            hidden={view.hidden}
            total={view.total}
            error={p.message}
          />,
        );
      },
    );
  });
