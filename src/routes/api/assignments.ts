import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import type { Assignment } from "../../db/assignments.ts";
import { findAssignment } from "../../flows/assignment-attempts.ts";
import { changeAssignment, createAssignment, removeAssignment, rotateSecret } from "../../flows/assignment-commands.ts";
import { removeLearner } from "../../flows/assignment-learners.ts";
import {
  type AssignmentResults,
  assignmentResults,
  ROSTER_PAGE,
  rosterForCsv,
} from "../../flows/assignment-results.ts";
import { exportAssignment } from "../../flows/exports.ts";
import { lookupForLearner } from "../../http/assignment-lookup.ts";
import { sendDownload } from "../../http/download.ts";
import { LEARNER_REF, Title } from "../../http/fields.ts";
import { articleSentencePath, learnerPath, manageUrlFor } from "../../http/links.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { authorizeTeacher } from "../../http/teacher-auth.ts";
import {
  ASSIGNMENT_LANGS,
  assignmentStatus,
  FEEDBACK_MODES,
  maxLearnersPerAssignment,
} from "../../quiz/assignment-rules.ts";
import { LEADERBOARD_MODES } from "../../quiz/boards.ts";
import { LEVELS } from "../../quiz/index.ts";
import { ROSTER_CURSOR_MAX_LENGTH, ROSTER_CURSOR_PATTERN } from "../../quiz/roster-cursor.ts";
import { qrSvg } from "../../views/qr.ts";
import { csvHeaders, resultsCsvStream } from "../../views/results-csv.ts";
import { ExportQuery, exportResponses } from "./quizzes.ts";
import { extending } from "./schemas.ts";

const Instant = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-03-01T08:00:00Z",
});
const toMs = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : Date.parse(s));

const CreateAssignmentBody = z
  .strictObject({
    title: Title.openapi({ example: "3e B — AI strategies" }),
    quizId: z
      .optional(z.string().check(z.minLength(1), z.maxLength(64)))
      .openapi({ description: 'A quiz whose questions form the pool (default "article").' }),
    topics: z
      .optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(20)))
      .openapi({ description: "Instead of quizId: the article's questions on these topics." }),
    questionCount: z.optional(z.number().check(z.int(), z.gte(1, "must be at least 1"), z.lte(200))),
    shuffle: z.optional(z.boolean()),
    timeLimitMinutes: z.optional(
      z.nullable(z.number().check(z.int(), z.gte(1, "must be at least 1 minute"), z.lte(600))),
    ),
    attemptsAllowed: z.optional(z.number().check(z.int(), z.gte(1), z.lte(20))),
    opensAt: z.optional(z.nullable(Instant)),
    closesAt: z.optional(z.nullable(Instant)),
    leaderboard: z.optional(z.enum(LEADERBOARD_MODES)),
    requireName: z.optional(z.boolean()),
    feedback: z.optional(z.enum(FEEDBACK_MODES)),
    lang: z.optional(z.enum(ASSIGNMENT_LANGS)),
  })
  .check(
    z.refine((b) => !(b.quizId !== undefined && b.topics !== undefined), {
      message: "Give quizId or topics, not both.",
      path: ["topics"],
    }),
  )
  .openapi("CreateAssignment");

const CodeParam = z
  .string()
  .check(z.minLength(1), z.maxLength(16))
  .openapi({ param: { name: "code", in: "path" }, example: "K7QM3X" });

const SummarySchema =
  OPENAPI_DOCS &&
  z
    .object({
      code: z.string(),
      title: z.string(),
      status: z.enum(["scheduled", "open", "closed"]),
      questionCount: z.number().check(z.int()),
      timeLimitMinutes: z.nullable(z.number().check(z.int())),
      attemptsAllowed: z.number().check(z.int()),
      opensAt: z.string(),
      closesAt: z.nullable(z.string()),
      requireName: z.boolean(),
      feedback: z.enum(FEEDBACK_MODES),
      leaderboard: z.enum(LEADERBOARD_MODES),
      lang: z.enum(ASSIGNMENT_LANGS),
      learnerUrl: z.string(),
    })
    .openapi("AssignmentSummary");

const CreatedSchema =
  OPENAPI_DOCS &&
  z
    .object({
      ...SummarySchema.shape,
      qrSvg: z.string().openapi({ description: "QR code of the absolute learner URL, as SVG." }),
      manageUrl: z.string().openapi({ description: "Private link to the manage page. Shown once: keep it." }),
      manageSecret: z
        .string()
        .openapi({ description: "For the API (Authorization: Bearer). Shown once; only its SHA-256 is stored." }),
    })
    .openapi("CreatedAssignment", {}, extending("AssignmentSummary", SummarySchema));

const SecretSchema =
  OPENAPI_DOCS && z.object({ manageSecret: z.string(), manageUrl: z.string() }).openapi("RotatedSecret");

const LIMIT_MESSAGE = `must be a whole number from ${ROSTER_PAGE.min} to ${ROSTER_PAGE.max}`;
const RosterQuery = z.object({
  cursor: z
    .optional(
      z
        .string()
        .check(
          z.maxLength(ROSTER_CURSOR_MAX_LENGTH, "must be a cursor from a roster page's next or previous link"),
          z.regex(ROSTER_CURSOR_PATTERN, "must be a cursor from a roster page's next or previous link"),
        ),
    )
    .openapi({
      param: { name: "cursor", in: "query" },
      description:
        "Opaque: where the roster page starts, from a previous answer's `next` or `prev` (none: the first page).",
    }),
  limit: z
    ._default(
      z.coerce
        .number({ error: LIMIT_MESSAGE })
        .check(z.int(LIMIT_MESSAGE), z.gte(ROSTER_PAGE.min, LIMIT_MESSAGE), z.lte(ROSTER_PAGE.max, LIMIT_MESSAGE)),
      ROSTER_PAGE.default,
    )
    .openapi({
      param: { name: "limit", in: "query" },
      description: `Learners per roster page (${ROSTER_PAGE.min} to ${ROSTER_PAGE.max}, default ${ROSTER_PAGE.default}).`,
      example: ROSTER_PAGE.default,
    }),
});

const ResultsSchema =
  OPENAPI_DOCS &&
  z
    .object({
      assignment: SummarySchema,
      next: z.nullable(z.string()).openapi({
        description: "The next roster page (a relative URL with the same limit), or null on the last page.",
        example: "/api/assignments/K7QM3X/results?cursor=eyJhZnRlciI6NTB9&limit=50",
      }),
      prev: z
        .nullable(z.string())
        .openapi({ description: "The previous roster page (a relative URL), or null on the first page." }),
      learnerCount: z.number().check(z.int()),
      maxLearners: z
        .number()
        .check(z.int())
        .openapi({ description: "How many learners may join (joining past it is a 409)." }),
      finishedCount: z.number().check(z.int()).openapi({
        description: "Learners with a finished attempt (one whose time ran out counts once the sweep stored it).",
      }),
      roster: z
        .array(
          z.object({
            learnerId: z.string().openapi({
              description:
                "This learner's id within the assignment (not the same in another assignment): what removal names.",
            }),
            ref: z
              .string()
              .openapi({ description: "Reference to this learner within the assignment (for accommodations)." }),
            name: z.string(),
            status: z.enum(["not-started", "in-progress", "finished"]),
            score: z.nullable(z.number()),
            maxScore: z.nullable(z.number()),
            percent: z.nullable(z.number()),
            timeTakenMs: z.nullable(z.number()),
            attemptsUsed: z.number().check(z.int()),
            extraMinutes: z.number().check(z.int()),
            noTimeLimit: z.boolean(),
            points: z.record(z.string(), z.number()),
          }),
        )
        .openapi({ description: "One page of learners, in the order they joined (see next and prev)." }),
      items: z.array(
        z.object({
          itemId: z.string(),
          prompt: z.string(),
          type: z.string(),
          level: z.enum(LEVELS).openapi({ description: "The cognitive level the question tests (revised Bloom)." }),
          maxPoints: z.number(),
          attempts: z.number().check(z.int()),
          facility: z
            .nullable(z.number())
            .openapi({ description: "Mean score as a % of the item's points (Moodle's facility index)." }),
          discrimination: z.nullable(z.number()).openapi({
            description:
              "100 × correlation of the item score with the rest-of-test score (Moodle's discrimination index).",
          }),
          picks: z.array(
            z.object({
              optionId: z.string(),
              label: z.string(),
              count: z.number().check(z.int()),
              correct: z.boolean(),
            }),
          ),
          sentenceId: z.string(),
          sourceUrl: z.string(),
        }),
      ),
      weakest: z.array(z.string()).openapi({ description: "The question ids with the lowest facility." }),
      distribution: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().check(z.int()) })),
    })
    .openapi("AssignmentResults");

const PatchAssignmentBody = z
  .strictObject({
    title: z.optional(Title),
    status: z
      .optional(z.enum(["open", "closed"]))
      .openapi({ description: '"closed" closes now; "open" reopens (no closing time unless closesAt is given).' }),
    opensAt: z.optional(Instant),
    closesAt: z
      .optional(z.nullable(Instant))
      .openapi({ description: "A new closing time (extend the deadline), or null for none." }),
    accommodation: z
      .optional(
        z.strictObject({
          learner: z.string().check(z.regex(LEARNER_REF, "must be a learner ref from the results")),
          extraMinutes: z.optional(z.number().check(z.int(), z.gte(0), z.lte(600))),
          noTimeLimit: z.optional(z.boolean()),
        }),
      )
      .openapi({ description: "Extra time or no time limit for one learner." }),
  })
  .openapi("PatchAssignment");

const bearer = [{ bearerAuth: [] }];
const authProblems = OPENAPI_DOCS && {
  401: problem("Missing or wrong manage secret (the same answer whether the code exists or not)"),
  429: problem("Too many wrong guesses"),
};
const params = z.object({ code: CodeParam });

const create = createRoute({
  method: "post",
  path: "/assignments",
  request: { body: { required: true, content: { "application/json": { schema: CreateAssignmentBody } } } },
  ...(OPENAPI_DOCS && {
    summary: "Create an assignment: a learner code, a QR code and a private manage link",
    tags: ["assignments"],
    responses: {
      201: {
        description: "Created. The manage secret is in this answer only.",
        content: { "application/json": { schema: CreatedSchema } },
      },
      422: problem("Invalid settings (the errors name each field)"),
      429: problem("Too many assignments or games created from this address (Retry-After)"),
    },
  }),
});

const getOne = createRoute({
  method: "get",
  path: "/assignments/{code}",
  request: { params },
  ...(OPENAPI_DOCS && {
    summary: "Public summary of an assignment (what a learner sees before starting)",
    tags: ["assignments"],
    responses: {
      200: { description: "Summary", content: { "application/json": { schema: SummarySchema } } },
      404: problem("No assignment has this code"),
      429: problem("Too many unknown codes tried"),
    },
  }),
});

const results = createRoute({
  method: "get",
  path: "/assignments/{code}/results",
  request: { params, query: RosterQuery },
  ...(OPENAPI_DOCS && {
    summary: "A page of the roster, with the item analysis and score distribution",
    tags: ["assignments"],
    security: bearer,
    responses: {
      200: { description: "Results", content: { "application/json": { schema: ResultsSchema } } },
      422: problem("A cursor that is not from a next or prev link, or a limit out of bounds"),
      ...authProblems,
    },
  }),
});

const csv = createRoute({
  method: "get",
  path: "/assignments/{code}/results.csv",
  request: { params: z.object({ code: CodeParam }) },
  ...(OPENAPI_DOCS && {
    summary: "The whole roster with per-question points as CSV (UTF-8 with BOM), streamed page by page",
    tags: ["assignments"],
    security: bearer,
    responses: {
      200: { description: "CSV", content: { "text/csv": { schema: z.string() } } },
      ...authProblems,
    },
  }),
});

const exportRoute = createRoute({
  method: "get",
  path: "/assignments/{code}/export",
  request: { params, query: ExportQuery },
  ...(OPENAPI_DOCS && {
    summary: "The assignment's questions (its whole pool) as Moodle XML, GIFT or QTI 3.0",
    tags: ["assignments"],
    security: bearer,
    responses: { ...exportResponses, ...authProblems },
  }),
});

const patch = createRoute({
  method: "patch",
  path: "/assignments/{code}",
  request: { params, body: { required: true, content: { "application/json": { schema: PatchAssignmentBody } } } },
  ...(OPENAPI_DOCS && {
    summary: "Close now, reopen, extend, rename, or grant one learner extra time",
    tags: ["assignments"],
    security: bearer,
    responses: {
      200: {
        description: "The assignment after the change",
        content: { "application/json": { schema: SummarySchema } },
      },
      404: problem("No learner with this ref"),
      422: problem("Invalid change"),
      ...authProblems,
    },
  }),
});

const remove = createRoute({
  method: "delete",
  path: "/assignments/{code}",
  request: {
    params,
    query: z.object({
      confirm: z
        .optional(z.string().check(z.maxLength(16)))
        .openapi({ description: "The assignment's code, to confirm." }),
    }),
  },
  ...(OPENAPI_DOCS && {
    summary: "Delete the assignment with every attempt and answer of it (confirm=<code> required)",
    tags: ["assignments"],
    security: bearer,
    responses: {
      204: { description: "Deleted" },
      422: problem("Missing or wrong confirmation"),
      ...authProblems,
    },
  }),
});

const removeOneLearner = createRoute({
  method: "delete",
  path: "/assignments/{code}/learners/{learnerId}",
  request: {
    params: z.object({
      code: CodeParam,
      learnerId: z
        .string()
        .check(z.regex(LEARNER_REF, "must be a learnerId from the roster"))
        .openapi({ param: { name: "learnerId", in: "path" }, example: "0123456789abcdef" }),
    }),
  },
  ...(OPENAPI_DOCS && {
    summary: "Remove a learner: their attempts leave the roster, CSV, statistics and board (idempotent)",
    tags: ["assignments"],
    security: bearer,
    responses: {
      204: { description: "Removed (or nobody with this id had joined)" },
      422: problem("Malformed learnerId"),
      ...authProblems,
    },
  }),
});

const rotate = createRoute({
  method: "post",
  path: "/assignments/{code}/rotate-secret",
  request: { params },
  ...(OPENAPI_DOCS && {
    summary: "Issue a new manage secret; the old one stops working",
    tags: ["assignments"],
    security: bearer,
    responses: {
      200: { description: "The new secret (shown once)", content: { "application/json": { schema: SecretSchema } } },
      ...authProblems,
    },
  }),
});

/** What anyone with the code may know: no secret, no pool. */
function summaryJson(a: Assignment, now: number) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    code: a.code,
    title: a.title,
    status: assignmentStatus(a, now),
    questionCount: a.questionCount,
    timeLimitMinutes: a.timeLimitMinutes,
    attemptsAllowed: a.attemptsAllowed,
    opensAt: new Date(a.opensAt).toISOString(),
    closesAt: iso(a.closesAt),
    requireName: a.requireName,
    feedback: a.feedback,
    leaderboard: a.leaderboard,
    lang: a.lang,
    learnerUrl: learnerPath(a.code),
  };
}

function resultsJson(r: AssignmentResults, now: number, limit: number) {
  const link = (cursor: string | null) =>
    cursor === null ? null : `/api/assignments/${r.assignment.code}/results?cursor=${cursor}&limit=${limit}`;
  return {
    assignment: summaryJson(r.assignment, now),
    next: link(r.next),
    prev: link(r.prev),
    learnerCount: r.learnerCount,
    maxLearners: r.maxLearners,
    finishedCount: r.finishedCount,
    roster: r.roster,
    items: r.items.map(
      ({ itemId, prompt, type, level, maxPoints, attempts, facility, discrimination, picks, sentenceId }) => ({
        itemId,
        prompt,
        type,
        level,
        maxPoints,
        attempts,
        facility,
        discrimination,
        picks,
        sentenceId,
        sourceUrl: articleSentencePath(sentenceId),
      }),
    ),
    weakest: r.weakest,
    distribution: r.distribution,
  };
}

export const assignmentsApi = createApi();

assignmentsApi.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
  type: "http",
  scheme: "bearer",
  description: "The assignment's manage secret.",
});

assignmentsApi
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const now = Date.now();
    const { assignment, secret } = await createAssignment(
      c.get("db"),
      { ...body, opensAt: toMs(body.opensAt), closesAt: toMs(body.closesAt) },
      now,
    );
    const origin = new URL(c.req.url).origin;
    c.header("Location", `/api/assignments/${assignment.code}`);
    return c.json(
      {
        ...summaryJson(assignment, now),
        qrSvg: qrSvg(origin, assignment.code),
        manageUrl: manageUrlFor(assignment.code, secret),
        manageSecret: secret,
      },
      201,
    );
  })
  .openapi(getOne, async (c) => {
    const assignment = await lookupForLearner(c, c.req.valid("param").code);
    return c.json(summaryJson(assignment, Date.now()), 200);
  })
  .openapi(results, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    const page = c.req.valid("query");
    const now = Date.now();
    const results = await assignmentResults(
      c.get("db"),
      assignment,
      c.get("lang"),
      now,
      maxLearnersPerAssignment(c.env),
      page,
    );
    return c.json(resultsJson(results, now, page.limit), 200);
  })
  .openapi(csv, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    const lang = c.get("lang");
    const roster = await rosterForCsv(c.get("db"), assignment, lang, Date.now());
    return c.body(resultsCsvStream(roster.questionIds, roster.next, lang), 200, csvHeaders(assignment.code));
  })
  .openapi(exportRoute, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    const { format, lang } = c.req.valid("query");
    return sendDownload(c, exportAssignment(assignment, format, lang), "private, no-store");
  })
  .openapi(patch, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    const body = c.req.valid("json");
    const now = Date.now();
    await changeAssignment(
      c.get("db"),
      assignment,
      {
        ...body,
        opensAt: body.opensAt === undefined ? undefined : Date.parse(body.opensAt),
        closesAt: toMs(body.closesAt),
      },
      now,
    );
    const after = await findAssignment(c.get("db"), assignment.code);
    return c.json(summaryJson(after ?? assignment, now), 200);
  })
  .openapi(remove, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    await removeAssignment(c.get("db"), assignment, c.req.valid("query").confirm);
    return c.body(null, 204);
  })
  .openapi(removeOneLearner, async (c) => {
    const { code, learnerId } = c.req.valid("param");
    const assignment = await authorizeTeacher(c, code);
    await removeLearner(c.get("db"), assignment, learnerId);
    return c.body(null, 204);
  })
  .openapi(rotate, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    const secret = await rotateSecret(c.get("db"), assignment, Date.now());
    return c.json({ manageSecret: secret, manageUrl: manageUrlFor(assignment.code, secret) }, 200);
  });
