import { OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod";
import type { AppEnv } from "../env.ts";
import { validationHook } from "./validation.ts";

/** A sub-app for part of the JSON API: zod-validated, documented in the OpenAPI file. */
export const createApi = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

export const ProblemSchema =
  OPENAPI_DOCS &&
  z
    .object({
      type: z.string().openapi({ example: "/problems/validation-error" }),
      title: z.string(),
      status: z.number().check(z.int()),
      detail: z.string(),
      instance: z.optional(z.string()),
      requestId: z.optional(z.string()),
      errors: z
        .optional(z.array(z.object({ in: z.string(), pointer: z.string(), detail: z.string() })))
        .openapi({ description: "Each invalid field (validation errors only)." }),
      opensAt: z
        .optional(z.string())
        .openapi({ description: "When the assignment opens (starting an assignment that is not open yet)." }),
      questionId: z
        .optional(z.string())
        .openapi({ description: "The question that already has a different answer (a changed answer)." }),
      field: z
        .optional(z.string())
        .openapi({ description: "The field at fault in a conflict (a name already taken)." }),
    })
    .openapi("Problem", { description: "An RFC 9457 problem detail." });

/** A documented problem response for a route's `responses`. */
export const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: ProblemSchema } },
});

type Operation = {
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
};
type Document = { paths?: object };

const PROBLEM_REF = { $ref: "#/components/schemas/Problem" };
const generic = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: PROBLEM_REF } },
});

/**
 * Adds to every operation the problems the app's own middleware answers before or after its
 * handler (src/app.ts: body limit, JSON-only bodies, the validation hook, onError), where the
 * route does not describe them itself. Their conditions are the operation's shape, so the
 * document says what a client can really get back.
 */
export function withGenericProblems<T extends Document>(doc: T): T {
  for (const operations of Object.values(doc.paths ?? {}) as (object | undefined)[]) {
    for (const [method, value] of Object.entries(operations ?? {})) {
      if (!["get", "put", "post", "delete", "patch"].includes(method)) continue;
      const operation = value as Operation;
      const add = (status: string, description: string) => {
        operation.responses[status] ??= generic(description);
      };
      if (operation.requestBody) add("400", "The body is not JSON");
      if (method !== "get") add("413", "The body is larger than the API takes");
      if (method === "post" || method === "put" || method === "patch") add("415", "The body is not application/json");
      if (operation.requestBody || operation.parameters?.length)
        add("422", "Invalid input (the errors name each field)");
      add("500", "Unexpected error; the detail quotes the request id");
      add("503", "The database is briefly unavailable (Retry-After)");
    }
  }
  return doc;
}
