import { runSweep, type SweepStep } from "./flows/retention.ts";
import { retentionConfig } from "./quiz/retention.ts";

/**
 * Other features' clean-up, run by the same sweep after the retention steps. A feature that
 * keeps rows in D1 which outlive their use (e.g. closed live rooms) adds its step here.
 */
export const SWEEP_STEPS: SweepStep[] = [];

/**
 * The Cron Trigger (wrangler.toml `[triggers] crons`): the retention sweep. Its report goes to
 * the Workers logs as one JSON line.
 */
export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const config = retentionConfig(env as unknown as Record<string, unknown>);
  const sweep = runSweep(env.DB.withSession("first-primary"), config, controller.scheduledTime, SWEEP_STEPS);
  ctx.waitUntil(sweep);
  const report = await sweep;
  console.log(JSON.stringify({ event: "retention-sweep", cron: controller.cron, ...report }));
}
