/**
 * A realistic past for the benchmark, as one SQL file for `wrangler d1 execute --file`:
 * learners, finished and unfinished attempts with graded answers, assignments with their
 * learners, and the leaderboards those attempts earned. Rows are generated inside SQLite
 * (recursive CTEs over a sequence table), so 500,000 answers take seconds, not minutes.
 */
import { createHash } from "node:crypto";
import { CODE_ALPHABET, CODE_LENGTH } from "../src/quiz/assignment-codes.ts";
import {
  BANK_VERSION,
  correctResponse,
  getConcreteItem,
  getItem,
  getQuiz,
  gradeResponse,
  itemPoints,
  publicQuestion,
  type Response,
} from "../src/quiz/index.ts";
import { createRng } from "../src/quiz/random.ts";
import { RANK_KEY_SQL, weekStartSql } from "../src/quiz/ranking.ts";
import { type PublicQuestion, someResponse } from "./simulate.ts";

export type SeedSize = { learners: number; answers: number; assignments: number };

export const FULL: SeedSize = { learners: 50_000, answers: 500_000, assignments: 1_000 };

/** Every seeded assignment shares this manage secret (43 base64url characters), so the bench can read results. */
export const SEED_SECRET = "benchSeedSecret0000000000000000000000000000".slice(0, 43);

const QUESTIONS_PER_ATTEMPT = 10;
const SEEDS = [101, 202, 303, 404];
const OPTIONS_PER_ITEM = 3;
// The past ends a day before now; attempts are spread over the 40 days before that.
const DAY = 86_400_000;

const sql = (value: string | number | null) =>
  value === null ? "NULL" : typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`;

/** The assignment code of seeded assignment n: base-31 digits of n, padded, so all are distinct and valid. */
export function seededCode(n: number): string {
  let code = "";
  let rest = n;
  for (let i = 0; i < CODE_LENGTH; i++) {
    code = CODE_ALPHABET[rest % CODE_ALPHABET.length] + code;
    rest = Math.floor(rest / CODE_ALPHABET.length);
  }
  return code;
}

export const seededAttemptId = (n: number) => `bench${String(n).padStart(27, "0")}`;

/**
 * The SQL, and what it made. Learners 0..(assignments x perClass - 1) each did one assignment;
 * the others practised the whole-article quiz and joined its leaderboard. One attempt in ten is
 * unfinished. Every attempt has QUESTIONS_PER_ATTEMPT answers.
 */
export function seedSql(size: SeedSize, now = Date.now()): { sql: string; codes: string[]; attempts: number } {
  const quiz = getQuiz("article");
  if (!quiz) throw new Error("no article quiz in the bank");
  const pool = quiz.itemIds;
  const attempts = Math.floor(size.answers / QUESTIONS_PER_ATTEMPT);
  if (attempts > size.learners) throw new Error("one attempt per learner: answers / 10 must not exceed learners");
  const perClass = Math.max(1, Math.floor(attempts / 2 / size.assignments));
  const classLearners = perClass * size.assignments;
  const start = now - 41 * DAY;
  const random = createRng(42);
  const lines: string[] = [];

  lines.push("CREATE TABLE bench_seq (n INTEGER PRIMARY KEY);");
  lines.push(
    `INSERT INTO bench_seq (n) WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ${Math.max(size.learners, attempts) - 1}) SELECT n FROM s;`,
  );
  lines.push("CREATE TABLE bench_items (idx INTEGER PRIMARY KEY, item_id TEXT NOT NULL, points REAL NOT NULL);");
  lines.push(
    `INSERT INTO bench_items VALUES ${pool.map((id, i) => `(${i}, ${sql(id)}, ${itemPoints(getItem(id) ?? fail(id))})`).join(", ")};`,
  );
  // For each seed and item: the right answer and two others, graded by the real grader.
  const options: string[] = [];
  SEEDS.forEach((seed, s) => {
    pool.forEach((id, i) => {
      const item = getConcreteItem(id, seed) ?? fail(id);
      const shown = publicQuestion(item, "fr", seed) as unknown as PublicQuestion;
      const responses = [
        correctResponse(item) ?? someResponse(shown, random),
        someResponse(shown, random),
        someResponse(shown, random),
      ];
      responses.forEach((response, o) => {
        const grade = gradeResponse(item, response as Response);
        const points = grade.fraction * itemPoints(getItem(id) ?? fail(id));
        options.push(
          `(${s}, ${i}, ${o}, ${sql(JSON.stringify(response))}, ${grade.fraction}, ${points}, ${sql(grade.state)})`,
        );
      });
    });
  });
  lines.push(
    "CREATE TABLE bench_options (s INTEGER, idx INTEGER, opt INTEGER, response TEXT, fraction REAL, points REAL, state TEXT, PRIMARY KEY (s, idx, opt));",
  );
  // D1 refuses statements over 100 KB: insert in chunks.
  for (let i = 0; i < options.length; i += 200) {
    lines.push(`INSERT INTO bench_options VALUES ${options.slice(i, i + 200).join(", ")};`);
  }

  lines.push(
    `INSERT INTO learners (id, display_name, created_at) SELECT printf('%064x', n), CASE WHEN n % 3 = 0 THEN 'Élève ' || n ELSE NULL END, ${start} + n * 60 FROM bench_seq WHERE n < ${size.learners};`,
  );

  const codes: string[] = [];
  const secretHash = createHash("sha256").update(SEED_SECRET).digest("hex");
  const assignmentRows: string[] = [];
  for (let a = 0; a < size.assignments; a++) {
    const code = seededCode(a + 1);
    codes.push(code);
    const created = start + a * 3_600_000;
    assignmentRows.push(
      `(${sql(`asg${String(a).padStart(6, "0")}`)}, ${sql(code)}, ${sql(`Classe ${a + 1} — stratégies d’IA`)}, 'article', NULL, ${sql(JSON.stringify(pool))}, ${sql(BANK_VERSION)}, ${QUESTIONS_PER_ATTEMPT}, 1, NULL, 1, ${created}, NULL, 'nicknames', 1, 'immediate', 'learner', ${sql(secretHash)}, ${created}, ${created})`,
    );
  }
  for (let i = 0; i < assignmentRows.length; i += 25) {
    lines.push(
      `INSERT INTO assignments (id, code, title, quiz_id, topics, pool, bank_version, question_count, shuffle, time_limit_minutes, attempts_allowed, opens_at, closes_at, leaderboard, require_name, feedback, lang, secret_hash, created_at, updated_at) VALUES ${assignmentRows.slice(i, i + 25).join(", ")};`,
    );
  }

  // Attempt n belongs to learner n; the first classLearners did assignment n / perClass.
  const P = pool.length;
  const startedAt = `(${start} + n * ${Math.floor((40 * DAY) / attempts)})`;
  const itemsOf = (n: string, column: string) =>
    `(SELECT ${column} FROM (SELECT i.item_id, i.points FROM bench_seq k JOIN bench_items i ON i.idx = (${n} * 3 + k.n) % ${P} WHERE k.n < ${QUESTIONS_PER_ATTEMPT} ORDER BY k.n))`;
  lines.push(`INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count, max_score, status, answered_count, score, lang, feedback, started_at, deadline_at, finished_at)
SELECT 'bench' || printf('%027d', n), printf('%064x', n), 'article',
  CASE WHEN n < ${classLearners} THEN 'asg' || printf('%06d', n / ${perClass}) END,
  ${sql(BANK_VERSION)}, CASE n % 4 ${SEEDS.map((seed, s) => `WHEN ${s} THEN ${seed}`).join(" ")} END,
  ${itemsOf("n", "json_group_array(item_id)")}, ${QUESTIONS_PER_ATTEMPT}, ${itemsOf("n", "sum(points)")},
  CASE WHEN n % 10 = 9 THEN 'in-progress' ELSE 'finished' END, ${QUESTIONS_PER_ATTEMPT}, 0, 'fr', 'immediate',
  ${startedAt}, NULL, CASE WHEN n % 10 = 9 THEN NULL ELSE ${startedAt} + 60000 + (n * 7919) % 600000 END
FROM bench_seq WHERE n < ${attempts};`);

  lines.push(`INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at)
SELECT 'bench' || printf('%027d', a.n), i.item_id, k.n, o.response, o.fraction, o.points, o.state, ${start} + a.n * ${Math.floor((40 * DAY) / attempts)} + (k.n + 1) * 5000
FROM bench_seq a JOIN bench_seq k ON k.n < ${QUESTIONS_PER_ATTEMPT}
JOIN bench_items i ON i.idx = (a.n * 3 + k.n) % ${P}
JOIN bench_options o ON o.s = a.n % 4 AND o.idx = i.idx AND o.opt = (a.n * 31 + k.n * 17) % ${OPTIONS_PER_ITEM}
WHERE a.n < ${attempts};`);
  lines.push(
    "UPDATE attempts SET score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = attempts.id) WHERE id LIKE 'bench%';",
  );

  lines.push(`INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, extra_minutes, no_time_limit, joined_at)
SELECT 'asg' || printf('%06d', n / ${perClass}), printf('%064x', n), 'Élève ' || (n % ${perClass} + 1), 'eleve ' || (n % ${perClass} + 1), 0, 0, ${startedAt}
FROM bench_seq WHERE n < ${classLearners};`);
  // The class statistics are running sums kept by a trigger on an attempt's finish (migration
  // 0021): the assignments' attempts are inserted finished, so they finish once more through it.
  lines.push(
    "UPDATE attempts SET status = 'in-progress' WHERE id LIKE 'bench%' AND assignment_id IS NOT NULL AND status = 'finished';",
    "UPDATE attempts SET status = 'finished' WHERE id LIKE 'bench%' AND assignment_id IS NOT NULL AND finished_at IS NOT NULL;",
  );
  lines.push(`INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at)
SELECT 'article', printf('%064x', n), 'pseudo' || n, 'pseudo' || n, ${startedAt} FROM bench_seq WHERE n >= ${classLearners} AND n < ${attempts};`);

  const entry = (
    board: string,
    where: string,
  ) => `INSERT INTO leaderboard_entries (board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at)
SELECT ${board}, a.learner_id, a.id, ${RANK_KEY_SQL}, a.score, a.max_score, a.finished_at - a.started_at, a.finished_at
FROM attempts a WHERE a.status = 'finished' AND a.id LIKE 'bench%' AND ${where};`;
  lines.push(entry("'a:' || a.assignment_id", "a.assignment_id IS NOT NULL"));
  lines.push(entry("'q:' || a.quiz_id || ':all'", "a.assignment_id IS NULL"));
  lines.push(entry(`'q:' || a.quiz_id || ':w:' || ${weekStartSql("a.finished_at")}`, "a.assignment_id IS NULL"));

  lines.push("DROP TABLE bench_options;", "DROP TABLE bench_items;", "DROP TABLE bench_seq;");
  return { sql: `${lines.join("\n")}\n`, codes, attempts };
}

function fail(id: string): never {
  throw new Error(`unknown item ${id}`);
}
