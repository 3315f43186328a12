import { Hono } from "hono";
import { methodNotAllowed as honoMethodNotAllowed } from "hono/method-not-allowed";
import { describe, expect, it } from "vitest";
import app from "../../src/app.ts";
import { methodNotAllowed } from "../../src/http/method-not-allowed.ts";
import { ORIGIN, problemOf, request } from "../helpers.ts";

/**
 * src/http/method-not-allowed.ts against hono/method-not-allowed 4.13 (the middleware it replaces):
 * both judge requests against the real app's routes, for every route path filled in, with a
 * trailing slash and an extra segment, and a few unknown paths, under every method. They agree
 * everywhere except on a trailing slash: the app's router (PatternRouter) routes `/x/` as `/x`,
 * hono's second router (TrieRouter) does not, so there ours answers as for `/x`, as the app does.
 */
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** A probe app whose every request is a 404, with one of the middlewares judging it against `app`. */
function probe(middleware: "ours" | "hono") {
  const onMethodNotAllowed = (c: { text: (t: string, s: 405) => Response }, methods: string[]) =>
    c.text(methods.join(", "), 405);
  const p = new Hono();
  p.use(
    middleware === "ours"
      ? methodNotAllowed({ app: app as never, onMethodNotAllowed })
      : honoMethodNotAllowed({ app: app as never, onMethodNotAllowed }),
  );
  p.all("*", (c) => c.notFound());
  return p;
}

const paths = [
  ...new Set(
    app.routes.flatMap((r) => {
      const filled = r.path.replace(/:\w+(\{[^}]*\})?/g, "23456Z").replace(/\*$/, "x");
      return filled === "/" ? [filled] : [filled, `${filled}/`, `${filled}/extra`];
    }),
  ),
  "/",
  "/nothing-here",
  "/api",
];

describe("405 Method Not Allowed", () => {
  it("gives the same answer and Allow as hono/method-not-allowed for every route path and method", async () => {
    const ours = probe("ours");
    const hono = probe("hono");
    let notAllowed = 0;
    const differences: string[] = [];
    expect(paths.length).toBeGreaterThan(50);
    const answer = async (p: Hono, path: string, method: string) => {
      const res = await p.fetch(new Request(`http://localhost${path}`, { method }));
      return `${res.status} ${await res.text()}`;
    };
    for (const path of paths) {
      for (const method of METHODS) {
        const mine = await answer(ours, path, method);
        const theirs =
          path.length > 1 && path.endsWith("/")
            ? await answer(ours, path.slice(0, -1), method)
            : await answer(hono, path, method);
        if (mine !== theirs) differences.push(`${method} ${path}: ours ${mine}, expected ${theirs}`);
        if (mine.startsWith("405")) notAllowed++;
      }
    }
    expect(differences).toEqual([]);
    expect(notAllowed).toBeGreaterThan(100);
  });

  it("the app answers a problem with Allow, and leaves a handler's own 404 alone", async () => {
    const res = await request("/api/health", { method: "DELETE" });
    expect(await problemOf(res, 405)).toMatchObject({ type: "/problems/method-not-allowed" });
    expect(res.headers.get("allow")).toBe("GET, HEAD");
    for (const path of ["/article", "/article/"]) {
      const page = await request(path, { method: "DELETE", headers: { accept: "text/html", origin: ORIGIN } });
      expect(page.status).toBe(405);
      expect(page.headers.get("allow")).toBe("GET, HEAD");
      // The app routes the trailing slash like the path without it.
      expect((await request(path, { headers: { accept: "text/html" } })).status).toBe(200);
    }
    const page = await request("/progress/name", { method: "GET", headers: { accept: "text/html" } });
    expect(page.status).toBe(405);
    expect(page.headers.get("allow")).toBe("POST");
    // GET has a route here: an unknown code is that route's own 404, not a 405.
    expect((await request("/api/leaderboards/nothing")).status).toBe(404);
  });
});
