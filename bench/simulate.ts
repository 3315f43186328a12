import { createRng } from "../src/quiz/random.ts";
import { RANK_KEY_SQL } from "../src/quiz/ranking.ts";

/**
 * One class of learners working through an assignment over HTTP, shared by `npm run load`
 * (Node, against wrangler dev) and test/load/class.test.ts (workerd, exports.default.fetch).
 * Pure fetch: no Node or Workers APIs, so both runtimes import it.
 */

export type Send = (path: string, init?: RequestInit) => Promise<Response>;

export type ClassOptions = {
  code: string;
  learners: number;
  /** Questions each learner answers (the assignment's count); informative. */
  questions?: number;
  /** Random think time before each answer, in ms. */
  thinkMs: [number, number];
  /** Share of requests sent twice (a phone retrying): half at once, half right after. */
  duplicateRate: number;
  /** Share of learners who reload mid-attempt (GET the attempt, then carry on). */
  reloadRate: number;
  /** Each learner draws from its own PRNG seeded from this and its index, so runs repeat whatever the interleaving. */
  seed: number;
  /** Sequential retries are sent this many ms after the first answer. */
  retryDelayMs?: number;
};

export type Sample = { endpoint: string; status: number; ms: number };

export type ClassReport = {
  samples: Sample[];
  /** Every response with a 5xx status, with its body (trimmed). */
  serverErrors: string[];
  /** Responses other than the expected 2xx (and a retry's expected replay). */
  unexpected: string[];
  attempts: { attemptId: string; learner: number; answered: string[]; finishedScore: number | null }[];
  duplicatesSent: number;
  reloads: number;
};

/**
 * The n-th simulated client address, in 198.18.0.0/15 (RFC 2544's block for benchmarking, so it
 * is nobody's real address): 131,072 distinct addresses, then they repeat.
 */
export function simulatedAddress(n: number): string {
  const i = ((n % 131_072) + 131_072) % 131_072;
  return `198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
}

let addressesHandedOut = 0;

/**
 * A fresh simulated address for each new device. The Worker keys its rate limits on
 * `CF-Connecting-IP` (src/http/rate-limit.ts); a benchmark sending every request from one
 * address would measure the limiter's 429s, not the app. Sending the header is honest locally
 * only: `wrangler dev` (Miniflare) keeps a `CF-Connecting-IP` the client sends and fills in the
 * socket's address (127.0.0.1) only when it is absent, whereas Cloudflare's edge sets it itself.
 */
export const nextSimulatedAddress = (): string => simulatedAddress(addressesHandedOut++);

/**
 * A client with its own cookie jar, like one phone's browser, and its own address (sent as
 * `CF-Connecting-IP`; `null` sends none, so the request counts against the runtime's own key).
 */
export class Phone {
  readonly cookies = new Map<string, string>();
  readonly send: Send;
  readonly address: string | null;
  constructor(send: Send, address: string | null = nextSimulatedAddress()) {
    this.send = send;
    this.address = address;
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.address && !headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.address);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await this.send(path, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (name) this.cookies.set(name.trim(), rest.join("="));
    }
    return res;
  }

  json(path: string, method: string, body?: unknown): Promise<Response> {
    return this.fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

type Choice = { id: string };
export type PublicQuestion = {
  id: string;
  type: string;
  choices?: Choice[];
  items?: Choice[];
  left?: Choice[];
  right?: Choice[];
};

const pick = <T>(list: T[], random: () => number): T => list[Math.floor(random() * list.length)] as T;
const shuffled = <T>(list: T[], random: () => number): T[] => {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

/** A well-formed response a learner might give, right or wrong, from what the question shows. */
export function someResponse(q: PublicQuestion, random: () => number): unknown {
  const ids = (list: Choice[] | undefined) => (list ?? []).map((c) => c.id);
  switch (q.type) {
    case "single-choice":
    case "poll":
      return { choice: pick(ids(q.choices), random) };
    case "multiple-choice": {
      const chosen = ids(q.choices).filter(() => random() < 0.5);
      return { choices: chosen.length ? chosen : [pick(ids(q.choices), random)] };
    }
    case "true-false":
      return { value: random() < 0.5 };
    case "numeric":
      return { value: String(Math.round(random() * 100)) };
    case "text":
      return { text: pick(["DeepSeek", "Grok 3", "Tian Feng", "je ne sais pas"], random) };
    case "ordering":
      return { order: shuffled(ids(q.items), random) };
    case "matching": {
      const right = shuffled(ids(q.right), random);
      return { pairs: Object.fromEntries(ids(q.left).map((id, i) => [id, right[i % right.length]])) };
    }
    default:
      throw new Error(`unknown question type ${q.type}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Every learner joins the assignment at once and answers every question, with think time,
 * retried requests and reloads. Never throws on a bad status: it records it.
 */
export async function runClass(send: Send, options: ClassOptions): Promise<ClassReport> {
  const report: ClassReport = {
    samples: [],
    serverErrors: [],
    unexpected: [],
    attempts: [],
    duplicatesSent: 0,
    reloads: 0,
  };
  async function timed(endpoint: string, phone: Phone, path: string, method: string, body?: unknown) {
    const started = performance.now();
    const res = await phone.json(path, method, body);
    const text = await res.text();
    const ms = performance.now() - started;
    report.samples.push({ endpoint, status: res.status, ms });
    if (res.status >= 500) report.serverErrors.push(`${method} ${path} -> ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, text };
  }

  /** Sends a request, and for duplicateRate of them the same request again (at once or just after). */
  async function maybeTwice(
    random: () => number,
    endpoint: string,
    phone: Phone,
    path: string,
    method: string,
    body?: unknown,
  ) {
    if (random() >= options.duplicateRate) return [await timed(endpoint, phone, path, method, body)];
    report.duplicatesSent += 1;
    if (random() < 0.5) {
      return Promise.all([timed(endpoint, phone, path, method, body), timed(endpoint, phone, path, method, body)]);
    }
    const first = await timed(endpoint, phone, path, method, body);
    await sleep(options.retryDelayMs ?? 20);
    return [first, await timed(endpoint, phone, path, method, body)];
  }

  async function learner(index: number) {
    const random = createRng(options.seed * 100_003 + index);
    const between = ([min, max]: [number, number]) => min + random() * (max - min);
    const phone = new Phone(send);
    const start = await timed("start attempt", phone, "/api/attempts", "POST", {
      assignmentCode: options.code,
      name: `Élève ${index + 1}`,
    });
    if (start.status !== 201) {
      report.unexpected.push(`learner ${index}: start -> ${start.status} ${start.text.slice(0, 200)}`);
      return;
    }
    const attempt = JSON.parse(start.text) as { id: string; questionCount: number; question: PublicQuestion | null };
    const record = {
      attemptId: attempt.id,
      learner: index,
      answered: [] as string[],
      finishedScore: null as number | null,
    };
    report.attempts.push(record);
    const reloadAt = random() < options.reloadRate ? Math.floor(random() * attempt.questionCount) : -1;
    let question = attempt.question;
    let position = 0;
    while (question) {
      await sleep(between(options.thinkMs));
      if (position === reloadAt) {
        report.reloads += 1;
        const state = await timed("get attempt", phone, `/api/attempts/${attempt.id}`, "GET");
        if (state.status !== 200) {
          report.unexpected.push(`learner ${index}: reload -> ${state.status} ${state.text.slice(0, 200)}`);
          return;
        }
        const reloaded = (JSON.parse(state.text) as { question: PublicQuestion | null }).question;
        if (reloaded?.id !== question.id) report.unexpected.push(`learner ${index}: reload moved to ${reloaded?.id}`);
        question = reloaded;
        if (!question) break;
      }
      const results = await maybeTwice(
        random,
        "answer",
        phone,
        `/api/attempts/${attempt.id}/answers/${question.id}`,
        "PUT",
        {
          response: someResponse(question, random),
        },
      );
      const ok = results.find((r) => r.status === 200);
      for (const r of results) {
        if (r.status !== 200) report.unexpected.push(`learner ${index}: answer -> ${r.status} ${r.text.slice(0, 200)}`);
      }
      if (!ok) return;
      record.answered.push(question.id);
      question = (JSON.parse(ok.text) as { next: PublicQuestion | null }).next;
      position += 1;
    }
    const finished = await maybeTwice(random, "finish", phone, `/api/attempts/${attempt.id}/finish`, "POST");
    for (const r of finished) {
      if (r.status !== 200) report.unexpected.push(`learner ${index}: finish -> ${r.status} ${r.text.slice(0, 200)}`);
    }
    const ok = finished.find((r) => r.status === 200);
    if (ok) record.finishedScore = (JSON.parse(ok.text) as { score: number }).score;
  }

  await Promise.all(Array.from({ length: options.learners }, (_, i) => learner(i)));
  return report;
}

/** Settings of the assignment a class joins: one attempt each, names required, leaderboard on. */
export function classAssignment(title: string, questionCount: number) {
  return { title, quizId: "article", questionCount, attemptsAllowed: 1, leaderboard: "nicknames", requireName: true };
}

/**
 * Checks the database keeps what the class did, as SQL that must return no rows (each names
 * the broken rows). `code` is the assignment's code (generated by the app: [A-Za-z0-9]).
 */
export function integrityChecks(code: string): { name: string; sql: string }[] {
  if (!/^[A-Za-z0-9]{1,16}$/.test(code)) throw new Error(`unexpected code ${code}`);
  const mine = `SELECT t.* FROM attempts t JOIN assignments a ON a.id = t.assignment_id WHERE a.code = '${code}'`;
  return [
    {
      name: "one answer row per learner per question",
      sql: `SELECT t.learner_id, s.item_id, count(*) AS n FROM answers s JOIN (${mine}) t ON t.id = s.attempt_id GROUP BY t.learner_id, s.item_id HAVING n > 1`,
    },
    {
      name: "one attempt per learner (attempts allowed: 1)",
      sql: `SELECT learner_id, count(*) AS n FROM (${mine}) GROUP BY learner_id HAVING n > 1`,
    },
    {
      name: "each finished attempt's score is the sum of its answers' points",
      sql: `SELECT t.id, t.score, COALESCE(SUM(s.points), 0) AS total FROM (${mine}) t LEFT JOIN answers s ON s.attempt_id = t.id WHERE t.status = 'finished' GROUP BY t.id HAVING abs(t.score - total) > 1e-9`,
    },
    {
      name: "each finished attempt is the learner's leaderboard entry, with its score",
      sql: `SELECT t.id, t.learner_id FROM (${mine}) t WHERE t.status = 'finished' AND NOT EXISTS (SELECT 1 FROM leaderboard_entries e WHERE e.board = 'a:' || t.assignment_id AND e.learner_id = t.learner_id AND e.attempt_id = t.id AND e.score = t.score AND e.duration_ms = t.finished_at - t.started_at)`,
    },
    {
      name: "the board holds no one else",
      sql: `SELECT e.id FROM leaderboard_entries e JOIN assignments a ON e.board = 'a:' || a.id WHERE a.code = '${code}' AND NOT EXISTS (SELECT 1 FROM attempts t WHERE t.id = e.attempt_id AND t.status = 'finished')`,
    },
    {
      name: "each attempt's answered count is its number of answer rows",
      sql: `SELECT t.id, t.answered_count, count(s.item_id) AS n FROM (${mine}) t LEFT JOIN answers s ON s.attempt_id = t.id GROUP BY t.id HAVING n <> t.answered_count`,
    },
  ];
}

/** Totals to compare with what the clients were told: nothing lost, nothing extra. */
export function totalsQuery(code: string): string {
  if (!/^[A-Za-z0-9]{1,16}$/.test(code)) throw new Error(`unexpected code ${code}`);
  return `SELECT
  (SELECT count(*) FROM assignment_learners l JOIN assignments a ON a.id = l.assignment_id WHERE a.code = '${code}') AS joined,
  (SELECT count(*) FROM attempts t JOIN assignments a ON a.id = t.assignment_id WHERE a.code = '${code}') AS attempts,
  (SELECT count(*) FROM attempts t JOIN assignments a ON a.id = t.assignment_id WHERE a.code = '${code}' AND t.status = 'finished') AS finished,
  (SELECT count(*) FROM answers s JOIN attempts t ON t.id = s.attempt_id JOIN assignments a ON a.id = t.assignment_id WHERE a.code = '${code}') AS answers`;
}

/** The best attempts, best first, as the leaderboard must show them (score, then time). */
export function bestAttemptsQuery(code: string, limit: number): string {
  if (!/^[A-Za-z0-9]{1,16}$/.test(code)) throw new Error(`unexpected code ${code}`);
  return `SELECT a.score AS score, a.finished_at - a.started_at AS durationMs FROM attempts a JOIN assignments s ON s.id = a.assignment_id
  WHERE s.code = '${code}' AND a.status = 'finished' ORDER BY ${RANK_KEY_SQL}, durationMs, a.finished_at LIMIT ${limit}`;
}

/** Differences between the board the API shows and the best attempts in the database. */
export function boardMismatches(
  board: { total: number; entries: { score: number; durationMs: number }[] },
  best: { score: number; durationMs: number }[],
  finished: number,
): string[] {
  const out: string[] = [];
  if (board.total !== finished) out.push(`board total ${board.total}, finished attempts ${finished}`);
  if (board.entries.length !== best.length)
    out.push(`board shows ${board.entries.length} entries, expected ${best.length}`);
  board.entries.forEach((e, i) => {
    const b = best[i];
    if (!b || e.score !== b.score || e.durationMs !== b.durationMs) {
      out.push(`entry ${i + 1}: board ${e.score}/${e.durationMs} ms, best attempt ${b?.score}/${b?.durationMs} ms`);
    }
  });
  return out;
}

export type Totals = { joined: number; attempts: number; finished: number; answers: number };

/** What the clients saw: the totals the database must hold. */
export function expectedTotals(report: ClassReport): Totals {
  return {
    joined: report.attempts.length,
    attempts: report.attempts.length,
    finished: report.attempts.filter((a) => a.finishedScore !== null).length,
    answers: report.attempts.reduce((n, a) => n + a.answered.length, 0),
  };
}

/** Median, p95, p99 of a list of durations. */
export function percentiles(values: number[]): { median: number; p95: number; p99: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { median: at(0.5), p95: at(0.95), p99: at(0.99) };
}
