// `npm run build`: after `wrangler deploy --dry-run --outdir dist`, prints the Worker bundle's
// size, raw and gzipped, and its startup time, and fails when the bundle is over the limit.
// `wrangler deploy --dry-run` reports no startup time (only a real deploy does, from Cloudflare's
// API), so this runs `wrangler check startup`, which builds the Worker the same way, starts it in
// local workerd under V8's CPU profiler and prints its bundle size and the profile's "Active" CPU
// time: both figures below are wrangler's own, read from its output.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "..");
const dir = join(root, "dist");

/**
 * The most the Worker bundle may weigh, gzipped, as wrangler counts it. A size check, not a
 * timing: the build fails above it, so the bundle cannot grow back unnoticed. Issue 13's goal,
 * reached at 142.1 KiB (README "The Worker bundle").
 */
export const BUNDLE_LIMIT_GZIP_KIB = 150;

/** Raw and gzip -9 size of the Worker modules in `outdir` (as `wrangler deploy` uploads them). */
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

export type StartupCheck = { rawKiB: number; gzipKiB: number; activeMs: number; gcMs: number };

/** wrangler's figures from the output of `wrangler check startup` ("Bundle: …", "Active: …"). */
export function parseStartupCheck(output: string): StartupCheck {
  // Piped, wrangler prints no colours (its output is not a terminal, and NO_COLOR is set).
  const bundle = /Bundle: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  const active = /Active: ([\d.]+) ms \(including ([\d.]+) ms garbage collection\)/.exec(output);
  if (!bundle || !active) throw new Error(`wrangler check startup printed no figures:\n${output}`);
  return {
    rawKiB: Number(bundle[1]),
    gzipKiB: Number(bundle[2]),
    activeMs: Number(active[1]),
    gcMs: Number(active[2]),
  };
}

/** Runs `wrangler check startup` (the profile goes to `profileFile`) and returns its figures. */
export function checkStartup(profileFile: string): StartupCheck {
  const output = execFileSync(
    process.execPath,
    [join(root, "node_modules/.bin/wrangler"), "check", "startup", "--outfile", profileFile],
    {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", CI: "1" },
    },
  );
  return parseStartupCheck(output);
}

if (import.meta.main) {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const bundle = measureBundle(dir);
  const startup = checkStartup(join(dir, "startup.cpuprofile"));
  console.log(
    `Worker bundle: ${startup.rawKiB.toFixed(1)} KiB raw, ${startup.gzipKiB.toFixed(1)} KiB gzipped ` +
      `(wrangler's figures; dist/${bundle.files.join(", dist/")}: ${kib(bundle.raw)}, gzip -9 ${kib(bundle.gzip)}); ` +
      `limit ${BUNDLE_LIMIT_GZIP_KIB} KiB gzipped`,
  );
  console.log(
    `Worker startup: ${startup.activeMs.toFixed(1)} ms CPU (wrangler check startup, "Active", including ` +
      `${startup.gcMs.toFixed(1)} ms garbage collection; local workerd on this machine); profile in dist/startup.cpuprofile`,
  );
  if (startup.gzipKiB > BUNDLE_LIMIT_GZIP_KIB) {
    console.error(
      `The Worker bundle is ${startup.gzipKiB.toFixed(1)} KiB gzipped, over the ${BUNDLE_LIMIT_GZIP_KIB} KiB limit ` +
        `(scripts/bundle-size.ts). Find what grew with \`npx wrangler deploy --dry-run --outdir dist --metafile\`.`,
    );
    process.exit(1);
  }
}
