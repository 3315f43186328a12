/**
 * The roster's page cursor: where a page starts in the assignment's join order (`seq`), as an
 * opaque token (base64url of a small JSON object). Decoding validates it with zod, so a token
 * that was not ours is refused with a message instead of reaching SQL. Pure: no I/O.
 */
import * as z from "zod";
import { invalidField } from "./errors.ts";

/** The learners after `after` (the next page), or the ones before `before` (the previous page). */
export type RosterCursor = { after: number } | { before: number };

const Seq = z.number().check(z.int(), z.gte(0), z.lte(2 ** 31));
const CursorJson = z.union([z.strictObject({ after: Seq }), z.strictObject({ before: Seq })]);

/** A cursor's longest token; anything longer is refused before decoding. */
export const ROSTER_CURSOR_MAX_LENGTH = 64;
/** The characters a cursor token is made of (base64url without padding). */
export const ROSTER_CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

const toBase64Url = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** The token of a cursor. */
export const encodeRosterCursor = (cursor: RosterCursor): string => toBase64Url(JSON.stringify(cursor));

const MESSAGE = "must be a cursor from a roster page's next or previous link";

/**
 * The cursor a token names; undefined or "" is the first page. Throws an invalid-field domain
 * error (at `path`) for anything that is not a token this module made.
 */
export function decodeRosterCursor(token: string | undefined, path = "/cursor"): RosterCursor | null {
  if (token === undefined || token === "") return null;
  if (token.length > ROSTER_CURSOR_MAX_LENGTH || !ROSTER_CURSOR_PATTERN.test(token)) throw invalidField(path, MESSAGE);
  let json: unknown;
  try {
    json = JSON.parse(atob(token.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw invalidField(path, MESSAGE);
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success) throw invalidField(path, MESSAGE);
  return parsed.data;
}
