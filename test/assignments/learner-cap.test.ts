import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  MAX_LEARNERS_PER_ASSIGNMENT,
  MAX_LEARNERS_VAR,
  maxLearnersPerAssignment,
} from "../../src/quiz/assignment-rules.ts";
import { bearer, Client, join, problemOf, requestWithVars } from "../helpers.ts";

/** Every row of the tables a join writes, to compare contents before and after a refusal. */
async function joinTables() {
  const read = async (sql: string) => JSON.stringify((await env.DB.prepare(sql).all()).results);
  return {
    members: await read("SELECT * FROM assignment_learners ORDER BY assignment_id, learner_id"),
    attempts: await read("SELECT * FROM attempts ORDER BY id"),
  };
}

describe("the learner cap is a wrangler var, MAX_LEARNERS_PER_ASSIGNMENT", () => {
  it("wrangler.toml sets the default, 500", () => {
    expect(env.MAX_LEARNERS_PER_ASSIGNMENT).toBe("500");
    expect(maxLearnersPerAssignment(env)).toBe(500);
    expect(MAX_LEARNERS_PER_ASSIGNMENT).toBe(500);
  });

  it("takes a whole number from 1 to 10000; anything missing or malformed falls back to 500", () => {
    const cap = (value: unknown) => maxLearnersPerAssignment({ [MAX_LEARNERS_VAR]: value });
    expect(cap("2")).toBe(2);
    expect(cap(" 40 ")).toBe(40);
    expect(cap("10000")).toBe(10_000);
    expect(cap("1")).toBe(1);
    expect(maxLearnersPerAssignment({})).toBe(500);
    for (const bad of ["", "  ", "abc", "0", "-3", "2.5", "10001", "1e9", "NaN", "Infinity", "30 learners"]) {
      expect(cap(bad), JSON.stringify(bad)).toBe(500);
    }
  });
});

describe("a Worker configured with MAX_LEARNERS_PER_ASSIGNMENT = 2", () => {
  const send = requestWithVars({ MAX_LEARNERS_PER_ASSIGNMENT: "2" });
  const browser = () => Object.assign(new Client(), { send });

  async function create() {
    const res = await browser().json("/api/assignments", "POST", { title: "Small group", questionCount: 1 });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string; manageSecret: string };
  }

  it("refuses a third learner through the API (409 problem, nothing stored) and shows the cap in the results", async () => {
    const { code, manageSecret } = await create();
    const ada = browser();
    expect((await join(ada, code, "Ada")).status).toBe(201);
    expect((await join(browser(), code, "Grace")).status).toBe(201);

    const before = await joinTables();
    const third = await join(browser(), code, "Alan");
    const problem = await problemOf(third, 409);
    expect(problem.detail).toMatch(/at most 2 learners/);
    expect(await joinTables()).toEqual(before);

    // A member comes back: the cap counts learners, not requests.
    expect((await join(ada, code, "Ada")).status).toBe(201);

    const results = await browser().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) });
    expect(results.status).toBe(200);
    expect(await results.json()).toMatchObject({ learnerCount: 2, maxLearners: 2 });
  });

  it("refuses a third learner on the join page with the message, and the manage page shows the cap", async () => {
    const { code, manageSecret } = await create();
    for (const name of ["Ada", "Grace"]) {
      const joined = await browser().form(`/a/${code}`, { name });
      expect(joined.status).toBe(303);
    }
    const before = await joinTables();
    const third = await browser().form(`/a/${code}`, { name: "Alan" });
    expect(third.status).toBe(409);
    expect(third.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await third.text()).toMatch(/at most 2 learners/);
    expect(await joinTables()).toEqual(before);

    const teacher = browser();
    const unlocked = await teacher.form(`/teach/${code}/manage/unlock`, { key: manageSecret });
    expect(unlocked.status).toBe(303);
    const page = await teacher.fetch(`/teach/${code}/manage?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("at most 2 learners");
    expect(html).not.toContain("at most 500 learners");
  });

  it("the same requests on the default Worker are not refused (the var, not the test, sets the cap)", async () => {
    const res = await new Client().json("/api/assignments", "POST", { title: "Default", questionCount: 1 });
    const { code, manageSecret } = (await res.json()) as { code: string; manageSecret: string };
    for (const name of ["Ada", "Grace", "Alan"]) expect((await join(new Client(), code, name)).status).toBe(201);
    const results = await new Client().fetch(`/api/assignments/${code}/results`, { headers: bearer(manageSecret) });
    expect(await results.json()).toMatchObject({ learnerCount: 3, maxLearners: 500 });
  });
});
