/**
 * The live class game as a pure state machine: an event from the host or a player, and the
 * room's clock, give the next state and the messages to send (to everyone, to the host, or to
 * one player). No sockets, no storage, no HTTP: the Durable Object in src/live feeds it events
 * and delivers what it returns. What each client may see is decided here, once: the answer key,
 * the explanation and the source are in no message before the question closes.
 */

import type { ConcreteItem } from "./bank-schema.ts";
import { canonicalResponse } from "./canonical-response.ts";
import type { Lang } from "./format.ts";
import {
  correctResponse,
  countOptionPicks,
  feedbackFor,
  getConcreteItem,
  gradeResponse,
  isResponseComplete,
  itemPoints,
  type PublicQuestion,
  parseResponse,
  publicQuestion,
  type Response,
  responseFromForm,
} from "./index.ts";
import { checkNickname } from "./nicknames.ts";

export type LivePhase = "lobby" | "question" | "reveal" | "ended";

/** Seconds a question stays open: the teacher chooses between these bounds. */
export const LIVE_SECONDS = { min: 5, max: 120, default: 20 } as const;
/** Points for a fully right answer worth one bank point; the speed bonus adds up to half again. */
export const LIVE_POINTS_PER_POINT = 1000;
const SPEED_BONUS_SHARE = 0.5;
/** A room nobody acts in closes itself (and deletes its state) after this long. */
export const LIVE_IDLE_MS = 30 * 60_000;
/** An ended room stays readable (podium, results) this long before it closes. */
export const LIVE_ENDED_MS = 10 * 60_000;
export const LIVE_MAX_PLAYERS = 1000;
const TOP = 5;

export type LiveConfig = {
  itemIds: string[];
  /** One seed for the whole room: every phone sees the same numbers and choice order. */
  seed: number;
  lang: Lang;
  secondsPerQuestion: number;
  speedBonus: boolean;
};

export type LiveAnswer = {
  /** Canonical JSON of the validated response. */
  response: string;
  fraction: number;
  state: string;
  /** Room points (fraction × item points × 1000, plus any speed bonus). */
  points: number;
  at: number;
};

export type LivePlayer = {
  id: string;
  learnerId: string;
  /** The D1 attempt this player's answers are stored under. */
  attemptId: string;
  name: string;
  key: string;
  joinedAt: number;
  score: number;
  answers: Record<string, LiveAnswer>;
  removed: boolean;
};

export type LiveState = {
  config: LiveConfig;
  phase: LivePhase;
  /** Index of the current (or last shown) question; -1 in the lobby. */
  index: number;
  openedAt: number | null;
  endsAt: number | null;
  /** Set while paused: how long the question still had to run. */
  pausedLeftMs: number | null;
  players: LivePlayer[];
  lastActivityAt: number;
};

export type Actor = { role: "host" } | { role: "player"; learnerId: string };

export type HostCommand = "start" | "next" | "pause" | "resume" | "skip" | "end";

export type LiveEvent =
  | { type: "hello" }
  | { type: "tick" }
  | { type: "join"; name: string; playerId: string; attemptId: string }
  | { type: "answer"; questionId: string; response?: unknown; fields?: Record<string, string | string[]> }
  | { type: HostCommand }
  | { type: "remove"; playerId: string };

export type LeaderboardEntry = { rank: number; name: string; score: number };

export type Distribution =
  | { kind: "choices"; options: { id: string; label: string; count: number; correct: boolean }[] }
  | { kind: "values"; values: { text: string; count: number; correct: boolean }[]; others: number }
  | { kind: "grades"; correct: number; partial: number; incorrect: number };

export type ServerMessage =
  | {
      type: "state";
      phase: LivePhase;
      players: number;
      index: number;
      total: number;
      endsAt: number | null;
      paused: boolean;
      remainingMs: number | null;
      now: number;
    }
  | { type: "question"; index: number; total: number; question: PublicQuestion; endsAt: number | null; now: number }
  | {
      type: "reveal";
      questionId: string;
      index: number;
      total: number;
      correct: Response | null;
      correctAnswer: string;
      explanation: string;
      source: { quote: string; sentenceId: string };
      distribution: Distribution;
      answered: number;
      players: number;
      leaderboard: LeaderboardEntry[];
    }
  | { type: "ended"; leaderboard: LeaderboardEntry[]; players: number }
  | { type: "joined"; playerId: string; name: string }
  | { type: "ack"; questionId: string; duplicate: boolean }
  | {
      type: "result";
      questionId: string;
      fraction: number | null;
      points: number;
      score: number;
      rank: number;
      of: number;
    }
  | { type: "final"; score: number; rank: number; of: number }
  | { type: "removed" }
  | { type: "players"; players: { id: string; name: string }[] }
  | { type: "answered"; questionId: string; count: number; players: number }
  | { type: "error"; status: number; title: string; detail: string };

export type Recipient = "all" | "host" | { learnerId: string };
export type Outgoing = { to: Recipient; message: ServerMessage };
export type StepResult = { state: LiveState; out: Outgoing[] };

/** A new room, in the lobby. */
export function createGame(config: LiveConfig, now: number): LiveState {
  return {
    config,
    phase: "lobby",
    index: -1,
    openedAt: null,
    endsAt: null,
    pausedLeftMs: null,
    players: [],
    lastActivityAt: now,
  };
}

const itemCache = new Map<string, ConcreteItem>();
/** The question at `index` as this room shows it (parametric numbers from the room's seed). */
export function liveItem(config: LiveConfig, index: number): ConcreteItem {
  const id = config.itemIds[index] ?? "";
  const key = `${config.seed}:${id}`;
  let item = itemCache.get(key);
  if (!item) {
    item = getConcreteItem(id, config.seed);
    if (!item) throw new Error(`live game: item ${id} is not in the bank`);
    itemCache.set(key, item);
  }
  return item;
}

/** The most points the room can give: used by tests and the D1 record (bank points). */
export const maxBankPoints = (config: LiveConfig) =>
  config.itemIds.reduce((sum, _, i) => sum + itemPoints(liveItem(config, i)), 0);

const active = (s: LiveState) => s.players.filter((p) => !p.removed);
const playerOf = (s: LiveState, learnerId: string) => s.players.find((p) => p.learnerId === learnerId);
const currentId = (s: LiveState) => s.config.itemIds[s.index] ?? "";

/** When the room must wake up by itself: the question's close, or its inactivity close. */
export function nextWakeAt(s: LiveState): number {
  const idle = s.lastActivityAt + (s.phase === "ended" ? LIVE_ENDED_MS : LIVE_IDLE_MS);
  return s.phase === "question" && s.endsAt !== null ? Math.min(s.endsAt, idle) : idle;
}

/** Whether the room has been left alone long enough to close and delete itself. */
export const isExpired = (s: LiveState, now: number) =>
  now >= s.lastActivityAt + (s.phase === "ended" ? LIVE_ENDED_MS : LIVE_IDLE_MS);

/** Competition ranks (1, 2, 2, 4) by score, best first; earlier joiners first among equals. */
export function standings(s: LiveState): { player: LivePlayer; rank: number }[] {
  const sorted = [...active(s)].sort((a, b) => b.score - a.score || a.joinedAt - b.joinedAt);
  let rank = 0;
  return sorted.map((player, i) => {
    if (i === 0 || (sorted[i - 1] as LivePlayer).score !== player.score) rank = i + 1;
    return { player, rank };
  });
}

const leaderboard = (s: LiveState): LeaderboardEntry[] =>
  standings(s)
    .slice(0, TOP)
    .map(({ player, rank }) => ({ rank, name: player.name, score: player.score }));

function stateMessage(s: LiveState, now: number): ServerMessage {
  return {
    type: "state",
    phase: s.phase,
    players: active(s).length,
    index: s.index,
    total: s.config.itemIds.length,
    endsAt: s.endsAt,
    paused: s.pausedLeftMs !== null,
    remainingMs: s.pausedLeftMs ?? (s.endsAt === null ? null : Math.max(0, s.endsAt - now)),
    now,
  };
}

function questionMessage(s: LiveState, now: number): ServerMessage {
  const item = liveItem(s.config, s.index);
  return {
    type: "question",
    index: s.index,
    total: s.config.itemIds.length,
    question: publicQuestion(item, s.config.lang, s.config.seed),
    endsAt: s.endsAt,
    now,
  };
}

function distributionOf(item: ConcreteItem, answers: LiveAnswer[], lang: Lang): Distribution {
  const responses = answers.map((a) => JSON.parse(a.response) as unknown);
  const picks = countOptionPicks(item, responses);
  if (picks.length > 0) {
    return {
      kind: "choices",
      options: picks.map((p) => ({ id: p.optionId, label: p.label[lang], count: p.count, correct: p.correct })),
    };
  }
  if (item.type === "numeric" || item.type === "text") {
    const counts = new Map<string, { count: number; correct: boolean }>();
    for (const answer of answers) {
      const raw = JSON.parse(answer.response) as { value?: unknown; text?: unknown };
      const text = String(raw.value ?? raw.text ?? "")
        .trim()
        .toLowerCase();
      const entry = counts.get(text) ?? { count: 0, correct: answer.fraction >= 1 };
      entry.count++;
      counts.set(text, entry);
    }
    const sorted = [...counts].sort((a, b) => b[1].count - a[1].count);
    const values = sorted.slice(0, 6).map(([text, v]) => ({ text, count: v.count, correct: v.correct }));
    return { kind: "values", values, others: answers.length - values.reduce((n, v) => n + v.count, 0) };
  }
  return {
    kind: "grades",
    correct: answers.filter((a) => a.state === "correct").length,
    partial: answers.filter((a) => a.state === "partial").length,
    incorrect: answers.filter((a) => a.state === "incorrect").length,
  };
}

function revealMessage(s: LiveState): ServerMessage {
  const item = liveItem(s.config, s.index);
  const answers = active(s)
    .map((p) => p.answers[item.id])
    .filter((a): a is LiveAnswer => a !== undefined);
  const feedback = feedbackFor(item, s.config.lang);
  return {
    type: "reveal",
    questionId: item.id,
    index: s.index,
    total: s.config.itemIds.length,
    correct: correctResponse(item),
    correctAnswer: feedback.correctAnswer,
    explanation: feedback.explanation,
    source: { quote: feedback.source.quote, sentenceId: feedback.source.sentenceId },
    distribution: distributionOf(item, answers, s.config.lang),
    answered: answers.length,
    players: active(s).length,
    leaderboard: leaderboard(s),
  };
}

function resultMessage(s: LiveState, player: LivePlayer, rank: number, of: number): ServerMessage {
  const answer = player.answers[currentId(s)];
  return {
    type: "result",
    questionId: currentId(s),
    fraction: answer ? answer.fraction : null,
    points: answer?.points ?? 0,
    score: player.score,
    rank,
    of,
  };
}

const toOne = (learnerId: string, message: ServerMessage): Outgoing => ({ to: { learnerId }, message });
const toAll = (message: ServerMessage): Outgoing => ({ to: "all", message });

/** Everything one client needs to show the room as it is now (on connect, reconnect, reload). */
export function snapshotFor(s: LiveState, actor: Actor, now: number): ServerMessage[] {
  const messages: ServerMessage[] = [stateMessage(s, now)];
  const player = actor.role === "player" ? playerOf(s, actor.learnerId) : undefined;
  if (actor.role === "host") {
    messages.push({ type: "players", players: active(s).map((p) => ({ id: p.id, name: p.name })) });
  } else if (player?.removed) {
    return [{ type: "removed" }];
  } else if (player) {
    messages.push({ type: "joined", playerId: player.id, name: player.name });
  }
  if (s.phase === "question") {
    messages.push(questionMessage(s, now));
    if (actor.role === "host") messages.push(answeredMessage(s));
    else if (player?.answers[currentId(s)]) messages.push({ type: "ack", questionId: currentId(s), duplicate: true });
  } else if (s.phase === "reveal") {
    messages.push(revealMessage(s));
    const standing = player ? standings(s).find((x) => x.player.id === player.id) : undefined;
    if (player && standing) messages.push(resultMessage(s, player, standing.rank, active(s).length));
  } else if (s.phase === "ended") {
    messages.push({ type: "ended", leaderboard: leaderboard(s), players: active(s).length });
    const standing = player ? standings(s).find((x) => x.player.id === player.id) : undefined;
    if (standing)
      messages.push({ type: "final", score: standing.player.score, rank: standing.rank, of: active(s).length });
  }
  return messages;
}

function answeredMessage(s: LiveState): ServerMessage {
  const id = currentId(s);
  return {
    type: "answered",
    questionId: id,
    count: active(s).filter((p) => p.answers[id]).length,
    players: active(s).length,
  };
}

const refuse = (actor: Actor, status: number, title: string, detail: string): Outgoing => ({
  to: actor.role === "host" ? "host" : { learnerId: actor.learnerId },
  message: { type: "error", status, title, detail },
});

function openQuestion(s: LiveState, index: number, now: number): StepResult {
  const state: LiveState = {
    ...s,
    phase: "question",
    index,
    openedAt: now,
    endsAt: now + s.config.secondsPerQuestion * 1000,
    pausedLeftMs: null,
  };
  return {
    state,
    out: [
      toAll(stateMessage(state, now)),
      toAll(questionMessage(state, now)),
      { to: "host", message: answeredMessage(state) },
    ],
  };
}

function closeQuestion(s: LiveState, now: number): StepResult {
  const state: LiveState = { ...s, phase: "reveal", endsAt: null, pausedLeftMs: null };
  const ranked = standings(state);
  const out: Outgoing[] = [toAll(stateMessage(state, now)), toAll(revealMessage(state))];
  for (const { player, rank } of ranked)
    out.push(toOne(player.learnerId, resultMessage(state, player, rank, ranked.length)));
  return { state, out };
}

function endGame(s: LiveState, now: number): StepResult {
  const state: LiveState = { ...s, phase: "ended", endsAt: null, pausedLeftMs: null };
  const ranked = standings(state);
  const out: Outgoing[] = [
    toAll(stateMessage(state, now)),
    toAll({ type: "ended", leaderboard: leaderboard(state), players: ranked.length }),
  ];
  for (const { player, rank } of ranked) {
    out.push(toOne(player.learnerId, { type: "final", score: player.score, rank, of: ranked.length }));
  }
  return { state, out };
}

/** The room's clock decides: a question whose time is up closes before anything else happens. */
function applyClock(s: LiveState, now: number): StepResult {
  if (s.phase === "question" && s.endsAt !== null && now >= s.endsAt) return closeQuestion(s, now);
  return { state: s, out: [] };
}

const then = (first: StepResult, next: (s: LiveState) => StepResult): StepResult => {
  const second = next(first.state);
  return { state: second.state, out: [...first.out, ...second.out] };
};

const touch = (r: StepResult, now: number): StepResult => ({ state: { ...r.state, lastActivityAt: now }, out: r.out });

/** One event at time `now`: the next state and the messages it causes. Never throws on client input. */
export function step(s: LiveState, actor: Actor, event: LiveEvent, now: number): StepResult {
  return then(applyClock(s, now), (state) => handle(state, actor, event, now));
}

function handle(s: LiveState, actor: Actor, event: LiveEvent, now: number): StepResult {
  const same = (out: Outgoing[]): StepResult => ({ state: s, out });
  switch (event.type) {
    case "tick":
      return same([]);
    case "hello":
      return same(
        snapshotFor(s, actor, now).map((message) => ({
          to: actor.role === "host" ? ("host" as const) : { learnerId: actor.learnerId },
          message,
        })),
      );
    case "join":
      if (actor.role !== "player")
        return same([refuse(actor, 403, "Not a player", "The host does not join the game.")]);
      return join(s, actor.learnerId, event, now);
    case "answer":
      if (actor.role !== "player") return same([refuse(actor, 403, "Not a player", "The host does not answer.")]);
      return answer(s, actor.learnerId, event, now);
    default:
      if (actor.role !== "host") {
        return same([refuse(actor, 403, "Host only", "Only the host controls the room.")]);
      }
      return hostCommand(s, actor, event, now);
  }
}

function join(s: LiveState, learnerId: string, event: Extract<LiveEvent, { type: "join" }>, now: number): StepResult {
  const actor: Actor = { role: "player", learnerId };
  const existing = playerOf(s, learnerId);
  if (existing?.removed) {
    return { state: s, out: [refuse(actor, 403, "Removed", "The host removed you from this game.")] };
  }
  if (existing) {
    return { state: s, out: snapshotFor(s, actor, now).map((message) => toOne(learnerId, message)) };
  }
  if (s.phase === "ended") return { state: s, out: [refuse(actor, 409, "Game over", "This game has ended.")] };
  const checked = checkNickname(event.name, s.config.lang);
  if (!checked.ok) return { state: s, out: [refuse(actor, 422, "Invalid nickname", checked.message)] };
  if (s.players.some((p) => p.key === checked.key)) {
    const detail =
      s.config.lang === "fr"
        ? "Ce pseudo est déjà pris : choisissez-en un autre."
        : "This nickname is taken: choose another.";
    return { state: s, out: [refuse(actor, 409, "Nickname taken", detail)] };
  }
  if (active(s).length >= LIVE_MAX_PLAYERS) {
    return { state: s, out: [refuse(actor, 409, "Room full", `A room holds ${LIVE_MAX_PLAYERS} players.`)] };
  }
  const player: LivePlayer = {
    id: event.playerId,
    learnerId,
    attemptId: event.attemptId,
    name: checked.nickname,
    key: checked.key,
    joinedAt: now,
    score: 0,
    answers: {},
    removed: false,
  };
  const state: LiveState = { ...s, players: [...s.players, player], lastActivityAt: now };
  const out: Outgoing[] = snapshotFor(state, actor, now).map((message) => toOne(learnerId, message));
  out.push({
    to: "host",
    message: { type: "players", players: active(state).map((p) => ({ id: p.id, name: p.name })) },
  });
  return { state, out };
}

function answer(
  s: LiveState,
  learnerId: string,
  event: Extract<LiveEvent, { type: "answer" }>,
  now: number,
): StepResult {
  const actor: Actor = { role: "player", learnerId };
  const no = (status: number, title: string, detail: string) => ({
    state: s,
    out: [refuse(actor, status, title, detail)],
  });
  const player = playerOf(s, learnerId);
  if (!player) return no(403, "Not joined", "Join the game with a nickname first.");
  if (player.removed) return no(403, "Removed", "The host removed you from this game.");
  if (s.phase !== "question" || event.questionId !== currentId(s)) {
    return no(409, "Question closed", "This question is not open: answers are taken only while it is on screen.");
  }
  if (s.pausedLeftMs !== null) return no(409, "Paused", "The game is paused; answer when it resumes.");
  const item = liveItem(s.config, s.index);
  const raw = event.fields !== undefined ? responseFromForm(item, event.fields) : event.response;
  const parsed = parseResponse(item, raw);
  if (!parsed.success) {
    const detail = parsed.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
    return no(422, "Invalid answer", detail);
  }
  if (!isResponseComplete(item, parsed.response))
    return no(422, "Incomplete answer", "Answer every part of the question.");
  const canonical = canonicalResponse(parsed.response);
  const previous = player.answers[item.id];
  if (previous) {
    if (previous.response === canonical) {
      return { state: s, out: [toOne(learnerId, { type: "ack", questionId: item.id, duplicate: true })] };
    }
    return no(409, "Already answered", "Your first answer to this question counts; it cannot be changed.");
  }
  const grade = gradeResponse(item, parsed.response);
  const base = grade.fraction * itemPoints(item) * LIVE_POINTS_PER_POINT;
  const duration = s.config.secondsPerQuestion * 1000;
  const left = Math.max(0, (s.endsAt ?? now) - now);
  const bonus = s.config.speedBonus ? base * SPEED_BONUS_SHARE * (left / duration) : 0;
  const points = Math.round(base + bonus);
  const updated: LivePlayer = {
    ...player,
    score: player.score + points,
    answers: {
      ...player.answers,
      [item.id]: { response: canonical, fraction: grade.fraction, state: grade.state, points, at: now },
    },
  };
  let state: LiveState = {
    ...s,
    players: s.players.map((p) => (p === player ? updated : p)),
    lastActivityAt: now,
  };
  const out: Outgoing[] = [
    toOne(learnerId, { type: "ack", questionId: item.id, duplicate: false }),
    { to: "host", message: answeredMessage(state) },
  ];
  // Everyone has answered: no one waits for the clock.
  if (active(state).every((p) => p.answers[item.id])) {
    const closed = closeQuestion(state, now);
    state = closed.state;
    out.push(...closed.out);
  }
  return { state, out };
}

function hostCommand(
  s: LiveState,
  actor: Actor,
  event: Extract<LiveEvent, { type: HostCommand | "remove" }>,
  now: number,
): StepResult {
  const no = (title: string, detail: string) => ({ state: s, out: [refuse(actor, 409, title, detail)] });
  if (s.phase === "ended") return no("Game over", "This game has ended.");
  const total = s.config.itemIds.length;
  switch (event.type) {
    case "start":
      if (s.phase !== "lobby") return no("Already started", "The game has already started.");
      return touch(openQuestion(s, 0, now), now);
    case "next":
      if (s.phase === "lobby") return touch(openQuestion(s, 0, now), now);
      if (s.phase === "question") return no("Question open", "The question is still open: skip closes it now.");
      return touch(s.index + 1 < total ? openQuestion(s, s.index + 1, now) : endGame(s, now), now);
    case "skip":
      if (s.phase !== "question") return no("No open question", "Skip closes the open question; none is open.");
      return touch(closeQuestion(s, now), now);
    case "pause": {
      if (s.phase !== "question" || s.pausedLeftMs !== null || s.endsAt === null) {
        return no("Cannot pause", "Only a running question can be paused.");
      }
      const state: LiveState = { ...s, pausedLeftMs: Math.max(0, s.endsAt - now), endsAt: null, lastActivityAt: now };
      return { state, out: [toAll(stateMessage(state, now))] };
    }
    case "resume": {
      if (s.phase !== "question" || s.pausedLeftMs === null) return no("Not paused", "The game is not paused.");
      const state: LiveState = { ...s, endsAt: now + s.pausedLeftMs, pausedLeftMs: null, lastActivityAt: now };
      return { state, out: [toAll(stateMessage(state, now))] };
    }
    case "end":
      return touch(
        then(s.phase === "question" ? closeQuestion(s, now) : { state: s, out: [] }, (x) => endGame(x, now)),
        now,
      );
    case "remove": {
      const target = s.players.find((p) => p.id === event.playerId && !p.removed);
      if (!target)
        return { state: s, out: [refuse(actor, 404, "No such player", "No player in this room has this id.")] };
      let state: LiveState = {
        ...s,
        players: s.players.map((p) => (p === target ? { ...p, removed: true } : p)),
        lastActivityAt: now,
      };
      const out: Outgoing[] = [
        toOne(target.learnerId, { type: "removed" }),
        { to: "host", message: { type: "players", players: active(state).map((p) => ({ id: p.id, name: p.name })) } },
      ];
      const id = currentId(state);
      if (state.phase === "question" && active(state).length > 0 && active(state).every((p) => p.answers[id])) {
        const closed = closeQuestion(state, now);
        state = closed.state;
        out.push(...closed.out);
      }
      return { state, out };
    }
  }
}
