import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, checkName, codeFromRandom, normalizeCode } from "../../src/quiz/assignment-codes.ts";

describe("assignment codes", () => {
  it("use no character that reads like another", () => {
    for (const c of "0O1Il") expect(CODE_ALPHABET).not.toContain(c);
    const code = codeFromRandom((n) => crypto.getRandomValues(new Uint8Array(n)));
    expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/);
  });

  it("skip bytes that would bias the draw", () => {
    // 248..255 are rejected; 0 maps to the first character, 30 to the last.
    const bytes = [255, 250, 0, 30, 31, 248, 1, 2, 3, 4, 5, 6];
    expect(codeFromRandom((n) => Uint8Array.from(bytes.slice(0, n)))).toBe("2Z2345");
  });

  it("accept what a learner types: lower case, spaces, dashes", () => {
    expect(normalizeCode(" ab-c 234 ")).toBe("ABC234");
    expect(normalizeCode("ABC10O")).toBeNull();
    expect(normalizeCode("ABC")).toBeNull();
  });
});

describe("learner names", () => {
  it.each([
    ["  Zoé   Martin ", "Zoé Martin"],
    ["Zoe\u0301", "Zoé"],
    ["李小龙", "李小龙"],
    ["👩‍👩‍👧‍👦 team", "👩‍👩‍👧‍👦 team"],
  ])("accept %j as %j", (raw, name) => {
    expect(checkName(raw)).toMatchObject({ ok: true, name });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["a\u200Bb", "invisible"],
    ["\u200B", "invisible"],
    ["evil\u202Etxt", "invisible"],
    ["tab\there", "invisible"],
    ["\u3164", "invisible"],
    ["a".repeat(41), "too-long"],
  ])("refuse %j (%s)", (raw, reason) => {
    expect(checkName(raw)).toEqual({ ok: false, reason });
  });

  it("count visible characters, not code units", () => {
    expect(checkName("é".repeat(40))).toMatchObject({ ok: true });
    expect(checkName("👩‍👩‍👧‍👦".repeat(40))).toMatchObject({ ok: true });
  });

  it("give the same key to names that only differ by case or composition", () => {
    const keys = ["Zoé", "ZOÉ", "Zoe\u0301", " zoé "].map((n) => {
      const r = checkName(n);
      return r.ok ? r.key : null;
    });
    expect(new Set(keys).size).toBe(1);
  });
});
