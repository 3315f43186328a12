import { getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env.ts";

export const BOOKMARK_HEADER = "X-D1-Bookmark";
const BOOKMARK_COOKIE = "d1b";
// D1 bookmarks are opaque, short, printable tokens; anything else is ignored.
const BOOKMARK_PATTERN = /^[0-9A-Za-z_-]{1,128}$/;

/**
 * Wraps each request in a D1 session (Sessions API). The client's last bookmark,
 * sent back in the X-D1-Bookmark header (API) or the d1b cookie (pages), makes a
 * replica wait until it has the client's own writes; without one, any replica
 * may answer. The new bookmark goes back the same ways. On a database without
 * read replication (and locally) every session reads the primary, unchanged.
 */
export const withSession = () =>
  createMiddleware<AppEnv>(async function withSession(c, next) {
    const sent = c.req.header(BOOKMARK_HEADER) ?? getCookie(c, BOOKMARK_COOKIE);
    const bookmark = sent && BOOKMARK_PATTERN.test(sent) ? sent : "first-unconstrained";
    const session = c.env.DB.withSession(bookmark);
    c.set("db", session);
    await next();
    const latest = session.getBookmark();
    if (latest) {
      c.header(BOOKMARK_HEADER, latest);
      if (latest !== sent && c.req.method !== "GET" && !c.req.path.startsWith("/api/")) {
        setCookie(c, BOOKMARK_COOKIE, latest, {
          httpOnly: true,
          secure: true,
          sameSite: "Lax",
          path: "/",
          maxAge: 3600,
        });
      }
    }
  });
