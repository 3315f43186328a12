import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { type ConcreteItem, correctResponse, getItem, instantiate } from "../../src/quiz/index.ts";
import type { Client } from "../helpers.ts";

export type Started = { id: string; questionCount: number; question: { id: string; type: string } | null };

export async function startAttempt(client: Client, quizId = "article"): Promise<Started> {
  const res = await client.json("/api/attempts", "POST", { quizId });
  expect(res.status).toBe(201);
  return (await res.json()) as Started;
}

/** The concrete item an attempt served, read from the attempt's stored seed. */
export async function servedItem(attemptId: string, itemId: string): Promise<ConcreteItem> {
  const row = await env.DB.prepare("SELECT seed FROM attempts WHERE id = ?").bind(attemptId).first<{ seed: number }>();
  const item = getItem(itemId);
  if (!row || !item) throw new Error(`no attempt ${attemptId} or item ${itemId}`);
  return instantiate(item, row.seed);
}

export async function rightResponse(attemptId: string, itemId: string): Promise<unknown> {
  const item = await servedItem(attemptId, itemId);
  return correctResponse(item) ?? { choice: (item as { choices: { id: string }[] }).choices[0]?.id };
}

export function answer(client: Client, attemptId: string, itemId: string, response: unknown) {
  return client.json(`/api/attempts/${attemptId}/answers/${itemId}`, "PUT", { response });
}

export async function countAnswers(attemptId: string): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM answers WHERE attempt_id = ?")
    .bind(attemptId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}
