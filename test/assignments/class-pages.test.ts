import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { Assignment } from "../../src/db/assignments.ts";
import { loadAssignmentByCode } from "../../src/db/assignments.ts";
import { classStatistics, rosterForCsv, rosterPage } from "../../src/flows/assignment-results.ts";
import { STATS_HEADER } from "../../src/http/d1-session.ts";
import { bestAttempt } from "../../src/quiz/assignment-rules.ts";
import type { Attempt } from "../../src/quiz/attempt.ts";
import { countOptionPicks, getConcreteItem, getItem, itemPoints } from "../../src/quiz/index.ts";
import { type AnalysedAttempt, analyseItems } from "../../src/quiz/item-analysis.ts";
import { encodeRosterCursor } from "../../src/quiz/roster-cursor.ts";
import { resultsCsvStream } from "../../src/views/results-csv.ts";
import { Client as Browser, bearer, createAssignment, ORIGIN, problemOf, request } from "../helpers.ts";

/**
 * Class pages whose D1 work does not grow with the class (issue 12.9): the roster is read one
 * keyset page at a time, the CSV streams page by page, the statistics come from running sums.
 * Classes of 300 and 1,200 learners are seeded straight into D1 (a few set-based statements),
 * then finished with one UPDATE, as the scheduled sweep does: the triggers keep the sums.
 */

type Seeded = { code: string; secret: string; assignment: Assignment; itemIds: string[] };

const T0 = Date.UTC(2026, 0, 5, 8);
/** A D1 session, as the app's requests use. */
const session = () => env.DB.withSession("first-unconstrained");

/** The first `count` questions of the pool worth `points` each (picked by property, never by id). */
function poolItems(pool: string[], count: number, keep: (id: string) => boolean = () => true): string[] {
  const chosen = pool.filter((id) => {
    const item = getItem(id);
    return item !== undefined && itemPoints(item) === 1 && item.type !== "poll" && keep(id);
  });
  expect(chosen.length).toBeGreaterThanOrEqual(count);
  return chosen.slice(0, count);
}

/**
 * A class of `size` learners on a new assignment, each with one finished attempt at the same
 * five questions; learner i's answers depend on i only, so two classes agree learner by learner.
 */
async function seedClass(size: number, opts: { requireName?: boolean } = {}): Promise<Seeded> {
  const created = await createAssignment({ quizId: "article", requireName: opts.requireName ?? true });
  const assignment = (await loadAssignmentByCode(session(), created.code)) as Assignment;
  const itemIds = poolItems(assignment.pool, 5);
  const p = `s${crypto.randomUUID().slice(0, 8)}`;
  const n = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)";
  await env.DB.batch([
    env.DB.prepare(
      `${n} INSERT INTO learners (id, display_name, created_at, active_at) SELECT ?1 || '-l' || i, NULL, ?3, ?3 FROM n`,
    ).bind(p, size, T0),
    env.DB.prepare(
      `${n} INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at, seq)
       SELECT ?3, ?1 || '-l' || i, CASE WHEN ?5 THEN 'Learner ' || printf('%05d', i) END,
         CASE WHEN ?5 THEN 'learner ' || printf('%05d', i) END, ?4 + i, i FROM n`,
    ).bind(p, size, assignment.id, T0, (opts.requireName ?? true) ? 1 : 0),
    env.DB.prepare(
      `${n} INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count,
         max_score, started_at, deadline_at)
       SELECT ?1 || '-t' || i, ?1 || '-l' || i, 'article', ?3, ?4, i, ?5, 5, 5, ?6 + i * 1000, NULL FROM n`,
    ).bind(p, size, assignment.id, assignment.bankVersion, JSON.stringify(itemIds), T0),
    // Learner i gets question k right when (i + k) % 3 > 0, and leaves the last one unanswered when i % 4 = 0.
    env.DB.prepare(
      `${n} INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at)
       SELECT ?1 || '-t' || n.i, j.value, j.key, '{"choice":"seeded"}',
         CASE WHEN (n.i + j.key) % 3 > 0 THEN 1 ELSE 0 END, CASE WHEN (n.i + j.key) % 3 > 0 THEN 1 ELSE 0 END,
         CASE WHEN (n.i + j.key) % 3 > 0 THEN 'correct' ELSE 'incorrect' END, ?4
       FROM n, json_each(?3) j WHERE NOT (n.i % 4 = 0 AND j.key = 4)`,
    ).bind(p, size, JSON.stringify(itemIds), T0),
    env.DB.prepare(
      `UPDATE attempts SET score = (SELECT coalesce(sum(points), 0) FROM answers WHERE attempt_id = attempts.id),
         answered_count = (SELECT count(*) FROM answers WHERE attempt_id = attempts.id)
       WHERE assignment_id = ?`,
    ).bind(assignment.id),
    // Finished the way the sweep finishes: one UPDATE of many rows, the triggers keep the sums.
    env.DB.prepare(
      `UPDATE attempts SET status = 'finished', finished_at = started_at + 60000 + (seed % 7) * 1000
       WHERE assignment_id = ?`,
    ).bind(assignment.id),
  ]);
  return { code: created.code, secret: created.manageSecret, assignment, itemIds };
}

/** A request through the app with the bench's D1 counters on. */
async function measured(path: string, headers: Record<string, string>) {
  const res = await request(path, { headers }, { BENCH_D1_STATS: "1" });
  const stats = Object.fromEntries(
    (res.headers.get(STATS_HEADER) ?? "").split("; ").map((pair) => {
      const [key, value] = pair.split("=");
      return [key, Number(value)];
    }),
  );
  return { res, rowsRead: stats["rows-read"] as number, roundTrips: stats["round-trips"] as number };
}

type ResultsBody = {
  roster: { name: string; learnerId: string; score: number | null; points: Record<string, number> }[];
  next: string | null;
  prev: string | null;
  learnerCount: number;
  finishedCount: number;
  items: {
    itemId: string;
    attempts: number;
    facility: number | null;
    discrimination: number | null;
    picks: { optionId: string; count: number }[];
  }[];
  distribution: { count: number }[];
};

/** A database wrapper that adds up D1's rows read, to see what each step of a stream costs. */
function countingDb(database: D1DatabaseSession) {
  const meter = { rowsRead: 0 };
  const proxy = new Proxy(database, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          for (const r of results) meter.rowsRead += r.meta?.rows_read ?? 0;
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db: proxy, meter };
}

const namesInDb = async (assignmentId: string) =>
  (
    await env.DB.prepare("SELECT name FROM assignment_learners WHERE assignment_id = ? ORDER BY seq")
      .bind(assignmentId)
      .all<{ name: string }>()
  ).results.map((r) => r.name);

describe("class pages: bounded D1 work whatever the class size", () => {
  it("a roster page, the statistics and each CSV chunk read the same rows for 300 and 1,200 learners", async () => {
    const small = await seedClass(300);
    const large = await seedClass(1200);
    const figures: Record<string, number[]> = { firstPage: [], middlePage: [], stats: [], csvChunks: [] };
    for (const seeded of [small, large]) {
      const auth = bearer(seeded.secret);
      const first = await measured(`/api/assignments/${seeded.code}/results?limit=50`, auth);
      expect(first.res.status).toBe(200);
      expect(first.roundTrips).toBe(3); // the assignment, the page, the statistics
      figures.firstPage?.push(first.rowsRead);
      // A page in the middle of the class: learners 101 to 150.
      const cursor = encodeRosterCursor({ after: 100 });
      const middle = await measured(`/api/assignments/${seeded.code}/results?cursor=${cursor}&limit=50`, auth);
      expect(middle.res.status).toBe(200);
      const body = (await middle.res.json()) as ResultsBody;
      expect(body.roster.map((r) => r.name)).toEqual(
        Array.from({ length: 50 }, (_, i) => `Learner ${String(101 + i).padStart(5, "0")}`),
      );
      figures.middlePage?.push(middle.rowsRead);

      const stats = await classStatistics(session(), seeded.assignment, "en");
      figures.stats?.push(stats.rowsRead);
      const page = await rosterPage(session(), seeded.assignment, "en", Date.now(), { cursor, limit: 50 });
      expect(page.rows).toHaveLength(50);

      // The CSV: rows read by each pull of the stream (one keyset page of 200 learners).
      const counted = countingDb(session());
      const roster = await rosterForCsv(counted.db, seeded.assignment, "en", Date.now());
      const reader = resultsCsvStream(roster.questionIds, roster.next, "en").getReader();
      const perChunk: number[] = [];
      let lines = 0;
      for (;;) {
        const before = counted.meter.rowsRead;
        const { done, value } = await reader.read();
        if (done) break;
        lines += new TextDecoder().decode(value).split("\r\n").length - 1;
        perChunk.push(counted.meter.rowsRead - before);
      }
      expect(lines).toBe(1 + (seeded === small ? 300 : 1200));
      // The header chunk reads nothing more; every full page reads the same; the last may read less.
      const full = perChunk.filter((n) => n > 0);
      figures.csvChunks?.push(Math.max(...full));
      expect(full.length).toBe(seeded === small ? 2 : 6);
    }
    // Independent of the class size: the same figures for both classes, give or take the one row
    // where each index range scan stops (the next assignment's first row, when there is one).
    const rangeScans = { firstPage: 9, middlePage: 9, stats: 4, csvChunks: 4 };
    for (const [name, [a, b]] of Object.entries(figures)) {
      expect(Math.abs((b as number) - (a as number)), name).toBeLessThanOrEqual(
        rangeScans[name as keyof typeof rangeScans],
      );
    }
    // And small in absolute terms: about 16 rows per learner on the page (the membership, the
    // attempt, its answers, the index entries that lead there), a few per question for the statistics.
    expect(figures.middlePage?.[0]).toBeLessThan(1000);
    expect(figures.stats?.[0]).toBeLessThan(50);
    expect(figures.csvChunks?.[0]).toBeLessThan(4000);
    console.log(`[class-pages] rows read per request, 300 vs 1,200 learners: ${JSON.stringify(figures)}`);
  }, 120_000);

  it("walking the pages forward and back meets every learner exactly once", async () => {
    const seeded = await seedClass(230, { requireName: false });
    const auth = bearer(seeded.secret);
    const seen: string[] = [];
    const ids: string[] = [];
    const pages: string[][] = [];
    let path: string | null = `/api/assignments/${seeded.code}/results?limit=40`;
    let last = "";
    while (path) {
      const res = await new Browser().fetch(path, { headers: auth });
      expect(res.status).toBe(200);
      const body = (await res.json()) as ResultsBody;
      expect(body.roster.length).toBeLessThanOrEqual(40);
      pages.push(body.roster.map((r) => r.name));
      seen.push(...body.roster.map((r) => r.name));
      ids.push(...body.roster.map((r) => r.learnerId));
      last = path;
      path = body.next;
    }
    expect(pages).toHaveLength(6);
    // Anonymous learners are numbered by join order, stable across pages.
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => `Élève ${i + 1}`));
    expect(new Set(ids).size).toBe(230);
    expect((await namesInDb(seeded.assignment.id)).length).toBe(230);

    // Back from the last page, through the prev links: the same pages in reverse.
    const back: string[][] = [];
    let prev: string | null = last;
    while (prev) {
      const body = (await (await new Browser().fetch(prev, { headers: auth })).json()) as ResultsBody;
      back.unshift(body.roster.map((r) => r.name));
      prev = body.prev;
    }
    expect(back).toEqual(pages);
  }, 60_000);

  it("the CSV has every learner exactly once even when learners join during the download", async () => {
    const seeded = await seedClass(450);
    const res = await new Browser().fetch(`/api/assignments/${seeded.code}/results.csv`, {
      headers: bearer(seeded.secret),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    let text = "";
    // Read the header and the first page, then three learners join (one with a formula for a name).
    for (let i = 0; i < 2; i++) text += decoder.decode((await reader.read()).value, { stream: true });
    for (const name of ["Late One", "=HYPERLINK(1)", "Late Three"]) {
      const learner = new Browser();
      const joined = await learner.json("/api/attempts", "POST", { assignmentCode: seeded.code, name });
      expect(joined.status).toBe(201);
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).split("\r\n").filter(Boolean);
    expect(lines[0]).toMatch(/^"(Name|Nom)","(Status|Statut)","Score"/);
    const names = lines
      .slice(1)
      .map((l) => JSON.parse(l.slice(0, l.indexOf('",') + 1).replace(/""/g, '\\"')) as string);
    expect(names).toEqual(
      await namesInDb(seeded.assignment.id).then((all) => all.map((n) => (n.startsWith("=") ? `'${n}` : n))),
    );
    expect(names.slice(-3)).toEqual(["Late One", "'=HYPERLINK(1)", "Late Three"]);
    expect(new Set(names).size).toBe(453);
  }, 60_000);

  it("refuses a cursor that is not ours, and a limit out of bounds, with a 422 that names the field", async () => {
    const seeded = await seedClass(3);
    const auth = bearer(seeded.secret);
    for (const cursor of ["nope!", "eyJhZnRlciI6LTF9", btoa('{"after":1,"x":2}').replace(/=+$/, ""), "A".repeat(65)]) {
      const problem = await problemOf(
        await new Browser().fetch(`/api/assignments/${seeded.code}/results?cursor=${encodeURIComponent(cursor)}`, {
          headers: auth,
        }),
        422,
      );
      expect(problem.errors?.[0]?.pointer).toBe("/cursor");
    }
    for (const limit of ["0", "201", "x", "1.5"]) {
      const problem = await problemOf(
        await new Browser().fetch(`/api/assignments/${seeded.code}/results?limit=${limit}`, { headers: auth }),
        422,
      );
      expect(problem.errors?.[0]?.pointer).toBe("/limit");
    }
  });
});

describe("class statistics from running sums", () => {
  /**
   * The hand-checked class of test/assignments/item-analysis.test.ts, as real attempts: five
   * learners, four 1-point questions (the third a single-choice one), D not served the fourth,
   * E leaving the third unanswered. Figures worked by hand there:
   *   q1 F 60 D 40.82 · q2 F 60 D −32.73 · q3 F 20 D 40.82 (picks right 1, wrong 2, other 1) · q4 (4 attempts) F 50 D −89.44
   */
  it("give the hand-checked figures, the previous implementation's, and follow better attempts and removals", async () => {
    const created = await createAssignment({ quizId: "article", attemptsAllowed: 3, requireName: true });
    const a = (await loadAssignmentByCode(session(), created.code)) as Assignment;
    const singles = a.pool.filter((id) => {
      const item = getConcreteItem(id, 0);
      return item?.type === "single-choice" && item.choices.length >= 3 && itemPoints(item) === 1;
    });
    const q3 = singles[0] as string;
    const [q1, q2, q4] = poolItems(a.pool, 3, (id) => id !== q3);
    const choice3 = getConcreteItem(q3, 0);
    if (choice3?.type !== "single-choice") throw new Error("no single-choice question");
    const right = choice3.choices.find((c) => c.correct)?.id as string;
    const [wrong, other] = choice3.choices.filter((c) => !c.correct).map((c) => c.id) as [string, string];
    const all = [q1, q2, q3, q4] as string[];
    const table: [string, (number | undefined)[], string[], string | undefined][] = [
      ["A", [1, 1, 1, 0], all, right],
      ["B", [1, 1, 0, 0], all, wrong],
      ["C", [1, 0, 0, 1], all, wrong],
      ["D", [0, 1, 0], [q1, q2, q3] as string[], other],
      ["E", [0, 0, undefined, 1], all, undefined],
    ];
    const p = `h${crypto.randomUUID().slice(0, 8)}`;
    const insertAttempt = (
      learner: string,
      n: number,
      items: string[],
      points: (number | undefined)[],
      pick?: string,
    ) => {
      const id = `${p}-${learner}-${n}`;
      const answers = items.flatMap((item, k) =>
        points[k] === undefined
          ? []
          : [
              env.DB.prepare(
                `INSERT INTO answers (attempt_id, item_id, position, response, fraction, points, state, answered_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
              ).bind(
                id,
                item,
                k,
                JSON.stringify(item === q3 ? { choice: pick } : { text: "x" }),
                points[k] as number,
                points[k] as number,
                points[k] ? "correct" : "incorrect",
                T0,
              ),
            ],
      );
      const score = points.reduce<number>((s, x) => s + (x ?? 0), 0);
      return [
        env.DB.prepare(
          `INSERT INTO attempts (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count,
             max_score, score, started_at) VALUES (?, ?, 'article', ?, ?, 0, ?, ?, ?, ?, ?)`,
        ).bind(
          id,
          `${p}-${learner}`,
          a.id,
          a.bankVersion,
          JSON.stringify(items),
          items.length,
          items.length,
          score,
          T0 + n,
        ),
        ...answers,
      ];
    };
    const finish = (learner: string, n: number, seconds: number) =>
      env.DB.prepare("UPDATE attempts SET status = 'finished', finished_at = started_at + ? WHERE id = ?").bind(
        seconds * 1000,
        `${p}-${learner}-${n}`,
      );
    await env.DB.batch([
      ...table.flatMap(([learner], i) => [
        env.DB.prepare("INSERT INTO learners (id, created_at, active_at) VALUES (?, ?, ?)").bind(
          `${p}-${learner}`,
          T0,
          T0,
        ),
        env.DB.prepare(
          "INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, ?, ?, ?)",
        ).bind(a.id, `${p}-${learner}`, learner, learner.toLowerCase(), T0 + i),
      ]),
      // A first, weaker attempt for A and B: counted, then replaced by the better one.
      ...insertAttempt("A", 1, all, [0, 0, 0, 0], wrong),
      ...insertAttempt("B", 1, all, [0, 1, 0, 0], other),
      finish("A", 1, 30),
      finish("B", 1, 30),
      ...table.flatMap(([learner, points, items, pick]) => insertAttempt(learner, 2, items, points, pick)),
      ...table.map(([learner]) => finish(learner, 2, 60)),
      // A third attempt for C: worse, so it changes nothing. F joins, finishes, and is removed below.
      ...insertAttempt("C", 3, all, [0, 0, 0, 0], other),
      finish("C", 3, 10),
      env.DB.prepare("INSERT INTO learners (id, created_at, active_at) VALUES (?, ?, ?)").bind(`${p}-F`, T0, T0),
      env.DB.prepare(
        "INSERT INTO assignment_learners (assignment_id, learner_id, name, name_key, joined_at) VALUES (?, ?, 'F', 'f', ?)",
      ).bind(a.id, `${p}-F`, T0 + 9),
      ...insertAttempt("F", 1, all, [1, 1, 1, 1], right),
      finish("F", 1, 5),
    ]);
    const auth = bearer(created.manageSecret);
    const results = async () =>
      (await (
        await new Browser().fetch(`/api/assignments/${created.code}/results`, { headers: auth })
      ).json()) as ResultsBody;
    expect((await results()).finishedCount).toBe(6);

    // Removing F takes their attempt out of every figure.
    const withF = await results();
    const fRef = withF.roster.find((r) => r.name === "F")?.learnerId as string;
    expect(
      (
        await new Browser().fetch(`/api/assignments/${created.code}/learners/${fRef}`, {
          method: "DELETE",
          headers: auth,
        })
      ).status,
    ).toBe(204);

    const body = await results();
    expect(body.learnerCount).toBe(5);
    expect(body.finishedCount).toBe(5);
    const byId = new Map(body.items.map((i) => [i.itemId, i]));
    expect(byId.get(q1 as string)).toMatchObject({ attempts: 5, facility: 60, discrimination: 40.82 });
    expect(byId.get(q2 as string)).toMatchObject({ attempts: 5, facility: 60, discrimination: -32.73 });
    expect(byId.get(q3)).toMatchObject({ attempts: 5, facility: 20, discrimination: 40.82 });
    expect(byId.get(q4 as string)).toMatchObject({ attempts: 4, facility: 50, discrimination: -89.44 });
    const picks = Object.fromEntries((byId.get(q3)?.picks ?? []).map((x) => [x.optionId, x.count]));
    expect(picks[right]).toBe(1);
    expect(picks[wrong]).toBe(2);
    expect(picks[other]).toBe(1);
    // Scores 3/4, 2/4 twice, 1/3 (D was served three questions) and 1/4: 75, 50, 50, 33.33 and 25 %.
    expect(body.distribution.map((d) => d.count)).toEqual([0, 0, 1, 1, 0, 2, 0, 1, 0, 0]);

    // The previous implementation: every attempt loaded, the best per learner, analyseItems over them.
    const { results: rows } = await env.DB.prepare("SELECT * FROM attempts WHERE assignment_id = ?")
      .bind(a.id)
      .all<Record<string, unknown>>();
    const attempts = rows.map(
      (r) =>
        ({
          id: r.id,
          learnerId: r.learner_id,
          itemIds: JSON.parse(r.item_ids as string),
          score: r.score,
          status: r.status,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
        }) as Attempt,
    );
    const learners = [...new Set(attempts.map((t) => t.learnerId))];
    const best = learners.map((l) => bestAttempt(attempts.filter((t) => t.learnerId === l))) as Attempt[];
    // The trigger's counted attempt is the TypeScript's best, learner by learner.
    const counted = rows.filter((r) => r.counted === 1).map((r) => r.id);
    expect(counted.sort()).toEqual(best.map((t) => t.id).sort());
    const { results: answerRows } = await env.DB.prepare(
      "SELECT n.* FROM answers n JOIN attempts t ON t.id = n.attempt_id WHERE t.assignment_id = ?",
    )
      .bind(a.id)
      .all<{ attempt_id: string; item_id: string; points: number; response: string }>();
    const analysed: AnalysedAttempt[] = best.map((t) => ({
      score: t.score,
      itemIds: t.itemIds,
      answers: new Map(
        answerRows
          .filter((n) => n.attempt_id === t.id)
          .map((n) => [n.item_id, { points: n.points, response: JSON.parse(n.response) as unknown }]),
      ),
    }));
    const previous = analyseItems(
      all.map((id) => {
        const item = getConcreteItem(id, 0);
        if (!item) throw new Error(id);
        return {
          id,
          maxPoints: itemPoints(item),
          countPicks: (responses: readonly unknown[]) => countOptionPicks(item, responses),
        };
      }),
      analysed,
    );
    for (const old of previous) {
      const now = byId.get(old.itemId);
      expect({ ...now, picks: now?.picks.map((x) => x.count) }).toMatchObject({
        attempts: old.attempts,
        facility: old.facility,
        discrimination: old.discrimination,
        picks: old.picks.map((x) => x.count),
      });
    }
  });
});

describe("the manage page's roster pages, without JavaScript", () => {
  it("shows 30 learners a page with next and previous links, keeps the page on refresh, and re-renders a bad cursor with a message", async () => {
    const seeded = await seedClass(70);
    const teacher = new Browser();
    const unlocked = await teacher.form(`/teach/${seeded.code}/manage/unlock`, { key: seeded.secret });
    expect(unlocked.status).toBe(303);
    const base = `/teach/${seeded.code}/manage`;
    const names = (html: string) => [...html.matchAll(/<th scope="row">(Learner \d{5})<\/th>/g)].map((m) => m[1]);
    const link = (html: string, rel: "next" | "prev") =>
      new RegExp(`rel="${rel}" href="([^"]+)"`).exec(html)?.[1]?.replace(/&amp;/g, "&") ?? null;
    const expected = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => `Learner ${String(from + i).padStart(5, "0")}`);

    const first = await (await teacher.fetch(base)).text();
    expect(names(first)).toEqual(expected(1, 30));
    expect(link(first, "prev")).toBeNull();
    const second = await teacher.fetch(link(first, "next") as string);
    expect(second.status).toBe(200);
    const secondHtml = await second.text();
    expect(names(secondHtml)).toEqual(expected(31, 60));
    // The refresh link and the roster's polling stay on this page.
    const cursor = new URL(link(first, "next") as string, ORIGIN).searchParams.get("cursor");
    expect(secondHtml).toContain(`data-poll="${base}/roster?cursor=${cursor}"`);
    const polled = await (await teacher.fetch(`${base}/roster?cursor=${cursor}`)).text();
    expect(names(polled)).toEqual(expected(31, 60));
    const third = await (await teacher.fetch(link(secondHtml, "next") as string)).text();
    expect(names(third)).toEqual(expected(61, 70));
    expect(link(third, "next")).toBeNull();
    const back = await (await teacher.fetch(link(third, "prev") as string)).text();
    expect(names(back)).toEqual(expected(31, 60));

    const bad = await teacher.fetch(`${base}?cursor=${encodeURIComponent('{"after":1}')}`);
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('role="alert"');
    expect(badHtml).toContain("must be a cursor from a roster page");
    expect(names(badHtml)).toEqual(expected(1, 30));
  });
});
