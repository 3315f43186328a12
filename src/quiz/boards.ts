/**
 * Leaderboards' names and settings, each spelled once: the modes an assignment's board can
 * have, the periods of a quiz's practice boards, and the text key every board is stored under.
 * Where SQL needs a key, {@link boardKeySql} builds it from the same parts as {@link boardKey}
 * (see test/quiz/boards.test.ts, which also holds the migrations' triggers to these keys).
 */

import { weekStart, weekStartSql } from "./ranking.ts";

/** An assignment's board: none, shown without names, or with the learners' names. */
export const LEADERBOARD_MODES = ["off", "anonymous", "nicknames"] as const;
export type LeaderboardMode = (typeof LEADERBOARD_MODES)[number];

/** A quiz's practice boards: this week's (Monday 00:00 UTC onwards) and all time. */
export const PERIODS = ["week", "all"] as const;
export type Period = (typeof PERIODS)[number];

/**
 * How board keys are spelled: `a:<assignment id>`, `q:<quiz id>:all`, `q:<quiz id>:w:<week
 * start ms>`. Migrations 0004, 0008 and 0009 wrote `'a:' || id` into triggers; they are history,
 * and the trigger test keeps them and these constants in step.
 */
export const BOARD_KEY = {
  assignmentPrefix: "a:",
  practicePrefix: "q:",
  /** Between a quiz's id and its period: every practice key of a quiz starts `q:<quiz id>:`. */
  periodSeparator: ":",
  allTime: "all",
  week: "w:",
} as const;

/** Which board: an assignment's, or a quiz's for a period (`at`: any time in that week). */
export type BoardOf<Text, Time> =
  | { kind: "assignment"; assignmentId: Text }
  | { kind: "practice"; quizId: Text; period: "all" }
  | { kind: "practice"; quizId: Text; period: "week"; at: Time };

/** The parts a key is the concatenation of: literals (the constants) and values. */
function keyParts<T>(b: BoardOf<T, T>, literal: (text: string) => T): T[] {
  if (b.kind === "assignment") return [literal(BOARD_KEY.assignmentPrefix), b.assignmentId];
  const quiz = [literal(BOARD_KEY.practicePrefix), b.quizId];
  if (b.period === "all") return [...quiz, literal(`${BOARD_KEY.periodSeparator}${BOARD_KEY.allTime}`)];
  return [...quiz, literal(`${BOARD_KEY.periodSeparator}${BOARD_KEY.week}`), b.at];
}

/** The key a board is stored under. */
export function boardKey(b: BoardOf<string, number>): string {
  const parts = b.kind === "practice" && b.period === "week" ? { ...b, at: String(weekStart(b.at)) } : b;
  return keyParts<string>(parts as BoardOf<string, string>, (text) => text).join("");
}

/** The same key as SQL over expressions (columns or parameters); `at` holds ms since the epoch. */
export function boardKeySql(b: BoardOf<string, string>): string {
  const parts = b.kind === "practice" && b.period === "week" ? { ...b, at: weekStartSql(b.at) } : b;
  return keyParts(parts, (text) => `'${text}'`).join(" || ");
}

/** The key of an assignment's board. */
export const assignmentBoard = (assignmentId: string) => boardKey({ kind: "assignment", assignmentId });

/** The key of a quiz's practice board for the period containing `now`. */
export const practiceBoard = (quizId: string, period: Period, now: number) =>
  boardKey(period === "all" ? { kind: "practice", quizId, period } : { kind: "practice", quizId, period, at: now });

/** Bounds [from, to) holding the keys of every practice board of a quiz and of no other quiz. */
export function practiceBoardRange(quizId: string): [string, string] {
  const quiz = `${BOARD_KEY.practicePrefix}${quizId}`;
  // Past every "q:<quiz id>:…": the separator's next character (";" after ":").
  const next = String.fromCharCode(BOARD_KEY.periodSeparator.charCodeAt(0) + 1);
  return [`${quiz}${BOARD_KEY.periodSeparator}`, `${quiz}${next}`];
}
