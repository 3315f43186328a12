import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { pingDatabase } from "../../db/health.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { ProblemError } from "../../http/problem.ts";

const HealthSchema = OPENAPI_DOCS && z.object({ status: z.literal("ok"), database: z.literal("ok") }).openapi("Health");

const getHealth = createRoute({
  method: "get",
  path: "/health",
  ...(OPENAPI_DOCS && {
    summary: "Is the Worker up and can it reach D1?",
    tags: ["health"],
    responses: {
      200: {
        description: "The Worker answered and made a D1 round trip.",
        content: { "application/json": { schema: HealthSchema } },
      },
      503: problem("D1 did not answer; retry after the Retry-After delay."),
    },
  }),
});

export const healthApi = createApi().openapi(getHealth, async (c) => {
  if (!(await pingDatabase(c.get("db")))) {
    throw new ProblemError("database-unavailable", "The database did not answer. Retry in a few seconds.", {
      headers: { "Retry-After": "5" },
    });
  }
  c.header("Cache-Control", "no-store");
  return c.json({ status: "ok" as const, database: "ok" as const }, 200);
});
