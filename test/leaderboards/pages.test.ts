import { describe, expect, it } from "vitest";
import { ARTICLE_PARTS, Client, ORIGIN, request } from "../helpers.ts";
import { addAssignment, newCode as code, finishedAttempt, joinAssignment, session } from "./seed.ts";

/** A browser in English with its own learner cookie, so its learner id is known to the test. */
const browser = () => Client.asLearner({ "accept-language": "en" });

describe("practice leaderboard page", () => {
  it("works without JavaScript: join with a form, see oneself, escaped", async () => {
    const db = session();
    const b = await browser();
    await finishedAttempt(db, {
      learnerId: b.learnerId,
      quizId: "article",
      score: 6,
      startedAt: Date.now() - 95_000,
      finishedAt: Date.now(),
    });
    let page = await b.fetch("/leaderboard/article?period=week&lang=en");
    expect(page.status).toBe(200);
    let html = await page.text();
    expect(html).toContain("Join the leaderboard");
    expect(html).toContain('action="/leaderboard/article/join"');
    expect(html).not.toContain("<script");

    const refused = await b.form("/leaderboard/article/join", { nickname: "admin" });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toMatch(/teacher or the site/);

    const joined = await b.form("/leaderboard/article/join", { nickname: "<b>Bo</b>" });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toBe("/leaderboard/article");
    page = await b.fetch("/leaderboard/article?period=week&lang=en");
    html = await page.text();
    expect(html).toContain("&lt;b&gt;Bo&lt;/b&gt;");
    expect(html).not.toContain("<b>Bo</b>");
    expect(html).toMatch(/You are number \d+ of \d+/);
    expect(html).toContain('aria-current="page"');

    expect((await b.fetch("/leaderboard/article?period=month")).status).toBe(422);
    expect((await b.fetch("/leaderboard/nope")).status).toBe(404);
  });

  it("links the result page to the quiz's board, where the learner can join it", async () => {
    const b = await browser();
    const quizId = ARTICLE_PARTS[0] as string;
    const start = await b.form("/attempts", { quizId });
    const attemptId = start.headers.get("location")?.split("/")[2] ?? "";
    await b.form(`/attempts/${attemptId}/finish`, {});
    expect(await (await b.fetch(`/attempts/${attemptId}/result`)).text()).toContain(`href="/leaderboard/${quizId}"`);
    const board = await (await b.fetch(`/leaderboard/${quizId}`)).text();
    expect(board).toContain(`action="/leaderboard/${quizId}/join"`);
  });
});

describe("assignment leaderboard page", () => {
  it("refreshes itself with a nonce'd script while open, not once closed; off is refused", async () => {
    const db = session();
    const open = await addAssignment(db, { leaderboard: "nicknames", code: code() });
    const b = await browser();
    await joinAssignment(db, open.id, b.learnerId, "<i>Ivy</i>");
    await finishedAttempt(db, {
      learnerId: b.learnerId,
      assignmentId: open.id,
      score: 3,
      startedAt: Date.now() - 30_000,
      finishedAt: Date.now(),
    });
    const res = await b.fetch(`/a/${open.code}/leaderboard`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("&lt;i&gt;Ivy&lt;/i&gt;");
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(`data-api="/api/assignments/${open.code}/leaderboard?limit=10"`);

    const closed = await addAssignment(db, { leaderboard: "anonymous", code: code(), closesAt: Date.now() - 1000 });
    const closedHtml = await (await b.fetch(`/a/${closed.code}/leaderboard`)).text();
    expect(closedHtml).not.toContain("<script");
    expect(closedHtml).toContain("final standings");

    const off = await addAssignment(db, { leaderboard: "off", code: code() });
    expect((await b.fetch(`/a/${off.code}/leaderboard`)).status).toBe(403);
  });

  it("gives the teacher a moderation page behind the manage secret", async () => {
    const db = session();
    const a = await addAssignment(db, { leaderboard: "nicknames", code: code() });
    const b = await browser();
    await joinAssignment(db, a.id, b.learnerId, "Rude Name");
    await finishedAttempt(db, {
      learnerId: b.learnerId,
      assignmentId: a.id,
      score: 3,
      startedAt: Date.now() - 30_000,
      finishedAt: Date.now(),
    });
    expect((await request(`/teach/${a.code}/leaderboard`)).status).toBe(401);
    const auth = { authorization: `Bearer ${a.secret}`, "accept-language": "en" };
    const html = await (await request(`/teach/${a.code}/leaderboard`, { headers: auth })).text();
    const entryId = /entries\/(\d+)/.exec(html)?.[1];
    expect(html).toContain("Rude Name");
    const rename = await request(`/teach/${a.code}/leaderboard/entries/${entryId}`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams({ name: "Kind Name" }),
      redirect: "manual",
    });
    expect(rename.status).toBe(303);
    expect(await (await b.fetch(`/a/${a.code}/leaderboard`)).text()).toContain("Kind Name");
  });
});
