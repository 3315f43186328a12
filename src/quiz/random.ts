/** 32-bit FNV-1a hash of a string; used to derive seeds and short ids. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The seed of an attempt, derived from its random id (130 bits): as unpredictable as a random
 * seed, and known before the attempt's row is read, so an answer can be graded and stored in the
 * same round trip that loads the attempt (the store checks the stored seed matches).
 */
export const seedFromAttemptId = (attemptId: string): number => hashString(`attempt:${attemptId}`);

/** Mulberry32: a small, fast, deterministic PRNG returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seed derived from a base seed and a label, so each item gets its own stream. */
export function deriveSeed(seed: number, label: string): number {
  return (hashString(label) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}

/** Fisher-Yates shuffle of a copy of `items`, deterministic for a given seed. */
export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const random = createRng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}

/** Short, stable id for a piece of content: prefix + base-36 hash of the text. */
export function contentId(prefix: string, text: string): string {
  return `${prefix}${hashString(text).toString(36).padStart(7, "0")}`;
}
