import {
  type Assignment,
  joinAndInsertAttempt,
  loadAssignmentByCode,
  loadLearnerOnAssignment,
} from "../db/assignments.ts";
import { finishAttempt, loadAttemptWithAnswers } from "../db/attempts.ts";
import type { Learner } from "../db/learners.ts";
import type { Db } from "../env.ts";
import { checkName, NAME_MESSAGES, normalizeCode } from "../quiz/assignment-codes.ts";
import { assignmentStatus, attemptDeadline, timeIsUp } from "../quiz/assignment-rules.ts";
import { type Attempt, nextUnanswered, type ServedQuestion } from "../quiz/attempt.ts";
import { closed, conflict, invalidField, notFound } from "../quiz/errors.ts";
import type { Lang } from "../quiz/format.ts";
import { getItem, itemPoints, pickFromPool } from "../quiz/index.ts";
import { finishHookStatements, planAttempt } from "./attempts.ts";

/** The assignment behind a code a learner typed, or null (unknown or malformed). */
export async function findAssignment(db: Db, code: string): Promise<Assignment | null> {
  const normalized = normalizeCode(code);
  return normalized ? loadAssignmentByCode(db, normalized) : null;
}

/**
 * What the assignment's landing page says to this learner: the name they joined under (null when
 * they have not joined) and the attempt they can resume.
 */
export async function learnerStanding(db: Db, a: Assignment, learner: Learner | null) {
  const mine = learner ? await loadLearnerOnAssignment(db, a.id, learner.id, null) : null;
  return {
    knownName: mine?.membership ? (mine.membership.name ?? "") : null,
    resumeId: mine?.attempts.find((t) => t.status === "in-progress")?.id ?? null,
  };
}

/** The language an assignment's attempt is served in. */
export const attemptLang = (a: Assignment, learnerLang: Lang): Lang => (a.lang === "learner" ? learnerLang : a.lang);

function refuseUnlessOpen(a: Assignment, now: number) {
  const status = assignmentStatus(a, now);
  if (status === "scheduled") {
    throw closed(`This assignment opens at ${new Date(a.opensAt).toISOString()}.`, {
      opensAt: new Date(a.opensAt).toISOString(),
    });
  }
  if (status === "closed") throw closed("This assignment is closed; it takes no more attempts.");
}

async function resume(db: Db, attempt: Attempt, lang: Lang) {
  const loaded = await loadAttemptWithAnswers(db, attempt.id, attempt.learnerId);
  const current = loaded?.attempt ?? attempt;
  return { attempt: current, question: nextUnanswered(current, loaded?.answers ?? [], lang) };
}

/**
 * Starts an attempt on a teacher's assignment, enforcing its settings: open window, a valid and
 * unique name when required, the number of attempts (checked in the same transaction as the
 * insert, so simultaneous starts cannot exceed it), the cap on learners (`maxLearners`, the
 * configured `maxLearnersPerAssignment`, checked in the same transaction). An attempt already in
 * progress is resumed.
 */
export async function startAssignmentAttempt(
  db: Db,
  learner: Learner,
  code: string,
  name: string | undefined,
  lang: Lang,
  now: number,
  maxLearners: number,
): Promise<{ attempt: Attempt; question: ServedQuestion | null }> {
  const a = await findAssignment(db, code);
  if (!a) throw notFound(`No assignment has the code ${code}.`);
  const serveLang = attemptLang(a, lang);

  let checked: { name: string; key: string } | null = null;
  if (name !== undefined && name.trim() !== "") {
    const result = checkName(name);
    if (!result.ok) {
      throw invalidField("/name", NAME_MESSAGES[result.reason][lang], "The request has invalid fields.");
    }
    checked = { name: result.name, key: result.key };
  }
  const state = await loadLearnerOnAssignment(db, a.id, learner.id, checked?.key ?? null);

  // Time is up on a running attempt: finish it with what was answered.
  for (const t of state.attempts) {
    if (t.status === "in-progress" && timeIsUp(t, now)) {
      await finishAttempt(db, t.id, t.learnerId, now, finishHookStatements(db, t));
      t.status = "finished";
    }
  }
  const running = state.attempts.find((t) => t.status === "in-progress");
  if (running) return resume(db, running, serveLang);

  refuseUnlessOpen(a, now);
  if (!state.membership) {
    if (a.requireName && !checked) {
      throw invalidField("/name", NAME_MESSAGES.empty[lang], "The request has invalid fields.");
    }
    if (checked && state.nameTakenBy && state.nameTakenBy !== learner.id) throw nameTaken(lang);
  }
  if (state.attempts.length >= a.attemptsAllowed) throw noAttemptsLeft(a);

  const base = await planAttempt(db, learner, {
    quizId: a.quizId ?? "article",
    lang: serveLang,
    now,
    assignment: {
      id: a.id,
      itemIds: [],
      feedback: a.feedback,
      shuffle: a.shuffle,
      deadlineAt: attemptDeadline({
        startedAt: now,
        timeLimitMinutes: a.timeLimitMinutes,
        closesAt: a.closesAt,
        extraMinutes: state.membership?.extraMinutes ?? 0,
        noTimeLimit: state.membership?.noTimeLimit ?? false,
      }),
    },
  });
  // Each learner's questions are drawn from the pool with their attempt's own seed.
  const itemIds = pickFromPool(a.pool, a.questionCount, base.seed, a.shuffle);
  const attempt: Attempt = {
    ...base,
    itemIds,
    questionCount: itemIds.length,
    maxScore: itemIds.reduce((s, id) => {
      const item = getItem(id);
      return s + (item ? itemPoints(item) : 0);
    }, 0),
  };

  let inserted: boolean;
  try {
    inserted = await joinAndInsertAttempt(db, attempt, a.id, state.membership ? null : checked, now, maxLearners);
  } catch (error) {
    // Someone else took the name between our check and the insert (unique index).
    if (/UNIQUE/i.test(String((error as Error).message))) throw nameTaken(lang);
    throw error;
  }
  if (inserted) return { attempt, question: nextUnanswered(attempt, [], serveLang) };

  // A concurrent start won the race: resume its attempt, or explain why there is none.
  const after = await loadLearnerOnAssignment(db, a.id, learner.id, null);
  const winner = after.attempts.find((t) => t.status === "in-progress");
  if (winner) return resume(db, winner, serveLang);
  refuseUnlessOpen(a, Date.now());
  if (!after.membership) {
    throw conflict(`This assignment is full: it takes at most ${maxLearners} learners. Ask your teacher.`);
  }
  throw noAttemptsLeft(a);
}

const nameTaken = (lang: Lang) => conflict(NAME_MESSAGES.taken[lang], { field: "name" });

const noAttemptsLeft = (a: Assignment) =>
  conflict(`No attempts left: this assignment allows ${a.attemptsAllowed} attempt${a.attemptsAllowed > 1 ? "s" : ""}.`);
