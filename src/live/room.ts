/**
 * One live room as a Durable Object: a thin shell around the pure game in src/quiz/live-game.ts.
 * It accepts sockets through the Hibernation API (an idle room costs nothing), remembers who each
 * socket is in its attachment, keeps the game in its own SQLite storage (an evicted or restarted
 * object wakes up mid-question where it was), runs the question timer and the inactivity close
 * as an alarm, and copies the results into D1 as the room's assignment.
 */
import { DurableObject } from "cloudflare:workers";
import {
  type LiveAnswerRecord,
  type LivePlayerRecord,
  type LiveRoomRecord,
  liveAnswerStatements,
  liveFinishStatements,
  livePlayerStatements,
  liveRemoveStatements,
  runInBatches,
} from "../db/live.ts";
import { itemPoints } from "../quiz/index.ts";
import {
  type Actor,
  createGame,
  isExpired,
  type LiveConfig,
  type LiveEvent,
  type LivePlayer,
  type LiveState,
  liveItem,
  maxBankPoints,
  nextWakeAt,
  type Outgoing,
  type ServerMessage,
  snapshotFor,
  step,
} from "../quiz/live-game.ts";
import { type ClientMessage, isError, parseClientMessage } from "./protocol.ts";

/** What the Worker tells a new room: its code, its assignment and the game's settings. */
export type RoomSetup = {
  code: string;
  assignmentId: string;
  quizId: string;
  bankVersion: string;
  config: LiveConfig;
};

type Attachment = { role: "host" } | { role: "player"; learnerId: string };
type Meta = Omit<LiveState, "players"> & { setup: RoomSetup; d1RowsWritten: number };

/** More messages than this in one second from one socket is a flood: the socket is closed. */
const FLOOD_PER_SECOND = 30;
/** Players per D1 batch when copying results (each batch is one transaction). */
const PLAYERS_PER_BATCH = 25;

const randomHex = (bytes: number) =>
  [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, "0")).join("");

export class LiveRoom extends DurableObject<Env> {
  private game: LiveState | null | undefined;
  private setupInfo: RoomSetup | null = null;
  private d1RowsWritten = 0;
  private flushing: Promise<void> = Promise.resolve();
  private readonly rates = new WeakMap<WebSocket, { second: number; count: number }>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alive pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** The room's tables, created when a game is set up (a closed room has none: its storage is empty). */
  private createTables() {
    const sql = this.ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS room (id INTEGER PRIMARY KEY CHECK (id = 1), meta TEXT NOT NULL)");
    sql.exec(
      "CREATE TABLE IF NOT EXISTS players (seq INTEGER PRIMARY KEY, learner_id TEXT NOT NULL UNIQUE, data TEXT NOT NULL)",
    );
    // What has reached D1: kind 'player' | 'answer' | 'finished' | 'removed'.
    sql.exec(
      "CREATE TABLE IF NOT EXISTS synced (kind TEXT NOT NULL, learner_id TEXT NOT NULL, item_id TEXT NOT NULL DEFAULT '', PRIMARY KEY (kind, learner_id, item_id))",
    );
  }

  private load(): LiveState | null {
    if (this.game !== undefined) return this.game;
    const sql = this.ctx.storage.sql;
    const hasRoom = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'room'").toArray().length > 0;
    const row = hasRoom ? sql.exec<{ meta: string }>("SELECT meta FROM room WHERE id = 1").toArray()[0] : undefined;
    if (!row) {
      this.game = null;
      return null;
    }
    const { setup, d1RowsWritten, ...rest } = JSON.parse(row.meta) as Meta;
    const players = this.ctx.storage.sql
      .exec<{ data: string }>("SELECT data FROM players ORDER BY seq")
      .toArray()
      .map((r) => JSON.parse(r.data) as LivePlayer);
    this.setupInfo = setup;
    this.d1RowsWritten = d1RowsWritten;
    this.game = { ...rest, players };
    return this.game;
  }

  /** Writes what changed: the room row, and each player whose object the step replaced. */
  private persist(before: LiveState | null, after: LiveState) {
    const { players, ...rest } = after;
    const meta: Meta = { ...rest, setup: this.setupInfo as RoomSetup, d1RowsWritten: this.d1RowsWritten };
    this.ctx.storage.transactionSync(() => {
      this.ctx.storage.sql.exec("INSERT OR REPLACE INTO room (id, meta) VALUES (1, ?)", JSON.stringify(meta));
      players.forEach((p, seq) => {
        if (before?.players[seq] === p) return;
        this.ctx.storage.sql.exec(
          "INSERT OR REPLACE INTO players (seq, learner_id, data) VALUES (?, ?, ?)",
          seq,
          p.learnerId,
          JSON.stringify(p),
        );
      });
    });
    this.game = after;
  }

  /** Creates the room (RPC from the Worker); false when a game already runs under this code. */
  async setup(setup: RoomSetup): Promise<boolean> {
    const existing = this.load();
    if (existing && existing.phase !== "ended") return false;
    if (existing) await this.clear();
    this.createTables();
    this.setupInfo = setup;
    this.d1RowsWritten = 0;
    const game = createGame(setup.config, Date.now());
    this.persist(null, game);
    await this.ctx.storage.setAlarm(nextWakeAt(game));
    return true;
  }

  /** Whether a room runs here (RPC). */
  async exists(): Promise<boolean> {
    return this.load() !== null;
  }

  /** What one client would be shown now (RPC: the pages without JavaScript). */
  async view(actor: Actor): Promise<ServerMessage[]> {
    // A page load only reads: its snapshot goes back to the page, not to the client's sockets
    // (which would fetch the page again on each message, and so on forever).
    return (await this.apply(actor, { type: "hello" }, { deliverUnchanged: false })) ?? [];
  }

  /** One message from a client outside a socket (RPC: form posts); returns the messages for that client. */
  async act(actor: Actor, message: ClientMessage): Promise<ServerMessage[] | null> {
    return this.apply(actor, toEvent(message));
  }

  /** Waits for the results to reach D1 (RPC: tests and the bench). */
  async settle(): Promise<{ d1RowsWritten: number }> {
    this.scheduleFlush();
    await this.flushing;
    return { d1RowsWritten: this.d1RowsWritten };
  }

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    }
    const game = this.load();
    if (!game) return new Response("No live game here", { status: 404 });
    const role = request.headers.get("X-Live-Role");
    const learnerId = request.headers.get("X-Live-Learner") ?? "";
    const attachment: Attachment = role === "host" ? { role: "host" } : { role: "player", learnerId };
    if (attachment.role === "player" && !learnerId) return new Response("No learner", { status: 401 });

    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [attachment.role === "host" ? "host" : `l:${learnerId}`]);
    server.serializeAttachment(attachment);
    const now = Date.now();
    const current = this.advance(now) ?? game;
    for (const message of snapshotFor(current, attachment, now)) server.send(JSON.stringify(message));
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, frame: string | ArrayBuffer): Promise<void> {
    if (this.isFlooding(ws)) {
      ws.close(1008, "Too many messages");
      return;
    }
    const attachment = ws.deserializeAttachment() as Attachment;
    const parsed = parseClientMessage(frame);
    if (isError(parsed)) {
      ws.send(JSON.stringify(parsed));
      return;
    }
    const answer = await this.apply(attachment, toEvent(parsed));
    // The room is gone (closed for inactivity): say so once.
    if (answer === null) {
      ws.send(JSON.stringify({ type: "error", status: 410, title: "Room closed", detail: "This game is over." }));
      ws.close(1000, "Room closed");
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    // Completes the closing handshake; 1005/1006 are reserved and cannot be sent back.
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "Bye");
    } catch {
      // already closed
    }
  }

  override async alarm(): Promise<void> {
    const game = this.load();
    if (!game) return;
    const now = Date.now();
    if (isExpired(game, now)) {
      await this.settle().catch(() => undefined);
      for (const ws of this.ctx.getWebSockets()) {
        try {
          ws.send(
            JSON.stringify({
              type: "error",
              status: 410,
              title: "Room closed",
              detail: "The room closed after a period of inactivity.",
            }),
          );
          ws.close(1001, "Room closed");
        } catch {
          // gone already
        }
      }
      await this.clear();
      return;
    }
    this.advance(now);
    this.scheduleFlush();
    await this.ctx.storage.setAlarm(nextWakeAt(this.load() as LiveState));
  }

  /** Deletes the room's whole state (storage and alarm). */
  private async clear() {
    this.game = null;
    this.setupInfo = null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }

  /** Lets the room's clock act (a question whose time is up closes); returns the state after. */
  private advance(now: number): LiveState | null {
    const game = this.load();
    if (!game) return null;
    const r = step(game, { role: "host" }, { type: "tick" }, now);
    if (r.state !== game) this.commit(game, r.state, r.out);
    return r.state;
  }

  /** Runs one event through the game; returns the messages addressed to that actor (null: no room). */
  private async apply(
    actor: Actor,
    event: LiveEvent,
    options: { deliverUnchanged: boolean } = { deliverUnchanged: true },
  ): Promise<ServerMessage[] | null> {
    const game = this.load();
    if (!game) return null;
    const r = step(game, actor, event, Date.now());
    if (r.state !== game) this.commit(game, r.state, r.out);
    else if (options.deliverUnchanged) this.deliver(r.out);
    if (nextWakeAt(r.state) < nextWakeAt(game) || r.state.phase !== game.phase) {
      await this.ctx.storage.setAlarm(nextWakeAt(r.state));
    }
    return r.out.filter((o) => addressedTo(o, actor)).map((o) => o.message);
  }

  private commit(before: LiveState, after: LiveState, out: Outgoing[]) {
    this.persist(before, after);
    this.deliver(out);
    const removedNow = after.players.some((p, i) => p.removed && !before.players[i]?.removed);
    if (after.phase !== before.phase || removedNow) this.scheduleFlush();
  }

  private deliver(out: Outgoing[]) {
    for (const { to, message } of out) {
      const sockets =
        to === "all"
          ? this.ctx.getWebSockets()
          : to === "host"
            ? this.ctx.getWebSockets("host")
            : this.ctx.getWebSockets(`l:${to.learnerId}`);
      const text = JSON.stringify(message);
      for (const ws of sockets) {
        try {
          ws.send(text);
          if (message.type === "removed") ws.close(4003, "Removed by the host");
        } catch {
          // A socket that went away meanwhile: its client will reconnect and get a snapshot.
        }
      }
    }
  }

  private isFlooding(ws: WebSocket): boolean {
    const second = Math.floor(Date.now() / 1000);
    const rate = this.rates.get(ws);
    if (!rate || rate.second !== second) {
      this.rates.set(ws, { second, count: 1 });
      return false;
    }
    rate.count++;
    return rate.count > FLOOD_PER_SECOND;
  }

  /** Copies what D1 lacks, one flush at a time; a failure is retried at the next phase or alarm. */
  private scheduleFlush() {
    this.flushing = this.flushing
      .then(() => this.flushToD1())
      .catch((error: unknown) => console.error("live room: D1 copy failed; will retry", error));
  }

  private async flushToD1(): Promise<void> {
    const game = this.load();
    const setup = this.setupInfo;
    if (!game || !setup) return;
    const synced = new Set(
      this.ctx.storage.sql
        .exec<{ kind: string; learner_id: string; item_id: string }>("SELECT kind, learner_id, item_id FROM synced")
        .toArray()
        .map((r) => `${r.kind}|${r.learner_id}|${r.item_id}`),
    );
    const has = (kind: string, learnerId: string, itemId = "") => synced.has(`${kind}|${learnerId}|${itemId}`);
    const room: LiveRoomRecord = {
      assignmentId: setup.assignmentId,
      quizId: setup.quizId,
      bankVersion: setup.bankVersion,
      seed: game.config.seed,
      itemIds: game.config.itemIds,
      maxScore: maxBankPoints(game.config),
      lang: game.config.lang,
    };
    const db = this.env.DB.withSession("first-primary");
    const now = Date.now();
    const marks: [string, string, string][] = [];
    const chunk: D1PreparedStatement[] = [];
    let inChunk = 0;
    const send = async () => {
      if (chunk.length > 0) this.d1RowsWritten += await runInBatches(db, chunk.splice(0), 1000);
      inChunk = 0;
    };
    for (const p of game.players) {
      const record: LivePlayerRecord = {
        learnerId: p.learnerId,
        attemptId: p.attemptId,
        name: p.name,
        nameKey: p.key,
        joinedAt: p.joinedAt,
      };
      const stored = has("player", p.learnerId);
      if (p.removed) {
        if (has("removed", p.learnerId)) continue;
        if (stored) chunk.push(...liveRemoveStatements(db, setup.assignmentId, record));
        marks.push(["removed", p.learnerId, ""]);
      } else {
        if (!stored) {
          chunk.push(...livePlayerStatements(db, room, [record]));
          marks.push(["player", p.learnerId, ""]);
        }
        const answers: LiveAnswerRecord[] = [];
        for (const [itemId, a] of Object.entries(p.answers)) {
          if (has("answer", p.learnerId, itemId)) continue;
          const position = game.config.itemIds.indexOf(itemId);
          const item = liveItem(game.config, position);
          answers.push({
            attemptId: p.attemptId,
            itemId,
            position,
            response: a.response,
            fraction: a.fraction,
            points: a.fraction * itemPoints(item),
            state: a.state,
            answeredAt: a.at,
            pollChoice: item.type === "poll" ? ((JSON.parse(a.response) as { choice?: string }).choice ?? null) : null,
          });
          marks.push(["answer", p.learnerId, itemId]);
        }
        if (answers.length > 0) chunk.push(...liveAnswerStatements(db, answers));
        if (game.phase === "ended" && !has("finished", p.learnerId)) {
          chunk.push(...liveFinishStatements(db, setup.assignmentId, [record], now));
          marks.push(["finished", p.learnerId, ""]);
        }
      }
      if (++inChunk >= PLAYERS_PER_BATCH) await send();
    }
    await send();
    if (marks.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      for (const [kind, learnerId, itemId] of marks) {
        this.ctx.storage.sql.exec(
          "INSERT OR IGNORE INTO synced (kind, learner_id, item_id) VALUES (?, ?, ?)",
          kind,
          learnerId,
          itemId,
        );
      }
    });
    const current = this.load();
    if (current) this.persist(current, current);
  }
}

/** A client message as a game event: a join gets the new player's ids here. */
const toEvent = (m: ClientMessage): LiveEvent =>
  m.type === "join" ? { ...m, playerId: randomHex(8), attemptId: randomHex(16) } : m;

function addressedTo(o: Outgoing, actor: Actor): boolean {
  if (o.to === "all") return true;
  if (o.to === "host") return actor.role === "host";
  return actor.role === "player" && o.to.learnerId === actor.learnerId;
}
