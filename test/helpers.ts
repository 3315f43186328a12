import { env, exports } from "cloudflare:workers";

export const ORIGIN = "http://localhost";

/** Sends a request to the Worker under test, as a browser or API client would. */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  return exports.default.fetch(new Request(new URL(path, ORIGIN), init));
}

/** Sends JSON with the right content type. */
export function sendJson(path: string, method: string, body: unknown, headers: Record<string, string> = {}) {
  return request(path, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** The real D1 binding of the test's isolated storage. */
export const db = () => env.DB;
