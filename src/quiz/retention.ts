import * as z from "zod";

/**
 * How long data is kept, and how much one run of the scheduled sweep may do. Set with wrangler
 * vars (wrangler.toml `[vars]`, or the dashboard); anything missing or malformed falls back to
 * the default, so a typo never makes the sweep delete more.
 */
export type RetentionConfig = {
  /** Learners with no activity for this many months are deleted with all their data. */
  learnerInactiveMonths: number;
  /** Assignments closed for this many months are deleted with every attempt and answer. */
  assignmentClosedMonths: number;
  /** Practice attempts never answered are deleted this many hours after they started. */
  emptyPracticeHours: number;
  /** Rows handled per batch, and batches per kind of work per run. */
  batchSize: number;
  maxBatches: number;
};

export const RETENTION_DEFAULTS: RetentionConfig = {
  learnerInactiveMonths: 13,
  assignmentClosedMonths: 12,
  emptyPracticeHours: 24,
  batchSize: 100,
  maxBatches: 10,
};

/** The wrangler vars that set each field. */
export const RETENTION_VARS = {
  learnerInactiveMonths: "RETENTION_LEARNER_INACTIVE_MONTHS",
  assignmentClosedMonths: "RETENTION_ASSIGNMENT_CLOSED_MONTHS",
  emptyPracticeHours: "RETENTION_EMPTY_PRACTICE_HOURS",
  batchSize: "SWEEP_BATCH_SIZE",
  maxBatches: "SWEEP_MAX_BATCHES",
} as const satisfies Record<keyof RetentionConfig, string>;

const LIMITS: Record<keyof RetentionConfig, [number, number]> = {
  learnerInactiveMonths: [1, 120],
  assignmentClosedMonths: [1, 120],
  emptyPracticeHours: [1, 24 * 365],
  batchSize: [1, 500],
  maxBatches: [1, 100],
};

/** The configuration from the Worker's vars (strings), each field checked against its range. */
export function retentionConfig(vars: Record<string, unknown>): RetentionConfig {
  const config = { ...RETENTION_DEFAULTS };
  for (const key of Object.keys(RETENTION_VARS) as (keyof RetentionConfig)[]) {
    const [min, max] = LIMITS[key];
    const parsed = z.coerce.number().check(z.int(), z.gte(min), z.lte(max)).safeParse(vars[RETENTION_VARS[key]]);
    if (parsed.success && vars[RETENTION_VARS[key]] !== undefined && vars[RETENTION_VARS[key]] !== "") {
      config[key] = parsed.data;
    }
  }
  return config;
}

/** The same instant `months` calendar months earlier (UTC; the 31st falls back to the month's end). */
export function monthsBefore(now: number, months: number): number {
  const d = new Date(now);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.getTime();
}

/** Before these instants, data is due for deletion. */
export function retentionCutoffs(config: RetentionConfig, now: number) {
  return {
    learnerActiveBefore: monthsBefore(now, config.learnerInactiveMonths),
    assignmentClosedBefore: monthsBefore(now, config.assignmentClosedMonths),
    emptyPracticeStartedBefore: now - config.emptyPracticeHours * 3_600_000,
  };
}
