import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { expect } from "vitest";
import worker from "../src/index.ts";
import {
  type ConcreteItem,
  correctResponse,
  getConcreteItem,
  type Response as ItemResponse,
  listLearnerQuizzes,
} from "../src/quiz/index.ts";
import { randomToken, sha256Hex } from "../src/quiz/tokens.ts";
import { checkResponse } from "./api-contract.ts";

export const ORIGIN = "http://localhost";

/**
 * A random client address (documentation range 2001:db8::/32). Limits are per address, and the
 * rate-limit bindings' counters are shared by every test file of a run: each client gets its own
 * address so tests never spend one another's budget; limit tests pick theirs explicitly.
 */
export const randomAddress = () =>
  `2001:db8:${[...crypto.getRandomValues(new Uint16Array(6))].map((n) => n.toString(16)).join(":")}`;

/**
 * Sends a request to the Worker under test, as a browser or API client would (from a fresh
 * address unless given), and checks every /api/ response against the OpenAPI document
 * (test/api-contract.ts). With `bindings`, the app runs with those bindings replaced (a broken
 * D1, the benchmark's counters).
 */
export async function request(
  path: string,
  init: RequestInit = {},
  bindings?: Partial<Cloudflare.Env> & Record<string, unknown>,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomAddress());
  const sent = new Request(new URL(path, ORIGIN), { ...init, headers });
  const res = bindings
    ? await worker.fetch(sent, { ...env, ...bindings } as Env, createExecutionContext())
    : await exports.default.fetch(sent);
  await checkResponse(sent.method, sent.url, res);
  return res;
}

/**
 * A `request` to the Worker started with other vars, as `wrangler dev --var NAME:value` or a
 * deployment's [vars] would start it (e.g. `{ MAX_LEARNERS_PER_ASSIGNMENT: "2" }`).
 */
export function requestWithVars(vars: Record<string, string>): typeof request {
  return (path, init = {}) => request(path, init, vars);
}

/** Sends JSON with the right content type. */
export function sendJson(path: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return request(path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The real D1 binding of the test's isolated storage. */
export const db = () => env.DB;

/** A client that keeps its cookies (paths ignored), like one phone's browser; sends same-origin forms. */
export class Client {
  cookies = new Map<string, string>();
  /** The address this client's requests come from (CF-Connecting-IP). */
  address = randomAddress();
  /** Headers sent with every request (e.g. accept-language), unless the request sets them. */
  headers: Record<string, string>;
  /** How requests reach the Worker: `request`, or `requestWithVars(…)` for a Worker configured otherwise. */
  send: typeof request = request;

  constructor(headers: Record<string, string> = {}) {
    this.headers = headers;
  }

  /** A client whose learner cookie the test chose, so its learner id (the token's hash) is known. */
  static async asLearner(headers: Record<string, string> = {}): Promise<Client & { learnerId: string }> {
    const token = randomToken();
    const client = new Client(headers);
    client.cookies.set("lid", token);
    return Object.assign(client, { learnerId: await sha256Hex(token) });
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.headers)) if (!headers.has(name)) headers.set(name, value);
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.address);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await this.send(path, { ...init, headers, redirect: "manual" });
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

  /** Posts a form as a browser without JavaScript does (same-origin). */
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

// ---- The API as a learner or teacher uses it ------------------------------------------------

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
  const res = await new Client().json("/api/assignments", "POST", { title: "Class test", ...settings });
  expect(res.status).toBe(201);
  return (await res.json()) as Created;
}

/** The manage secret as the API takes it. */
export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

export type StartedAttempt = {
  id: string;
  questionCount: number;
  question: { id: string; type: string } | null;
  deadlineAt: string | null;
};

/** The parts of the path through the whole article: together, every item of the bank. */
export const ARTICLE_PARTS: readonly string[] = listLearnerQuizzes()
  .filter((q) => q.part)
  .map((q) => q.id);

/** Starts a practice attempt of a quiz (by default the first part of the path). */
export async function startAttempt(client: Client, quizId = ARTICLE_PARTS[0] as string): Promise<StartedAttempt> {
  const res = await client.json("/api/attempts", "POST", { quizId });
  expect(res.status).toBe(201);
  return (await res.json()) as StartedAttempt;
}

/** Joins an assignment by its code (starting an attempt of it), under a name if given. */
export function join(learner: Client, code: string, name?: string) {
  return learner.json(
    "/api/attempts",
    "POST",
    name === undefined ? { assignmentCode: code } : { assignmentCode: code, name },
  );
}

export function answer(client: Client, attemptId: string, itemId: string, response: unknown) {
  return client.json(`/api/attempts/${attemptId}/answers/${itemId}`, "PUT", { response });
}

export function finish(client: Client, attemptId: string) {
  return client.json(`/api/attempts/${attemptId}/finish`, "POST");
}

/** The concrete item an attempt served, read from the attempt's stored seed (it fixes parametric numbers). */
export async function servedItem(attemptId: string, itemId: string): Promise<ConcreteItem> {
  const row = await env.DB.prepare("SELECT seed FROM attempts WHERE id = ?").bind(attemptId).first<{ seed: number }>();
  const item = row ? getConcreteItem(itemId, row.seed) : undefined;
  if (!item) throw new Error(`no attempt ${attemptId} or item ${itemId}`);
  return item;
}

/** A full-marks response to an item (a poll has no right answer: a vote for its first choice). */
export function rightResponseFor(item: ConcreteItem): ItemResponse {
  const right = correctResponse(item);
  if (right) return right;
  if (item.type !== "poll") throw new Error(`no right answer to ${item.id}`);
  return { choice: item.choices[0]?.id ?? "" };
}

/** A full-marks response to a question of an attempt. */
export async function rightAnswer(attemptId: string, itemId: string): Promise<unknown> {
  return rightResponseFor(await servedItem(attemptId, itemId));
}

/** Joins an assignment, answers every question right and finishes. */
export async function takePart(code: string, name: string, learner = new Client()) {
  const res = await join(learner, code, name);
  expect(res.status).toBe(201);
  const attempt = (await res.json()) as StartedAttempt;
  let question = attempt.question;
  while (question) {
    const id = question.id;
    const given = await answer(learner, attempt.id, id, await rightAnswer(attempt.id, id));
    expect(given.status).toBe(200);
    question = ((await given.json()) as { next: { id: string; type: string } | null }).next;
  }
  expect((await finish(learner, attempt.id)).status).toBe(200);
  return { learner, attemptId: attempt.id };
}

/** Checks a response is a problem (RFC 9457) of this status, and returns its fields. */
export async function problemOf(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return (await res.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    errors?: { in: string; pointer: string; detail: string }[];
    [member: string]: unknown;
  };
}

// ---- The database's contents ----------------------------------------------------------------

/** The first column of a one-row count query (`SELECT count(*) AS n …`). */
export async function countOf(sql: string, ...args: unknown[]): Promise<number> {
  return (
    (
      await env.DB.prepare(sql)
        .bind(...args)
        .first<{ n: number }>()
    )?.n ?? 0
  );
}

/** Every table of a database (D1's internal `_cf_` tables and SQLite's own excepted). */
export async function tableNames(database: D1Database = env.DB): Promise<string[]> {
  const { results } = await database
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name",
    )
    .all<{ name: string }>();
  return results.map((r) => r.name);
}

/** The contents of tables (every table unless named): each row as JSON, sorted, per table. */
export async function tableRows(database: D1Database = env.DB, tables?: string[]): Promise<Record<string, string[]>> {
  const names = tables ?? (await tableNames(database));
  const contents = await database.batch(names.map((t) => database.prepare(`SELECT * FROM "${t.replace(/"/g, '""')}"`)));
  return Object.fromEntries(
    names.map((table, i) => [table, (contents[i]?.results ?? []).map((row) => JSON.stringify(row)).sort()]),
  );
}

/**
 * A fingerprint of every table's contents: the SHA-256 of its rows (`tableRows`), per table.
 * Comparing fingerprints, not row counts, catches a refused request that renamed, hid or
 * rescored a row without adding or removing one.
 */
export async function tableHashes(database: D1Database = env.DB): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const [table, rows] of Object.entries(await tableRows(database))) {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(rows.join("\n")));
    hashes[table] =
      `${rows.length}:${[...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return hashes;
}
