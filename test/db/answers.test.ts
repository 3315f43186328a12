import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordAnswer, storeAnswerInOneTrip } from "../../src/db/answers.ts";
import { createAttempt } from "../../src/db/attempts.ts";
import { ensureLearnerStatement } from "../../src/db/learners.ts";
import { DEADLINE_GRACE_MS, timeIsUp } from "../../src/quiz/assignment-rules.ts";

/** A D1 session on the test's real database, as a request gets one. */
const db = () => env.DB.withSession("first-primary");

const DEADLINE = 1_800_000_000_000;
// Answer times around the deadline: before it, at it, inside the grace period, at its last
// millisecond, just after it.
const TIMES = [DEADLINE - 1, DEADLINE, DEADLINE + 1, DEADLINE + DEADLINE_GRACE_MS, DEADLINE + DEADLINE_GRACE_MS + 1];

/** An in-progress attempt with one question per answer time and the given deadline. */
async function attemptWithDeadline(deadlineAt: number | null) {
  const learnerId = crypto.randomUUID();
  const id = crypto.randomUUID();
  const itemIds = TIMES.map((_, i) => `item-${i}`);
  await ensureLearnerStatement(db(), learnerId, DEADLINE - 60_000).run();
  await createAttempt(db(), {
    id,
    learnerId,
    quizId: "article",
    assignmentId: null,
    bankVersion: "test",
    seed: 7,
    itemIds,
    questionCount: itemIds.length,
    maxScore: itemIds.length,
    lang: "en",
    feedback: "immediate",
    startedAt: DEADLINE - 60_000,
    deadlineAt,
    shuffleChoices: false,
  });
  return { id, learnerId, itemIds };
}

const answerAt = (attemptId: string, itemId: string, position: number, answeredAt: number) => ({
  attemptId,
  itemId,
  position,
  response: "{}",
  fraction: 1,
  points: 1,
  state: "correct",
  answeredAt,
});

describe("an answer is stored while the attempt's time is not up (the deadline rule's SQL)", () => {
  it("storeAnswerInOneTrip takes answers until the grace period's last millisecond, not after", async () => {
    const t = await attemptWithDeadline(DEADLINE);
    const stored: boolean[] = [];
    for (const [i, at] of TIMES.entries()) {
      const outcome = await storeAnswerInOneTrip(db(), {
        answer: answerAt(t.id, t.itemIds[i] ?? "", i, at),
        learnerId: t.learnerId,
        seed: 7,
        newReview: null,
        pollChoice: null,
      });
      stored.push(outcome.stored);
    }
    expect(stored).toEqual(TIMES.map((at) => !timeIsUp({ deadlineAt: DEADLINE }, at)));
    expect(stored).toEqual([true, true, true, true, false]);
  });

  it("recordAnswer follows the same rule, and an attempt without a deadline takes answers at any time", async () => {
    const timed = await attemptWithDeadline(DEADLINE);
    const untimed = await attemptWithDeadline(null);
    const stored = { timed: [] as boolean[], untimed: [] as boolean[] };
    for (const [i, at] of TIMES.entries()) {
      stored.timed.push(await recordAnswer(db(), answerAt(timed.id, `item-${i}`, i, at), timed.learnerId, null));
      stored.untimed.push(await recordAnswer(db(), answerAt(untimed.id, `item-${i}`, i, at), untimed.learnerId, null));
    }
    expect(stored.timed).toEqual([true, true, true, true, false]);
    expect(stored.untimed).toEqual(TIMES.map(() => true));
  });
});
