import { describe, expect, it } from "vitest";
import { request, type StartedAttempt } from "../helpers.ts";

const HTTPS = "https://quiz.example";

/** Starts a practice attempt with the given Cookie header; the response and its Set-Cookie lines. */
async function start(origin: string, cookie?: string) {
  const res = await request(`${origin}/api/attempts`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ quizId: "quick" }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as StartedAttempt;
  return { attemptId: id, setCookies: res.headers.getSetCookie() };
}

/** Whether the browser holding `cookie` may read the attempt (it is this learner's). */
async function owns(origin: string, cookie: string, attemptId: string) {
  return (await request(`${origin}/api/attempts/${attemptId}`, { headers: { cookie } })).status === 200;
}

const value = (setCookie: string) => setCookie.slice(setCookie.indexOf("=") + 1, setCookie.indexOf(";"));

describe("the learner cookie", () => {
  it("is __Host-lid over https: Secure, Path=/, no Domain, HttpOnly", async () => {
    const { attemptId, setCookies } = await start(HTTPS);
    expect(setCookies).toHaveLength(1);
    const [line] = setCookies as [string];
    expect(line).toMatch(/^__Host-lid=[A-Za-z0-9_-]{22,}; /);
    expect(line).toMatch(/; Secure/);
    expect(line).toMatch(/; Path=\//);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).not.toMatch(/Domain=/i);
    expect(await owns(HTTPS, `__Host-lid=${value(line)}`, attemptId)).toBe(true);
    // The bare name carries no identity over https once the prefixed one is set.
    expect(await owns(HTTPS, `lid=${value(line)}x`, attemptId)).toBe(false);
  });

  it("keeps the bare name over plain http (local development), where a prefixed cookie would be dropped", async () => {
    const { attemptId, setCookies } = await start("http://localhost");
    const [line] = setCookies as [string];
    expect(line).toMatch(/^lid=/);
    expect(await owns("http://localhost", `lid=${value(line)}`, attemptId)).toBe(true);
  });

  it("moves a browser's cookie from before the prefix under it, so the learner keeps their attempts", async () => {
    const first = await start("http://localhost");
    const token = value(first.setCookies[0] as string);
    // Over https, the old bare cookie is still this learner...
    expect(await owns(HTTPS, `lid=${token}`, first.attemptId)).toBe(true);
    // ...and their next write sets the same token under __Host-lid and clears the bare one.
    const next = await start(HTTPS, `lid=${token}`);
    const prefixed = next.setCookies.find((line) => line.startsWith("__Host-lid="));
    expect(prefixed && value(prefixed)).toBe(token);
    expect(next.setCookies.some((line) => line.startsWith("lid=;") && /Max-Age=0/.test(line))).toBe(true);
    expect(await owns(HTTPS, `__Host-lid=${token}`, first.attemptId)).toBe(true);
    expect(await owns(HTTPS, `__Host-lid=${token}`, next.attemptId)).toBe(true);
  });
});
