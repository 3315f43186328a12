// Prints the Worker bundle's size, raw and gzipped, after `wrangler deploy --dry-run --outdir dist`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dir = "dist";
const files = readdirSync(dir).filter((f) => /\.(m?js|wasm)$/.test(f));
let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(join(dir, file));
  raw += statSync(join(dir, file)).size;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`Worker bundle (${files.join(", ")}): ${kib(raw)} raw, ${kib(gzip)} gzipped`);
