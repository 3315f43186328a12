import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Client, request, sendJson, tableHashes } from "../helpers.ts";
import { expectSafe } from "./support.ts";

/**
 * The fuzz properties are only as good as their check that "a refused request changes nothing".
 * These tests aim it at a deliberately faulty handler (it renames or hides a board entry, then
 * refuses with 401) and expect the property to fail; counting rows would have let it pass.
 */
let code: string;
let entryId: number;

beforeAll(async () => {
  const created = await sendJson("/api/assignments", "POST", {
    title: "Probe",
    quizId: "quick",
    leaderboard: "nicknames",
  });
  ({ code } = (await created.json()) as { code: string });
  const learner = new Client();
  const start = await learner.json("/api/attempts", "POST", { assignmentCode: code, name: "Ada" });
  const { id } = (await start.json()) as { id: string };
  await learner.json(`/api/attempts/${id}/finish`, "POST");
  const row = await env.DB.prepare("SELECT id FROM leaderboard_entries WHERE board LIKE 'a:%' LIMIT 1").first<{
    id: number;
  }>();
  entryId = row?.id ?? 0;
  expect(entryId).toBeGreaterThan(0);
});

/** A handler that changes a row and then answers as if it had refused. */
const mutatingThenRefusing =
  (sql: string) =>
  async (_path: string, _init?: RequestInit): Promise<Response> => {
    await env.DB.prepare(sql).bind(entryId).run();
    return new Response(JSON.stringify({ type: "/problems/unauthorized", title: "Unauthorized", status: 401 }), {
      status: 401,
      headers: { "content-type": "application/problem+json" },
    });
  };

const countRows = async () => {
  const tables = ["leaderboard_entries", "leaderboard_counts", "leaderboard_boards"];
  return Promise.all(tables.map((t) => env.DB.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>()));
};

describe("the property 'a refused request changes nothing'", () => {
  it("fails against a refused request that renamed a board entry (same row counts)", async () => {
    const counts = await countRows();
    const sent = { method: "PATCH", path: `/api/assignments/${code}/leaderboard/entries/${entryId}`, body: "{}" };
    await expect(
      expectSafe(sent, mutatingThenRefusing("UPDATE leaderboard_entries SET rename = 'Pwned' WHERE id = ?")),
    ).rejects.toThrow(/a refused request changed a table/);
    expect(await countRows()).toEqual(counts);
  });

  it("fails against a refused request that hid a board entry", async () => {
    const sent = { method: "PATCH", path: `/api/assignments/${code}/leaderboard/entries/${entryId}`, body: "{}" };
    await expect(
      expectSafe(sent, mutatingThenRefusing("UPDATE leaderboard_entries SET hidden = 1 - hidden WHERE id = ?")),
    ).rejects.toThrow(/a refused request changed a table/);
  });

  it("passes for the real Worker refusing the same request, and covers every table", async () => {
    const sent = {
      method: "PATCH",
      path: `/api/assignments/${code}/leaderboard/entries/${entryId}`,
      headers: { authorization: "Bearer wrong" },
      body: JSON.stringify({ name: "Pwned" }),
    };
    expect((await expectSafe(sent, request)).status).toBe(401);
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ).all<{ name: string }>();
    expect(Object.keys(await tableHashes()).sort()).toEqual(results.map((r) => r.name).sort());
    expect(Object.keys(await tableHashes())).toEqual(expect.arrayContaining(["leaderboard_entries", "poll_votes"]));
  });
});
