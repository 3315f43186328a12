import { mixesScripts, nameSkeleton } from "./nicknames.ts";

/**
 * Assignment codes and learner names: pure rules, no I/O.
 *
 * Codes are read aloud and typed on phones, so the alphabet leaves out the characters people
 * confuse (0/O, 1/I/l; L goes too, since a lower-case l typed for it would be ambiguous).
 */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const CODE_LENGTH = 6;
const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/**
 * A code from random bytes (rejection sampling, so every character is equally likely).
 * 31^6 ≈ 8.9e8 codes: guessing is made impractical by the rate limit, not by length alone.
 */
export function codeFromRandom(nextBytes: (n: number) => Uint8Array): string {
  const limit = 256 - (256 % CODE_ALPHABET.length);
  let code = "";
  while (code.length < CODE_LENGTH) {
    for (const b of nextBytes(CODE_LENGTH * 2)) {
      if (b < limit && code.length < CODE_LENGTH) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
    }
  }
  return code;
}

/** What a learner typed, as a code: upper case, without spaces or dashes; null if it cannot be one. */
export function normalizeCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  return CODE_PATTERN.test(code) ? code : null;
}

export const NAME_MAX = 40;

export type NameCheck =
  | { ok: true; name: string; key: string }
  | { ok: false; reason: "empty" | "too-long" | "invisible" | "mixed-script" };

// Control, format (zero-width joiners, bidi overrides, soft hyphen, BOM...), surrogates,
// private-use and unassigned code points, line/paragraph separators, and the blank
// "letters" that render as nothing (Hangul fillers, braille blank).
const INVISIBLE =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u115F\u1160\u3164\uFFA0\u2800]|\u034F|\u180B|\u180C|\u180D|\u180F|\p{Variation_Selector}/u;

/** Emoji sequences legitimately use the zero-width joiner and VS16 between pictographs. */
const withoutEmojiJoiners = (text: string) =>
  text
    .replace(/(?<=\p{Extended_Pictographic}[\u{1F3FB}-\u{1F3FF}]?\uFE0F?)\u200D(?=\p{Extended_Pictographic})/gu, "")
    .replace(/(?<=\p{Extended_Pictographic})\uFE0F/gu, "");

const graphemes = (text: string) => {
  if (typeof Intl !== "undefined" && "Segmenter" in Intl) {
    return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
  }
  return [...text].length;
};

/**
 * Checks a learner's display name: trimmed, inner spaces collapsed, 1 to 40 visible characters
 * (grapheme clusters), no control or invisible characters, each word in one script (the name
 * rules of nicknames.ts). The key decides uniqueness within an assignment: the UTS #39 skeleton,
 * blind to case and accents, so "Zoé", "ZOE", "Zoe\u0301" and "Zое" (Cyrillic) collide.
 */
export function checkName(raw: string): NameCheck {
  const name = raw
    .normalize("NFC")
    .replace(/\p{Zs}+/gu, " ")
    .trim();
  if (INVISIBLE.test(withoutEmojiJoiners(name))) return { ok: false, reason: "invisible" };
  if (name.length === 0) return { ok: false, reason: "empty" };
  if (/^[\p{M}\s]+$/u.test(name)) return { ok: false, reason: "invisible" };
  if (graphemes(name) > NAME_MAX) return { ok: false, reason: "too-long" };
  if (mixesScripts(name)) return { ok: false, reason: "mixed-script" };
  return { ok: true, name, key: nameKey(name) };
}

/** The uniqueness key of a (checked) name. */
export const nameKey = (name: string): string => nameSkeleton(name);

export const NAME_MESSAGES = {
  empty: { fr: "Indiquez un nom.", en: "Enter a name." },
  "too-long": { fr: `Le nom fait au plus ${NAME_MAX} caractères.`, en: `The name is at most ${NAME_MAX} characters.` },
  invisible: {
    fr: "Le nom contient des caractères invisibles ou de contrôle.",
    en: "The name contains invisible or control characters.",
  },
  taken: {
    fr: "Ce nom est déjà pris dans ce devoir : ajoutez une initiale.",
    en: "This name is already taken in this assignment: add an initial.",
  },
  "mixed-script": {
    fr: "Écrivez chaque mot du nom dans un seul alphabet (pas de lettres cyrilliques ou grecques parmi des latines).",
    en: "Write each word of the name in one alphabet (no Cyrillic or Greek letters among Latin ones).",
  },
} as const;

/** How the roster names a learner who gave no name (followed by their place in the roster). */
export const ANONYMOUS_LEARNER = { fr: "Élève", en: "Learner" } as const;
