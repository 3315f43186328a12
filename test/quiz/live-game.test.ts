import { describe, expect, it } from "vitest";
import { BANK, type ConcreteItem, correctResponse, feedbackFor, QUESTION_TYPES } from "../../src/quiz/index.ts";
import {
  type Actor,
  createGame,
  isExpired,
  LIVE_IDLE_MS,
  type LiveConfig,
  type LiveEvent,
  type LiveState,
  liveItem,
  nextWakeAt,
  type Outgoing,
  type ServerMessage,
  snapshotFor,
  step,
} from "../../src/quiz/live-game.ts";

const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
const HOST: Actor = { role: "host" };
const player = (n: number): Actor => ({ role: "player", learnerId: `learner-${n}` });

/** Item ids picked by type from the bank (never hard-coded: ids are opaque). */
const idOfType = (type: string, nth = 0) => {
  const found = BANK.items.filter((i) => i.type === type)[nth];
  if (!found) throw new Error(`no ${type} item`);
  return found.id;
};

function config(itemIds: string[], extra: Partial<LiveConfig> = {}): LiveConfig {
  return { itemIds, seed: 42, lang: "en", secondsPerQuestion: 20, speedBonus: false, ...extra };
}

/** Runs events in order, collecting every outgoing message. */
function run(state: LiveState, events: [Actor, LiveEvent, number][]): { state: LiveState; out: Outgoing[] } {
  const out: Outgoing[] = [];
  let s = state;
  for (const [actor, event, now] of events) {
    const r = step(s, actor, event, now);
    s = r.state;
    out.push(...r.out);
  }
  return { state: s, out };
}

const join = (n: number, name: string, now = T0): [Actor, LiveEvent, number] => [
  player(n),
  { type: "join", name, playerId: `p${n}`, attemptId: `a${n}` },
  now,
];
const to = (out: Outgoing[], n: number) =>
  out.filter((o) => typeof o.to === "object" && o.to.learnerId === `learner-${n}`).map((o) => o.message);
const ofType = <T extends ServerMessage["type"]>(messages: ServerMessage[], type: T) =>
  messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
const wrong = (item: ConcreteItem) =>
  (QUESTION_TYPES[item.type] as { wrongResponses(i: ConcreteItem): unknown[] }).wrongResponses(item)[0];

describe("live game state machine", () => {
  const ids = [idOfType("single-choice"), idOfType("numeric"), idOfType("poll")];
  const fresh = () => createGame(config(ids), T0);

  it("runs lobby → question → reveal → … → ended with scores, ranks and the podium", () => {
    const cfg = config(ids);
    const q0 = liveItem(cfg, 0);
    const q1 = liveItem(cfg, 1);
    const { state, out } = run(fresh(), [
      join(1, "Ana"),
      join(2, "Bob"),
      [HOST, { type: "start" }, T0 + 1000],
      [player(1), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 2000],
      [player(2), { type: "answer", questionId: q0.id, response: wrong(q0) }, T0 + 3000],
      [HOST, { type: "next" }, T0 + 5000],
      [player(2), { type: "answer", questionId: q1.id, response: correctResponse(q1) }, T0 + 6000],
      [HOST, { type: "skip" }, T0 + 7000],
      [HOST, { type: "next" }, T0 + 8000],
      [HOST, { type: "next" }, T0 + 30_000], // the poll closed by itself at 28 s
      [HOST, { type: "next" }, T0 + 31_000],
    ]);
    expect(state.phase).toBe("ended");
    // Everyone answered q0, so it closed at once: results went out with ranks.
    const results1 = ofType(to(out, 1), "result");
    expect(results1.map((r) => [r.fraction, r.points, r.rank, r.of])).toEqual([
      [1, 1000, 1, 2],
      [null, 0, 1, 2],
      [null, 0, 1, 2],
    ]);
    expect(ofType(to(out, 2), "result").map((r) => r.score)).toEqual([0, 1000, 1000]);
    const ended = ofType(
      out.map((o) => o.message),
      "ended",
    );
    expect(ended[0]?.leaderboard).toEqual([
      { rank: 1, name: "Ana", score: 1000 },
      { rank: 1, name: "Bob", score: 1000 },
    ]);
    expect(ofType(to(out, 2), "final")).toEqual([{ type: "final", score: 1000, rank: 1, of: 2 }]);
  });

  it("sends the key, the explanation and the source to no one before the question closes", () => {
    const cfg = config(ids);
    const q0 = liveItem(cfg, 0);
    const feedback = feedbackFor(q0, "en");
    const before = run(fresh(), [
      join(1, "Ana"),
      join(2, "Bob"),
      [HOST, { type: "start" }, T0 + 1],
      [player(1), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 2],
      [player(2), { type: "hello" }, T0 + 3],
      [HOST, { type: "hello" }, T0 + 4],
    ]);
    const text = JSON.stringify(before.out);
    expect(text).not.toContain(feedback.explanation);
    expect(text).not.toContain(feedback.source.quote);
    expect(text).not.toContain('"correct"');
    const after = step(before.state, HOST, { type: "skip" }, T0 + 5);
    const reveal = ofType(
      after.out.map((o) => o.message),
      "reveal",
    )[0];
    expect(reveal?.explanation).toBe(feedback.explanation);
    expect(reveal?.source.quote).toBe(feedback.source.quote);
    expect(reveal?.correct).toEqual(correctResponse(q0));
  });

  it("takes one answer per player per question: a retry is acknowledged as a duplicate, a change refused", () => {
    const q0 = liveItem(config(ids), 0);
    const s = run(fresh(), [join(1, "Ana"), join(2, "Bob"), [HOST, { type: "start" }, T0]]).state;
    const first = step(s, player(1), { type: "answer", questionId: q0.id, response: wrong(q0) }, T0 + 1);
    const retry = step(first.state, player(1), { type: "answer", questionId: q0.id, response: wrong(q0) }, T0 + 2);
    expect(to(retry.out, 1)).toEqual([{ type: "ack", questionId: q0.id, duplicate: true }]);
    expect(retry.state).toBe(first.state);
    const change = step(
      first.state,
      player(1),
      { type: "answer", questionId: q0.id, response: correctResponse(q0) },
      T0 + 3,
    );
    expect(to(change.out, 1)).toMatchObject([{ type: "error", status: 409 }]);
    expect(change.state).toBe(first.state);
    expect(first.state.players[0]?.answers[q0.id]?.fraction).toBe(0);
  });

  it("refuses answers after the close, to another question, while paused, malformed or from strangers", () => {
    const cfg = config(ids);
    const [q0, q1] = [liveItem(cfg, 0), liveItem(cfg, 1)];
    const s = run(fresh(), [join(1, "Ana"), join(2, "Bob"), [HOST, { type: "start" }, T0]]).state;
    const late = step(s, player(1), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 20_000);
    expect(late.state.phase).toBe("reveal");
    expect(to(late.out, 1).at(-1)).toMatchObject({ type: "error", status: 409, title: "Question closed" });
    expect(late.state.players[0]?.answers).toEqual({});

    const other = step(s, player(1), { type: "answer", questionId: q1.id, response: correctResponse(q1) }, T0 + 1);
    expect(to(other.out, 1)).toMatchObject([{ type: "error", status: 409 }]);
    const paused = step(s, HOST, { type: "pause" }, T0 + 1000).state;
    const whilePaused = step(
      paused,
      player(1),
      { type: "answer", questionId: q0.id, response: correctResponse(q0) },
      T0 + 2,
    );
    expect(to(whilePaused.out, 1)).toMatchObject([{ type: "error", status: 409, title: "Paused" }]);
    const bad = step(s, player(1), { type: "answer", questionId: q0.id, response: { choice: "nope" } }, T0 + 1);
    expect(to(bad.out, 1)).toMatchObject([{ type: "error", status: 422 }]);
    expect(bad.state).toBe(s);
    const stranger = step(s, player(9), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 1);
    expect(to(stranger.out, 9)).toMatchObject([{ type: "error", status: 403 }]);
    const notHost = step(s, player(1), { type: "skip" }, T0 + 1);
    expect(to(notHost.out, 1)).toMatchObject([{ type: "error", status: 403, title: "Host only" }]);
    expect(notHost.state).toBe(s);
  });

  it("pauses and resumes with the time left; the clock closes the question at endsAt", () => {
    const s = run(fresh(), [join(1, "Ana"), [HOST, { type: "start" }, T0]]).state;
    expect(nextWakeAt(s)).toBe(T0 + 20_000);
    const paused = step(s, HOST, { type: "pause" }, T0 + 5000).state;
    expect(paused.pausedLeftMs).toBe(15_000);
    expect(step(paused, HOST, { type: "tick" }, T0 + 60_000).state.phase).toBe("question");
    const resumed = step(paused, HOST, { type: "resume" }, T0 + 60_000).state;
    expect(resumed.endsAt).toBe(T0 + 75_000);
    expect(step(resumed, HOST, { type: "tick" }, T0 + 74_999).state.phase).toBe("question");
    expect(step(resumed, HOST, { type: "tick" }, T0 + 75_000).state.phase).toBe("reveal");
  });

  it("applies the nickname rules, keeps nicknames unique, and a rejoin restores the player", () => {
    const s = run(fresh(), [join(1, "Ana")]).state;
    expect(
      to(step(s, player(2), { type: "join", name: "ANA", playerId: "p2", attemptId: "a2" }, T0).out, 2),
    ).toMatchObject([{ type: "error", status: 409 }]);
    expect(
      to(step(s, player(2), { type: "join", name: "admin", playerId: "p2", attemptId: "a2" }, T0).out, 2),
    ).toMatchObject([{ type: "error", status: 422 }]);
    const again = step(s, player(1), { type: "join", name: "Other", playerId: "px", attemptId: "ax" }, T0 + 1);
    expect(again.state.players).toHaveLength(1);
    expect(to(again.out, 1)).toContainEqual({ type: "joined", playerId: "p1", name: "Ana" });
  });

  it("lets late joiners in at the current question, and restores a reconnecting player's answer", () => {
    const q0 = liveItem(config(ids), 0);
    const s = run(fresh(), [
      join(1, "Ana"),
      join(2, "Bob"),
      [HOST, { type: "start" }, T0],
      [player(1), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 1],
    ]).state;
    const late = step(s, player(3), { type: "join", name: "Cy", playerId: "p3", attemptId: "a3" }, T0 + 2);
    expect(to(late.out, 3).map((m) => m.type)).toEqual(["state", "joined", "question"]);
    const back = snapshotFor(late.state, player(1), T0 + 3);
    expect(back.map((m) => m.type)).toEqual(["state", "joined", "question", "ack"]);
  });

  it("removes a player: gone from the board, cannot rejoin under another name with the same cookie", () => {
    const s = run(fresh(), [join(1, "Ana"), join(2, "Bob")]).state;
    const removed = step(s, HOST, { type: "remove", playerId: "p2" }, T0 + 1);
    expect(to(removed.out, 2)).toEqual([{ type: "removed" }]);
    const rejoin = step(
      removed.state,
      player(2),
      { type: "join", name: "Robert", playerId: "p9", attemptId: "a9" },
      T0 + 2,
    );
    expect(to(rejoin.out, 2)).toMatchObject([{ type: "error", status: 403 }]);
    const started = step(rejoin.state, HOST, { type: "start" }, T0 + 3);
    expect(
      ofType(
        started.out.map((o) => o.message),
        "state",
      )[0]?.players,
    ).toBe(1);
  });

  it("adds a speed bonus only when the teacher turns it on", () => {
    const cfg = config(ids, { speedBonus: true });
    const q0 = liveItem(cfg, 0);
    const r = run(createGame(cfg, T0), [
      join(1, "Ana"),
      join(2, "Bob"),
      [HOST, { type: "start" }, T0],
      [player(1), { type: "answer", questionId: q0.id, response: correctResponse(q0) }, T0 + 5000],
    ]);
    expect(r.state.players[0]?.answers[q0.id]?.points).toBe(1375);
  });

  it("closes itself after inactivity", () => {
    const s = fresh();
    expect(isExpired(s, T0 + LIVE_IDLE_MS - 1)).toBe(false);
    expect(isExpired(s, T0 + LIVE_IDLE_MS)).toBe(true);
    expect(nextWakeAt(s)).toBe(T0 + LIVE_IDLE_MS);
  });

  it("shows a poll's distribution and a numeric question's most common values", () => {
    const cfg = config([idOfType("poll"), idOfType("numeric")]);
    const [poll, num] = [liveItem(cfg, 0), liveItem(cfg, 1)];
    const choice = (poll as { choices: { id: string }[] }).choices[0]?.id;
    const r = run(createGame(cfg, T0), [
      join(1, "Ana"),
      join(2, "Bob"),
      [HOST, { type: "start" }, T0],
      [player(1), { type: "answer", questionId: poll.id, response: { choice } }, T0 + 1],
      [player(2), { type: "answer", questionId: poll.id, response: { choice } }, T0 + 2],
      [HOST, { type: "next" }, T0 + 3],
      [player(1), { type: "answer", questionId: num.id, fields: { value: "7" } }, T0 + 4],
      [HOST, { type: "skip" }, T0 + 5],
    ]);
    const reveals = ofType(
      r.out.filter((o) => o.to === "all").map((o) => o.message),
      "reveal",
    );
    expect(reveals[0]?.distribution).toMatchObject({ kind: "choices" });
    const picked =
      reveals[0]?.distribution.kind === "choices" ? reveals[0].distribution.options.find((o) => o.id === choice) : null;
    expect(picked?.count).toBe(2);
    expect(reveals[1]?.distribution).toMatchObject({ kind: "values", values: [{ text: "7", count: 1 }], others: 0 });
  });
});
