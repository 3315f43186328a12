import { zipSync } from "fflate";

/**
 * Every entry's modification time: a fixed local date, so the same files give the same bytes
 * (fflate writes DOS times from the local date fields, which this Date fixes whatever the zone).
 */
const FIXED_MTIME = new Date(2025, 0, 1, 0, 0, 0);

/** A deflated zip of text files, in the order given, byte for byte the same for the same input. */
export function zipFiles(files: readonly { path: string; text: string }[]): Uint8Array {
  const encoder = new TextEncoder();
  const entries: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const file of files) entries[file.path] = [encoder.encode(file.text), { mtime: FIXED_MTIME, level: 6 }];
  return zipSync(entries);
}
