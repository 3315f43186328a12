import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import { correctResponse, getConcreteItem } from "../../src/quiz/index.ts";

const ORIGIN = "http://localhost";

/** One browser or API client: keeps its cookies (paths ignored), sends same-origin forms. */
export class Browser {
  cookies = new Map<string, string>();

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await exports.default.fetch(
      new Request(new URL(path, ORIGIN), { ...init, headers, redirect: "manual" }),
    );
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (!name) continue;
      if (/max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), rest.join("="));
    }
    return res;
  }

  json(path: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.fetch(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  form(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body,
    });
  }
}

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
