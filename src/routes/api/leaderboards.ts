import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import {
  assignmentBoardConditional,
  type Conditional,
  etagMatches,
  joinBoard,
  leaveBoard,
  moderateEntry,
  practiceBoardConditional,
} from "../../flows/leaderboards.ts";
import { QUIZ_ID } from "../../http/fields.ts";
import { currentLearner, learnerOrNew } from "../../http/learner.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { authorizeTeacher } from "../../http/teacher-auth.ts";
import { LEADERBOARD_MODES, PERIODS } from "../../quiz/boards.ts";

const QuizIdParam = z
  .string()
  .check(z.regex(QUIZ_ID, "must be a quiz id"))
  .openapi({ param: { name: "quizId", in: "path" }, example: "article" });
const CodeParam = z
  .string()
  .check(z.minLength(1), z.maxLength(16))
  .openapi({ param: { name: "code", in: "path" }, example: "K7M2QX" });
const Limit = z
  ._default(
    z.coerce
      .number({ error: "must be a whole number from 1 to 100" })
      .check(
        z.int("must be a whole number from 1 to 100"),
        z.gte(1, "must be a whole number from 1 to 100"),
        z.lte(100, "must be a whole number from 1 to 100"),
      ),
    10,
  )
  .openapi({ param: { name: "limit", in: "query" }, description: "How many top entries (1 to 100).", example: 10 });

const EntrySchema =
  OPENAPI_DOCS &&
  z
    .object({
      rank: z
        .number()
        .check(z.int())
        .openapi({ description: "Competition rank: equal score and time share a rank (1, 2, 2, 4)." }),
      name: z.nullable(z.string()).openapi({ description: "Null where the board shows no names (anonymous mode)." }),
      score: z.number(),
      maxScore: z.number(),
      durationMs: z.number().check(z.int()),
      you: z.boolean().openapi({ description: "The caller's own entry." }),
      entryId: z
        .optional(z.number().check(z.int()))
        .openapi({ description: "Teacher view only: the entry to hide or rename." }),
      hidden: z.optional(z.boolean()).openapi({ description: "Teacher view only." }),
    })
    .openapi("LeaderboardEntry");

const boardFields = OPENAPI_DOCS && {
  entries: z.array(EntrySchema).openapi({ description: "The top entries, best first." }),
  me: z.union([EntrySchema, z.null()]).openapi({ description: "The caller's entry, when they are on the board." }),
  around: z.array(EntrySchema).openapi({ description: "The entries just before and after the caller's, with it." }),
  total: z.number().check(z.int()).openapi({ description: "How many took part." }),
};

const PracticeBoardSchema =
  OPENAPI_DOCS &&
  z
    .object({
      ...boardFields,
      quizId: z.string(),
      period: z.enum(PERIODS),
      weekStart: z
        .number()
        .check(z.int())
        .openapi({ description: "This week's Monday 00:00 UTC, ms since the epoch." }),
    })
    .openapi("PracticeLeaderboard");

const AssignmentBoardSchema =
  OPENAPI_DOCS &&
  z
    .object({
      ...boardFields,
      code: z.string(),
      title: z.string(),
      mode: z.enum(LEADERBOARD_MODES),
      open: z
        .boolean()
        .openapi({ description: "True while the assignment takes attempts (the board may still move)." }),
    })
    .openapi("AssignmentLeaderboard");

const ifNoneMatch = z.object({
  "if-none-match": z
    .optional(z.string().check(z.maxLength(1000)))
    .openapi({ description: "An ETag from an earlier answer: 304 if unchanged." }),
});
const etagHeader = { ETag: { schema: { type: "string" as const }, description: "Changes whenever the answer would." } };

const getPractice = createRoute({
  method: "get",
  path: "/leaderboards/{quizId}",
  request: {
    params: z.object({ quizId: QuizIdParam }),
    query: z.object({
      period: z._default(z.enum(PERIODS), "all").openapi({ param: { name: "period", in: "query" } }),
      limit: Limit,
    }),
    headers: ifNoneMatch,
  },
  ...(OPENAPI_DOCS && {
    summary: "A quiz's public practice leaderboard, this week (from Monday 00:00 UTC) or all time",
    tags: ["leaderboards"],
    responses: {
      200: {
        description: "The board",
        headers: etagHeader,
        content: { "application/json": { schema: PracticeBoardSchema } },
      },
      304: { description: "Unchanged since the ETag sent in If-None-Match", headers: etagHeader },
      404: problem("No such quiz"),
      422: problem("Invalid period or limit"),
    },
  }),
});

const getAssignment = createRoute({
  method: "get",
  path: "/assignments/{code}/leaderboard",
  request: { params: z.object({ code: CodeParam }), query: z.object({ limit: Limit }), headers: ifNoneMatch },
  ...(OPENAPI_DOCS && {
    summary: "An assignment's leaderboard, as its teacher set it (anonymous or with names)",
    description:
      "With `Authorization: Bearer <manage secret>` the teacher sees every name and each entry's `entryId` and `hidden`, even when the board is off for learners.",
    tags: ["leaderboards"],
    responses: {
      200: {
        description: "The board",
        headers: etagHeader,
        content: { "application/json": { schema: AssignmentBoardSchema } },
      },
      304: { description: "Unchanged since the ETag sent in If-None-Match", headers: etagHeader },
      401: problem("A wrong manage secret"),
      403: problem("The teacher turned this board off, or the assignment withholds results until it closes"),
      404: problem("No such assignment"),
      422: problem("Invalid limit"),
      429: problem("Too many wrong secrets"),
    },
  }),
});

const NicknameBody = z
  .strictObject({
    nickname: z.string().check(z.maxLength(200)).openapi({
      description:
        "1 to 24 visible characters; no invisible characters, no posing as the teacher or the site, nothing hurtful.",
      example: "Zoé",
    }),
  })
  .openapi("JoinLeaderboard");

const join = createRoute({
  method: "post",
  path: "/leaderboards/{quizId}/join",
  request: {
    params: z.object({ quizId: QuizIdParam }),
    body: { required: true, content: { "application/json": { schema: NicknameBody } } },
  },
  ...(OPENAPI_DOCS && {
    summary: "Join a quiz's practice leaderboard under a nickname (or change it); past attempts count",
    tags: ["leaderboards"],
    responses: {
      200: {
        description: "Joined",
        content: { "application/json": { schema: z.object({ quizId: z.string(), nickname: z.string() }) } },
      },
      404: problem("No such quiz"),
      409: problem("Another learner has this nickname on this board"),
      422: problem("The nickname breaks a rule (the detail names it)"),
      429: problem("Too many nicknames chosen from this address (Retry-After)"),
    },
  }),
});

const leave = createRoute({
  method: "delete",
  path: "/leaderboards/{quizId}/join",
  request: { params: z.object({ quizId: QuizIdParam }) },
  ...(OPENAPI_DOCS && {
    summary: "Leave a quiz's practice leaderboard: the nickname and every entry on it go",
    tags: ["leaderboards"],
    responses: { 204: { description: "Left (or was never on it)" }, 404: problem("No such quiz") },
  }),
});

const EntryPatch = z
  .strictObject({
    hidden: z.optional(z.boolean()),
    name: z
      .optional(z.nullable(z.string().check(z.maxLength(200))))
      .openapi({ description: "A new name under the nickname rules; null gives the learner's own name back." }),
  })
  .check(
    z.refine((b) => b.hidden !== undefined || b.name !== undefined, {
      message: "Give hidden, name or both.",
      path: ["hidden"],
    }),
  )
  .openapi("LeaderboardEntryPatch");

const patchEntry = createRoute({
  method: "patch",
  path: "/assignments/{code}/leaderboard/entries/{entryId}",
  request: {
    params: z.object({
      code: CodeParam,
      entryId: z.coerce
        .number()
        .check(z.int(), z.gte(1), z.lte(2 ** 53))
        .openapi({ param: { name: "entryId", in: "path" }, example: 12 }),
    }),
    body: { required: true, content: { "application/json": { schema: EntryPatch } } },
  },
  ...(OPENAPI_DOCS && {
    summary: "Hide, show again or rename an entry of your assignment's leaderboard (teacher)",
    tags: ["leaderboards"],
    security: [{ bearerAuth: [] }],
    responses: {
      204: { description: "Done" },
      401: problem("No or a wrong manage secret"),
      404: problem("No such entry on this assignment's board"),
      422: problem("Invalid body, or the name breaks a nickname rule"),
      429: problem("Too many wrong secrets"),
    },
  }),
});

/** Answers 304 when the client's copy is current, else the board, both with the ETag. */
async function conditionalJson<T>(c: Context<AppEnv>, board: Conditional<T>, ifNoneMatchHeader: string | undefined) {
  c.header("ETag", board.etag);
  // Phones may keep a copy but must ask each time; the ETag makes asking almost free.
  c.header("Cache-Control", "private, no-cache");
  c.header("Vary", "Cookie, Authorization");
  if (etagMatches(ifNoneMatchHeader, board.etag)) return c.body(null, 304);
  return c.json(await board.load(), 200);
}

export const leaderboardsApi = createApi()
  .openapi(getPractice, async (c) => {
    const { quizId } = c.req.valid("param");
    const { period, limit } = c.req.valid("query");
    const board = await practiceBoardConditional(
      c.get("db"),
      quizId,
      period,
      limit,
      await currentLearner(c),
      Date.now(),
    );
    return conditionalJson(c, board, c.req.header("if-none-match")) as never;
  })
  .openapi(getAssignment, async (c) => {
    const { code } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    // A manage secret, when sent, must be right; it shows the teacher every name.
    const teacher = c.req.header("authorization") ? Boolean(await authorizeTeacher(c, code)) : false;
    const board = await assignmentBoardConditional(
      c.get("db"),
      code,
      limit,
      await currentLearner(c),
      teacher,
      Date.now(),
    );
    return conditionalJson(c, board, c.req.header("if-none-match")) as never;
  })
  .openapi(join, async (c) => {
    const { quizId } = c.req.valid("param");
    const { nickname } = c.req.valid("json");
    const learner = await learnerOrNew(c);
    const joined = await joinBoard(c.get("db"), learner, quizId, nickname, c.get("lang"), Date.now());
    return c.json({ quizId, nickname: joined }, 200);
  })
  .openapi(leave, async (c) => {
    const { quizId } = c.req.valid("param");
    await leaveBoard(c.get("db"), await currentLearner(c), quizId);
    return c.body(null, 204);
  })
  .openapi(patchEntry, async (c) => {
    const { code, entryId } = c.req.valid("param");
    const body = c.req.valid("json");
    const assignment = await authorizeTeacher(c, code);
    await moderateEntry(c.get("db"), assignment.id, entryId, body, c.get("lang"));
    return c.body(null, 204);
  });
