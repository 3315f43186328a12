/**
 * `npm run bench`: the Worker in workerd (wrangler dev) on a database with a realistic past,
 * measured per endpoint under concurrent load next to GET /api/health, with D1's own counters,
 * the bundle size and each page's compressed weight. Prints a table and writes JSON and
 * Markdown under reports/. It reports; it never fails on a timing.
 *
 * Environment: BENCH_SCALE (default 1 = 50,000 learners, 500,000 answers, 1,000 assignments),
 * BENCH_CONCURRENCY (default 8), BENCH_SECONDS (per endpoint, default 12).
 */
import { execSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type DevServer, LocalDatabase, ROOT, startDev, wrangler } from "../scripts/dev-server.ts";
import { BUDGET, cookieJar, type PageWeight, weighPage } from "../scripts/page-weight.ts";
import { createRng } from "../src/quiz/random.ts";
import { samplePages } from "./pages.ts";
import { FULL, SEED_SECRET, seededCode, seedSql } from "./seed.ts";
import { Phone, type PublicQuestion, percentiles, type Send, someResponse } from "./simulate.ts";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);

type D1Counts = { statements: number; roundTrips: number; rowsRead: number; rowsWritten: number };
type Measure = { ms: number; status: number; d1: D1Counts | null };
export type EndpointResult = {
  endpoint: string;
  requests: number;
  errors: number;
  serverErrors: number;
  median: number;
  p95: number;
  p99: number;
  rps: number;
  ratio: number;
  d1: D1Counts | null;
};

const random = createRng(2026);

/**
 * Responses refused by a rate limit (429), by endpoint. Each simulated device sends its own
 * address (`Phone`, bench/simulate.ts), so there should be none: a 429 means the run measured
 * the limiter instead of the endpoint, and the report says so.
 */
const rateLimited = new Map<string, number>();

/** Sends to the Worker at `base`, counting 429s. */
const sendTo =
  (base: string): Send =>
  async (p, init) => {
    const res = await fetch(base + p, init);
    if (res.status === 429) {
      const key = `${init?.method ?? "GET"} ${p.replace(/\?.*$/, "")}`;
      rateLimited.set(key, (rateLimited.get(key) ?? 0) + 1);
    }
    return res;
  };

function parseStats(header: string | null): D1Counts | null {
  if (!header) return null;
  const values = Object.fromEntries(header.split(";").map((p) => p.trim().split("=") as [string, string]));
  return {
    statements: Number(values.statements),
    roundTrips: Number(values["round-trips"]),
    rowsRead: Number(values["rows-read"]),
    rowsWritten: Number(values["rows-written"]),
  };
}

/** One timed request through a phone (its cookies); the body is read before the clock stops. */
async function timed(phone: Phone, pathname: string, init: RequestInit = {}): Promise<Measure & { text: string }> {
  const started = performance.now();
  const res = await phone.fetch(pathname, init);
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, d1: parseStats(res.headers.get("x-d1-stats")), text };
}

const json = (method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
  body: body === undefined ? undefined : JSON.stringify(body),
});

/**
 * Runs `next` from CONCURRENCY workers until it returns null (no work left) or the time is up;
 * each call is one request.
 */
async function load(
  name: string,
  next: (worker: number) => Promise<Measure | null>,
): Promise<Omit<EndpointResult, "ratio">> {
  const measures: Measure[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < deadline) {
        const m = await next(worker);
        if (!m) return;
        measures.push(m);
      }
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const { median, p95, p99 } = percentiles(measures.map((m) => m.ms));
  const withStats = measures.filter((m) => m.d1);
  const mean = (key: keyof D1Counts) => withStats.reduce((s, m) => s + (m.d1?.[key] ?? 0), 0) / withStats.length;
  return {
    endpoint: name,
    requests: measures.length,
    errors: measures.filter((m) => m.status >= 400).length,
    serverErrors: measures.filter((m) => m.status >= 500).length,
    median,
    p95,
    p99,
    rps: measures.length / wall,
    d1: withStats.length
      ? {
          statements: mean("statements"),
          roundTrips: mean("roundTrips"),
          rowsRead: mean("rowsRead"),
          rowsWritten: mean("rowsWritten"),
        }
      : null,
  };
}

type Learner = { phone: Phone; id: string; question: PublicQuestion | null; answered: number };

async function startLearner(base: string, quizId: string): Promise<Learner> {
  const phone = new Phone(sendTo(base));
  const res = await timed(phone, "/api/attempts", json("POST", { quizId }));
  if (res.status !== 201) throw new Error(`start ${quizId}: ${res.status} ${res.text.slice(0, 300)}`);
  const body = JSON.parse(res.text) as { id: string; question: PublicQuestion | null };
  return { phone, id: body.id, question: body.question, answered: 0 };
}

async function measureEndpoints(base: string, code: string, serverOutput: () => string) {
  const results: Omit<EndpointResult, "ratio">[] = [];
  const anon = new Phone(sendTo(base));
  const auth = { authorization: `Bearer ${SEED_SECRET}` };
  const log = (r: Omit<EndpointResult, "ratio">) => {
    results.push(r);
    console.log(`  ${r.endpoint}: ${r.requests} requests, median ${r.median.toFixed(1)} ms, ${r.errors} errors`);
    if (r.serverErrors) console.log(`  5xx! The Worker logged:\n${serverOutput().slice(-4000)}`);
  };

  // Warm-up (not measured): the first requests of a fresh wrangler dev are slow.
  const warmUntil = performance.now() + 3_000;
  while (performance.now() < warmUntil)
    await Promise.all(Array.from({ length: CONCURRENCY }, () => timed(anon, "/api/health")));
  log(await load("GET /api/health", async () => timed(anon, "/api/health")));

  // Start: each request is a new learner (no cookie). They are the learners of the next phases.
  const learners: Learner[] = [];
  log(
    await load("POST /api/attempts (start)", async () => {
      if (learners.length >= 400) return null;
      const phone = new Phone(sendTo(base));
      const m = await timed(phone, "/api/attempts", json("POST", { quizId: "quick" }));
      if (m.status === 201) {
        const body = JSON.parse(m.text) as { id: string; question: PublicQuestion | null };
        learners.push({ phone, id: body.id, question: body.question, answered: 0 });
      }
      return m;
    }),
  );

  let i = 0;
  const nextLearner = () => learners[i++ % learners.length] as Learner;
  log(
    await load("GET /api/attempts/{id} (get question)", async () => {
      const l = nextLearner();
      return timed(l.phone, `/api/attempts/${l.id}`);
    }),
  );

  // Answer: each worker takes learners in turn and answers their next question.
  const busy = new Set<Learner>();
  log(
    await load("PUT /api/attempts/{id}/answers/{q} (answer)", async () => {
      const l = learners.find((x) => x.question && !busy.has(x));
      if (!l?.question) return null;
      busy.add(l);
      const q = l.question;
      const m = await timed(
        l.phone,
        `/api/attempts/${l.id}/answers/${q.id}`,
        json("PUT", { response: someResponse(q, random) }),
      );
      if (m.status === 200) {
        l.question = (JSON.parse(m.text) as { next: PublicQuestion | null }).next;
        l.answered += 1;
      } else l.question = null;
      busy.delete(l);
      return m;
    }),
  );

  // Learners who chose a nickname on the quiz's practice board: their finish writes both its
  // boards (all time, this week), with the counts the triggers keep. Setup, not measured.
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      for (let n = worker; n < learners.length; n += CONCURRENCY) {
        const l = learners[n] as Learner;
        await l.phone.fetch("/api/leaderboards/quick/join", json("POST", { nickname: `Bench ${n}` }));
      }
    }),
  );
  const toFinish = [...learners];
  log(
    await load("POST /api/attempts/{id}/finish (finish, on 2 boards)", async () => {
      const l = toFinish.shift();
      return l ? timed(l.phone, `/api/attempts/${l.id}/finish`, json("POST")) : null;
    }),
  );

  log(await load("GET /api/progress", async () => timed(nextLearner().phone, "/api/progress")));
  log(
    await load("GET /api/assignments/{code}/results (25 learners)", async () =>
      timed(anon, `/api/assignments/${code}/results`, { headers: auth }),
    ),
  );
  log(
    await load("GET /api/assignments/{code}/leaderboard", async () =>
      timed(nextLearner().phone, `/api/assignments/${code}/leaderboard`),
    ),
  );
  log(
    await load("GET /api/leaderboards/article (all time)", async () =>
      timed(nextLearner().phone, "/api/leaderboards/article?period=all"),
    ),
  );
  log(
    await load("GET /api/leaderboards/article?period=week", async () =>
      timed(nextLearner().phone, "/api/leaderboards/article?period=week"),
    ),
  );
  log(
    await load("GET /api/leaderboards/quick (a ranked member)", async () =>
      timed(nextLearner().phone, "/api/leaderboards/quick?period=all"),
    ),
  );

  // Question pages: learners in the middle of a part of the article (the whole article in one pool
  // is for teachers to assign; it cannot be started as practice).
  const readers: Learner[] = [];
  for (let n = 0; n < 16; n++) {
    try {
      readers.push(await startLearner(base, "part-1"));
    } catch (error) {
      console.log(`  ${String(error).slice(0, 400)}\n  The Worker logged:\n${serverOutput().slice(-4000)}`);
    }
  }
  let r = 0;
  log(
    await load("GET /attempts/{id} (question page HTML)", async () => {
      const l = readers[r++ % readers.length] as Learner;
      return timed(l.phone, `/attempts/${l.id}`, { headers: { accept: "text/html" } });
    }),
  );
  return { results, readers, learners };
}

/**
 * D1's published prices (Workers Paid, developers.cloudflare.com/d1/platform/pricing, as read on
 * 2026-11-29): rows beyond the monthly allowance (25 billion read, 50 million written) cost
 * $0.001 per million read and $1.00 per million written. Rows written include the rows triggers
 * write and one entry per index a written row is in; X-D1-Stats sums D1's own meta.rows_written,
 * which counts both (test/load/d1-stats.test.ts checks it against the table contents).
 */
export const D1_PRICES = {
  source: "developers.cloudflare.com/d1/platform/pricing (Workers Paid), read 2026-11-29",
  perRowRead: 0.001 / 1e6,
  perRowWritten: 1.0 / 1e6,
};

type Rows = { rowsRead: number; rowsWritten: number; requests: number };
export type CostReport = {
  learners: number;
  questions: number;
  steps: Record<string, Rows>;
  perLearner: { rowsRead: number; rowsWritten: number };
  dollarsPer1000Learners: { read: number; written: number; total: number };
  views: { endpoint: string; rowsRead: number; dollarsPerMillion: number }[];
};

/**
 * What a class costs: LEARNERS learners, one after the other, join a 10-question assignment
 * with a nicknames board, answer every question, finish and look at the board once; D1's rows
 * per step from X-D1-Stats, summed per learner, priced for 1,000 learners. Leaderboard views are
 * priced per 1,000,000 from the rows read measured under load.
 */
async function measureCost(base: string, endpoints: Omit<EndpointResult, "ratio">[]): Promise<CostReport> {
  const LEARNERS = 25;
  const QUESTIONS = 10;
  const teacher = new Phone(sendTo(base));
  const created = await teacher.fetch(
    "/api/assignments",
    json("POST", { title: "Cost", questionCount: QUESTIONS, leaderboard: "nicknames", requireName: true }),
  );
  if (created.status !== 201) throw new Error(`create assignment: ${created.status} ${await created.text()}`);
  const { code } = (await created.json()) as { code: string };
  const steps: Record<string, Rows> = {};
  const add = (step: string, m: Measure) => {
    if (m.status >= 400) throw new Error(`${step}: ${m.status}`);
    const row = steps[step] ?? { rowsRead: 0, rowsWritten: 0, requests: 0 };
    steps[step] = row;
    row.requests += 1;
    row.rowsRead += m.d1?.rowsRead ?? 0;
    row.rowsWritten += m.d1?.rowsWritten ?? 0;
  };
  for (let n = 0; n < LEARNERS; n++) {
    const phone = new Phone(sendTo(base));
    const joined = await timed(phone, "/api/attempts", json("POST", { assignmentCode: code, name: `Élève ${n + 1}` }));
    add("join and start", joined);
    const attempt = JSON.parse(joined.text) as { id: string; question: PublicQuestion | null };
    let question = attempt.question;
    while (question) {
      const answered = await timed(
        phone,
        `/api/attempts/${attempt.id}/answers/${question.id}`,
        json("PUT", { response: someResponse(question, random) }),
      );
      add("answer", answered);
      question = (JSON.parse(answered.text) as { next: PublicQuestion | null }).next;
    }
    add("finish (assignment board)", await timed(phone, `/api/attempts/${attempt.id}/finish`, json("POST")));
    add("view the board", await timed(phone, `/api/assignments/${code}/leaderboard`));
  }
  const total = (key: "rowsRead" | "rowsWritten") => Object.values(steps).reduce((sum, r) => sum + r[key], 0);
  const perLearner = { rowsRead: total("rowsRead") / LEARNERS, rowsWritten: total("rowsWritten") / LEARNERS };
  const read = perLearner.rowsRead * 1000 * D1_PRICES.perRowRead;
  const written = perLearner.rowsWritten * 1000 * D1_PRICES.perRowWritten;
  const views = endpoints
    .filter((e) => e.endpoint.includes("leaderboard") && e.d1)
    .map((e) => ({
      endpoint: e.endpoint,
      rowsRead: e.d1?.rowsRead ?? 0,
      dollarsPerMillion: (e.d1?.rowsRead ?? 0) * 1e6 * D1_PRICES.perRowRead,
    }));
  return {
    learners: LEARNERS,
    questions: QUESTIONS,
    steps,
    perLearner,
    dollarsPer1000Learners: { read, written, total: read + written },
    views,
  };
}

/** Every page the app shows, on the seeded database, weighed as `npm run budget` weighs its pages. */
async function pageWeights(base: string, code: string): Promise<PageWeight[]> {
  const out: PageWeight[] = [];
  for (const { page, path: pathname, cookie } of await samplePages(base, { code, secret: SEED_SECRET })) {
    const weight = await weighPage(base, cookieJar(cookie), page, pathname);
    if (weight) out.push(weight);
  }
  return out;
}

async function bundleSize(): Promise<{ raw: number; gzip: number; files: string[] }> {
  const outdir = await mkdtemp(path.join(tmpdir(), "article-quiz-bundle-"));
  try {
    await wrangler(["deploy", "--dry-run", "--outdir", outdir]);
    const files = (await readdir(outdir)).filter((f) => /\.(m?js|wasm)$/.test(f));
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const bytes = await readFile(path.join(outdir, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { raw, gzip, files };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

function machine() {
  const sh = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: "utf8" }).trim();
    } catch {
      return "unknown";
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model ?? "unknown",
    memory: sh('free -h | awk \'/^Mem:/ { print $2 " total, " $7 " available" }\''),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    commit: sh("git rev-parse --short HEAD"),
  };
}

const f1 = (n: number) => n.toFixed(1);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function markdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `# Benchmark ${m.date}`,
    "",
    `Machine: ${m.nproc} CPUs (${m.cpu}), memory ${m.memory}, Node ${m.node}, ${m.platform}, commit ${m.commit}.`,
    `Database: ${report.seed.learners.toLocaleString("en")} learners, ${report.seed.answers.toLocaleString("en")} answers, ${report.seed.assignments.toLocaleString("en")} assignments (seeded in ${f1(report.seed.seconds)} s). Load: ${report.concurrency} concurrent clients, up to ${report.secondsPerEndpoint} s per endpoint, wrangler dev (workerd, local D1) on loopback.`,
    "",
    "| Endpoint | Requests | Errors | Median ms | p95 ms | p99 ms | req/s | × health (median) | D1 statements | D1 round trips | Rows read | Rows written |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...report.endpoints.map(
      (e) =>
        `| ${e.endpoint} | ${e.requests} | ${e.errors} | ${f1(e.median)} | ${f1(e.p95)} | ${f1(e.p99)} | ${f1(e.rps)} | ${e.ratio.toFixed(2)} | ${e.d1 ? f1(e.d1.statements) : "–"} | ${e.d1 ? f1(e.d1.roundTrips) : "–"} | ${e.d1 ? f1(e.d1.rowsRead) : "–"} | ${e.d1 ? f1(e.d1.rowsWritten) : "–"} |`,
    ),
    "",
    Object.keys(report.rateLimited).length
      ? `**Rate-limited (429) responses: ${Object.entries(report.rateLimited)
          .map(([request, n]) => `${request} × ${n}`)
          .join(", ")}**: these figures measured the limiter, not only the app.`
      : "Rate-limited (429) responses: 0 (each simulated device sends its own `CF-Connecting-IP`).",
    "",
    `Worker bundle: ${kb(report.bundle.raw)} raw, ${kb(report.bundle.gzip)} gzipped (${report.bundle.files.join(", ")}).`,
    "",
    `**Cost in D1 rows and dollars** (${D1_PRICES.source}: $0.001 per million rows read, $1.00 per million rows written, beyond the monthly allowance; rows written include trigger writes and index entries). ${report.cost.learners} learners, one after the other, each join a ${report.cost.questions}-question assignment with a nicknames board, answer every question, finish and view the board once:`,
    "",
    "| Step | Requests | Rows read per request | Rows written per request |",
    "|---|---:|---:|---:|",
    ...Object.entries(report.cost.steps).map(
      ([step, r]) => `| ${step} | ${r.requests} | ${f1(r.rowsRead / r.requests)} | ${f1(r.rowsWritten / r.requests)} |`,
    ),
    `| **per learner** | | ${f1(report.cost.perLearner.rowsRead)} | ${f1(report.cost.perLearner.rowsWritten)} |`,
    "",
    `Per 1,000 learners: $${report.cost.dollarsPer1000Learners.total.toFixed(4)} ($${report.cost.dollarsPer1000Learners.written.toFixed(4)} for rows written, $${report.cost.dollarsPer1000Learners.read.toFixed(6)} for rows read).`,
    "",
    "| Leaderboard view | Rows read | $ per 1,000,000 views |",
    "|---|---:|---:|",
    ...report.cost.views.map((v) => `| ${v.endpoint} | ${f1(v.rowsRead)} | ${v.dollarsPerMillion.toFixed(3)} |`),
    "",
    `| Page | Status | Raw | Served | gzip -9 | brotli -11 | Within ${kb(BUDGET)} |`,
    "|---|---:|---:|---:|---:|---:|---|",
    ...report.pages.map(
      (p) =>
        `| ${p.page} (\`${p.path}\`) | ${p.status} | ${kb(p.identityBytes)} | ${kb(p.servedBytes)} ${p.encoding} | ${kb(p.gzip9Bytes)} | ${kb(p.brotli11Bytes)} | ${p.withinBudget ? "yes" : "**no**"} |`,
    ),
    "",
  ];
  return lines.join("\n");
}

type Report = {
  machine: ReturnType<typeof machine>;
  seed: { learners: number; answers: number; assignments: number; seconds: number };
  concurrency: number;
  secondsPerEndpoint: number;
  endpoints: EndpointResult[];
  bundle: { raw: number; gzip: number; files: string[] };
  cost: CostReport;
  pages: PageWeight[];
  /** 429 responses by request, over the whole run (measured or not): 0 when every device has its own address. */
  rateLimited: Record<string, number>;
};

async function main() {
  const size = {
    learners: Math.round(FULL.learners * SCALE),
    answers: Math.round(FULL.answers * SCALE),
    assignments: Math.max(1, Math.round(FULL.assignments * SCALE)),
  };
  console.log(`Bundle: wrangler deploy --dry-run …`);
  const bundle = await bundleSize();
  console.log(`  ${kb(bundle.raw)} raw, ${kb(bundle.gzip)} gzipped`);
  console.log(
    `Database: migrations, then ${size.learners} learners, ${size.answers} answers, ${size.assignments} assignments …`,
  );
  const db = await LocalDatabase.create();
  let server: DevServer | null = null;
  try {
    const seeding = performance.now();
    const { sql } = seedSql(size);
    await db.executeSql(sql);
    const seedSeconds = (performance.now() - seeding) / 1000;
    console.log(`  seeded in ${f1(seedSeconds)} s`);
    server = await startDev(db, { BENCH_D1_STATS: "1" });
    console.log(`Worker at ${server.baseUrl}; ${CONCURRENCY} clients, up to ${SECONDS} s per endpoint:`);
    const code = seededCode(1);
    const { results } = await measureEndpoints(server.baseUrl, code, server.output);
    const health = results[0]?.median ?? 1;
    const endpoints = results.map((r) => ({ ...r, ratio: r.median / health }));
    console.log("Cost: a class doing a 10-question assignment …");
    const cost = await measureCost(server.baseUrl, results);
    console.log(`  $${cost.dollarsPer1000Learners.total.toFixed(4)} per 1,000 learners`);
    const pages = await pageWeights(server.baseUrl, code);
    const report: Report = {
      machine: machine(),
      seed: { ...size, seconds: seedSeconds },
      concurrency: CONCURRENCY,
      secondsPerEndpoint: SECONDS,
      endpoints,
      bundle,
      cost,
      pages,
      rateLimited: Object.fromEntries(rateLimited),
    };
    const md = markdown(report);
    console.log(`\n${md}`);
    const dir = path.join(ROOT, "reports");
    await mkdir(dir, { recursive: true });
    const stamp = report.machine.date.replace(/[:.]/g, "-");
    await writeFile(path.join(dir, `bench-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(dir, `bench-${stamp}.md`), md);
    await writeFile(path.join(dir, "bench-latest.json"), `${JSON.stringify(report, null, 2)}\n`);
    await writeFile(path.join(dir, "bench-latest.md"), md);
    console.log(`Written: reports/bench-${stamp}.json and .md (and bench-latest.*)`);
  } finally {
    await server?.stop();
    await db.remove();
  }
}

await main();
