import {
  type Assignment,
  type AssignmentPatch,
  deleteAssignment,
  insertAssignment,
  listAssignmentsByCode,
  listMemberIds,
  loadLearnerOnAssignment,
  updateAccommodation,
  updateAssignment,
  updateSecretHash,
} from "../db/assignments.ts";
import type { Db } from "../env.ts";
import { codeFromRandom } from "../quiz/assignment-codes.ts";
import { assignmentStatus } from "../quiz/assignment-rules.ts";
import { invalidField, notFound } from "../quiz/errors.ts";
import { BANK_VERSION } from "../quiz/index.ts";
import { randomId, randomToken, sha256Hex } from "../quiz/tokens.ts";
import { type AssignmentSettings, planAssignment } from "./assignment-settings.ts";

const newSecret = () => randomToken(32);
const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** Creates an assignment; the secret is returned once and only its SHA-256 is kept. */
export async function createAssignment(db: Db, settings: AssignmentSettings, now: number) {
  const plan = planAssignment(settings, now);
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
  throw new Error("Could not draw a free assignment code in 5 tries.");
}

/** A new manage secret; the old one stops working. Returned once, stored only as its SHA-256. */
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
export async function changeAssignment(db: Db, a: Assignment, change: AssignmentChange, now: number) {
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
    throw invalidField("/closesAt", "must be after the opening time.", "The request has invalid fields.");
  }
  if (Object.keys(patch).length > 0) await updateAssignment(db, a, patch, now);
  if (change.accommodation) {
    let learnerId: string | undefined;
    for (const member of await listMemberIds(db, a.id)) {
      if ((await learnerRef(a.id, member)) === change.accommodation.learner) learnerId = member;
    }
    const target = learnerId ? (await loadLearnerOnAssignment(db, a.id, learnerId, null)).membership : null;
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

/** Deletes an assignment with its attempts and answers, once `confirm` repeats its code. */
export async function removeAssignment(db: Db, a: Assignment, confirm: string | undefined) {
  if (confirm?.toUpperCase() !== a.code) {
    throw invalidField(
      "/confirm",
      `must repeat the assignment's code (${a.code}) to confirm the deletion.`,
      "The request has invalid fields.",
    );
  }
  await deleteAssignment(db, a.id);
}

/** The assignments behind the codes a browser remembers, newest first, with where each is in its life. */
export async function listRememberedAssignments(db: Db, codes: string[], now: number) {
  const mine = await listAssignmentsByCode(db, codes, now);
  return mine.map((m) => ({ ...m, status: assignmentStatus(m.assignment, now) }));
}
