import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Assignment } from "../db/assignments.ts";
import type { AppEnv } from "../env.ts";
import { normalizeCode } from "../quiz/assignment-codes.ts";
import { sha256Hex } from "../quiz/tokens.ts";
import { prefixedCookieName } from "./cookies.ts";

/**
 * "My assignments" on /teach: the assignments this browser created or opened with their secret.
 * Each entry is the code and a proof derived from the assignment's stored secret hash, which only
 * the server knows: a forged or planted entry lists nothing (issue 12.1), and rotating the secret
 * drops the entry from browsers that no longer hold it.
 */
const LIST_COOKIE = "teach_codes";
const MAX_REMEMBERED = 30;
const PROOF = /^[0-9a-f]{32}$/;

export type ListEntry = { code: string; proof: string };

export const listProof = async (secretHash: string) => (await sha256Hex(`teacher-list:${secretHash}`)).slice(0, 32);

/** The entries the cookie holds (well-formed ones only; proofs are checked against the database by `provenEntries`). */
export function rememberedEntries(c: Context<AppEnv>): ListEntry[] {
  const raw = getCookie(c, prefixedCookieName(c, LIST_COOKIE, "__Host-")) ?? "";
  const entries: ListEntry[] = [];
  for (const part of raw.split(".")) {
    const [rawCode, proof] = part.split("~");
    const code = normalizeCode(rawCode ?? "");
    if (code && proof && PROOF.test(proof)) entries.push({ code, proof });
  }
  return entries.slice(0, MAX_REMEMBERED);
}

/** Keeps the assignments whose entry carries the right proof. */
export async function provenEntries<T extends { assignment: Assignment }>(
  entries: ListEntry[],
  found: T[],
): Promise<T[]> {
  const proofs = new Map(entries.map((e) => [e.code, e.proof]));
  const kept: T[] = [];
  for (const row of found) {
    if (proofs.get(row.assignment.code) === (await listProof(row.assignment.secretHash))) kept.push(row);
  }
  return kept;
}

function writeEntries(c: Context<AppEnv>, entries: ListEntry[]) {
  const seen = new Set<string>();
  const unique = entries.filter((e) => !seen.has(e.code) && seen.add(e.code)).slice(0, MAX_REMEMBERED);
  const https = new URL(c.req.url).protocol === "https:";
  setCookie(c, prefixedCookieName(c, LIST_COOKIE, "__Host-"), unique.map((e) => `${e.code}~${e.proof}`).join("."), {
    httpOnly: true,
    secure: true,
    sameSite: "Lax",
    // __Host- requires Path=/; over plain http the list stays scoped to the teacher pages.
    path: https ? "/" : "/teach",
    maxAge: 400 * 24 * 3600,
  });
}

/** Puts an assignment first in this browser's list (after creating it, or opening it with its secret). */
export async function rememberAssignment(c: Context<AppEnv>, a: Pick<Assignment, "code" | "secretHash">) {
  const entry = { code: a.code, proof: await listProof(a.secretHash) };
  writeEntries(c, [entry, ...rememberedEntries(c).filter((e) => e.code !== a.code)]);
}

export function forgetAssignment(c: Context<AppEnv>, code: string) {
  writeEntries(
    c,
    rememberedEntries(c).filter((e) => e.code !== code),
  );
}
