import { describe, expect, it } from "vitest";
import { getItem } from "../../src/quiz/index.ts";
import { Client, createAssignment, join, rightAnswer } from "../helpers.ts";

type Served = { id: string; type: string; choices?: { id: string }[] } | null;

async function servedChoiceOrders(shuffle: boolean) {
  const created = await createAssignment({
    quizId: "topic-cost-efficiency",
    questionCount: 15,
    shuffle,
    requireName: false,
  });
  const learner = new Client();
  const res = await join(learner, created.code);
  expect(res.status).toBe(201);
  const started = (await res.json()) as { id: string; question: Served };
  const orders: { served: string[]; bank: string[] }[] = [];
  let current = started.question;
  while (current) {
    const item = getItem(current.id);
    if (current.choices && item && "choices" in item) {
      orders.push({ served: current.choices.map((c) => c.id), bank: item.choices.map((c) => c.id) });
    }
    const r = await learner.json(`/api/attempts/${started.id}/answers/${current.id}`, "PUT", {
      response: await rightAnswer(started.id, current.id),
    });
    current = ((await r.json()) as { next: Served }).next;
  }
  return orders;
}

describe("shuffle setting", () => {
  it("off: choices keep the bank's order", async () => {
    const orders = await servedChoiceOrders(false);
    expect(orders.length).toBeGreaterThanOrEqual(2);
    for (const o of orders) expect(o.served).toEqual(o.bank);
  });

  it("on: choices come in a seeded random order", async () => {
    const orders = await servedChoiceOrders(true);
    expect(orders.some((o) => o.served.join() !== o.bank.join())).toBe(true);
  });
});
