import { describe, expect, it } from "vitest";
import { loadAssignmentByCode } from "../../src/db/assignments.ts";
import { changeAssignment, createAssignment, removeAssignment } from "../../src/flows/assignment-commands.ts";
import { assignmentStatus } from "../../src/quiz/assignment-rules.ts";
import { QuizError } from "../../src/quiz/errors.ts";
import { sha256Hex } from "../../src/quiz/tokens.ts";
import { countOf } from "../helpers.ts";
import { session } from "../leaderboards/seed.ts";

/** A teacher's commands on an assignment (PATCH and DELETE /api/assignments/{code}, the manage page), on real D1. */
const NOW = Date.UTC(2026, 3, 1, 9);
const HOUR = 3_600_000;

async function created(settings: { opensAt?: number; closesAt?: number | null } = {}) {
  const db = session();
  const { assignment, secret } = await createAssignment(db, { title: "Commands", quizId: "quick", ...settings }, NOW);
  const reload = async () => {
    const a = await loadAssignmentByCode(db, assignment.code);
    if (!a) throw new Error(`assignment ${assignment.code} is gone`);
    return a;
  };
  return { db, assignment, secret, reload };
}

describe("createAssignment", () => {
  it("keeps only the secret's SHA-256, under a fresh code", async () => {
    const one = await created();
    const two = await created();
    expect(one.assignment.code).not.toBe(two.assignment.code);
    const stored = await one.reload();
    expect(stored.secretHash).toBe(await sha256Hex(one.secret));
    expect(stored.secretHash).not.toContain(one.secret);
  });
});

describe("changeAssignment", () => {
  it("closes now, then reopens with no close", async () => {
    const { db, reload } = await created({ opensAt: NOW - HOUR, closesAt: NOW + 5 * HOUR });
    await changeAssignment(db, await reload(), { status: "closed" }, NOW);
    expect((await reload()).closesAt).toBe(NOW);
    expect(assignmentStatus(await reload(), NOW + 1)).toBe("closed");

    await changeAssignment(db, await reload(), { status: "open" }, NOW + HOUR);
    const reopened = await reload();
    expect(reopened).toMatchObject({ closesAt: null, opensAt: NOW - HOUR });
    expect(assignmentStatus(reopened, NOW + HOUR)).toBe("open");
  });

  it("closing now one that was to open later closes it at once, and it never opens", async () => {
    const { db, reload } = await created({ opensAt: NOW + 2 * HOUR, closesAt: NOW + 5 * HOUR });
    await changeAssignment(db, await reload(), { status: "closed" }, NOW);
    const closed = await reload();
    expect([NOW, NOW + 3 * HOUR, NOW + 6 * HOUR].map((t) => assignmentStatus(closed, t))).toEqual([
      "closed",
      "closed",
      "closed",
    ]);
  });

  it("opening now one that was to open later moves its opening to now", async () => {
    const { db, reload } = await created({ opensAt: NOW + 2 * HOUR, closesAt: NOW + 5 * HOUR });
    expect(assignmentStatus(await reload(), NOW)).toBe("scheduled");
    await changeAssignment(db, await reload(), { status: "open" }, NOW);
    expect(await reload()).toMatchObject({ opensAt: NOW, closesAt: null });
    expect(assignmentStatus(await reload(), NOW)).toBe("open");
  });

  it("refuses a close at or before the opening, naming /closesAt, and changes nothing", async () => {
    const { db, reload } = await created({ opensAt: NOW, closesAt: NOW + HOUR });
    const before = await reload();
    const refused = await changeAssignment(db, before, { title: "Renamed", closesAt: NOW }, NOW).catch((e) => e);
    expect(refused).toBeInstanceOf(QuizError);
    expect(refused).toMatchObject({ kind: "invalid", fields: [{ path: "/closesAt" }] });
    expect(await reload()).toEqual(before);
  });

  it("an accommodation for a learner reference nobody has is not found", async () => {
    const { db, reload } = await created();
    const missing = await changeAssignment(
      db,
      await reload(),
      { accommodation: { learner: "0123456789abcdef", extraMinutes: 10 } },
      NOW,
    ).catch((e) => e);
    expect(missing).toMatchObject({ kind: "not-found" });
  });
});

describe("removeAssignment", () => {
  it("needs the code repeated (in any case) and deletes nothing without it", async () => {
    const { db, assignment, reload } = await created();
    const refused = await removeAssignment(db, await reload(), "WRONG").catch((e) => e);
    expect(refused).toMatchObject({ kind: "invalid", fields: [{ path: "/confirm" }] });
    expect(await countOf("SELECT count(*) AS n FROM assignments WHERE id = ?", assignment.id)).toBe(1);

    await removeAssignment(db, await reload(), assignment.code.toLowerCase());
    expect(await loadAssignmentByCode(db, assignment.code)).toBeNull();
  });
});
