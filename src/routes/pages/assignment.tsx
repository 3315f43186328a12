import { type Context, Hono } from "hono";
import { z } from "zod";
import { loadLearnerOnAssignment } from "../../db/assignments.ts";
import type { AppEnv } from "../../env.ts";
import { startAssignmentAttempt } from "../../flows/assignment-attempts.ts";
import { assignmentStatus } from "../../flows/assignments.ts";
import { parseForm, readForm } from "../../http/forms.ts";
import { currentLearner, learnerOrNew } from "../../http/learner.ts";
import { ProblemError } from "../../http/problem.ts";
import { normalizeCode } from "../../quiz/assignment-codes.ts";
import { AssignmentLanding, CodeEntryPage } from "../../views/pages/assignment.tsx";
import { lookupForLearner } from "../api/assignments.ts";

const JoinForm = z.strictObject({ name: z.string().max(200).optional() });

async function landing(c: Context<AppEnv>, code: string, form?: { error: string; name: string; status: 409 | 422 }) {
  const a = await lookupForLearner(c, code);
  const now = Date.now();
  const learner = await currentLearner(c);
  const mine = learner ? await loadLearnerOnAssignment(c.get("db"), a.id, learner.id, null) : null;
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
      knownName={mine?.membership ? (mine.membership.name ?? "") : null}
      resumeId={mine?.attempts.find((t) => t.status === "in-progress")?.id ?? null}
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
    try {
      const { attempt } = await startAssignmentAttempt(
        c.get("db"),
        learner,
        c.req.param("code"),
        name,
        c.get("lang"),
        Date.now(),
      );
      return c.redirect(`/attempts/${attempt.id}`, 303);
    } catch (error) {
      // A taken or invalid name, no attempts left, closed: shown on the assignment's own page.
      if (error instanceof ProblemError && (error.problem.status === 409 || error.problem.status === 422)) {
        const detail = error.problem.errors?.map((e) => e.detail).join(" ") || error.problem.detail;
        return landing(c, c.req.param("code"), { error: detail, name: name ?? "", status: error.problem.status });
      }
      throw error;
    }
  });
