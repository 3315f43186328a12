import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Learner } from "../db/learners.ts";
import type { AppEnv } from "../env.ts";
import { randomToken, sha256Hex } from "../quiz/tokens.ts";

const COOKIE = "lid";
// 128+ random bits, base64url: anything else is not a token we issued and is ignored.
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** The learner this browser or client is, from its cookie; null when it has none (or a forged one). */
export async function currentLearner(c: Context<AppEnv>): Promise<Learner | null> {
  const token = getCookie(c, COOKIE);
  if (!token || !TOKEN_PATTERN.test(token)) return null;
  return { id: await sha256Hex(token) };
}

/**
 * The current learner, or a new anonymous one: a random token in an HttpOnly cookie.
 * Only the token's SHA-256 is ever stored, so a database leak reveals no cookie.
 */
export async function learnerOrNew(c: Context<AppEnv>): Promise<Learner> {
  const existing = await currentLearner(c);
  if (existing) return existing;
  const token = randomToken();
  setCookie(c, COOKIE, token, { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: 400 * 24 * 3600 });
  return { id: await sha256Hex(token) };
}

/** Forgets this browser's learner identity. */
export function clearLearnerCookie(c: Context<AppEnv>) {
  setCookie(c, COOKIE, "", { httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: 0 });
}
