// `npm run build`: after `wrangler deploy --dry-run --outdir dist`, prints the Worker bundle's
// size, raw and gzipped, and its startup time. `wrangler deploy --dry-run` reports no startup
// time (only a real deploy does, from Cloudflare's API), so this runs `wrangler check startup`,
// which starts the Worker in local workerd under the CPU profiler, and sums the profile's samples
// that were not idle (JS, native "program" time and garbage collection: wrangler's own "Active"):
// the CPU time spent evaluating the bundle's top level, on this machine.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "..");
const dir = join(root, "dist");

/** Raw and gzipped size of the Worker modules in `outdir` (as `wrangler deploy` uploads them). */
export function measureBundle(outdir: string): { raw: number; gzip: number; files: string[] } {
  const files = readdirSync(outdir).filter((f) => /\.(m?js|wasm)$/.test(f));
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    raw += statSync(join(outdir, file)).size;
    gzip += gzipSync(readFileSync(join(outdir, file)), { level: 9 }).length;
  }
  return { raw, gzip, files };
}

type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string } }[];
  samples: number[];
  timeDeltas: number[];
};

/** Startup CPU time from `wrangler check startup`'s profile: non-idle samples, and the GC among them. */
export function measureStartup(profileFile: string): { activeMs: number; gcMs: number } {
  execFileSync(
    process.execPath,
    [join(root, "node_modules/.bin/wrangler"), "check", "startup", "--outfile", profileFile],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" },
    },
  );
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile;
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  let active = 0;
  let gc = 0;
  profile.samples.forEach((node, i) => {
    // The delta before sample i is the time that sample stands for (V8's convention, as DevTools reads it).
    const us = profile.timeDeltas[i] ?? 0;
    const name = names.get(node);
    if (name === "(idle)") return;
    active += us;
    if (name === "(garbage collector)") gc += us;
  });
  return { activeMs: active / 1000, gcMs: gc / 1000 };
}

if (import.meta.main) {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const bundle = measureBundle(dir);
  console.log(`Worker bundle (${bundle.files.join(", ")}): ${kib(bundle.raw)} raw, ${kib(bundle.gzip)} gzipped`);
  const startup = measureStartup(join(dir, "startup.cpuprofile"));
  console.log(
    `Worker startup (wrangler check startup, local workerd CPU profile): ${startup.activeMs.toFixed(0)} ms ` +
      `(${startup.gcMs.toFixed(0)} ms of it garbage collection); profile in dist/startup.cpuprofile`,
  );
}
