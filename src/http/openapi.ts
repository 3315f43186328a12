import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { validationHook } from "./validation.ts";

/** A sub-app for part of the JSON API: zod-validated, documented in the OpenAPI file. */
export const createApi = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/validation-error" }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ in: z.string(), pointer: z.string(), detail: z.string() }))
      .optional()
      .openapi({ description: "Each invalid field (validation errors only)." }),
  })
  .openapi("Problem", { description: "An RFC 9457 problem detail." });

/** A documented problem response for a route's `responses`. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});
