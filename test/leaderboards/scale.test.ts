import { beforeAll, describe, expect, it } from "vitest";
import { type BoardRef, LEADERBOARD_SQL, readBoard } from "../../src/db/leaderboards.ts";
import { practiceBoard } from "../../src/quiz/boards.ts";
import { KEY_BITS, prefixNodes } from "../../src/quiz/ranking.ts";
import { session } from "./seed.ts";

const N = 100_000;
const BOARD = practiceBoard("scale", "all", 0);
const ref: BoardRef = { board: BOARD, kind: "practice", quizId: "scale" };

// Scores 0..10 points in hundredths and times 30..1829 s, spread by two coprime strides: about
// as many distinct keys as entries, the hard case for the counts.
const SCORE = "((i * 7919) % 1001) / 100.0";
const SECONDS = "(30 + (i * 104729) % 1800)";

beforeAll(async () => {
  const db = session();
  const chunk = 25_000;
  const statements = [];
  for (let from = 1; from <= N; from += chunk) {
    const to = from + chunk - 1;
    const rows = `WITH RECURSIVE s(i) AS (SELECT ${from} UNION ALL SELECT i + 1 FROM s WHERE i < ${to})`;
    statements.push(
      db.prepare(`${rows} INSERT INTO learners (id, created_at) SELECT 'scale-' || i, 0 FROM s`),
      db.prepare(`${rows} INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at)
        SELECT 'scale', 'scale-' || i, 'Learner ' || i, 'learner' || i, 0 FROM s`),
      // Each entry's attempt (leaderboard_entries.attempt_id is a foreign key).
      db.prepare(`${rows} INSERT INTO attempts (id, learner_id, quiz_id, bank_version, seed, item_ids, question_count, max_score, status, score, started_at, finished_at)
        SELECT 'attempt-' || i, 'scale-' || i, 'scale', 'test', i, '[]', 10, 10, 'finished', ${SCORE}, 1700000000000 + i - ${SECONDS} * 1000, 1700000000000 + i FROM s`),
      db.prepare(`${rows} INSERT INTO leaderboard_entries (board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at)
        SELECT '${BOARD}', 'scale-' || i, 'attempt-' || i,
          (65535 - CAST(round(${SCORE} * 100) AS INTEGER)) * 1048576 + ${SECONDS},
          ${SCORE}, 10, ${SECONDS} * 1000 + (i % 1000), 1700000000000 + i FROM s`),
    );
  }
  for (const statement of statements) await statement.run();
}, 120_000);

/** The reference rank of entry i, computed in JS from the same formulas. */
function expectedRank(i: number): number {
  const key = (j: number) => (65535 - ((j * 7919) % 1001)) * 1048576 + (30 + ((j * 104729) % 1800));
  const mine = key(i);
  let better = 0;
  for (let j = 1; j <= N; j++) if (key(j) < mine) better++;
  return better + 1;
}

describe("a board of 100,000 entries", () => {
  it("reads about N rows for the top 10, and a bounded number for a learner's rank", async () => {
    const db = session();
    const top = await readBoard(db, ref, null, 10);
    expect(top.total).toBe(N);
    expect(top.top).toHaveLength(10);
    // What an ETag (and so a 304) costs: the board's one row.
    expect((await db.prepare(LEADERBOARD_SQL.board).bind(BOARD).run()).meta.rows_read).toBe(1);
    // The board row, 10 entries through the order index and their 10 names: measured 21.
    expect(top.rowsRead).toBeLessThanOrEqual(25);

    for (const i of [1, 4_242, 50_000, 99_999]) {
      const entry = await db
        .prepare("SELECT rank_key FROM leaderboard_entries WHERE board = ? AND learner_id = ?")
        .bind(BOARD, `scale-${i}`)
        .first<{ rank_key: number }>();
      const nodes = prefixNodes(entry?.rank_key ?? 0);
      const rank = await db
        .prepare(LEADERBOARD_SQL.below(nodes.length))
        .bind(BOARD, ...nodes)
        .run();
      // "My rank" alone: at most one count row per bit of the key.
      expect(rank.meta.rows_read).toBeLessThanOrEqual(KEY_BITS + 1);
      expect(1 + Number((rank.results[0] as { below: number }).below)).toBe(expectedRank(i));

      const board = await readBoard(db, ref, `scale-${i}`, 10);
      expect(board.me?.rank).toBe(expectedRank(i));
      expect(board.me?.name).toBe(`Learner ${i}`);
      // The whole page for a learner: top 10, their entry, 4 neighbours and up to 5 ranks; measured 131 to 160.
      expect(board.rowsRead).toBeLessThanOrEqual(250);
    }
  });

  it("agrees with a reference ranking around a learner", async () => {
    const db = session();
    const board = await readBoard(db, ref, "scale-77777", 10);
    const around = board.around.map((e) => e.rank);
    expect(around).toHaveLength(5);
    for (const e of board.around) expect(e.rank).toBe(expectedRank(Number(e.learnerId.slice(6))));
    expect(around).toEqual([...around].sort((a, b) => a - b));
  });

  it("plans every leaderboard query through an index, never a full scan", async () => {
    const db = session();
    const queries: [string, unknown[]][] = [];
    for (const kind of ["assignment", "practice"] as const) {
      queries.push(
        [LEADERBOARD_SQL.top(kind), [BOARD, "scale", 10]],
        [LEADERBOARD_SQL.mine(kind), [BOARD, "scale", "scale-1"]],
        [LEADERBOARD_SQL.before(kind), [BOARD, "scale", 1, 1, 1, 1, 2]],
        [LEADERBOARD_SQL.after(kind), [BOARD, "scale", 1, 1, 1, 1, 2]],
      );
    }
    queries.push(
      [LEADERBOARD_SQL.hidden, [BOARD, "scale", 10]],
      [LEADERBOARD_SQL.board, [BOARD]],
      [LEADERBOARD_SQL.below(3), [BOARD, 1, 2, 4]],
      [LEADERBOARD_SQL.assignment, ["ABC"]],
      [LEADERBOARD_SQL.member, ["scale", "scale-1"]],
      [LEADERBOARD_SQL.nicknameOwner, ["scale", "x"]],
    );
    for (const [sql, params] of queries) {
      const { results } = await db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ detail: string }>();
      const plan = results.map((r) => r.detail);
      expect(plan.length).toBeGreaterThan(0);
      for (const step of plan) {
        if (step.startsWith("SCAN")) expect(step, sql).toMatch(/USING (COVERING )?INDEX/);
        expect(step).not.toMatch(/TEMP B-TREE/);
      }
    }
  });
});
