import type { Assignment } from "../db/assignments.ts";
import type { Db } from "../env.ts";
import type { LiveRoom } from "../live/room.ts";
import { randomSeed } from "../quiz/attempt.ts";
import { conflict } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import { pickFromPool } from "../quiz/index.ts";
import { LIVE_SECONDS, type LiveConfig } from "../quiz/live-game.ts";
import { createAssignment } from "./assignment-commands.ts";

export type LiveSettings = {
  title?: string | undefined;
  quizId?: string | undefined;
  topics?: string[] | undefined;
  questionCount?: number | undefined;
  secondsPerQuestion?: number | undefined;
  speedBonus?: boolean | undefined;
  lang: Lang;
};

type Rooms = DurableObjectNamespace<LiveRoom>;

/** The room of a code: one Durable Object per code. */
export const roomFor = (rooms: Rooms, code: string) => rooms.get(rooms.idFromName(code));

/** Opens a live room on an assignment: the questions are drawn once, for the whole room. */
async function openRoom(rooms: Rooms, a: Assignment, settings: LiveSettings): Promise<void> {
  const seed = randomSeed();
  const config: LiveConfig = {
    itemIds: pickFromPool(a.pool, a.questionCount, seed, a.shuffle),
    seed,
    lang: a.lang === "learner" ? settings.lang : a.lang,
    secondsPerQuestion: settings.secondsPerQuestion ?? LIVE_SECONDS.default,
    speedBonus: settings.speedBonus ?? false,
  };
  const created = await roomFor(rooms, a.code).setup({
    code: a.code,
    assignmentId: a.id,
    quizId: a.quizId ?? "article",
    bankVersion: a.bankVersion,
    config,
  });
  if (!created) throw conflict("A live game is already running under this code.");
}

/**
 * A new live game: an assignment whose code is the room's code and whose manage secret is the
 * host secret (returned once; only its SHA-256 is stored), and its room.
 */
export async function createLiveGame(db: Db, rooms: Rooms, settings: LiveSettings, now: number) {
  const title =
    settings.title ??
    `${settings.lang === "fr" ? "Jeu en direct" : "Live game"} ${new Date(now).toISOString().slice(0, 16).replace("T", " ")}`;
  const { assignment, secret } = await createAssignment(
    db,
    {
      title,
      quizId: settings.quizId,
      topics: settings.topics,
      questionCount: settings.questionCount,
      shuffle: true,
      attemptsAllowed: 1,
      leaderboard: "nicknames",
      requireName: true,
      feedback: "immediate",
      lang: settings.lang,
    },
    now,
  );
  await openRoom(rooms, assignment, settings);
  return { assignment, secret };
}

/** Plays an existing assignment live, under its own code (the host secret is its manage secret). */
export async function playAssignmentLive(rooms: Rooms, a: Assignment, settings: LiveSettings): Promise<void> {
  await openRoom(rooms, a, settings);
}
