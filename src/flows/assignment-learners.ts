import { type Assignment, deleteMembership, listMemberIds } from "../db/assignments.ts";
import type { Db } from "../env.ts";
import { learnerRef } from "./assignment-commands.ts";

/**
 * The teacher takes a learner out of an assignment: their attempts leave the roster, the CSV,
 * the statistics and the board, in one batch. `learnerId` is the per-assignment id the roster
 * shows. Idempotent: an id nobody has (any more) changes nothing. The learner may join again
 * with the code, as anyone with it can.
 */
export async function removeLearner(db: Db, a: Assignment, learnerId: string): Promise<void> {
  for (const member of await listMemberIds(db, a.id)) {
    if ((await learnerRef(a.id, member)) === learnerId) {
      await deleteMembership(db, a.id, member);
      return;
    }
  }
}
