import { describe, expect, it } from "vitest";
import { checkName } from "../../src/quiz/assignment-codes.ts";
import { checkNickname, mixesScripts, nameSkeleton, nicknameKey } from "../../src/quiz/nicknames.ts";

// Written with escapes so that what each case holds is plain to a reader: U+0410 is Cyrillic А.
const CYRILLIC_A = "\u0410";
const CYRILLIC_e = "\u0435";
const CYRILLIC_o = "\u043E";
const GREEK_o = "\u03BF";

describe("homoglyphs and mixed scripts (UTS #39)", () => {
  it.each([
    [`${CYRILLIC_A}dmin`, "Latin with a Cyrillic capital A"],
    [`T${CYRILLIC_e}acher`, "Latin with a Cyrillic e"],
    [`Z${CYRILLIC_o}${CYRILLIC_e}`, "Latin Z with Cyrillic o and e"],
    [`J${GREEK_o}hn`, "Latin with a Greek omicron"],
    [`Lé${CYRILLIC_A} Martin`, "one mixed word among clean ones"],
  ])("%j (%s) is refused as a nickname and as a name given when joining", (raw) => {
    expect(mixesScripts(raw)).toBe(true);
    const nick = checkNickname(raw, "en");
    expect(nick.ok ? "ok" : nick.rule).toBe("mixed-script");
    if (!nick.ok) expect(nick.message).toMatch(/one alphabet/);
    const name = checkName(raw);
    expect(name.ok ? "ok" : name.reason).toBe("mixed-script");
  });

  it.each([
    "Zoé",
    "Иван",
    "Иван Petrov",
    "Αλέξανδρος",
    "東京タワー",
    "한국漢字",
    "María-José O'Neil",
    "Sam 🎉",
    "Léa2",
  ])("%j, each word in one script, is accepted", (raw) => {
    expect(mixesScripts(raw)).toBe(false);
    expect(checkNickname(raw).ok).toBe(true);
    expect(checkName(raw).ok).toBe(true);
  });

  it("Zoé, ZOE, Zoe with a combining accent and Zое in Cyrillic letters share one skeleton", () => {
    const forms = ["Zoé", "ZOE", "Zoe\u0301", "zoe", `Z${CYRILLIC_o}${CYRILLIC_e}`];
    expect(new Set(forms.map(nameSkeleton))).toEqual(new Set(["zoe"]));
    expect(new Set(forms.map(nicknameKey))).toEqual(new Set(["zoe"]));
    const keys = ["Zoé", "Zoe", "ZOE"].map((n) => {
      const r = checkName(n);
      return r.ok ? r.key : null;
    });
    expect(new Set(keys)).toEqual(new Set(["zoe"]));
  });

  it("a look-alike of a reserved word in one other script is still impersonation", () => {
    // "ѕуѕор": Cyrillic dze, u, dze, o, er, one script, reads "sysop".
    const raw = "\u0455\u0443\u0455\u043E\u0440";
    expect(mixesScripts(raw)).toBe(false);
    const r = checkNickname(raw);
    expect(r.ok ? "ok" : r.rule).toBe("impersonation");
  });

  it("different names keep different skeletons", () => {
    expect(nameSkeleton("Léa")).not.toBe(nameSkeleton("Leo"));
    expect(nameSkeleton("Иван")).not.toBe(nameSkeleton("Ivan"));
  });
});
