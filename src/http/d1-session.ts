import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

export const BOOKMARK_HEADER = "X-D1-Bookmark";
const BOOKMARK_COOKIE = "d1b";
// D1 bookmarks are opaque, short, printable tokens; anything else is ignored.
const BOOKMARK_PATTERN = /^[0-9A-Za-z_-]{1,128}$/;

/**
 * Wraps each request in a D1 session (Sessions API). The client's last bookmark,
 * sent back in the X-D1-Bookmark header (API) or the d1b cookie (pages), makes a
 * replica wait until it has the client's own writes; without one, any replica
 * may answer. The new bookmark goes back the same ways. On a database without
 * read replication (and locally) every session reads the primary, unchanged.
 */
export const withSession = () =>
  createMiddleware<AppEnv>(async function withSession(c, next) {
    const sent = c.req.header(BOOKMARK_HEADER) ?? getCookie(c, BOOKMARK_COOKIE);
    const bookmark = sent && BOOKMARK_PATTERN.test(sent) ? sent : "first-unconstrained";
    const session = c.env.DB.withSession(bookmark);
    const stats = (c.env as { BENCH_D1_STATS?: string }).BENCH_D1_STATS ? newStats() : null;
    c.set("db", stats ? countingSession(session, stats) : session);
    await next();
    if (stats) c.header(STATS_HEADER, formatStats(stats));
    const latest = session.getBookmark();
    if (latest) {
      c.header(BOOKMARK_HEADER, latest);
      if (latest !== sent && c.req.method !== "GET" && !c.req.path.startsWith("/api/")) {
        setCookie(c, BOOKMARK_COOKIE, latest, {
          httpOnly: true,
          secure: true,
          sameSite: "Lax",
          path: "/",
          maxAge: 3600,
        });
      }
    }
  });

/** Response header carrying a request's D1 usage when BENCH_D1_STATS is set (see countingSession). */
export const STATS_HEADER = "X-D1-Stats";

type D1Stats = { statements: number; roundTrips: number; rowsRead: number; rowsWritten: number };

const newStats = (): D1Stats => ({ statements: 0, roundTrips: 0, rowsRead: 0, rowsWritten: 0 });

const formatStats = (s: D1Stats) =>
  `statements=${s.statements}; round-trips=${s.roundTrips}; rows-read=${s.rowsRead}; rows-written=${s.rowsWritten}`;

function addMeta(stats: D1Stats, result: D1Result | undefined) {
  stats.statements += 1;
  stats.rowsRead += result?.meta?.rows_read ?? 0;
  stats.rowsWritten += result?.meta?.rows_written ?? 0;
}

/**
 * Benchmark instrumentation, OFF unless the Worker runs with the variable BENCH_D1_STATS set
 * (`wrangler dev --var BENCH_D1_STATS:1`, as `npm run bench` does). It counts executed
 * statements, round trips (each first/all/run/raw/batch call) and D1's own `meta.rows_read` /
 * `meta.rows_written`, and the middleware reports them in the X-D1-Stats header. `first()` runs
 * as `all()` to see the meta (D1 reads the same rows either way); `raw()` has no meta, so its
 * rows are not counted.
 */
function countingSession(session: D1DatabaseSession, stats: D1Stats): D1DatabaseSession {
  const targets = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(statement, {
      get(target, prop) {
        if (prop === "bind") return (...values: unknown[]) => wrap(target.bind(...values));
        if (prop === "all" || prop === "run") {
          return async () => {
            stats.roundTrips += 1;
            const result = await target[prop]();
            addMeta(stats, result);
            return result;
          };
        }
        if (prop === "first") {
          return async (column?: string) => {
            stats.roundTrips += 1;
            const result = await target.all<Record<string, unknown>>();
            addMeta(stats, result);
            const row = result.results[0] ?? null;
            return column === undefined ? row : (row?.[column] ?? null);
          };
        }
        if (prop === "raw") {
          stats.roundTrips += 1;
          stats.statements += 1;
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    targets.set(proxy, statement);
    return proxy;
  };
  return new Proxy(session, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => wrap(target.prepare(query));
      if (prop === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          stats.roundTrips += 1;
          const results = await target.batch(statements.map((s) => targets.get(s) ?? s));
          for (const result of results) addMeta(stats, result);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
