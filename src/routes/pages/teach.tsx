import type { Context } from "hono";
import { Hono } from "hono/tiny";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { EXPORT_FORMATS, EXPORT_LANGS } from "../../export/index.ts";
import {
  changeAssignment,
  createAssignment,
  listRememberedAssignments,
  removeAssignment,
  rotateSecret,
} from "../../flows/assignment-commands.ts";
import { removeLearner } from "../../flows/assignment-learners.ts";
import { assignmentResults, rosterForCsv } from "../../flows/assignment-results.ts";
import { type AssignmentSettings, poolChoices } from "../../flows/assignment-settings.ts";
import { exportAssignment } from "../../flows/exports.ts";
import { sendDownload } from "../../http/download.ts";
import { LEARNER_REF, Title } from "../../http/fields.ts";
import { parseForm, readForm } from "../../http/forms.ts";
import { learnerPath, manageUrlFor } from "../../http/links.ts";
import { ProblemError } from "../../http/problem.ts";
import { authorizeTeacher, forgetManageSecret, rememberManageSecret } from "../../http/teacher-auth.ts";
import { forgetAssignment, provenEntries, rememberAssignment, rememberedEntries } from "../../http/teacher-list.ts";
import {
  ASSIGNMENT_LANGS,
  assignmentStatus,
  FEEDBACK_MODES,
  maxLearnersPerAssignment,
} from "../../quiz/assignment-rules.ts";
import { LEADERBOARD_MODES } from "../../quiz/boards.ts";
import { sha256Hex } from "../../quiz/tokens.ts";
import { CreatedPage, TeachPage } from "../../views/pages/teach/create.tsx";
import { ManagePage } from "../../views/pages/teach/manage.tsx";
import { Roster } from "../../views/pages/teach/roster.tsx";
import { UnlockPage } from "../../views/pages/teach/unlock.tsx";
import { qrSvg } from "../../views/qr.ts";
import { csvHeaders, resultsCsvStream } from "../../views/results-csv.ts";
import { formProblem } from "./form-errors.ts";

const nonce = (c: Context<AppEnv>) => c.get("secureHeadersNonce") ?? "";
const origin = (c: Context<AppEnv>) => new URL(c.req.url).origin;

const optionalInt = (min: number, max: number) =>
  z.pipe(
    z.pipe(
      z.optional(z.string().check(z.trim(), z.maxLength(6))),
      z.transform((s: string | undefined) => (s === undefined || s === "" ? undefined : Number(s))),
    ),
    z.optional(
      z
        .number()
        .check(
          z.int(`must be a whole number`),
          z.gte(min, `must be at least ${min}`),
          z.lte(max, `must be at most ${max}`),
        ),
    ),
  );
const withSeconds = (value: string) => (value.length === 16 ? `${value}:00` : value);
/** A datetime-local value that names a real instant: "2026-02-31T10:00" or "…T99:99" do not. */
const isCalendarTime = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return false;
  const ms = Date.parse(`${withSeconds(value)}Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(withSeconds(value));
};
const localTime = z
  .optional(z.string().check(z.trim(), z.maxLength(32)))
  .check(z.refine((s) => !s || isCalendarTime(s), "must be a date and time"));
const flag = z.optional(z.literal("1"));

const CreateForm = z.strictObject({
  title: Title,
  quizId: z.optional(z.string().check(z.maxLength(64))),
  topics: z.optional(
    z.union([z.string().check(z.maxLength(64)), z.array(z.string().check(z.maxLength(64))).check(z.maxLength(20))]),
  ),
  questionCount: optionalInt(1, 200),
  shuffle: flag,
  timeLimitMinutes: optionalInt(1, 600),
  attemptsAllowed: optionalInt(1, 20),
  opensAt: localTime,
  closesAt: localTime,
  tzOffset: optionalInt(-900, 900),
  leaderboard: z.optional(z.enum(LEADERBOARD_MODES)),
  requireName: flag,
  feedback: z.optional(z.enum(FEEDBACK_MODES)),
  lang: z.optional(z.enum(ASSIGNMENT_LANGS)),
});

const ExportForm = z.strictObject({ format: z.enum(EXPORT_FORMATS), lang: z._default(z.enum(EXPORT_LANGS), "both") });

/** A datetime-local value in the teacher's zone (offset as from getTimezoneOffset) to ms UTC. */
const fromLocal = (value: string | undefined, tzOffset: number | undefined) =>
  value ? Date.parse(`${withSeconds(value)}Z`) + (tzOffset ?? 0) * 60_000 : undefined;

/** This browser's assignments: only entries that prove their secret are listed (a forged cookie lists nothing). */
async function myAssignments(c: Context<AppEnv>, now: number) {
  const entries = rememberedEntries(c);
  const found = await listRememberedAssignments(
    c.get("db"),
    entries.map((e) => e.code),
    now,
  );
  return provenEntries(entries, found);
}

/** Responses that show a secret are never stored by a browser or a cache. */
const noStore = (c: Context<AppEnv>) => c.header("Cache-Control", "no-store");

/** Navigations that came from another site (or from a browser that does not say): nothing is remembered for them. */
const fromAnotherSite = (c: Context<AppEnv>) => {
  const site = c.req.header("sec-fetch-site");
  return site !== "same-origin" && site !== "none";
};

const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Learners per roster page on the manage page: a class's worth, readable on a phone or a projector. */
const MANAGE_PAGE_SIZE = 30;

/**
 * The manage page's data: one roster page (at the `cursor` query parameter) and the statistics.
 * A cursor that is not one of ours shows the first page, with the message (status 422).
 */
async function manageView(c: Context<AppEnv>, code: string) {
  const a = await authorizeTeacher(c, code);
  const now = Date.now();
  const load = (cursor: string | undefined) =>
    assignmentResults(c.get("db"), a, c.get("lang"), now, maxLearnersPerAssignment(c.env), {
      cursor,
      limit: MANAGE_PAGE_SIZE,
    });
  const cursor = c.req.query("cursor");
  try {
    return { a, now, cursor, results: await load(cursor), problem: null };
  } catch (error) {
    const problem = formProblem(error);
    if (!problem) throw error;
    c.status(problem.status);
    return { a, now, cursor: undefined, results: await load(undefined), problem };
  }
}

/** Teacher pages: create, list, manage. All noindex; the manage secret lives in a path-scoped cookie. */
export const teachPages = new Hono<AppEnv>()
  .get("/teach", async (c) => {
    const mine = await myAssignments(c, Date.now());
    return c.html(
      <TeachPage
        lang={c.get("lang")}
        nonce={nonce(c)}
        {...poolChoices(c.get("lang"))}
        mine={mine}
        deleted={c.req.query("deleted") === "1"}
      />,
    );
  })
  .post("/teach", async (c) => {
    const fields = await readForm(c);
    const lang = c.get("lang");
    const now = Date.now();
    try {
      const f = parseForm(CreateForm, fields);
      const topics = f.topics === undefined ? undefined : Array.isArray(f.topics) ? f.topics : [f.topics];
      const settings: AssignmentSettings = {
        title: f.title,
        ...(topics?.length ? { topics } : { quizId: f.quizId || "article" }),
        questionCount: f.questionCount,
        shuffle: f.shuffle === "1",
        timeLimitMinutes: f.timeLimitMinutes ?? null,
        attemptsAllowed: f.attemptsAllowed,
        opensAt: fromLocal(f.opensAt, f.tzOffset) ?? null,
        closesAt: fromLocal(f.closesAt, f.tzOffset) ?? null,
        leaderboard: f.leaderboard,
        requireName: f.requireName === "1",
        feedback: f.feedback,
        lang: f.lang,
      };
      const { assignment, secret } = await createAssignment(c.get("db"), settings, now);
      rememberManageSecret(c, assignment.code, secret);
      await rememberAssignment(c, assignment);
      noStore(c);
      c.status(201);
      return c.html(
        <CreatedPage
          lang={lang}
          nonce={nonce(c)}
          assignment={assignment}
          learnerUrl={new URL(learnerPath(assignment.code), origin(c)).href}
          manageUrl={new URL(manageUrlFor(assignment.code, secret), origin(c)).href}
          qrSvg={qrSvg(origin(c), assignment.code)}
        />,
      );
    } catch (error) {
      const shown = formProblem(error);
      if (shown?.status !== 422) throw error;
      c.status(422);
      return c.html(
        <TeachPage
          lang={lang}
          nonce={nonce(c)}
          {...poolChoices(lang)}
          mine={await myAssignments(c, now)}
          values={fields}
          errors={shown.fields}
        />,
      );
    }
  })
  .get("/teach/:code/manage", async (c) => {
    const code = c.req.param("code");
    noStore(c);
    const legacyKey = c.req.query("key");
    if (legacyKey !== undefined) {
      // Links from before secrets moved to the fragment: the secret goes where no server reads it
      // (and is never used from a query string, nor set as a cookie by a GET).
      const target = `/teach/${encodeURIComponent(code)}/manage`;
      return c.redirect(SECRET_SHAPE.test(legacyKey) ? `${target}#key=${legacyKey}` : target, 303);
    }
    let view: Awaited<ReturnType<typeof manageView>>;
    try {
      view = await manageView(c, code);
    } catch (error) {
      if (!(error instanceof ProblemError && error.problem.status === 401)) throw error;
      // No secret in this browser (or a SameSite=Strict cookie held back on a cross-site
      // navigation): the fragment exchange, or a form to paste the secret.
      c.status(401);
      return c.html(<UnlockPage lang={c.get("lang")} nonce={nonce(c)} code={code} crossSite={fromAnotherSite(c)} />);
    }
    const { a, results, now, cursor, problem } = view;
    return c.html(
      <ManagePage
        lang={c.get("lang")}
        nonce={nonce(c)}
        results={results}
        cursor={cursor}
        errors={problem?.fields}
        status={assignmentStatus(a, now)}
        learnerUrl={new URL(learnerPath(a.code), origin(c)).href}
        qrSvg={qrSvg(origin(c), a.code)}
      />,
    );
  })
  .get("/teach/export", (c) => {
    // The /teach export form: the same download as the API's, from the quiz chosen in a select.
    const f = parseForm(
      z.strictObject({ ...ExportForm.shape, quiz: z.string().check(z.regex(/^[a-z0-9-]{1,64}$/)) }),
      c.req.query(),
    );
    return c.redirect(`/api/quizzes/${f.quiz}/export?format=${f.format}&lang=${f.lang}`, 303);
  })
  .get("/teach/:code/export", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const f = parseForm(ExportForm, c.req.query());
    return sendDownload(c, exportAssignment(a, f.format, f.lang), "private, no-store");
  })
  .get("/teach/:code/manage/roster", async (c) => {
    const { a, results } = await manageView(c, c.req.param("code"));
    return c.html(<Roster lang={c.get("lang")} results={results} base={`/teach/${a.code}/manage`} />);
  })
  .get("/teach/:code/results.csv", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const lang = c.get("lang");
    const roster = await rosterForCsv(c.get("db"), a, lang, Date.now());
    return c.body(resultsCsvStream(roster.questionIds, roster.next, lang), 200, csvHeaders(a.code));
  })
  .post("/teach/:code/manage/unlock", async (c) => {
    const code = c.req.param("code");
    const f = parseForm(
      z.strictObject({ key: z.string().check(z.trim(), z.maxLength(200)), remember: z.optional(z.literal("1")) }),
      await readForm(c),
    );
    noStore(c);
    try {
      const a = await authorizeTeacher(c, code, f.key);
      rememberManageSecret(c, a.code, f.key);
      if (f.remember === "1") await rememberAssignment(c, a);
      return c.redirect(`/teach/${a.code}/manage`, 303);
    } catch (error) {
      if (!(error instanceof ProblemError && error.problem.status === 401)) throw error;
      c.status(401);
      return c.html(<UnlockPage lang={c.get("lang")} nonce={nonce(c)} code={code} crossSite={false} wrong />);
    }
  })
  .post("/teach/:code/manage/:action", async (c) => {
    const a = await authorizeTeacher(c, c.req.param("code"));
    const fields = await readForm(c);
    const db = c.get("db");
    const now = Date.now();
    const back = c.redirect(`/teach/${a.code}/manage`, 303);
    switch (c.req.param("action")) {
      case "close":
        await changeAssignment(db, a, { status: "closed" }, now);
        return back;
      case "reopen":
        await changeAssignment(db, a, { status: "open" }, now);
        return back;
      case "extend": {
        const f = parseForm(z.strictObject({ closesAt: localTime, tzOffset: optionalInt(-900, 900) }), fields);
        await changeAssignment(db, a, { closesAt: fromLocal(f.closesAt, f.tzOffset) ?? null }, now);
        return back;
      }
      case "rename": {
        const f = parseForm(z.strictObject({ title: Title }), fields);
        await changeAssignment(db, a, { title: f.title }, now);
        return back;
      }
      case "remove": {
        const f = parseForm(z.strictObject({ learner: z.string().check(z.regex(LEARNER_REF)) }), fields);
        await removeLearner(db, a, f.learner);
        return back;
      }
      case "accommodate": {
        const f = parseForm(
          z.strictObject({
            learner: z.string().check(z.regex(LEARNER_REF)),
            extraMinutes: optionalInt(0, 600),
            noTimeLimit: flag,
          }),
          fields,
        );
        await changeAssignment(
          db,
          a,
          {
            accommodation: {
              learner: f.learner,
              extraMinutes: f.extraMinutes ?? 0,
              noTimeLimit: f.noTimeLimit === "1",
            },
          },
          now,
        );
        return back;
      }
      case "rotate": {
        const secret = await rotateSecret(db, a, now);
        rememberManageSecret(c, a.code, secret);
        await rememberAssignment(c, { code: a.code, secretHash: await sha256Hex(secret) });
        noStore(c);
        return c.html(
          <CreatedPage
            lang={c.get("lang")}
            nonce={nonce(c)}
            assignment={a}
            learnerUrl={new URL(learnerPath(a.code), origin(c)).href}
            manageUrl={new URL(manageUrlFor(a.code, secret), origin(c)).href}
            qrSvg=""
            rotated
          />,
        );
      }
      case "delete": {
        const f = parseForm(z.strictObject({ confirm: z.string().check(z.maxLength(16)) }), fields);
        await removeAssignment(db, a, f.confirm.trim());
        forgetManageSecret(c, a.code);
        forgetAssignment(c, a.code);
        return c.redirect("/teach?deleted=1", 303);
      }
      default:
        throw new ProblemError("not-found", "No such action.");
    }
  });
