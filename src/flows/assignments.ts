import {
  type Assignment,
  type AssignmentLang,
  type AssignmentPatch,
  deleteAssignment,
  type FeedbackMode,
  insertAssignment,
  type Leaderboard,
  listTimedOutAttempts,
  loadClass,
  type RosterEntry,
  updateAccommodation,
  updateAssignment,
  updateSecretHash,
} from "../db/assignments.ts";
import type { Attempt } from "../db/attempts.ts";
import { finishAttempt } from "../db/attempts.ts";
import type { Db, Lang } from "../env.ts";
import { type FieldError, notFound, ProblemError, validationError } from "../http/problem.ts";
import { randomId, randomToken, sha256Hex } from "../http/tokens.ts";
import { codeFromRandom } from "../quiz/assignment-codes.ts";
import type { Level } from "../quiz/bank-schema.ts";
import {
  BANK_VERSION,
  type ConcreteItem,
  countOptionPicks,
  getItem,
  getQuiz,
  instantiate,
  itemPoints,
  listQuizzes,
  listTopics,
} from "../quiz/index.ts";
import { type AnalysedAttempt, analyseItems, type ItemStatistics, scoreDistribution } from "../quiz/item-analysis.ts";
import { finishHookStatements } from "./attempts.ts";

/** The quiz whose items make up the "whole article" pool and the topic pools. */
const ARTICLE_QUIZ = "article";
const DEFAULT_QUESTION_COUNT = 10;

export type AssignmentSettings = {
  title: string;
  quizId?: string | undefined;
  topics?: string[] | undefined;
  questionCount?: number | undefined;
  shuffle?: boolean | undefined;
  timeLimitMinutes?: number | null | undefined;
  attemptsAllowed?: number | undefined;
  opensAt?: number | null | undefined;
  closesAt?: number | null | undefined;
  leaderboard?: Leaderboard | undefined;
  requireName?: boolean | undefined;
  feedback?: FeedbackMode | undefined;
  lang?: AssignmentLang | undefined;
};

export type AssignmentStatus = "scheduled" | "open" | "closed";

export const assignmentStatus = (a: Pick<Assignment, "opensAt" | "closesAt">, now: number): AssignmentStatus =>
  now < a.opensAt ? "scheduled" : a.closesAt !== null && a.closesAt <= now ? "closed" : "open";

/** The item ids a setting draws from: a quiz's items, or the article's items on the chosen topics. */
function resolvePool(
  settings: AssignmentSettings,
  where: string,
): { quizId: string | null; topics: string[] | null; pool: string[] } {
  if (settings.topics && settings.topics.length > 0) {
    const known = new Set(listTopics().map((t) => t.id));
    const errors: FieldError[] = settings.topics
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => !known.has(t))
      .map(({ t, i }) => ({ in: where, pointer: `/topics/${i}`, detail: `No topic is called "${t}".` }));
    if (errors.length) throw validationError(errors);
    const wanted = new Set(settings.topics);
    const article = getQuiz(ARTICLE_QUIZ)?.itemIds ?? [];
    const pool = article.filter((id) => wanted.has(getItem(id)?.topic ?? ""));
    return { quizId: null, topics: [...wanted], pool };
  }
  const quizId = settings.quizId ?? ARTICLE_QUIZ;
  const quiz = getQuiz(quizId);
  if (!quiz) {
    throw validationError([{ in: where, pointer: "/quizId", detail: `No quiz is called "${quizId}".` }]);
  }
  return { quizId, topics: null, pool: [...quiz.itemIds] };
}

/** Checks the settings against each other and the bank; 422 naming each field at fault. */
export function planAssignment(settings: AssignmentSettings, now: number, where = "body") {
  const { quizId, topics, pool } = resolvePool(settings, where);
  const errors: FieldError[] = [];
  const questionCount = settings.questionCount ?? Math.min(DEFAULT_QUESTION_COUNT, pool.length);
  if (pool.length === 0) errors.push({ in: where, pointer: "/topics", detail: "These topics have no questions." });
  else if (questionCount > pool.length) {
    errors.push({
      in: where,
      pointer: "/questionCount",
      detail: `must be at most ${pool.length}: the chosen questions number ${pool.length}.`,
    });
  }
  const opensAt = settings.opensAt ?? now;
  const closesAt = settings.closesAt ?? null;
  if (closesAt !== null && closesAt <= opensAt) {
    errors.push({ in: where, pointer: "/closesAt", detail: "must be after the opening time." });
  } else if (closesAt !== null && closesAt <= now) {
    errors.push({ in: where, pointer: "/closesAt", detail: "is already in the past." });
  }
  if (errors.length) throw validationError(errors, "The assignment's settings do not fit together.");
  return {
    title: settings.title,
    quizId,
    topics,
    pool,
    questionCount,
    shuffle: settings.shuffle ?? true,
    timeLimitMinutes: settings.timeLimitMinutes ?? null,
    attemptsAllowed: settings.attemptsAllowed ?? 1,
    opensAt,
    closesAt,
    leaderboard: settings.leaderboard ?? "off",
    requireName: settings.requireName ?? true,
    feedback: settings.feedback ?? "immediate",
    lang: settings.lang ?? "learner",
  };
}

const newSecret = () => randomToken(32);
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

export const learnerPath = (code: string) => `/a/${code}`;
export const manageUrlFor = (code: string, secret: string) => `/teach/${code}/manage?key=${secret}`;

/** Creates an assignment; the secret is returned once and only its SHA-256 is kept. */
export async function createAssignment(db: Db, settings: AssignmentSettings, now: number, where = "body") {
  const plan = planAssignment(settings, now, where);
  const secret = newSecret();
  const secretHash = await sha256Hex(secret);
  for (let tries = 0; tries < 5; tries++) {
    const assignment: Assignment = {
      id: randomId(),
      code: codeFromRandom(randomBytes),
      bankVersion: BANK_VERSION,
      secretHash,
      createdAt: now,
      updatedAt: now,
      ...plan,
    };
    if (await insertAssignment(db, assignment)) return { assignment, secret };
  }
  throw new ProblemError("internal-error", "Could not draw a free assignment code; try again.");
}

/** What anyone with the code may know: no secret, no pool. */
export function publicSummary(a: Assignment, now: number) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    code: a.code,
    title: a.title,
    status: assignmentStatus(a, now),
    questionCount: a.questionCount,
    timeLimitMinutes: a.timeLimitMinutes,
    attemptsAllowed: a.attemptsAllowed,
    opensAt: new Date(a.opensAt).toISOString(),
    closesAt: iso(a.closesAt),
    requireName: a.requireName,
    feedback: a.feedback,
    leaderboard: a.leaderboard,
    lang: a.lang,
    learnerUrl: learnerPath(a.code),
  };
}

export async function rotateSecret(db: Db, a: Assignment, now: number): Promise<string> {
  const secret = newSecret();
  await updateSecretHash(db, a.id, await sha256Hex(secret), now);
  return secret;
}

/** A per-assignment reference to a learner: lets the teacher act on one without exposing their id. */
export async function learnerRef(assignmentId: string, learnerId: string): Promise<string> {
  return (await sha256Hex(`${assignmentId}:${learnerId}`)).slice(0, 16);
}

export type AssignmentChange = {
  title?: string | undefined;
  opensAt?: number | undefined;
  closesAt?: number | null | undefined;
  status?: "open" | "closed" | undefined;
  accommodation?: { learner: string; extraMinutes?: number | undefined; noTimeLimit?: boolean | undefined } | undefined;
};

/** Applies a teacher's change: close now, reopen, extend, rename, or one learner's accommodation. */
export async function changeAssignment(db: Db, a: Assignment, change: AssignmentChange, now: number, where = "body") {
  const patch: AssignmentPatch = {};
  if (change.title !== undefined) patch.title = change.title;
  if (change.opensAt !== undefined) patch.opensAt = change.opensAt;
  if (change.closesAt !== undefined) patch.closesAt = change.closesAt;
  if (change.status === "closed") patch.closesAt = now;
  if (change.status === "open") {
    patch.closesAt = change.closesAt ?? null;
    if ((patch.opensAt ?? a.opensAt) > now) patch.opensAt = now;
  }
  const opensAt = patch.opensAt ?? a.opensAt;
  const closesAt = patch.closesAt === undefined ? a.closesAt : patch.closesAt;
  if (change.status !== "closed" && closesAt !== null && closesAt <= opensAt) {
    throw validationError([{ in: where, pointer: "/closesAt", detail: "must be after the opening time." }]);
  }
  if (Object.keys(patch).length > 0) await updateAssignment(db, a, patch, now);
  if (change.accommodation) {
    const { roster } = await loadClass(db, a.id);
    let target: RosterEntry | undefined;
    for (const entry of roster) {
      if ((await learnerRef(a.id, entry.learnerId)) === change.accommodation.learner) target = entry;
    }
    if (!target) throw notFound("No learner with this reference has joined this assignment.");
    await updateAccommodation(
      db,
      a.id,
      target.learnerId,
      change.accommodation.extraMinutes ?? target.extraMinutes,
      change.accommodation.noTimeLimit ?? target.noTimeLimit,
    );
  }
}

export async function removeAssignment(db: Db, a: Assignment, confirm: string | undefined, where = "query") {
  if (confirm?.toUpperCase() !== a.code) {
    throw validationError([
      {
        in: where,
        pointer: "/confirm",
        detail: `must repeat the assignment's code (${a.code}) to confirm the deletion.`,
      },
    ]);
  }
  await deleteAssignment(db, a.id);
}

export type RosterRow = {
  ref: string;
  name: string;
  status: "not-started" | "in-progress" | "finished";
  score: number | null;
  maxScore: number | null;
  percent: number | null;
  timeTakenMs: number | null;
  attemptsUsed: number;
  extraMinutes: number;
  noTimeLimit: boolean;
  /** Points per question id of the attempt that counts (the best finished). */
  points: Record<string, number>;
};

export type ItemRow = Omit<ItemStatistics, "picks"> & {
  prompt: string;
  type: string;
  level: Level;
  maxPoints: number;
  sentenceId: string;
  sourceUrl: string;
  picks: (ItemStatistics["picks"][number] & { label: string })[];
};

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The attempt that counts for a learner: their best finished one (earliest on ties). */
function countingAttempt(attempts: Attempt[]): Attempt | null {
  let best: Attempt | null = null;
  for (const t of attempts) if (t.status === "finished" && (!best || t.score > best.score)) best = t;
  return best;
}

/**
 * Roster, item analysis and score distribution. Attempts past their deadline are finished first,
 * so the teacher never waits on a learner who walked away.
 */
export async function assignmentResults(db: Db, a: Assignment, lang: Lang, now: number) {
  for (const late of await listTimedOutAttempts(db, a.id, now)) {
    await finishAttempt(db, late.id, late.learnerId, now, finishHookStatements(db, late));
  }
  const { roster, answers } = await loadClass(db, a.id);
  const byAttempt = new Map<string, typeof answers>();
  for (const answer of answers) byAttempt.set(answer.attemptId, [...(byAttempt.get(answer.attemptId) ?? []), answer]);
  const anonymous = lang === "fr" ? "Élève" : "Learner";

  const rows: RosterRow[] = [];
  const counted: { attempt: Attempt; analysed: AnalysedAttempt }[] = [];
  for (const [index, entry] of roster.entries()) {
    const best = countingAttempt(entry.attempts);
    const points: Record<string, number> = {};
    if (best) {
      const given = byAttempt.get(best.id) ?? [];
      for (const id of best.itemIds) points[id] = given.find((g) => g.itemId === id)?.points ?? 0;
      counted.push({
        attempt: best,
        analysed: {
          score: best.score,
          itemIds: best.itemIds,
          answers: new Map(
            given.map((g) => [g.itemId, { points: g.points, response: JSON.parse(g.response) as unknown }]),
          ),
        },
      });
    }
    rows.push({
      ref: await learnerRef(a.id, entry.learnerId),
      name: entry.name ?? `${anonymous} ${index + 1}`,
      status: entry.attempts.some((t) => t.status === "in-progress")
        ? "in-progress"
        : best
          ? "finished"
          : "not-started",
      score: best ? round2(best.score) : null,
      maxScore: best ? best.maxScore : null,
      percent: best && best.maxScore > 0 ? round2((100 * best.score) / best.maxScore) : null,
      timeTakenMs: best ? (best.finishedAt ?? best.startedAt) - best.startedAt : null,
      attemptsUsed: entry.attempts.length,
      extraMinutes: entry.extraMinutes,
      noTimeLimit: entry.noTimeLimit,
      points,
    });
  }

  // The questions anyone was served, in the pool's order; each shown as the first attempt saw it.
  const served = new Map<string, ConcreteItem>();
  for (const { attempt } of counted) {
    for (const id of attempt.itemIds) {
      const item = getItem(id);
      if (item && !served.has(id)) served.set(id, instantiate(item, attempt.seed));
    }
  }
  const ordered = a.pool.filter((id) => served.has(id)).map((id) => served.get(id) as ConcreteItem);
  const stats = analyseItems(
    ordered.map((item) => ({
      id: item.id,
      maxPoints: itemPoints(item),
      countPicks: (responses: readonly unknown[]) => countOptionPicks(item, responses),
    })),
    counted.map((c) => c.analysed),
  );
  const items: ItemRow[] = stats.map((s, i) => {
    const item = ordered[i] as ConcreteItem;
    const labels = new Map(countOptionPicks(item, []).map((p) => [p.optionId, p.label[lang]]));
    return {
      ...s,
      prompt: item.prompt[lang],
      type: item.type,
      level: item.level,
      maxPoints: itemPoints(item),
      sentenceId: item.source.sentenceId,
      sourceUrl: `/article#${item.source.sentenceId}`,
      picks: s.picks.map((p) => ({
        optionId: p.optionId,
        count: p.count,
        correct: p.correct,
        label: labels.get(p.optionId) ?? p.optionId,
      })),
    };
  });
  const weakest = items
    .filter((i) => i.facility !== null && i.attempts > 0)
    .sort((x, y) => (x.facility ?? 0) - (y.facility ?? 0))
    .slice(0, 3)
    .map((i) => i.itemId);
  return {
    assignment: a,
    roster: rows,
    items,
    weakest,
    distribution: scoreDistribution(rows.filter((r) => r.percent !== null).map((r) => r.percent as number)),
    learnerCount: rows.length,
    finishedCount: rows.filter((r) => r.score !== null).length,
    questionIds: ordered.map((i) => i.id),
  };
}

export type AssignmentResults = Awaited<ReturnType<typeof assignmentResults>>;

/**
 * One spreadsheet cell. Text that a spreadsheet would read as a formula (=, +, -, @, or a
 * leading tab or CR) gets a leading apostrophe, and every text cell is quoted (RFC 4180).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The roster with per-question points as CSV: UTF-8 with a BOM, CRLF line ends. */
export function resultsCsv(results: AssignmentResults, lang: Lang): string {
  const head =
    lang === "fr"
      ? ["Nom", "Statut", "Score", "Score max", "%", "Durée (s)", "Tentatives"]
      : ["Name", "Status", "Score", "Max score", "%", "Time (s)", "Attempts"];
  const lines = [[...head, ...results.questionIds].map(csvCell).join(",")];
  for (const r of results.roster) {
    lines.push(
      [
        csvCell(r.name),
        csvCell(r.status),
        csvCell(r.score),
        csvCell(r.maxScore),
        csvCell(r.percent),
        csvCell(r.timeTakenMs === null ? null : Math.round(r.timeTakenMs / 1000)),
        csvCell(r.attemptsUsed),
        ...results.questionIds.map((id) => csvCell(r.points[id] ?? null)),
      ].join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The quizzes and topics a teacher can choose from (the create form). */
export function poolChoices(lang: Lang) {
  const article = getQuiz(ARTICLE_QUIZ)?.itemIds ?? [];
  return {
    quizzes: listQuizzes()
      .filter((q) => q.id !== "quick")
      .map((q) => ({ id: q.id, title: q.title[lang], size: q.itemIds.length })),
    topics: listTopics().map((t) => ({
      id: t.id,
      title: t.title[lang],
      size: article.filter((id) => getItem(id)?.topic === t.id).length,
    })),
  };
}
