import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Learner } from "../db/learners.ts";
import type { AppEnv } from "../env.ts";
import { randomToken, sha256Hex } from "../quiz/tokens.ts";
import { prefixedCookieName } from "./cookies.ts";

const COOKIE = "lid";
/** Over https the cookie is `__Host-lid`: only this origin, over https, can set or shadow it. */
const cookieName = (c: Context) => prefixedCookieName(c, COOKIE, "__Host-");
const OPTIONS = { httpOnly: true, secure: true, sameSite: "Lax", path: "/" } as const;
// 128+ random bits, base64url: anything else is not a token we issued and is ignored.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** The learner this browser or client is, from its cookie; null when it has none (or a forged one). */
export async function currentLearner(c: Context<AppEnv>): Promise<Learner | null> {
  const token = learnerToken(c);
  if (!token) return null;
  return { id: await sha256Hex(token) };
}

/**
 * This browser's token: under the prefixed name, or (over https) the bare `lid` that browsers kept
 * from before the prefix, so nobody loses their progress; the next write moves it under the prefix.
 */
function learnerToken(c: Context<AppEnv>): string | null {
  for (const name of new Set([cookieName(c), COOKIE])) {
    const token = getCookie(c, name);
    if (token && TOKEN_PATTERN.test(token)) return token;
  }
  return null;
}

/**
 * The current learner, or a new anonymous one: a random token in an HttpOnly cookie.
 * Only the token's SHA-256 is ever stored, so a database leak reveals no cookie.
 */
export async function learnerOrNew(c: Context<AppEnv>): Promise<Learner> {
  const name = cookieName(c);
  const existing = learnerToken(c);
  if (existing && getCookie(c, name) === existing) return { id: await sha256Hex(existing) };
  if (existing) setCookie(c, COOKIE, "", { ...OPTIONS, maxAge: 0 });
  const token = existing ?? randomToken();
  setCookie(c, name, token, { ...OPTIONS, maxAge: 400 * 24 * 3600 });
  return { id: await sha256Hex(token) };
}

/** Forgets this browser's learner identity. */
export function clearLearnerCookie(c: Context<AppEnv>) {
  for (const name of new Set([cookieName(c), COOKIE])) setCookie(c, name, "", { ...OPTIONS, maxAge: 0 });
}
