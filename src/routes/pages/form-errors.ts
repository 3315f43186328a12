import { type FieldIssue, QuizError } from "../../quiz/errors.ts";

/** A domain error as a page shows it beside the form that caused it. */
export type FormProblem = { status: 409 | 422; message: string; fields: FieldIssue[] };

/**
 * The pages' one translation of a domain error: a rule broken (422) or a conflict with what is
 * stored (409) is shown on the same form, re-rendered with the message. Anything else is not the
 * form's to show: null, and the caller rethrows it to the app's error page.
 */
export function formProblem(error: unknown): FormProblem | null {
  if (!(error instanceof QuizError)) return null;
  if (error.kind === "invalid") {
    const message = error.fields.map((f) => f.message).join(" ") || error.message;
    return { status: 422, message, fields: error.fields };
  }
  if (error.kind === "conflict" || error.kind === "closed") {
    return { status: 409, message: error.message, fields: error.fields };
  }
  return null;
}

/**
 * Runs a page action; a domain error the form can show is handed to `render` (which re-renders
 * the form with it), anything else goes on to the error page.
 */
export async function withFormProblem(
  action: () => Promise<Response>,
  render: (p: FormProblem) => Response | Promise<Response>,
): Promise<Response> {
  try {
    return await action();
  } catch (error) {
    const shown = formProblem(error);
    if (!shown) throw error;
    return render(shown);
  }
}
