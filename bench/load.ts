/**
 * `npm run load`: a class of 500 joins one assignment at once on the Worker in workerd (wrangler
 * dev, fresh local D1, loopback only). Each learner answers 10 questions with 50-300 ms of think
 * time; 5% of requests are sent twice (a phone retrying) and 2% of learners reload mid-attempt.
 * Then the database is checked: one answer row per learner per question, scores equal to the
 * sum of their answers, the leaderboard equal to the best attempts, no 5xx. Exits 1 if a check fails.
 *
 * Environment: LOAD_LEARNERS (default 500), LOAD_QUESTIONS (default 10).
 */
import { LocalDatabase, startDev } from "../scripts/dev-server.ts";
import {
  bestAttemptsQuery,
  boardMismatches,
  classAssignment,
  expectedTotals,
  integrityChecks,
  percentiles,
  runClass,
  type Totals,
  totalsQuery,
} from "./simulate.ts";

const LEARNERS = Number(process.env.LOAD_LEARNERS ?? 500);
const QUESTIONS = Number(process.env.LOAD_QUESTIONS ?? 10);

const db = await LocalDatabase.create("article-quiz-load-");
const failures: string[] = [];
try {
  const server = await startDev(db);
  const send = (p: string, init?: RequestInit) => fetch(server.baseUrl + p, init);
  let code = "";
  let board: { total: number; entries: { score: number; durationMs: number }[] } = { total: 0, entries: [] };
  let report: Awaited<ReturnType<typeof runClass>>;
  let wall = 0;
  try {
    const created = await send("/api/assignments", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(classAssignment(`Load: ${LEARNERS} learners`, QUESTIONS)),
    });
    if (created.status !== 201) throw new Error(`creating the assignment: ${created.status} ${await created.text()}`);
    const assignment = (await created.json()) as { code: string; manageSecret: string };
    code = assignment.code;
    console.log(`Worker at ${server.baseUrl}; assignment ${code}; ${LEARNERS} learners join at once …`);
    const started = performance.now();
    report = await runClass(send, {
      code,
      learners: LEARNERS,
      questions: QUESTIONS,
      thinkMs: [50, 300],
      duplicateRate: 0.05,
      reloadRate: 0.02,
      seed: 500,
    });
    wall = (performance.now() - started) / 1000;
    const res = await send(`/api/assignments/${code}/leaderboard?limit=100`, {
      headers: { authorization: `Bearer ${assignment.manageSecret}` },
    });
    if (res.status !== 200) failures.push(`leaderboard: ${res.status} ${await res.text()}`);
    else board = (await res.json()) as typeof board;
  } finally {
    await server.stop();
  }

  // Figures.
  const byEndpoint = new Map<string, number[]>();
  const statuses = new Map<number, number>();
  for (const s of report.samples) {
    byEndpoint.set(s.endpoint, [...(byEndpoint.get(s.endpoint) ?? []), s.ms]);
    statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  }
  console.log(
    `\n${report.samples.length} requests in ${wall.toFixed(1)} s (${(report.samples.length / wall).toFixed(1)} req/s); ` +
      `${report.duplicatesSent} sent twice, ${report.reloads} reloads; statuses ${[...statuses].map(([s, n]) => `${s}×${n}`).join(", ")}`,
  );
  console.log("| Endpoint | Requests | Median ms | p95 ms | p99 ms |\n|---|---:|---:|---:|---:|");
  for (const [endpoint, values] of byEndpoint) {
    const p = percentiles(values);
    console.log(
      `| ${endpoint} | ${values.length} | ${p.median.toFixed(1)} | ${p.p95.toFixed(1)} | ${p.p99.toFixed(1)} |`,
    );
  }

  // Checks.
  failures.push(...report.serverErrors.map((e) => `5xx: ${e}`));
  failures.push(...report.unexpected.map((e) => `unexpected: ${e}`));
  for (const check of integrityChecks(code)) {
    const broken = await db.query(check.sql);
    console.log(`${broken.length ? "FAIL" : "ok  "} ${check.name}${broken.length ? `: ${broken.length} rows` : ""}`);
    if (broken.length) failures.push(`${check.name}: ${JSON.stringify(broken.slice(0, 5))}`);
  }
  const [totals] = await db.query<Totals>(totalsQuery(code));
  const expected = expectedTotals(report);
  const sameTotals = JSON.stringify(totals) === JSON.stringify(expected);
  console.log(
    `${sameTotals ? "ok  " : "FAIL"} nothing lost: database ${JSON.stringify(totals)}, clients told ${JSON.stringify(expected)}`,
  );
  if (!sameTotals) failures.push(`totals: database ${JSON.stringify(totals)}, clients ${JSON.stringify(expected)}`);
  const best = await db.query<{ score: number; durationMs: number }>(bestAttemptsQuery(code, 100));
  const boardProblems = boardMismatches(board, best, totals?.finished ?? 0);
  console.log(
    `${boardProblems.length ? "FAIL" : "ok  "} the leaderboard (top 100 of ${board.total}) is the best attempts`,
  );
  failures.push(...boardProblems);
} finally {
  await db.remove();
}

if (failures.length) {
  console.error(`\n${failures.length} problem(s):\n${failures.slice(0, 50).join("\n")}`);
  process.exitCode = 1;
} else {
  console.log("\nNo 5xx, nothing lost, nothing counted twice.");
}
