import { describe, expect, it } from "vitest";
import { ProblemSchema } from "../../src/http/openapi.ts";
import { AnswerBody, ResultSchema } from "../../src/routes/api/schemas.ts";

// The workerd tests run the Worker as it ships: vitest.config.ts defines OPENAPI_DOCS as
// wrangler.toml [define] does, so the routes' documentation-only parts are not there at all, and
// every route test shows the API works without them (test/node/openapi-document.test.ts builds the
// document with them).
describe("the routes' documentation-only parts in the Worker", () => {
  it("are folded away: OPENAPI_DOCS is false and response-only schemas are never built", () => {
    expect(OPENAPI_DOCS).toBe(false);
    expect(ResultSchema).toBe(false);
    expect(ProblemSchema).toBe(false);
  });

  it("leave the request schemas the routes validate with", () => {
    expect(AnswerBody.safeParse({ response: { choice: "x" } }).success).toBe(true);
    expect(AnswerBody.safeParse({ response: 1, extra: true }).success).toBe(false);
  });
});
