import { describe, expect, it } from "vitest";
import { checkNickname, nicknameKey } from "../../src/quiz/nicknames.ts";

const rule = (raw: string) => {
  const r = checkNickname(raw);
  return r.ok ? "ok" : r.rule;
};

describe("nickname rules", () => {
  it.each([
    ["Zoé", "ok"],
    ["  Léa la rapide  ", "ok"],
    ["李小龙", "ok"],
    ["🦊 Renard", "ok"],
    ["Profiterole", "ok"],
    ["Badminton fan", "ok"],
    ["a".repeat(24), "ok"],
    ["é".normalize("NFD").repeat(24), "ok"],
  ])("accepts %j", (raw, expected) => {
    expect(rule(raw)).toBe(expected);
  });

  it.each([
    ["", "length"],
    ["   ", "length"],
    ["a".repeat(25), "length"],
    ["Zo\u200Be", "invisible"],
    ["\u200B", "invisible"],
    ["Bob\u202Eevil", "invisible"],
    ["Tab\there", "invisible"],
    ["line\nbreak", "invisible"],
    ["\u3164", "invisible"],
    ["Z\u0301\u0301\u0301\u0301o", "invisible"],
    ["Teacher", "impersonation"],
    ["the_teacher", "impersonation"],
    ["ADMIN", "impersonation"],
    ["4dm1n", "impersonation"],
    ["Prof", "impersonation"],
    ["prof. Martin", "impersonation"],
    ["Modérateur", "impersonation"],
    ["m0d3r4t0r", "impersonation"],
    ["Enseignant", "impersonation"],
    ["Professeur X", "impersonation"],
    ["staff", "impersonation"],
    ["System", "impersonation"],
    ["Quiz IA", "impersonation"],
    ["quiz-ia officiel", "impersonation"],
    ["T e a c h e r", "impersonation"],
  ])("refuses %j (%s)", (raw, expected) => {
    expect(rule(raw)).toBe(expected);
  });

  it("blocks slurs in French and English, through case, accents and look-alikes", () => {
    for (const raw of ["S4lope", "f@ggot", "Nègre", "ENCULÉ", "sale pute"]) expect(rule(raw), raw).toBe("blocked");
  });

  it("trims, normalises and names the rule in the learner's language", () => {
    expect(checkNickname("  Ana   Lou ")).toMatchObject({ ok: true, nickname: "Ana Lou" });
    expect(checkNickname("admin", "fr")).toMatchObject({ ok: false, message: expect.stringMatching(/enseignant/) });
    expect(checkNickname("", "en")).toMatchObject({ ok: false, message: expect.stringMatching(/1 to 24/) });
  });

  it("folds look-alike nicknames to the same key", () => {
    expect(nicknameKey("Zoé")).toBe(nicknameKey("zoe"));
    expect(nicknameKey("A1ex")).toBe(nicknameKey("alex"));
    expect(nicknameKey("🦊")).not.toBe("");
  });
});
