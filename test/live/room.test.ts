import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LiveRoom } from "../../src/live/room.ts";
import {
  type ConcreteItem,
  correctResponse,
  feedbackFor,
  isResponseComplete,
  QUESTION_TYPES,
  type Response,
} from "../../src/quiz/index.ts";
import { Client, ORIGIN, request, rightResponseFor } from "../helpers.ts";
import { decodeQrSvg } from "../qr-decode.ts";
import { connect, createLive, hostSocket, type LiveSocket, type Msg, Phone, room, roomItem } from "./support.ts";

type QuestionMsg = Msg & { index: number; total: number; question: { id: string; type: string }; endsAt: number };

const itemOf = (code: string, questionId: string) => roomItem(code, questionId);
/** A complete wrong answer (a poll has none: any vote). */
const wrongOf = (item: ConcreteItem) =>
  (QUESTION_TYPES[item.type] as { wrongResponses(i: ConcreteItem): Response[] })
    .wrongResponses(item)
    .find((r) => isResponseComplete(item, r)) ?? rightResponseFor(item);

async function lobby(players: string[], settings: Record<string, unknown> = {}) {
  const game = await createLive(settings);
  const host = await hostSocket(game.code, game.hostSecret);
  const phones: { phone: Phone; socket: LiveSocket }[] = [];
  for (const name of players) {
    const phone = new Phone();
    const socket = await phone.socket(game.code);
    await socket.ask({ type: "join", name }, "joined");
    phones.push({ phone, socket });
  }
  await host.next("players", (m) => (m.players as unknown[]).length === players.length);
  return { game, host, phones };
}

describe("live room: the protocol", () => {
  it("plays a whole game to the podium, and D1 records what the room announced", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"]);
    const [ana, bob] = phones.map((p) => p.socket) as [LiveSocket, LiveSocket];
    let from = 0;
    for (let i = 0; i < 3; i++) {
      from = ana.messages.length;
      host.send(i === 0 ? { type: "start" } : { type: "next" });
      const q = await ana.next<QuestionMsg>("question", (m) => m.index === i, from);
      expect(q.total).toBe(3);
      const item = await itemOf(game.code, q.question.id);
      expect(await ana.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack")).toEqual({
        type: "ack",
        questionId: item.id,
        duplicate: false,
      });
      await bob.ask({ type: "answer", questionId: item.id, response: wrongOf(item) }, "ack");
      // Both answered: the question closes at once.
      const reveal = await host.next("reveal", (m) => m.index === i);
      expect(reveal.answered).toBe(2);
      const result = await ana.next("result", (m) => m.questionId === item.id);
      expect(result.of).toBe(2);
    }
    host.send({ type: "next" });
    const ended = await ana.next<Msg & { leaderboard: { name: string; score: number; rank: number }[] }>("ended");
    const final = await bob.next("final");
    expect(final.of).toBe(2);
    await room(game.code).settle();

    const results = await new Client().fetch(`/api/assignments/${game.code}/results`, {
      headers: { authorization: `Bearer ${game.hostSecret}` },
    });
    expect(results.status).toBe(200);
    const body = (await results.json()) as {
      roster: { name: string; status: string; score: number }[];
      items: { attempts: number }[];
    };
    const announced = new Map(ended.leaderboard.map((e) => [e.name, e.score]));
    expect(body.roster.map((r) => r.name).sort()).toEqual(["Ana", "Bob"]);
    for (const row of body.roster) {
      expect(row.status).toBe("finished");
      // Room points are 1000 per bank point (no speed bonus by default); the roster rounds to 2 decimals.
      expect(row.score).toBeCloseTo((announced.get(row.name) as number) / 1000, 2);
    }
    expect(body.items.every((i) => i.attempts === 2)).toBe(true);
    const board = await request(`/api/assignments/${game.code}/leaderboard`, {
      headers: { authorization: `Bearer ${game.hostSecret}` },
    });
    expect(board.status).toBe(200);
    const entries = ((await board.json()) as { entries: { name: string }[] }).entries;
    expect(entries.map((e) => e.name).sort()).toEqual(["Ana", "Bob"]);
  });

  it("refuses bad messages with an error and changes nothing; the socket stays open", async () => {
    const { game, host, phones } = await lobby(["Ana"]);
    const ana = phones[0]?.socket as LiveSocket;
    const cases: [string, number][] = [
      ["not json", 400],
      [JSON.stringify({ type: "dance" }), 400],
      [JSON.stringify({ type: "join" }), 422],
      [JSON.stringify({ type: "answer", questionId: "x" }), 422],
      [JSON.stringify({ type: "join", name: "x".repeat(1_000_000) }), 413],
      [JSON.stringify({ type: "start" }), 403],
      [JSON.stringify({ type: "answer", questionId: "x", response: {} }), 409],
    ];
    for (const [frame, status] of cases) {
      const error = await ana.ask(frame, "error");
      expect(error.status, frame.slice(0, 40)).toBe(status);
      expect(typeof error.title).toBe("string");
      expect(typeof error.detail).toBe("string");
    }
    expect((await host.ask({ type: "join", name: "Host" }, "error")).status).toBe(403);
    expect((await host.ask({ type: "next", extra: 1 }, "error")).status).toBe(422);
    expect(ana.closed).toBeNull();
    // Nothing changed: still in the lobby with one player.
    const state = await (await new Phone().socket(game.code)).next("state");
    expect(state).toMatchObject({ phase: "lobby", players: 1 });
  });

  it("hands out the phone link and a QR code that reads as exactly that link (jsQR)", async () => {
    const game = await createLive();
    expect(game.joinUrl).toBe(`${ORIGIN}/live/${game.code}`);
    expect(decodeQrSvg(game.qrSvg)).toBe(game.joinUrl);
  });

  it("refuses sockets without the host secret, without a learner cookie, or on an unknown code", async () => {
    const game = await createLive();
    const wrong = await request(`/api/live/${game.code}/socket?as=host`, {
      headers: { Upgrade: "websocket", authorization: `Bearer ${"x".repeat(43)}` },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    expect((await request(`/api/live/${game.code}/socket`, { headers: { Upgrade: "websocket" } })).status).toBe(401);
    expect((await request(`/api/live/${game.code}/socket`)).status).toBe(400);
    const other = await request("/api/live/ZZZZZZ/socket", {
      headers: { Upgrade: "websocket", cookie: "lid=abcdefghijklmnopqrstuvwxyz" },
    });
    expect(other.status).toBe(404);
  });

  it("counts one answer under concurrent retries from two sockets of the same phone", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"]);
    const ana = phones[0] as { phone: Phone; socket: LiveSocket };
    const second = await ana.phone.socket(game.code);
    host.send({ type: "start" });
    const q = await ana.socket.next<QuestionMsg>("question");
    const item = await itemOf(game.code, q.question.id);
    const answer = { type: "answer", questionId: item.id, response: rightResponseFor(item) };
    for (let i = 0; i < 5; i++) {
      ana.socket.send(answer);
      second.send(answer);
    }
    await host.next("answered", (m) => m.count === 1);
    const acks = async () =>
      [...ana.socket.messages, ...second.messages].filter((m) => m.type === "ack" && m.questionId === item.id);
    await expect.poll(async () => (await acks()).length).toBe(20); // each ack reaches both sockets of the phone
    const fresh = (await acks()).filter((m) => m.duplicate === false);
    expect(fresh).toHaveLength(2); // the one stored answer, delivered to both sockets
    const changed = await second.ask({ type: "answer", questionId: item.id, response: wrongOf(item) }, "error");
    expect(changed.status).toBe(409);
    host.send({ type: "end" });
    await host.next("ended");
    await room(game.code).settle();
    const rows = await env.DB.prepare(
      "SELECT count(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN assignments s ON s.id = t.assignment_id WHERE s.code = ?",
    )
      .bind(game.code)
      .first<{ n: number }>();
    expect(rows?.n).toBe(1);
  });

  it("sends no phone the key, the explanation or the source before the question closes", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"]);
    const [ana, bob] = phones.map((p) => p.socket) as [LiveSocket, LiveSocket];
    host.send({ type: "start" });
    const q = await ana.next<QuestionMsg>("question");
    const item = await itemOf(game.code, q.question.id);
    await ana.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack");
    const late = await new Phone().socket(game.code);
    await late.ask({ type: "join", name: "Cy" }, "question");
    const feedback = feedbackFor(item, "en");
    for (const socket of [ana, bob, late]) {
      const seen = JSON.stringify(socket.messages);
      expect(seen).not.toContain(feedback.explanation);
      expect(seen).not.toContain(feedback.source.quote);
      expect(socket.messages.some((m) => m.type === "reveal" || "correct" in m)).toBe(false);
    }
    host.send({ type: "skip" });
    const reveal = await bob.next("reveal");
    expect(reveal.explanation).toBe(feedback.explanation);
    expect(reveal.correct).toEqual(correctResponse(item));
  });

  it("restores a reconnecting phone: player, answer and phase; nothing counted twice", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"]);
    const ana = phones[0] as { phone: Phone; socket: LiveSocket };
    host.send({ type: "start" });
    const q = await ana.socket.next<QuestionMsg>("question");
    const item = await itemOf(game.code, q.question.id);
    await ana.socket.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack");
    ana.socket.close();
    const again = await ana.phone.socket(game.code);
    await again.next("ack");
    expect(again.messages.map((m) => m.type)).toEqual(["state", "joined", "question", "ack"]);
    expect(again.messages[3]).toMatchObject({ questionId: item.id, duplicate: true });
    expect((await again.ask({ type: "join", name: "Ana2" }, "joined")).name).toBe("Ana");
    expect(
      (await again.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack")).duplicate,
    ).toBe(true);
    expect((await host.ask({ type: "skip" }, "reveal")).answered).toBe(1);
  });

  it("lets the host take over from another device with the secret", async () => {
    const { game, host, phones } = await lobby(["Ana"]);
    host.close();
    const other = await hostSocket(game.code, game.hostSecret);
    const players = await other.next("players");
    expect(players.players).toEqual([{ id: expect.any(String), name: "Ana" }]);
    other.send({ type: "start" });
    await phones[0]?.socket.next("question");
    expect((await other.ask({ type: "pause" }, "state")).paused).toBe(true);
  });

  it("removes a player: their socket closes and the same cookie cannot rejoin under another name", async () => {
    const { game, host, phones } = await lobby(["Ana", "Rude"]);
    const rude = phones[1] as { phone: Phone; socket: LiveSocket };
    const { players } = (await host.next("players", (m) => (m.players as unknown[]).length === 2)) as Msg & {
      players: { id: string; name: string }[];
    };
    const target = players.find((p) => p.name === "Rude")?.id;
    host.send({ type: "remove", playerId: target });
    await rude.socket.next("removed");
    expect((await rude.socket.waitClosed()).code).toBe(4003);
    const back = await rude.phone.socket(game.code);
    await back.next("removed");
    expect((await back.ask({ type: "join", name: "Nice" }, "error")).status).toBe(403);
    expect((await host.ask({ type: "start" }, "state")).players).toBe(1);
  });
});

describe("live room: the Durable Object", () => {
  it("resumes mid-question after the object is evicted, with nothing lost", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"]);
    const [ana, bob] = phones.map((p) => p.socket) as [LiveSocket, LiveSocket];
    host.send({ type: "start" });
    const q = await ana.next<QuestionMsg>("question");
    const item = await itemOf(game.code, q.question.id);
    await ana.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack");
    await evictDurableObject(room(game.code));
    // The hibernated sockets still work; the object wakes from its SQLite storage.
    const dup = await ana.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "ack");
    expect(dup.duplicate).toBe(true);
    const late = await new Phone().socket(game.code);
    const state = await late.next("state");
    expect(state).toMatchObject({ phase: "question", players: 2, endsAt: q.endsAt });
    await bob.ask({ type: "answer", questionId: item.id, response: wrongOf(item) }, "ack");
    const reveal = await host.next("reveal");
    expect(reveal.answered).toBe(2);
    host.send({ type: "end" });
    await host.next("ended");
    await room(game.code).settle();
    const stored = await env.DB.prepare(
      "SELECT count(*) AS n FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN assignments s ON s.id = t.assignment_id WHERE s.code = ? AND a.item_id = ?",
    )
      .bind(game.code, item.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(2);
  });

  it("closes a question when its time is up (the alarm), and refuses answers after the close", async () => {
    const { game, host, phones } = await lobby(["Ana", "Bob"], { secondsPerQuestion: 5 });
    const ana = phones[0]?.socket as LiveSocket;
    host.send({ type: "start" });
    const q = await ana.next<QuestionMsg>("question");
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, q.endsAt - Date.now()) + 50));
    await runDurableObjectAlarm(room(game.code));
    await ana.next("reveal");
    const item = await itemOf(game.code, q.question.id);
    const refused = await ana.ask({ type: "answer", questionId: item.id, response: rightResponseFor(item) }, "error");
    expect(refused.status).toBe(409);
  });

  it("closes itself after inactivity and deletes its state", async () => {
    const { game, phones } = await lobby(["Ana"]);
    await runInDurableObject(room(game.code), (_: LiveRoom, state) => {
      const row = state.storage.sql.exec<{ meta: string }>("SELECT meta FROM room").one();
      const meta = JSON.parse(row.meta) as { lastActivityAt: number };
      meta.lastActivityAt -= 24 * 3600_000;
      state.storage.sql.exec("UPDATE room SET meta = ?", JSON.stringify(meta));
    });
    await evictDurableObject(room(game.code));
    expect(await runDurableObjectAlarm(room(game.code))).toBe(true);
    const closed = await phones[0]?.socket.next("error", (m) => m.status === 410);
    expect(closed?.title).toBe("Room closed");
    expect(await room(game.code).exists()).toBe(false);
    const tables = await runInDurableObject(room(game.code), (_: LiveRoom, state) =>
      state.storage.sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf%' ESCAPE '\\'",
        )
        .toArray(),
    );
    expect(tables).toEqual([]);
    const res = await connect(`/api/live/${game.code}/socket`, { cookie: "lid=abcdefghijklmnopqrstuvwxyz" }).catch(
      (e: Error) => e,
    );
    expect(res).toBeInstanceOf(Error);
  });
});
