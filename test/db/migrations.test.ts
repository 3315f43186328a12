import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tableRows } from "../helpers.ts";

// Databases that exist before migrations 0008+ ran: one migrated with 0004 as first committed,
// one with the copy of 0004 that had the assignment-board trigger added later. Both must
// migrate cleanly, keep every row, and end with the schema a fresh database gets.
const OLD = env.TEST_MIGRATIONS.filter((m) => m.name < "0008");
const NEW = env.TEST_MIGRATIONS.filter((m) => m.name >= "0008");
const LATE_TRIGGER = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0008"))?.queries.find((q) =>
  q.includes("CREATE TRIGGER leaderboard_assignment_deleted"),
);
const EDITED_OLD = OLD.map((m) =>
  m.name.startsWith("0004") ? { ...m, queries: [...m.queries, LATE_TRIGGER ?? "SELECT missing_trigger"] } : m,
);

const T = 1_700_000_000_000;
const learner = (n: number) => `learner-${n}`;

/** Rows as the app wrote them before 0008, through the SQL of that time. */
async function seedOldDatabase(db: D1Database) {
  const attempt = (id: string, learnerId: string, assignmentId: string | null, score: number, minutes: number) =>
    db
      .prepare(
        `INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count, max_score,
           status, answered_count, score, lang, feedback, started_at, finished_at)
         VALUES (?1, ?2, 'article', ?3, 'v1', 7, '["q1","poll"]', 2, 1, 'finished', 2, ?4, 'fr', 'immediate', ?5, ?6)`,
      )
      .bind(id, learnerId, assignmentId, score, T, T + minutes * 60_000);
  const answer = (attemptId: string, itemId: string, response: string, fraction: number, state: string) =>
    db
      .prepare(
        `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
         VALUES (?1, ?2, 0, ?3, ?4, ?4, ?5, ?6, 'w-' || ?1)`,
      )
      .bind(attemptId, itemId, response, fraction, state, T + 1_000);
  const entry = (board: string, learnerId: string, attemptId: string, score: number, minutes: number) =>
    db
      .prepare(
        `INSERT INTO leaderboard_entries (board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at)
         VALUES (?1, ?2, ?3, (65535 - ?4 * 100) * 1048576 + ?5 * 60, ?4, 1, ?5 * 60000, ?6)`,
      )
      .bind(board, learnerId, attemptId, score, minutes, T + minutes * 60_000);
  const assignment = (id: string) =>
    db
      .prepare(
        `INSERT INTO assignments (id, code, title, quiz_id, pool, bank_version, question_count, opens_at, leaderboard, secret_hash, created_at, updated_at)
         VALUES (?1, 'CODE' || ?1, 'Class', 'article', '["q1"]', 'v1', 1, ?2, 'nicknames', 'hash', ?2, ?2)`,
      )
      .bind(id, T);
  await db.batch([
    ...[1, 2, 3].map((n) => db.prepare("INSERT INTO learners (id, created_at) VALUES (?, ?)").bind(learner(n), T)),
    assignment("kept"),
    assignment("gone"),
    db
      .prepare(
        "INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind("kept", learner(1), "Ada", "ada", T),
    db
      .prepare(
        "INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?)",
      )
      .bind("gone", learner(2), "Bo", "bo", T),
    attempt("practice-1", learner(1), null, 1, 3),
    attempt("practice-3", learner(3), null, 0.5, 4),
    attempt("class-1", learner(1), "kept", 1, 5),
    attempt("class-2", learner(2), "gone", 1, 6),
    answer("practice-1", "q1", '{"choice":"a"}', 1, "correct"),
    answer("practice-1", "poll", '{"choice":"yes"}', 0, "unscored"),
    // A poll answer given before 0006 counted votes: it is in no count.
    answer("practice-3", "poll", '{"choice":"yes"}', 0, "unscored"),
    answer("practice-3", "q1", '{"choice":"b"}', 0.5, "partial"),
    answer("class-1", "q1", '{"choice":"a"}', 1, "correct"),
    answer("class-2", "q1", '{"choice":"c"}', 0, "incorrect"),
    db.prepare("INSERT INTO poll_votes (item_id, choice_id, votes) VALUES ('poll', 'yes', 1)"),
    db
      .prepare(
        `INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_answer, reviewed_at)
         VALUES (?1, 'q1', '{}', ?2, 1, 'practice-1', ?2), (?3, 'q1', '{}', ?2, 0, 'class-2', ?2)`,
      )
      .bind(learner(1), T, learner(2)),
    db
      .prepare(
        "INSERT INTO leaderboard_members (quiz_id, learner_id, nickname, nickname_key, joined_at) VALUES ('article', ?, 'Ada', 'ada', ?)",
      )
      .bind(learner(1), T),
    entry("q:article:all", learner(1), "practice-1", 1, 3),
    entry("q:article:all", learner(3), "practice-3", 0.5, 4),
    entry("a:kept", learner(1), "class-1", 1, 5),
    entry("a:gone", learner(2), "class-2", 1, 6),
  ]);
  // The assignment "gone" deleted as the app did then, statement by statement.
  await db.batch([
    db.prepare("DELETE FROM review_items WHERE last_answer IN (SELECT id FROM attempts WHERE assignment_id = 'gone')"),
    db.prepare("DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE assignment_id = 'gone')"),
    db.prepare("DELETE FROM attempts WHERE assignment_id = 'gone'"),
    db.prepare("DELETE FROM assignment_learners WHERE assignment_id = 'gone'"),
    db.prepare("DELETE FROM assignments WHERE id = 'gone'"),
  ]);
}

const TABLES = [
  "learners",
  "assignments",
  "assignment_learners",
  "attempts",
  "answers",
  "review_items",
  "poll_votes",
  "leaderboard_members",
  "leaderboard_entries",
  "leaderboard_counts",
  "leaderboard_boards",
];

/** Every row of every table, in a stable order (contents, not counts). */
const contents = (db: D1Database) => tableRows(db, TABLES);

async function schema(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT type, name, tbl_name, sql FROM sqlite_schema
       WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations' ORDER BY type, name`,
    )
    .all();
  return results;
}

describe("migrations 0008 onwards on a database migrated before them", () => {
  it("apply cleanly with or without the trigger once added to 0004, keep every row, give the fresh schema, then cascade", async () => {
    expect(LATE_TRIGGER).toContain("AFTER DELETE ON assignments");
    const withoutTrigger = env.MIGRATION_DB_A;
    const withTrigger = env.MIGRATION_DB_B;
    await applyD1Migrations(withoutTrigger, OLD);
    await applyD1Migrations(withTrigger, EDITED_OLD);
    await seedOldDatabase(withoutTrigger);
    await seedOldDatabase(withTrigger);
    const hadTrigger = async (db: D1Database) =>
      (await schema(db)).some((r) => r.name === "leaderboard_assignment_deleted");
    expect(await hadTrigger(withoutTrigger)).toBe(false);
    expect(await hadTrigger(withTrigger)).toBe(true);
    const before = await contents(withTrigger);
    // Without the trigger, the deleted assignment's board was left behind.
    expect((await contents(withoutTrigger)).leaderboard_boards).toHaveLength(3);
    expect(before.leaderboard_boards).toHaveLength(2);

    await applyD1Migrations(withoutTrigger, NEW);
    await applyD1Migrations(withTrigger, NEW);

    const fresh = await schema(env.DB);
    expect(await schema(withoutTrigger)).toEqual(fresh);
    expect(await schema(withTrigger)).toEqual(fresh);
    const after = await contents(withTrigger);
    expect(await contents(withoutTrigger)).toEqual(after);

    // Every row kept as it was, but the renamed column, the recounted votes, and 0014's changes:
    // review_items.reviewed_at dropped, learners.active_at added (their latest start, else creation).
    const renamed = before.review_items?.map((r) => {
      const { reviewed_at: _dropped, ...row } = JSON.parse(String(r).replace('"last_answer"', '"last_attempt_id"'));
      return JSON.stringify(row);
    });
    const learners = before.learners?.map((r) => {
      const row = JSON.parse(String(r)) as { created_at: number };
      return JSON.stringify({ ...row, active_at: Math.max(row.created_at, T) });
    });
    // 0021: each membership's join rank, each learner's counted (best finished) assignment attempt.
    const ranked = before.assignment_learners?.map((r) => JSON.stringify({ ...JSON.parse(String(r)), seq: 1 }));
    const counted = before.attempts?.map((r) => {
      const row = JSON.parse(String(r)) as { id: string };
      return JSON.stringify({ ...row, counted: row.id === "class-1" ? 1 : 0 });
    });
    expect({ ...after, review_items: [...(after.review_items ?? [])].sort() }).toEqual({
      ...before,
      assignment_learners: ranked,
      attempts: counted?.sort(),
      learners: learners?.sort(),
      review_items: renamed?.sort(),
      poll_votes: [JSON.stringify({ item_id: "poll", choice_id: "yes", votes: 2 })],
    });

    // 0021 filled the class statistics from the counted attempt (class-1: q1 right, the poll unanswered, 1 of 1).
    const rowsOf = async (sql: string) => (await withTrigger.prepare(sql).all()).results;
    expect(await rowsOf("SELECT * FROM assignment_counts")).toEqual([
      { assignment_id: "kept", learners: 1, finished: 1 },
    ]);
    expect(await rowsOf("SELECT * FROM assignment_score_bins")).toEqual([
      { assignment_id: "kept", bin: 9, learners: 1 },
    ]);
    expect(await rowsOf("SELECT * FROM assignment_item_stats ORDER BY item_id")).toEqual([
      {
        assignment_id: "kept",
        item_id: "poll",
        seed: 7,
        attempts: 1,
        sum_x: 0,
        sum_xx: 0,
        sum_r: 1,
        sum_rr: 1,
        sum_xr: 0,
      },
      {
        assignment_id: "kept",
        item_id: "q1",
        seed: 7,
        attempts: 1,
        sum_x: 1,
        sum_xx: 1,
        sum_r: 0,
        sum_rr: 0,
        sum_xr: 0,
      },
    ]);
    expect(await rowsOf("SELECT * FROM assignment_option_picks")).toEqual([
      { assignment_id: "kept", item_id: "q1", option_id: "a", learners: 1 },
    ]);

    // The new foreign keys cascade on the migrated rows: deleting an assignment or a learner is one DELETE.
    const db = withTrigger;
    const kept = after;
    await db.prepare("DELETE FROM assignments WHERE id = 'kept'").run();
    const left = await contents(db);
    for (const table of ["attempts", "answers", "leaderboard_entries", "assignment_learners"]) {
      expect(
        left[table]?.some((r) => String(r).includes("kept") || String(r).includes("class-1")),
        table,
      ).toBe(false);
    }
    await db.prepare("DELETE FROM learners WHERE id = ?").bind(learner(1)).run();
    const rest = await contents(db);
    for (const table of ["attempts", "answers", "review_items", "leaderboard_members", "leaderboard_entries"]) {
      expect(
        rest[table]?.some((r) => String(r).includes(learner(1)) || String(r).includes("practice-1")),
        table,
      ).toBe(false);
    }
    // Learner 3's rows are untouched.
    expect(rest.attempts).toEqual(kept.attempts?.filter((r) => String(r).includes(learner(3))));
  });
});
