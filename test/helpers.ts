import { env, exports } from "cloudflare:workers";

export const ORIGIN = "http://localhost";

/**
 * A random client address (documentation range 2001:db8::/32). Limits are per address, and the
 * rate-limit bindings' counters are shared by every test file of a run: each client gets its own
 * address so tests never spend one another's budget; limit tests pick theirs explicitly.
 */
export const randomAddress = () =>
  `2001:db8:${[...crypto.getRandomValues(new Uint16Array(6))].map((n) => n.toString(16)).join(":")}`;

/** Sends a request to the Worker under test, as a browser or API client would (from a fresh address unless given). */
export function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", randomAddress());
  return exports.default.fetch(new Request(new URL(path, ORIGIN), { ...init, headers }));
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

/** A client that keeps its cookies (paths ignored), like one phone's browser; sends same-origin forms. */
export class Client {
  cookies = new Map<string, string>();
  /** The address this client's requests come from (CF-Connecting-IP). */
  address = randomAddress();

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has("cf-connecting-ip")) headers.set("cf-connecting-ip", this.address);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await request(path, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (!name) continue;
      if (/max-age=0/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), rest.join("="));
    }
    return res;
  }

  json(path: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
    return this.fetch(path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  }

  /** Posts a form as a browser without JavaScript does (same-origin). */
  form(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body,
    });
  }
}
