import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { request } from "../helpers.ts";

describe("/api/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document (checked by an OpenAPI parser)", async () => {
    const doc = (await (await request("/api/openapi.json")).json()) as Record<string, unknown>;
    const result = await validate(structuredClone(doc) as never);
    const errors = result.valid ? [] : result.errors;
    expect(errors, JSON.stringify(errors, null, 1).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("documents the learner API with its error responses", async () => {
    const doc = (await (await request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/health",
        "/api/quizzes",
        "/api/attempts",
        "/api/attempts/{id}",
        "/api/attempts/{id}/answers/{questionId}",
        "/api/attempts/{id}/finish",
        "/api/progress",
      ]),
    );
    expect(Object.keys(doc.paths["/api/attempts/{id}/answers/{questionId}"]?.put?.responses ?? {})).toEqual(
      expect.arrayContaining(["200", "404", "409", "422"]),
    );
    expect(doc.components.schemas.Problem).toBeDefined();
  });

  it("a readable reference page lists the endpoints", async () => {
    const html = await (await request("/api/docs")).text();
    expect(html).toContain("PUT /api/attempts/{id}/answers/{questionId}");
  });
});
