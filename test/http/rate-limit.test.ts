import { describe, expect, it } from "vitest";
import { LIMITERS } from "../../src/http/rate-limit.ts";
import { Client, ORIGIN, randomAddress, request } from "../helpers.ts";

// The rates in wrangler.toml, as a reader of README "Limits" expects them.
const GUESSES = 60;
const CREATES = 20;
const STARTS = 600;
const NAMES = 120;

/** A random learner cookie, as an attacker would forge one per request. */
const forgedCookie = () => `lid=${crypto.randomUUID().replace(/-/g, "")}`;

const from = (address: string, path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set("cf-connecting-ip", address);
  return request(path, { ...init, headers });
};

/**
 * Sends requests from one address until one is limited; returns the statuses before it and the
 * 429. Local windows are fixed minutes of the wall clock: a run that crosses into the next
 * minute gets a second budget, so "limited after n" is checked as n ≤ count < 2n.
 */
async function untilLimited(budget: number, send: (i: number) => Promise<Response>) {
  const before: number[] = [];
  for (let i = 0; i < 2 * budget + 1; i++) {
    const res = await send(i);
    if (res.status === 429) return { before, limited: res };
    before.push(res.status);
  }
  return { before, limited: null };
}

const expectBudget = (before: number[], budget: number, status: number) => {
  expect(before.length).toBeGreaterThanOrEqual(budget);
  expect(before.length).toBeLessThan(2 * budget);
  expect(new Set(before)).toEqual(new Set([status]));
};

const expectProblem429 = async (res: Response | null) => {
  expect(res?.status).toBe(429);
  expect(res?.headers.get("content-type")).toBe("application/problem+json");
  expect(res?.headers.get("retry-after")).toBe("60");
  const body = (await res?.json()) as { type: string; status: number; detail: string };
  expect(body).toMatchObject({ type: "/problems/too-many-requests", status: 429 });
  expect(body.detail).toMatch(/wait 60 seconds/);
};

const expectPage429 = async (res: Response | null) => {
  expect(res?.status).toBe(429);
  expect(res?.headers.get("content-type")).toContain("text/html");
  expect(res?.headers.get("retry-after")).toBe("60");
  expect(await res?.text()).toMatch(/wait 60 seconds|Too many/);
};

describe("code guesses are counted per address, on every path that looks a code up", () => {
  it("a fresh forged learner cookie per request does not give a fresh budget", async () => {
    const address = randomAddress();
    const { before, limited } = await untilLimited(GUESSES, () =>
      from(address, "/api/assignments/ZZZZZZ", { headers: { cookie: forgedCookie() } }),
    );
    expectBudget(before, GUESSES, 404);
    await expectProblem429(limited);
  });

  it.each([
    ["the assignment leaderboard API", "/api/assignments/ZZZZZZ/leaderboard"],
    ["the assignment page", "/a/ZZZZZZ"],
    ["the assignment leaderboard page", "/a/ZZZZZZ/leaderboard"],
  ])("%s counts unknown codes", async (_what, path) => {
    const address = randomAddress();
    const { before, limited } = await untilLimited(GUESSES, () => from(address, path));
    expectBudget(before, GUESSES, 404);
    if (path.startsWith("/api/")) await expectProblem429(limited);
    else await expectPage429(limited);
  });

  it("joining by form (POST /a/{code}) and by API (POST /api/attempts) share the address's budget", async () => {
    const address = randomAddress();
    for (let i = 0; i < GUESSES / 2; i++) {
      const res = await from(address, "/a/ZZZZZZ", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN, cookie: forgedCookie() },
        body: "name=Sam",
      });
      expect(res.status).toBe(404);
    }
    const { before, limited } = await untilLimited(GUESSES, () =>
      from(address, "/api/attempts", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: forgedCookie() },
        body: JSON.stringify({ assignmentCode: "ZZZZZZ", name: "Sam" }),
      }),
    );
    expectBudget(before, GUESSES / 2, 404);
    await expectProblem429(limited);
    // Another address is not affected.
    expect((await request("/api/assignments/ZZZZZZ")).status).toBe(404);
  });
});

describe("anonymous writes are limited per address", () => {
  it("creating assignments: API then form page, one budget", async () => {
    const teacher = new Client();
    const { before, limited } = await untilLimited(CREATES, () =>
      teacher.json("/api/assignments", "POST", { title: "Spam" }),
    );
    expectBudget(before, CREATES, 201);
    await expectProblem429(limited);
    const page = await teacher.form("/teach", { title: "One more" });
    await expectPage429(page);
    // Someone at another address still creates.
    expect((await new Client().json("/api/assignments", "POST", { title: "Fine" })).status).toBe(201);
  });

  it("creating live rooms: the page's form shares the API's budget", async () => {
    const teacher = new Client();
    const { before, limited } = await untilLimited(CREATES, () => teacher.form("/teach/live", { questionCount: "2" }));
    expectBudget(before, CREATES, 201);
    await expectPage429(limited);
    await expectProblem429(await teacher.json("/api/live", "POST", { questionCount: 2 }));
    expect((await new Client().form("/teach/live", { questionCount: "2" })).status).toBe(201);
  });

  it("starting attempts", { timeout: 90_000 }, async () => {
    const address = randomAddress();
    const { before, limited } = await untilLimited(STARTS, () =>
      from(address, "/api/attempts", {
        method: "POST",
        headers: { "content-type": "application/json" },
        // Refused bodies spend the budget too: the limit runs before anything else.
        body: JSON.stringify({ quizId: "" }),
      }),
    );
    expectBudget(before, STARTS, 422);
    await expectProblem429(limited);
    const page = await from(address, "/attempts", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: "quizId=quick",
    });
    await expectPage429(page);
  });

  it("choosing nicknames", async () => {
    const address = randomAddress();
    const { before, limited } = await untilLimited(NAMES, (i) =>
      from(address, "/api/leaderboards/article/join", {
        method: "POST",
        headers: { "content-type": "application/json", cookie: forgedCookie() },
        body: JSON.stringify({ nickname: `Player ${i}` }),
      }),
    );
    expectBudget(before, NAMES, 200);
    await expectProblem429(limited);
  });

  it("Retry-After says the binding's period", () => {
    for (const { period } of Object.values(LIMITERS)) expect(period).toBe(60);
  });
});
