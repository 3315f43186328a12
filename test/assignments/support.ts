import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { correctResponse, getConcreteItem } from "../../src/quiz/index.ts";

import { Client as Browser } from "../helpers.ts";

/** One browser or API client (the shared test client). */
export { Browser };

export type Created = {
  code: string;
  learnerUrl: string;
  qrSvg: string;
  manageUrl: string;
  manageSecret: string;
  status: string;
};

/** Creates an assignment through the API and returns its answer. */
export async function createAssignment(settings: Record<string, unknown> = {}): Promise<Created> {
  const res = await new Browser().json("/api/assignments", "POST", { title: "Class test", ...settings });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

export type StartedAttempt = {
  id: string;
  questionCount: number;
  question: { id: string } | null;
  deadlineAt: string | null;
};

export async function join(learner: Browser, code: string, name?: string) {
  return learner.json(
    "/api/attempts",
    "POST",
    name === undefined ? { assignmentCode: code } : { assignmentCode: code, name },
  );
}

/** A full-marks response to a question of an attempt (the attempt's seed fixes parametric numbers). */
export async function rightAnswer(attemptId: string, itemId: string): Promise<unknown> {
  const row = await env.DB.prepare("SELECT seed FROM attempts WHERE id = ?").bind(attemptId).first<{ seed: number }>();
  const item = getConcreteItem(itemId, row?.seed ?? 0);
  if (!item) throw new Error(`no item ${itemId}`);
  const right = correctResponse(item);
  if (right) return right;
  return item.type === "poll" ? { choice: item.choices[0]?.id } : {};
}

export async function answer(learner: Browser, attemptId: string, itemId: string, response: unknown) {
  return learner.json(`/api/attempts/${attemptId}/answers/${itemId}`, "PUT", { response });
}

export async function problemOf(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as { type: string; detail: string; errors?: { pointer: string; detail: string }[] };
}
