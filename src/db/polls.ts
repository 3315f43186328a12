import type { Db } from "../env.ts";

/** A poll's votes per choice id. */
export async function loadPollVotes(db: Db, itemId: string): Promise<Map<string, number>> {
  const { results } = await db
    .prepare("SELECT choice_id, votes FROM poll_votes WHERE item_id = ?")
    .bind(itemId)
    .all<{ choice_id: string; votes: number }>();
  return new Map(results.map((r) => [r.choice_id, r.votes]));
}

/**
 * Takes back the poll votes cast by the answers of the attempts matched by `attemptsWhere`, run in
 * the batch that deletes those answers, so the distribution only counts answers that still exist.
 */
export const withdrawPollVotesStatement = (
  db: Db,
  attemptsWhere: "learner_id = ?" | "assignment_id = ?" | "assignment_id = ? AND t.learner_id = ?",
  ...values: string[]
) =>
  db
    .prepare(
      `UPDATE poll_votes SET votes = votes - (
         SELECT count(*) FROM answers a JOIN attempts t ON t.id = a.attempt_id
         WHERE t.${attemptsWhere} AND a.item_id = poll_votes.item_id
           AND json_extract(a.response, '$.choice') = poll_votes.choice_id)
       WHERE item_id IN (
         SELECT a.item_id FROM answers a JOIN attempts t ON t.id = a.attempt_id
         WHERE t.${attemptsWhere} AND a.state = 'unscored')`,
    )
    .bind(...values, ...values);
