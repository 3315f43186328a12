/** 128 random bits (or more), base64url without padding. */
export function randomToken(bytes = 16): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...buf))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

const BASE32 = "abcdefghijkmnpqrstuvwxyz23456789";

/** A random identifier with 130 bits of entropy, lower-case and URL-safe (e.g. attempt ids). */
export function randomId(): string {
  const buf = crypto.getRandomValues(new Uint8Array(26));
  let out = "";
  for (const b of buf) out += BASE32[b & 31];
  return out;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
