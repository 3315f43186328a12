import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { STATS_HEADER } from "../../src/http/d1-session.ts";
import { Client, request } from "../helpers.ts";

/** The benchmark's opt-in D1 counters (X-D1-Stats), measured against the real local D1. */
describe("BENCH_D1_STATS instrumentation", () => {
  it("is off by default: no stats header", async () => {
    const res = await request("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get(STATS_HEADER)).toBeNull();
  });

  it("counts statements, round trips and D1's rows read and written when the variable is set", async () => {
    const withStats = { BENCH_D1_STATS: "1" };
    const health = await request("/api/health", {}, withStats);
    expect(health.status).toBe(200);
    expect(health.headers.get(STATS_HEADER)).toBe("statements=1; round-trips=1; rows-read=0; rows-written=0");

    const start = await request(
      "/api/attempts",
      { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ quizId: "quick" }) },
      withStats,
    );
    expect(start.status).toBe(201);
    const stats = Object.fromEntries(
      (start.headers.get(STATS_HEADER) ?? "").split("; ").map((pair) => {
        const [key, value] = pair.split("=");
        return [key, Number(value)];
      }),
    );
    expect(stats.statements).toBeGreaterThanOrEqual(2);
    expect(stats["round-trips"]).toBeGreaterThanOrEqual(1);
    expect(stats["rows-written"]).toBeGreaterThanOrEqual(2);
    const row = await env.DB.prepare("SELECT count(*) AS n FROM attempts").first<{ n: number }>();
    expect(row?.n).toBe(1);
  });

  it("counts every row a finish writes as D1 bills it: the leaderboard triggers' rows and the index entries too", async () => {
    // A learner on the quiz's practice boards: finishing puts them on the all-time and weekly boards,
    // whose counts (the Fenwick tree) and versions triggers keep in the same statements.
    const me = new Client();
    expect((await me.json("/api/leaderboards/quick/join", "POST", { nickname: "Compteuse" })).status).toBe(200);
    const started = (await (await me.json("/api/attempts", "POST", { quizId: "quick" })).json()) as { id: string };
    const before = await snapshot();
    const finish = await request(
      `/api/attempts/${started.id}/finish`,
      { method: "POST", headers: { cookie: [...me.cookies].map(([k, v]) => `${k}=${v}`).join("; ") } },
      { BENCH_D1_STATS: "1" },
    );
    expect(finish.status).toBe(200);
    const reported = Number(/rows-written=(\d+)/.exec(finish.headers.get(STATS_HEADER) ?? "")?.[1]);
    const written = await rowsWrittenSince(before);
    // Two entries, their count rows and board rows: far more than the attempt's own row.
    expect(written.byTable.leaderboard_entries).toBe(2);
    expect(written.byTable.leaderboard_counts).toBeGreaterThan(2 * 10);
    expect(written.byTable.leaderboard_boards).toBe(2);
    // Each entry is also in 4 indexes; the attempt's status change revisits one partial index (0014).
    expect(written.indexEntries).toBe(2 * 4 + 1);
    expect(reported).toBe(written.total);
  });
});

type Snapshot = Map<string, { keys: string[]; rows: Map<string, string> }>;

/** Every row of every table, keyed by its primary key (or rowid). */
async function snapshot(): Promise<Snapshot> {
  const { results: tables } = await env.DB.prepare(
    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
  ).all<{ name: string }>();
  const out: Snapshot = new Map();
  for (const { name } of tables) {
    const { results: columns } = await env.DB.prepare("SELECT name, pk FROM pragma_table_info(?) ORDER BY pk")
      .bind(name)
      .all<{ name: string; pk: number }>();
    const pk = columns.filter((c) => c.pk > 0).map((c) => c.name);
    const keys = pk.length ? pk : ["rowid"];
    const { results } = await env.DB.prepare(`SELECT ${keys.includes("rowid") ? "rowid, " : ""}* FROM "${name}"`).all<
      Record<string, unknown>
    >();
    out.set(name, {
      keys,
      rows: new Map(results.map((r) => [JSON.stringify(keys.map((k) => r[k])), JSON.stringify(r)])),
    });
  }
  return out;
}

/**
 * Rows written since `before`, counted the way D1 bills them (developers.cloudflare.com/d1/platform/pricing):
 * each table row inserted, updated or deleted, plus one index entry per index a new or deleted row
 * is in. Updates that change an indexed column are not modelled (and fail the count).
 */
async function rowsWrittenSince(
  before: Snapshot,
): Promise<{ total: number; byTable: Record<string, number>; indexEntries: number }> {
  const after = await snapshot();
  const byTable: Record<string, number> = {};
  let total = 0;
  let indexEntries = 0;
  for (const [table, now] of after) {
    const then = before.get(table)?.rows ?? new Map<string, string>();
    const { results: indexes } = await env.DB.prepare(
      "SELECT l.name, l.partial, s.sql, l.origin FROM pragma_index_list(?1) l LEFT JOIN sqlite_schema s ON s.name = l.name",
    )
      .bind(table)
      .all<{ name: string; partial: number; sql: string | null; origin: string }>();
    const secondary: { columns: string[]; where: string | undefined }[] = [];
    for (const index of indexes) {
      // A WITHOUT ROWID table is its primary key's b-tree: no separate entry.
      const withoutRowid = now.keys[0] !== "rowid" && index.origin === "pk" && !(await hasRowid(table));
      if (withoutRowid) continue;
      const { results: cols } = await env.DB.prepare("SELECT name FROM pragma_index_info(?)")
        .bind(index.name)
        .all<{ name: string }>();
      const where = index.partial ? /\bWHERE\s+([\s\S]+)$/i.exec(index.sql ?? "")?.[1] : undefined;
      if (index.partial && !where) throw new Error(`partial index ${index.name} not modelled`);
      secondary.push({ columns: cols.map((c) => c.name), where });
    }
    const entries = async (row: string) => {
      let n = 0;
      for (const i of secondary) if (await insideIndex(i.where, row)) n += 1;
      return n;
    };
    let n = 0;
    let idx = 0;
    for (const [key, row] of now.rows) {
      const old = then.get(key);
      if (old === undefined) {
        n += 1;
        idx += await entries(row);
      } else if (old !== row) {
        const [o, r] = [JSON.parse(old), JSON.parse(row)] as Record<string, unknown>[];
        const changed = Object.keys(r ?? {}).filter((c) => o?.[c] !== r?.[c]);
        for (const i of secondary) {
          const [wasIn, isIn] = [await insideIndex(i.where, old), await insideIndex(i.where, row)];
          if (wasIn && isIn && i.columns.some((c) => changed.includes(c)))
            throw new Error(`an update of an indexed column of ${table} is not modelled`);
          // SQLite revisits a partial index whenever a column its WHERE reads changes (the row may
          // enter or leave it), and D1 bills that as one entry.
          if (i.where && changed.some((c) => new RegExp(`\\b${c}\\b`).test(i.where ?? ""))) idx += 1;
        }
        n += 1;
      }
    }
    for (const [key, row] of then) {
      if (now.rows.has(key)) continue;
      n += 1;
      idx += await entries(row);
    }
    if (n) byTable[table] = n;
    indexEntries += idx;
    total += n + idx;
  }
  return { total, byTable, indexEntries };
}

/** Whether a row (as its JSON snapshot) is in an index: always for a full index; for a partial one, SQLite evaluates its WHERE. */
async function insideIndex(where: string | undefined, row: string): Promise<boolean> {
  if (!where) return true;
  const columns = Object.keys(JSON.parse(row) as Record<string, unknown>);
  const select = columns.map((c) => `json_extract(?1, '$."${c}"') AS "${c}"`).join(", ");
  const result = await env.DB.prepare(`SELECT (${where}) AS inside FROM (SELECT ${select})`)
    .bind(row)
    .first<{ inside: number | null }>();
  return result?.inside === 1;
}

async function hasRowid(table: string): Promise<boolean> {
  const sql = await env.DB.prepare("SELECT sql FROM sqlite_schema WHERE name = ?").bind(table).first<string>("sql");
  return !/WITHOUT ROWID/i.test(sql ?? "");
}
