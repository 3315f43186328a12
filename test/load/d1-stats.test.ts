import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import app from "../../src/app.ts";
import { STATS_HEADER } from "../../src/http/d1-session.ts";
import { ORIGIN, request } from "../helpers.ts";

/** The benchmark's opt-in D1 counters (X-D1-Stats), measured against the real local D1. */
describe("BENCH_D1_STATS instrumentation", () => {
  it("is off by default: no stats header", async () => {
    const res = await request("/api/health");
    expect(res.status).toBe(200);
    expect(res.headers.get(STATS_HEADER)).toBeNull();
  });

  it("counts statements, round trips and D1's rows read and written when the variable is set", async () => {
    const withStats = { ...env, BENCH_D1_STATS: "1" };
    const health = await app.fetch(new Request(`${ORIGIN}/api/health`), withStats);
    expect(health.status).toBe(200);
    expect(health.headers.get(STATS_HEADER)).toBe("statements=1; round-trips=1; rows-read=0; rows-written=0");

    const start = await app.fetch(
      new Request(`${ORIGIN}/api/attempts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ quizId: "quick" }),
      }),
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
});
