import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import type { LiveRoom } from "../../src/live/room.ts";
import { type ConcreteItem, getConcreteItem } from "../../src/quiz/index.ts";
import { Client, request } from "../helpers.ts";

export type Msg = { type: string; [key: string]: unknown };

/** One WebSocket client of a room: every message it receives, and a way to wait for the next of a type. */
export class LiveSocket {
  readonly messages: Msg[] = [];
  private waiters: { match: (m: Msg) => boolean; resolve: (m: Msg) => void; from: number }[] = [];
  closed: { code: number; reason: string } | null = null;
  private closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];

  readonly ws: WebSocket;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as Msg;
      this.messages.push(message);
      for (const w of [...this.waiters]) {
        if (w.match(message)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    });
    ws.addEventListener("close", (event) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const resolve of this.closeWaiters) resolve(this.closed);
    });
  }

  send(message: unknown) {
    this.ws.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** The first message of this type received after `from` (an index into messages; default: any not yet waited for). */
  next<T extends Msg = Msg>(type: string, predicate: (m: Msg) => boolean = () => true, from = 0): Promise<T> {
    const match = (m: Msg) => m.type === type && predicate(m);
    const seen = this.messages.slice(from).find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${type}; got ${JSON.stringify(this.messages.slice(-5))}`)),
        5000,
      );
      this.waiters.push({
        match,
        from,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as T);
        },
      });
    });
  }

  /** Sends a message and waits for the first reply of `type` after it. */
  async ask<T extends Msg = Msg>(message: unknown, type: string, predicate?: (m: Msg) => boolean): Promise<T> {
    const from = this.messages.length;
    this.send(message);
    return this.next<T>(type, predicate, from);
  }

  waitClosed(): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  close() {
    try {
      this.ws.close(1000, "done");
    } catch {
      // closed already
    }
  }
}

export type LiveGame = { code: string; joinUrl: string; hostUrl: string; hostSecret: string; qrSvg: string };

export async function createLive(settings: Record<string, unknown> = {}): Promise<LiveGame> {
  const res = await new Client().json("/api/live", "POST", { lang: "en", questionCount: 3, ...settings });
  expect(res.status).toBe(201);
  return (await res.json()) as LiveGame;
}

export async function connect(path: string, headers: Record<string, string>): Promise<LiveSocket> {
  const res = await request(path, { headers: { Upgrade: "websocket", ...headers } });
  expect(res.status).toBe(101);
  const ws = res.webSocket as WebSocket;
  const socket = new LiveSocket(ws);
  ws.accept();
  return socket;
}

export const hostSocket = (code: string, secret: string) =>
  connect(`/api/live/${code}/socket?as=host`, { authorization: `Bearer ${secret}` });

/** A phone: a learner cookie of its own (as /live/{code} would set), reused on reconnect. */
export class Phone {
  readonly token = `phone-${crypto.randomUUID().replace(/-/g, "")}`;
  socket(code: string) {
    return connect(`/api/live/${code}/socket`, { cookie: `lid=${this.token}` });
  }
}

/** The Durable Object of a room. */
export const room = (code: string) => env.LIVE_ROOM.get(env.LIVE_ROOM.idFromName(code));

/** What the room's storage knows of its game: the quiz's seed and items, and the current question. */
export function roomState(code: string) {
  return runInDurableObject(room(code), (_: LiveRoom, state) => {
    const row = state.storage.sql.exec<{ meta: string }>("SELECT meta FROM room").one();
    return JSON.parse(row.meta) as { config: { seed: number; itemIds: string[] }; index: number };
  });
}

/** The concrete item a question of the room shows (the room's seed fixes parametric numbers). */
export async function roomItem(code: string, itemId?: string): Promise<ConcreteItem> {
  const meta = await roomState(code);
  const id = itemId ?? meta.config.itemIds[meta.index] ?? "";
  const item = getConcreteItem(id, meta.config.seed);
  if (!item) throw new Error(`no item ${id} in room ${code}`);
  return item;
}
