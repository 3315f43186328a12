import {
  deleteAssignments,
  deleteEmptyPracticeAttempts,
  deleteLearners,
  finishExpiredAttempts,
  listClosedAssignments,
  listExpiredAttempts,
  listInactiveLearners,
} from "../db/retention.ts";
import type { Db } from "../env.ts";
import { type RetentionConfig, retentionCutoffs } from "../quiz/retention.ts";

export type SweepReport = {
  finishedAttempts: number;
  deletedAssignments: number;
  deletedLearners: number;
  deletedEmptyPractice: number;
  /** True when a kind of work hit its batch budget: the next run continues. */
  more: boolean;
};

/**
 * Another feature's clean-up, run by the same sweep (e.g. live rooms kept in D1): gets the
 * database, the time and the batch size, returns how many rows it removed and whether more are left.
 */
export type SweepStep = (db: Db, now: number, batchSize: number) => Promise<{ removed: number; more: boolean }>;

/** Runs `step` batch after batch until it finds less than a full batch or the budget is spent. */
async function inBatches(config: RetentionConfig, step: () => Promise<number>) {
  let total = 0;
  for (let i = 0; i < config.maxBatches; i++) {
    const done = await step();
    total += done;
    if (done < config.batchSize) return { total, more: false };
  }
  return { total, more: true };
}

/**
 * The scheduled sweep: finishes attempts whose time ran out (so no read ever has to), then
 * deletes assignments closed too long ago, learners inactive too long (with all their data) and
 * practice attempts never answered. Each kind of work runs in bounded batches; what is left is
 * picked up by the next run. Idempotent: running it twice does nothing more.
 */
export async function runSweep(
  db: Db,
  config: RetentionConfig,
  now: number,
  extraSteps: readonly SweepStep[] = [],
): Promise<SweepReport> {
  const cutoffs = retentionCutoffs(config, now);
  const n = config.batchSize;
  const finished = await inBatches(config, async () => {
    const expired = await listExpiredAttempts(db, now, n);
    await finishExpiredAttempts(db, expired, now);
    return expired.length;
  });
  const assignments = await inBatches(config, async () =>
    deleteAssignments(db, await listClosedAssignments(db, cutoffs.assignmentClosedBefore, n)),
  );
  const learners = await inBatches(config, async () =>
    deleteLearners(db, await listInactiveLearners(db, cutoffs.learnerActiveBefore, n)),
  );
  const practice = await inBatches(config, () =>
    deleteEmptyPracticeAttempts(db, cutoffs.emptyPracticeStartedBefore, n),
  );
  let more = finished.more || assignments.more || learners.more || practice.more;
  for (const step of extraSteps) more = (await step(db, now, n)).more || more;
  return {
    finishedAttempts: finished.total,
    deletedAssignments: assignments.total,
    deletedLearners: learners.total,
    deletedEmptyPractice: practice.total,
    more,
  };
}
