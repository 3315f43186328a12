import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { Hono } from "hono/tiny";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { poolChoices } from "../../flows/assignment-settings.ts";
import { createLiveGame, playAssignmentLive, roomFor } from "../../flows/live.ts";
import { parseForm, readForm } from "../../http/forms.ts";
import { learnerOrNew } from "../../http/learner.ts";
import { hostPath, livePath } from "../../http/links.ts";
import { ProblemError } from "../../http/problem.ts";
import { authorizeTeacher, manageCookieName, rememberLiveHost, rememberManageSecret } from "../../http/teacher-auth.ts";
import { normalizeCode } from "../../quiz/assignment-codes.ts";
import { notFound } from "../../quiz/errors.ts";
import { LANGS } from "../../quiz/format.ts";
import { LIVE_SECONDS, type ServerMessage } from "../../quiz/live-game.ts";
import {
  HostLoginPage,
  HostPage,
  LiveCreatedPage,
  LiveCreatePage,
  PhonePage,
  toView,
} from "../../views/pages/live.tsx";
import { liveQrSvg } from "../../views/qr.ts";
import { formProblem } from "./form-errors.ts";

const nonce = (c: Context<AppEnv>) => c.get("secureHeadersNonce") ?? "";
const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;
const liveQr = (c: Context<AppEnv>, code: string) => liveQrSvg(origin(c), code);

const intField = (min: number, max: number, fallback: number) =>
  z.pipe(
    z.pipe(
      z.optional(z.string().check(z.trim(), z.maxLength(6))),
      z.transform((s: string | undefined) => (s === undefined || s === "" ? fallback : Number(s))),
    ),
    z
      .number()
      .check(
        z.int("must be a whole number"),
        z.gte(min, `must be at least ${min}`),
        z.lte(max, `must be at most ${max}`),
      ),
  );

const LiveForm = z.strictObject({
  quizId: z.optional(z.string().check(z.maxLength(64))),
  questionCount: intField(1, 50, 10),
  secondsPerQuestion: intField(LIVE_SECONDS.min, LIVE_SECONDS.max, LIVE_SECONDS.default),
  lang: z.optional(z.enum(LANGS)),
  speedBonus: z.optional(z.literal("1")),
});

const HOST_COMMANDS = ["start", "next", "pause", "resume", "skip", "end", "remove"] as const;

function codeOf(c: Context<AppEnv>): string {
  const code = normalizeCode(c.req.param("code") ?? "");
  if (!code) throw notFound("No live game has this code.");
  return code;
}

const firstError = (messages: ServerMessage[] | null) =>
  messages?.find((m): m is Extract<ServerMessage, { type: "error" }> => m.type === "error");

async function phoneView(
  c: Context<AppEnv>,
  code: string,
  extra: { error?: string; status?: number; order?: string[]; name?: string } = {},
) {
  const learner = await learnerOrNew(c);
  const messages = await roomFor(c.env.LIVE_ROOM, code).view({ role: "player", learnerId: learner.id });
  if (messages.length === 0) throw notFound("No live game runs under this code.");
  if (extra.status) c.status(extra.status as 409);
  return c.html(
    <PhonePage
      lang={c.get("lang")}
      nonce={nonce(c)}
      code={code}
      view={toView(messages)}
      error={extra.error}
      order={extra.order}
      name={extra.name}
    />,
  );
}

/** The teacher's "Play live" form, the projector view, and the phone's page (all work without JavaScript). */
export const livePages = new Hono<AppEnv>()
  .get("/teach/live", (c) =>
    c.html(<LiveCreatePage lang={c.get("lang")} nonce={nonce(c)} quizzes={poolChoices(c.get("lang")).quizzes} />),
  )
  .post("/teach/live", async (c) => {
    const fields = await readForm(c);
    const lang = c.get("lang");
    try {
      const f = parseForm(LiveForm, fields);
      const { assignment, secret } = await createLiveGame(
        c.get("db"),
        c.env.LIVE_ROOM,
        {
          quizId: f.quizId || "article",
          questionCount: f.questionCount,
          secondsPerQuestion: f.secondsPerQuestion,
          speedBonus: f.speedBonus === "1",
          lang: f.lang ?? lang,
        },
        Date.now(),
      );
      rememberLiveHost(c, assignment.code, secret);
      rememberManageSecret(c, assignment.code, secret);
      c.status(201);
      return c.html(
        <LiveCreatedPage
          lang={lang}
          nonce={nonce(c)}
          code={assignment.code}
          joinUrl={new URL(livePath(assignment.code), origin(c)).href}
          hostUrl={`${new URL(hostPath(assignment.code), origin(c)).href}#key=${secret}`}
          qrSvg={liveQr(c, assignment.code)}
        />,
      );
    } catch (error) {
      const problem = formProblem(error);
      if (!problem) throw error;
      c.status(problem.status);
      return c.html(
        <LiveCreatePage
          lang={lang}
          nonce={nonce(c)}
          quizzes={poolChoices(lang).quizzes}
          values={fields}
          errors={problem.fields.map((f) => ({ in: "form", pointer: f.path, detail: f.message }))}
        />,
      );
    }
  })
  .post("/teach/:code/live", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const f = parseForm(
      z.strictObject({ secondsPerQuestion: LiveForm.shape.secondsPerQuestion, speedBonus: LiveForm.shape.speedBonus }),
      await readForm(c),
    );
    await playAssignmentLive(c.env.LIVE_ROOM, a, {
      secondsPerQuestion: f.secondsPerQuestion,
      speedBonus: f.speedBonus === "1",
      lang: c.get("lang"),
    });
    // The manage cookie holds the secret: the same secret now opens the projector view.
    const secret = getCookie(c, manageCookieName(c, a.code));
    if (secret) rememberLiveHost(c, a.code, secret);
    return c.redirect(hostPath(a.code), 303);
  })
  .get("/live/:code", async (c) => {
    const order = c.req.query("order")?.split(",").slice(0, 20);
    return phoneView(c, codeOf(c), order ? { order } : {});
  })
  .post("/live/:code/join", async (c) => {
    const code = codeOf(c);
    const f = parseForm(z.object({ name: z.string().check(z.maxLength(200)) }), await readForm(c));
    const learner = await learnerOrNew(c);
    const answer = await roomFor(c.env.LIVE_ROOM, code).act(
      { role: "player", learnerId: learner.id },
      { type: "join", name: f.name },
    );
    if (answer === null) throw notFound("No live game runs under this code.");
    const error = firstError(answer);
    if (error) return phoneView(c, code, { error: error.detail, status: error.status, name: f.name });
    return c.redirect(livePath(code), 303);
  })
  .post("/live/:code/answer", async (c) => {
    const code = codeOf(c);
    const { questionId, move, ...fields } = await readForm(c);
    if (typeof move === "string") {
      // Ordering without JavaScript: a move re-shows the question in the new order.
      const order = ([] as string[]).concat(fields.order ?? []);
      const [index, dir] = move.split(":");
      const i = Number(index);
      const j = dir === "up" ? i - 1 : i + 1;
      if (Number.isInteger(i) && order[i] !== undefined && order[j] !== undefined) {
        [order[i], order[j]] = [order[j] as string, order[i] as string];
      }
      return c.redirect(`${livePath(code)}?order=${order.map(encodeURIComponent).join(",")}`, 303);
    }
    const learner = await learnerOrNew(c);
    const answer = await roomFor(c.env.LIVE_ROOM, code).act(
      { role: "player", learnerId: learner.id },
      { type: "answer", questionId: typeof questionId === "string" ? questionId : "", fields },
    );
    if (answer === null) throw notFound("No live game runs under this code.");
    const error = firstError(answer);
    if (error) return phoneView(c, code, { error: error.detail, status: error.status });
    return c.redirect(livePath(code), 303);
  })
  .get("/live/:code/host", async (c) => {
    const code = codeOf(c);
    try {
      await authorizeTeacher(c, code);
    } catch (error) {
      if (error instanceof ProblemError && error.problem.status === 401) {
        c.status(401);
        return c.html(<HostLoginPage lang={c.get("lang")} nonce={nonce(c)} code={code} />);
      }
      throw error;
    }
    const messages = await roomFor(c.env.LIVE_ROOM, code).view({ role: "host" });
    if (messages.length === 0) throw notFound("No live game runs under this code.");
    return c.html(
      <HostPage
        lang={c.get("lang")}
        nonce={nonce(c)}
        code={code}
        view={toView(messages)}
        joinUrl={new URL(livePath(code), origin(c)).href}
        qrSvg={liveQr(c, code)}
      />,
    );
  })
  .post("/live/:code/host", async (c) => {
    const code = codeOf(c);
    const f = parseForm(z.object({ key: z.string().check(z.trim(), z.maxLength(100)) }), await readForm(c));
    try {
      await authorizeTeacher(c, code, f.key);
    } catch (error) {
      if (error instanceof ProblemError && error.problem.status === 401) {
        c.status(401);
        const detail =
          c.get("lang") === "fr" ? "Ce secret n’ouvre pas cette partie." : "This secret does not open this game.";
        return c.html(
          <HostLoginPage
            lang={c.get("lang")}
            nonce={nonce(c)}
            code={code}
            errors={[{ in: "form", pointer: "/key", detail }]}
          />,
        );
      }
      throw error;
    }
    rememberLiveHost(c, code, f.key);
    rememberManageSecret(c, code, f.key);
    return c.redirect(hostPath(code), 303);
  })
  .post("/live/:code/host/:command", async (c) => {
    const code = codeOf(c);
    await authorizeTeacher(c, code);
    const command = c.req.param("command");
    const fields = await readForm(c);
    if (!(HOST_COMMANDS as readonly string[]).includes(command)) throw notFound("No such command.");
    const message =
      command === "remove"
        ? {
            type: "remove" as const,
            playerId: parseForm(z.object({ playerId: z.string().check(z.minLength(1), z.maxLength(64)) }), fields)
              .playerId,
          }
        : { type: command as Exclude<(typeof HOST_COMMANDS)[number], "remove"> };
    const answer = await roomFor(c.env.LIVE_ROOM, code).act({ role: "host" }, message);
    if (answer === null) throw notFound("No live game runs under this code.");
    const error = firstError(answer);
    if (error && error.status !== 409) throw new ProblemError("bad-request", error.detail);
    return c.redirect(hostPath(code), 303);
  });
