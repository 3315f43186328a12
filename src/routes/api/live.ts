import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { createLiveGame, playAssignmentLive, roomFor } from "../../flows/live.ts";
import { Title } from "../../http/fields.ts";
import { currentLearner } from "../../http/learner.ts";
import { hostPath, livePath } from "../../http/links.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";
import { authorizeTeacher } from "../../http/teacher-auth.ts";
import { normalizeCode } from "../../quiz/assignment-codes.ts";
import { notFound } from "../../quiz/errors.ts";
import { LANGS } from "../../quiz/format.ts";
import { LIVE_SECONDS } from "../../quiz/live-game.ts";
import { liveQrSvg } from "../../views/qr.ts";

const Seconds = z
  .optional(
    z
      .number()
      .check(
        z.int(),
        z.gte(LIVE_SECONDS.min, `must be at least ${LIVE_SECONDS.min} seconds`),
        z.lte(LIVE_SECONDS.max, `must be at most ${LIVE_SECONDS.max} seconds`),
      ),
  )
  .openapi({ description: `Seconds per question (default ${LIVE_SECONDS.default}).` });
const SpeedBonus = z
  .optional(z.boolean())
  .openapi({ description: "Faster right answers earn up to half again (default false: accuracy only)." });

export const CreateLiveBody = z
  .strictObject({
    title: z.optional(Title),
    quizId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    topics: z.optional(
      z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(20)),
    ),
    questionCount: z.optional(
      z.number().check(z.int(), z.gte(1, "must be at least 1"), z.lte(50, "must be at most 50")),
    ),
    secondsPerQuestion: Seconds,
    lang: z.optional(z.enum(LANGS)),
    speedBonus: SpeedBonus,
  })
  .check(
    z.refine((b) => !(b.quizId !== undefined && b.topics !== undefined), {
      message: "Give quizId or topics, not both.",
      path: ["topics"],
    }),
  )
  .openapi("CreateLiveGame");

const LiveCreated =
  OPENAPI_DOCS &&
  z
    .object({
      code: z.string(),
      joinUrl: z.string().openapi({ description: "Where phones join (also the QR code's target)." }),
      hostUrl: z.string().openapi({ description: "The projector view; its #key fragment logs the host in." }),
      hostSecret: z.string().openapi({
        description:
          "The host secret = the assignment's manage secret (Bearer). Shown once; only its SHA-256 is stored.",
      }),
      qrSvg: z.string(),
    })
    .openapi("CreatedLiveGame");

/** What playing an assignment live answers: the created game's fields but its secret (the caller has it). */
const LiveOpened =
  OPENAPI_DOCS &&
  z.object({
    code: LiveCreated.shape.code,
    joinUrl: LiveCreated.shape.joinUrl,
    hostUrl: LiveCreated.shape.hostUrl,
    qrSvg: LiveCreated.shape.qrSvg,
  });

const create = createRoute({
  method: "post",
  path: "/live",
  request: { body: { required: true, content: { "application/json": { schema: CreateLiveBody } } } },
  ...(OPENAPI_DOCS && {
    summary: "Create a live game: an assignment whose code is the room's code, and its room",
    tags: ["live"],
    responses: {
      201: { description: "Created", content: { "application/json": { schema: LiveCreated } } },
      422: problem("Invalid settings"),
      429: problem("Too many games or assignments created from this address (Retry-After)"),
    },
  }),
});

const playLive = createRoute({
  method: "post",
  path: "/assignments/{code}/live",
  request: {
    params: z.object({
      code: z
        .string()
        .check(z.minLength(1), z.maxLength(16))
        .openapi({ param: { name: "code", in: "path" } }),
    }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({ secondsPerQuestion: Seconds, speedBonus: SpeedBonus }).openapi("PlayLive"),
        },
      },
    },
  },
  ...(OPENAPI_DOCS && {
    summary: "Play an existing assignment live (its code and manage secret control the room)",
    tags: ["live"],
    security: [{ bearerAuth: [] }],
    responses: {
      201: {
        description: "The room is open",
        content: { "application/json": { schema: LiveOpened } },
      },
      401: problem("Missing or wrong manage secret"),
      409: problem("A live game already runs under this code"),
      429: problem("Too many games or assignments created from this address (Retry-After)"),
    },
  }),
});

const urls = (origin: string, code: string) => ({
  code,
  joinUrl: new URL(livePath(code), origin).href,
  qrSvg: liveQrSvg(origin, code),
});

export const liveApi = createApi();

liveApi
  .openapi(create, async (c) => {
    const body = c.req.valid("json");
    const { assignment, secret } = await createLiveGame(
      c.get("db"),
      c.env.LIVE_ROOM,
      { ...body, lang: body.lang ?? c.get("lang") },
      Date.now(),
    );
    const origin = new URL(c.req.url).origin;
    c.header("Location", `/api/assignments/${assignment.code}`);
    return c.json(
      {
        ...urls(origin, assignment.code),
        hostUrl: `${new URL(hostPath(assignment.code), origin).href}#key=${secret}`,
        hostSecret: secret,
      },
      201,
    );
  })
  .openapi(playLive, async (c) => {
    const assignment = await authorizeTeacher(c, c.req.valid("param").code);
    await playAssignmentLive(c.env.LIVE_ROOM, assignment, { ...c.req.valid("json"), lang: c.get("lang") });
    const origin = new URL(c.req.url).origin;
    return c.json({ ...urls(origin, assignment.code), hostUrl: new URL(hostPath(assignment.code), origin).href }, 201);
  });

/**
 * The room's socket (documented in the README: WebSocket upgrades are outside OpenAPI). A phone is
 * its learner cookie; the host is the host secret (Bearer or the room's cookie) with ?as=host.
 */
liveApi.get("/live/:code/socket", async (c) => {
  const code = normalizeCode(c.req.param("code"));
  if (!code) throw notFound("No live game has this code.");
  if (c.req.header("upgrade")?.toLowerCase() !== "websocket") {
    throw new ProblemError("bad-request", "This endpoint speaks WebSocket: send Upgrade: websocket.");
  }
  const headers = new Headers({ Upgrade: "websocket" });
  if (c.req.query("as") === "host") {
    await authorizeTeacher(c, code);
    headers.set("X-Live-Role", "host");
  } else {
    const learner = await currentLearner(c);
    if (!learner) {
      throw new ProblemError("unauthorized", `Open ${livePath(code)} first: a phone is known by its learner cookie.`);
    }
    headers.set("X-Live-Role", "player");
    headers.set("X-Live-Learner", learner.id);
  }
  const res = await roomFor(c.env.LIVE_ROOM, code).fetch("https://room/socket", { headers });
  if (res.status !== 101) throw notFound("No live game runs under this code.");
  return res;
});
