import type { Db } from "../env.ts";

/** One D1 round trip: true when the database answered. */
export async function pingDatabase(db: Db): Promise<boolean> {
  try {
    return (await db.prepare("SELECT 1 AS ok").first<{ ok: number }>())?.ok === 1;
  } catch {
    return false;
  }
}
