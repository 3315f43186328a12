/**
 * `npm run audit`: Lighthouse 12.2.3 (pinned) on a phone profile, against Debian's Chromium
 * (/usr/bin/chromium), for every page of the app on the Worker in workerd (wrangler dev, fresh
 * local D1, loopback only). Prints performance, accessibility and best-practices scores and
 * every audit that did not pass; writes reports/lighthouse-latest.{json,md}.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import lighthouse from "lighthouse";
import { freePort, LocalDatabase, ROOT, startDev } from "../scripts/dev-server.ts";
import { CHROMIUM_ARGS, CHROMIUM as DEBIAN_CHROMIUM } from "../test/e2e/browser.ts";
import { samplePages } from "./pages.ts";

const CHROMIUM = process.env.CHROMIUM ?? DEBIAN_CHROMIUM;
const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;

async function launchChromium(): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const profile = await mkdtemp(path.join(tmpdir(), "article-quiz-chromium-"));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      ...CHROMIUM_ARGS,
      `--remote-debugging-port=${port}`,
      "--remote-debugging-address=127.0.0.1",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(profile, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (res.ok) return { port, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${CHROMIUM} did not open its debugging port`);
}

type PageAudit = {
  page: string;
  path: string;
  scores: Record<string, number | null>;
  failed: { category: string; id: string; title: string; score: number | null; displayValue?: string }[];
};

const db = await LocalDatabase.create("article-quiz-audit-");
const server = await startDev(db);
const results: PageAudit[] = [];
try {
  const only = process.env.AUDIT_PAGES?.split(",");
  const pages = (await samplePages(server.baseUrl, null)).filter((p) => !only || only.includes(p.page));
  /** One Lighthouse run in a fresh browser: its cookie jar would otherwise override the page's own cookie. */
  const audit = async (pathname: string, cookie: string) => {
    const chrome = await launchChromium();
    try {
      const runner = await lighthouse(`${server.baseUrl}${pathname}`, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
        formFactor: "mobile",
        ...(cookie ? { extraHeaders: { cookie } } : {}),
      });
      if (!runner) throw new Error(`no Lighthouse result for ${pathname}`);
      return runner.lhr;
    } finally {
      await chrome.stop();
    }
  };
  for (const { page, path: pathname, cookie } of pages) {
    let lhr = await audit(pathname, cookie);
    // A cold first run sometimes errors in a metric (score null): run it once more.
    if (CATEGORIES.some((c) => lhr.categories[c]?.score === null)) lhr = await audit(pathname, cookie);
    if (lhr.runtimeError)
      console.log(`${page}: Lighthouse could not audit it: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c]?.score ?? null]));
    const failed: PageAudit["failed"] = [];
    for (const category of CATEGORIES) {
      for (const ref of lhr.categories[category]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (!audit || audit.scoreDisplayMode === "notApplicable" || audit.scoreDisplayMode === "informative") continue;
        if (audit.scoreDisplayMode === "manual" || audit.score === null || audit.score >= 0.9) continue;
        failed.push({ category, id: ref.id, title: audit.title, score: audit.score, displayValue: audit.displayValue });
      }
    }
    results.push({ page, path: pathname, scores, failed });
    const pct = (v: number | null) => (v === null ? " – " : String(Math.round(v * 100)).padStart(3));
    console.log(
      `${page.padEnd(26)} perf ${pct(scores.performance ?? null)}  a11y ${pct(scores.accessibility ?? null)}  best ${pct(scores["best-practices"] ?? null)}`,
    );
    for (const f of failed)
      console.log(`    [${f.category}] ${f.id}: ${f.title}${f.displayValue ? ` (${f.displayValue})` : ""}`);
  }
} finally {
  await server.stop();
  await db.remove();
}

const md = [
  `# Lighthouse 12.2.3, mobile, ${new Date().toISOString()}`,
  "",
  "| Page | Performance | Accessibility | Best practices | Audits below 90 |",
  "|---|---:|---:|---:|---|",
  ...results.map(
    (r) =>
      `| ${r.page} | ${CATEGORIES.map((c) => (r.scores[c] === null ? "–" : Math.round((r.scores[c] ?? 0) * 100))).join(" | ")} | ${r.failed.map((f) => f.id).join(", ") || "none"} |`,
  ),
  "",
].join("\n");
const dir = path.join(ROOT, "reports");
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "lighthouse-latest.json"), `${JSON.stringify(results, null, 2)}\n`);
await writeFile(path.join(dir, "lighthouse-latest.md"), md);
console.log(`\n${md}\nWritten: reports/lighthouse-latest.json and .md`);
