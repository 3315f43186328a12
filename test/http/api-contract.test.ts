import { describe, expect, it } from "vitest";
import { checkResponse, contractViolations } from "../api-contract.ts";
import { Client, ORIGIN, startAttempt } from "../helpers.ts";

/**
 * The check every test's API calls go through (test/helpers.ts `request`) must be able to fail:
 * here it is shown responses the document does not allow, built from real ones.
 */
const json = new Headers({ "content-type": "application/json" });
const at = (path: string) => new URL(path, ORIGIN);

async function realFinish(): Promise<{ url: URL; body: Record<string, unknown> }> {
  const learner = new Client();
  const started = await startAttempt(learner, "quick");
  const res = await learner.json(`/api/attempts/${started.id}/finish`, "POST");
  expect(res.status).toBe(200);
  return { url: at(`/api/attempts/${started.id}/finish`), body: (await res.json()) as Record<string, unknown> };
}

describe("every API response is checked against the OpenAPI document", () => {
  it("a real finish response conforms as it is", async () => {
    const { url, body } = await realFinish();
    expect(await contractViolations("POST", url, 200, json, JSON.stringify(body))).toEqual([]);
  });

  it("catches a status the operation does not declare", async () => {
    const { url, body } = await realFinish();
    const problems = await contractViolations("POST", url, 201, json, JSON.stringify(body));
    expect(problems).toEqual([
      expect.stringMatching(/POST \/api\/attempts\/\{id\}\/finish answered 201, which it does not declare/),
    ]);
  });

  it("catches a property of the wrong type", async () => {
    const { url, body } = await realFinish();
    const problems = await contractViolations("POST", url, 200, json, JSON.stringify({ ...body, score: "ten" }));
    expect(problems.join("\n")).toMatch(/#\/score/);
  });

  it("catches a property the document does not declare (as the finish response's feedbackWithheld once was)", async () => {
    const { url, body } = await realFinish();
    const problems = await contractViolations("POST", url, 200, json, JSON.stringify({ ...body, secretKey: "b" }));
    expect(problems.join("\n")).toMatch(/secretKey/);
    // Nested objects too: a topic line with an extra field.
    const topics = [{ topic: "t", title: "T", score: 1, maxScore: 2, correctAnswers: ["a"] }];
    const nested = await contractViolations("POST", url, 200, json, JSON.stringify({ ...body, topics }));
    expect(nested.join("\n")).toMatch(/correctAnswers/);
  });

  it("catches a missing required property, a content type not declared, and an error that is no problem+json", async () => {
    const { url, body } = await realFinish();
    const { score: _dropped, ...withoutScore } = body;
    expect((await contractViolations("POST", url, 200, json, JSON.stringify(withoutScore))).join("\n")).toMatch(
      /score/,
    );
    const html = new Headers({ "content-type": "text/html; charset=UTF-8" });
    expect(await contractViolations("POST", url, 200, html, "<p>done</p>")).toEqual([
      expect.stringMatching(/answered text\/html, not one of application\/json/),
    ]);
    const notFound = await contractViolations("GET", at("/api/no-such-thing"), 404, json, '{"error":"nope"}');
    expect(notFound).toEqual([
      expect.stringMatching(/answered 404 as application\/json, not application\/problem\+json/),
    ]);
  });

  it("fails the test that made the call: checkResponse throws with every departure", async () => {
    const { url, body } = await realFinish();
    const response = new Response(JSON.stringify({ ...body, score: "ten", extra: 1 }), { status: 200, headers: json });
    await expect(checkResponse("POST", url.href, response)).rejects.toThrow(/score[\s\S]*extra|extra[\s\S]*score/);
    // Pages are not the API's: they are not checked.
    await expect(checkResponse("GET", `${ORIGIN}/progress`, new Response("<p>", { status: 500 }))).resolves.toBe(
      undefined,
    );
  });
});
