import type { Db } from "../env.ts";

/** A learner as every layer knows them: the SHA-256 of their cookie's token, nothing personal. */
export type Learner = { id: string };

/** The learner's chosen display name, or null. */
export async function loadDisplayName(db: Db, learnerId: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT display_name FROM learners WHERE id = ?")
    .bind(learnerId)
    .first<{ display_name: string | null }>();
  return row?.display_name ?? null;
}

/** Sets (or clears, with null) the display name, creating the learner if needed. */
export async function saveDisplayName(db: Db, learnerId: string, name: string | null, now: number): Promise<void> {
  await db
    .prepare(
      "INSERT INTO learners (id, display_name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name",
    )
    .bind(learnerId, name, now)
    .run();
}
