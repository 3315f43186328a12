/**
 * Name rules, pure: leaderboard nicknames here, and the shared rules every name a learner gives
 * (nicknames, names given when joining an assignment, display names) obeys: each word in one
 * script (no "Аdmin" with a Cyrillic А), and uniqueness decided on the UTS #39 skeleton with
 * case and accents folded ("Zoé" = "zoe"). A nickname is trimmed, 1 to 24 visible characters,
 * has no control or invisible characters, does not pass for the teacher or the site, and is
 * not a slur. Names are compared after folding case, accents, look-alike letters of other
 * scripts and look-alike digits ("4dm1n").
 */
import { CONFUSABLE_PAIRS } from "./confusables.ts";
import type { Lang } from "./format.ts";

const CONFUSABLE = new Map(
  CONFUSABLE_PAIRS.split("|").map((pair) => {
    const [from = "", ...to] = [...pair];
    return [from, to.join("")] as const;
  }),
);

// Marks on letters of the alphabetic scripts are accents to fold; elsewhere (Devanagari vowel
// signs, Hebrew points...) they are part of the letter and stay.
const ACCENT = /(?<=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]\p{M}*)\p{M}/gu;
const fold1 = (text: string) => text.normalize("NFKD").replace(ACCENT, "").toLowerCase();

/**
 * The form two names are compared in: the UTS #39 skeleton (NFKD, each character replaced by
 * its prototype from Unicode's confusables table, NFKD again), blind to case, accents and
 * spacing. "Zoé", "ZOE" and "Zое" (Cyrillic о, е) have one skeleton.
 */
export function nameSkeleton(name: string): string {
  let mapped = "";
  for (const ch of fold1(name)) mapped += CONFUSABLE.get(ch) ?? ch;
  return fold1(mapped).replace(/\s+/gu, " ").trim();
}

// Scripts a name may be written in; Han is shared by Japanese and Korean writing (UTS #39's
// augmented script sets), so "東京タワー" or "한국漢字" are one script each.
const SCRIPT_SETS: [RegExp, string[]][] = [
  ...[
    "Latin",
    "Greek",
    "Cyrillic",
    "Armenian",
    "Georgian",
    "Hebrew",
    "Arabic",
    "Syriac",
    "Thaana",
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Oriya",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Sinhala",
    "Thai",
    "Lao",
    "Tibetan",
    "Myanmar",
    "Khmer",
    "Mongolian",
    "Ethiopic",
    "Cherokee",
    "Tifinagh",
    "Canadian_Aboriginal",
  ].map((s): [RegExp, string[]] => [new RegExp(`\\p{scx=${s}}`, "u"), [s]]),
  [/\p{scx=Han}/u, ["Han", "Japanese", "Korean", "Bopomofo"]],
  [/[\p{scx=Hiragana}\p{scx=Katakana}]/u, ["Japanese"]],
  [/\p{scx=Hangul}/u, ["Korean"]],
  [/\p{scx=Bopomofo}/u, ["Bopomofo"]],
];
const ANY_SCRIPT = /[\p{scx=Common}\p{scx=Inherited}]/u;

/** Whether one word of the name mixes scripts (UTS #39 mixed-script detection, word by word). */
export function mixesScripts(name: string): boolean {
  for (const word of name.normalize("NFC").split(/\s+/u)) {
    let common = null as Set<string> | null;
    for (const ch of word) {
      if (ANY_SCRIPT.test(ch)) continue;
      const sets = SCRIPT_SETS.filter(([re]) => re.test(ch)).flatMap(([, s]) => s);
      // A letter of a script not listed stands for itself: it mixes with none of the listed ones.
      const mine = new Set(sets.length ? sets : [`other:${ch.codePointAt(0)}`]);
      common = common === null ? mine : new Set([...common].filter((s: string) => mine.has(s)));
      if (common.size === 0) return true;
    }
  }
  return false;
}

export const NICKNAME_MAX = 24;

export type NicknameRule = "length" | "invisible" | "mixed-script" | "impersonation" | "blocked";

export type NicknameCheck =
  | { ok: true; nickname: string; key: string }
  | { ok: false; rule: NicknameRule; message: string };

/** Words that would pass a learner off as staff or as the site; matched anywhere in long words. */
const RESERVED_LONG = [
  "teacher",
  "moderateur",
  "moderatrice",
  "moderator",
  "enseignant",
  "professeur",
  "professor",
  "system",
  "quizia",
  "official",
  "officiel",
  "administrat",
  "support",
];
/** Short ones would catch innocent words ("profiterole", "badminton"): whole words only. */
const RESERVED_SHORT = ["admin", "prof", "staff", "mod", "modo", "root", "sysop", "teach", "owner"];

/** A small blocklist of slurs (French and English): long ones anywhere, short ones as whole words. */
const BLOCKED_LONG = [
  "nigger",
  "nigga",
  "faggot",
  "retard",
  "tranny",
  "bougnoul",
  "youpin",
  "bamboula",
  "tapette",
  "gouine",
  "salope",
  "encule",
  "negre",
  "negro",
  "chinetoque",
  "bicot",
  "whore",
];
const BLOCKED_SHORT = ["fag", "kike", "spic", "chink", "cunt", "slut", "pute", "pede", "pd", "nazi", "hitler"];

const LEET: Record<string, string> = {
  "0": "o",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "8": "b",
  "@": "a",
  $: "s",
  "!": "i",
  "|": "l",
  "€": "e",
};

// Control, format (zero-width, bidi), private-use, unassigned, line/paragraph separators,
// and the blank letters used to fake an empty name.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800\u17B4\u17B5\u180E]|\u034F/u;
const OTHER_SPACES = /[^\S ]/u;

const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });

/** Folds case, accents and look-alikes, then keeps letters and digits only ("1" read as "i" or "l"). */
function fold(text: string, one: "i" | "l"): string[] {
  const base = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[0-9@$!|€]/g, (ch) => (ch === "1" ? one : (LEET[ch] ?? ch)))
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return base ? base.split(" ") : [];
}

function matches(tokens: string[], long: string[], short: string[]): string | null {
  const squashed = tokens.join("");
  for (const word of long) if (squashed.includes(word)) return word;
  for (const word of short) {
    if (
      squashed === word ||
      tokens.some((t) => t === word || t === `${word}s` || (t.startsWith(word) && /^\d+$/.test(t.slice(word.length))))
    ) {
      return word;
    }
  }
  return null;
}

/** The form used to tell two nicknames apart ("Zoé", "zoe" and "Zое" with Cyrillic letters are the same name). */
export function nicknameKey(nickname: string): string {
  const skeleton = nameSkeleton(nickname);
  return fold(skeleton, "l").join("") || skeleton;
}

const MESSAGES: Record<NicknameRule, Record<Lang, string>> = {
  length: {
    en: `A nickname has 1 to ${NICKNAME_MAX} visible characters.`,
    fr: `Un pseudo compte de 1 à ${NICKNAME_MAX} caractères visibles.`,
  },
  invisible: {
    en: "A nickname cannot contain control or invisible characters.",
    fr: "Un pseudo ne peut pas contenir de caractères de contrôle ou invisibles.",
  },
  "mixed-script": {
    en: "Write each word of a nickname in one alphabet (no Cyrillic or Greek letters among Latin ones).",
    fr: "Écrivez chaque mot du pseudo dans un seul alphabet (pas de lettres cyrilliques ou grecques parmi des latines).",
  },
  impersonation: {
    en: "A nickname cannot pass for the teacher or the site (teacher, admin, prof, moderator…).",
    fr: "Un pseudo ne peut pas se faire passer pour l’enseignant ou le site (prof, admin, modérateur…).",
  },
  blocked: {
    en: "This nickname is not allowed: choose a kind one.",
    fr: "Ce pseudo n’est pas autorisé : choisissez-en un bienveillant.",
  },
};

/** Checks a nickname as typed; on success returns it trimmed (NFC, single spaces) and its key. */
/** Said when another learner already has the nickname on a board. */
export const NICKNAME_TAKEN = {
  fr: "Ce pseudo est déjà pris sur ce classement.",
  en: "This nickname is already taken on this leaderboard.",
} as const;

export function checkNickname(raw: string, lang: Lang = "en"): NicknameCheck {
  const fail = (rule: NicknameRule): NicknameCheck => ({ ok: false, rule, message: MESSAGES[rule][lang] });
  if (INVISIBLE.test(raw.trim()) || OTHER_SPACES.test(raw.trim())) return fail("invisible");
  const nickname = raw.normalize("NFC").trim().replace(/ {2,}/g, " ");
  const graphemes = [...segmenter.segment(nickname)];
  if (graphemes.length < 1 || graphemes.length > NICKNAME_MAX) return fail("length");
  // A pile of combining marks on one letter ("Zalgo") hides what is written.
  if (graphemes.some((g) => (g.segment.normalize("NFD").match(/\p{M}/gu)?.length ?? 0) > 3)) return fail("invisible");
  if (mixesScripts(nickname)) return fail("mixed-script");
  // The skeleton too: "аdmin" in Cyrillic letters passes for "admin".
  for (const text of [nickname, nameSkeleton(nickname)]) {
    for (const one of ["i", "l"] as const) {
      const tokens = fold(text, one);
      if (matches(tokens, BLOCKED_LONG, BLOCKED_SHORT)) return fail("blocked");
      if (matches(tokens, RESERVED_LONG, RESERVED_SHORT)) return fail("impersonation");
    }
  }
  return { ok: true, nickname, key: nicknameKey(nickname) };
}
