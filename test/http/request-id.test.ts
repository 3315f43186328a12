import { afterEach, describe, expect, it, vi } from "vitest";
import { request } from "../helpers.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("request ids are ours, never the client's", () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(["attacker-chosen", "00000000-0000-4000-8000-000000000000", "a".repeat(64)])(
    "an inbound X-Request-Id %s is not echoed as ours",
    async (claimed) => {
      const res = await request("/api/health", { headers: { "x-request-id": claimed } });
      const id = res.headers.get("x-request-id") ?? "";
      expect(id).toMatch(UUID);
      expect(id).not.toBe(claimed);
    },
  );

  it("two requests with the same claimed id get different ids", async () => {
    const headers = { "x-request-id": "same-id" };
    const [a, b] = await Promise.all([request("/api/health", { headers }), request("/api/health", { headers })]);
    expect(a?.headers.get("x-request-id")).not.toBe(b?.headers.get("x-request-id"));
  });

  it("the error log and the 500 quote our id; the client's plain id is logged apart, a hostile one not at all", async () => {
    const broken = {
      withSession: () => {
        throw new TypeError("boom");
      },
    } as unknown as D1Database;
    const logged: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: unknown) => {
      logged.push(String(line));
    });

    const plain = await request("/api/health", { headers: { "x-request-id": "client-42" } }, { DB: broken });
    const body = (await plain.json()) as { requestId: string };
    expect(body.requestId).toMatch(UUID);
    expect(body.requestId).toBe(plain.headers.get("x-request-id"));
    const line = JSON.parse(logged.at(-1) ?? "{}") as Record<string, unknown>;
    expect(line.requestId).toBe(body.requestId);
    expect(line.clientRequestId).toBe("client-42");

    const hostile = await request(
      "/api/health",
      { headers: { "x-request-id": 'x" level=info forged=1' } },
      { DB: broken },
    );
    expect(hostile.headers.get("x-request-id")).toMatch(UUID);
    const second = JSON.parse(logged.at(-1) ?? "{}") as Record<string, unknown>;
    expect(second.requestId).toBe(hostile.headers.get("x-request-id"));
    expect(second).not.toHaveProperty("clientRequestId");
    expect(logged.join("\n")).not.toContain("forged");
  });
});
