import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type Assignment, loadAssignmentByCode } from "../db/assignments.ts";
import type { AppEnv } from "../env.ts";
import { normalizeCode } from "../quiz/assignment-codes.ts";
import { sha256Hex } from "../quiz/tokens.ts";
import { prefixedCookieName } from "./cookies.ts";
import { ProblemError } from "./problem.ts";
import { spendLimit } from "./rate-limit.ts";

/** Manage secrets: 256 random bits, base64url (43 characters). */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// Compared when the code is unknown, so a miss costs the same as a wrong secret.
const DUMMY_HASH = "0".repeat(64);

/** `__Secure-manage_{code}` over https (`__Host-` would need Path=/; this cookie stays scoped to one assignment). */
export const manageCookieName = (c: Context, code: string) => prefixedCookieName(c, `manage_${code}`, "__Secure-");
export const managePath = (code: string) => `/teach/${code}`;

/** Constant-time comparison of two hex digests of equal length. */
export function sameDigest(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const unauthorized = () =>
  new ProblemError("unauthorized", "A valid manage secret for this assignment is required.", {
    headers: { "WWW-Authenticate": 'Bearer realm="assignments"' },
  });

/** The secret a teacher presented: `Authorization: Bearer` (API) or the assignment's cookie (pages). */
function presentedSecret(c: Context<AppEnv>, code: string | null): string | null {
  const auth = c.req.header("authorization");
  const bearer = auth ? /^Bearer\s+(\S+)$/i.exec(auth)?.[1] : undefined;
  if (bearer) return bearer;
  return code ? (getCookie(c, manageCookieName(c, code)) ?? null) : null;
}

/**
 * The assignment whose manage secret the request presents. Anything else (no secret, a wrong
 * one, an unknown or malformed code) is the same 401, after the same work, and counts as a
 * guess from the client's address. `explicitSecret` is one the teacher posted (the unlock form).
 */
export async function authorizeTeacher(
  c: Context<AppEnv>,
  rawCode: string,
  explicitSecret?: string,
): Promise<Assignment> {
  const code = normalizeCode(rawCode);
  const secret = explicitSecret ?? presentedSecret(c, code);
  const assignment = code ? await loadAssignmentByCode(c.get("db"), code) : null;
  const presented = await sha256Hex(secret && SECRET_PATTERN.test(secret) ? secret : "");
  const ok = sameDigest(presented, assignment?.secretHash ?? DUMMY_HASH) && assignment !== null && secret !== null;
  if (ok) return assignment;
  await spendLimit(c, "GUESS_LIMITER");
  throw unauthorized();
}

/**
 * Stores the manage secret in an HttpOnly cookie readable only under this assignment's pages.
 * SameSite=Strict: no request started by another site carries it.
 */
export function rememberManageSecret(c: Context<AppEnv>, code: string, secret: string) {
  setCookie(c, manageCookieName(c, code), secret, {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: managePath(code),
    maxAge: 180 * 24 * 3600,
  });
}

export function forgetManageSecret(c: Context<AppEnv>, code: string) {
  setCookie(c, manageCookieName(c, code), "", {
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    path: managePath(code),
    maxAge: 0,
  });
}

/** Where a live room's host cookie is sent: the projector's pages and the room's socket. */
export const liveHostPaths = (code: string) => [`/live/${code}`, `/api/live/${code}`];

/** Stores the host secret (the assignment's manage secret) for the live room's pages and socket. */
export function rememberLiveHost(c: Context<AppEnv>, code: string, secret: string) {
  for (const path of liveHostPaths(code)) {
    setCookie(c, manageCookieName(c, code), secret, {
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      path,
      maxAge: 24 * 3600,
    });
  }
}
