import type { Context } from "hono";
import { Hono } from "hono/tiny";
import * as z from "zod";
import type { AppEnv } from "../../env.ts";
import { learnerStanding, startAssignmentAttempt } from "../../flows/assignment-attempts.ts";
import { lookupForLearner } from "../../http/assignment-lookup.ts";
import { parseForm, readForm } from "../../http/forms.ts";
import { currentLearner, learnerOrNew } from "../../http/learner.ts";
import { normalizeCode } from "../../quiz/assignment-codes.ts";
import { assignmentStatus, maxLearnersPerAssignment } from "../../quiz/assignment-rules.ts";
import { AssignmentLanding, CodeEntryPage } from "../../views/pages/assignment.tsx";
import { withFormProblem } from "./form-errors.ts";

const JoinForm = z.strictObject({ name: z.optional(z.string().check(z.maxLength(200))) });

async function landing(c: Context<AppEnv>, code: string, form?: { error: string; name: string; status: 409 | 422 }) {
  const a = await lookupForLearner(c, code);
  const now = Date.now();
  const standing = await learnerStanding(c.get("db"), a, await currentLearner(c));
  if (form) c.status(form.status);
  return c.html(
    <AssignmentLanding
      lang={c.get("lang")}
      nonce={c.get("secureHeadersNonce") ?? ""}
      code={a.code}
      title={a.title}
      status={assignmentStatus(a, now)}
      questionCount={a.questionCount}
      timeLimitMinutes={a.timeLimitMinutes}
      attemptsAllowed={a.attemptsAllowed}
      opensAt={a.opensAt}
      closesAt={a.closesAt}
      requireName={a.requireName}
      afterClose={a.feedback === "after-close"}
      knownName={standing.knownName}
      resumeId={standing.resumeId}
      {...(form ? { error: form.error, name: form.name } : {})}
    />,
  );
}

/** The learner's side of an assignment: type a code, see what it is, start. */
export const assignmentPages = new Hono<AppEnv>()
  .get("/a", (c) => {
    const typed = c.req.query("code");
    const code = typed ? normalizeCode(typed) : null;
    if (code) return c.redirect(`/a/${code}`, 303);
    return c.html(<CodeEntryPage lang={c.get("lang")} nonce={c.get("secureHeadersNonce") ?? ""} />);
  })
  .get("/a/:code", (c) => landing(c, c.req.param("code")))
  .post("/a/:code", async (c) => {
    const { name } = parseForm(JoinForm, await readForm(c));
    const learner = await learnerOrNew(c);
    // A taken or invalid name, no attempts left, closed: shown on the assignment's own page.
    return withFormProblem(
      async () => {
        const code = c.req.param("code");
        const { attempt } = await startAssignmentAttempt(
          c.get("db"),
          learner,
          code,
          name,
          c.get("lang"),
          Date.now(),
          maxLearnersPerAssignment(c.env),
        );
        return c.redirect(`/attempts/${attempt.id}`, 303);
      },
      (p) => landing(c, c.req.param("code"), { error: p.message, name: name ?? "", status: p.status }),
    );
  });
