/**
 * npm run budget: how much each page weighs on the wire against the 14 KB first round trip
 * (TCP's initial window of 10 segments). Starts the Worker like the browser tests do (wrangler dev
 * on a fresh local D1), walks the whole-article quiz to meet a question of every type, and prints
 * one row per page: the bytes as served (with the encoding the server chose for
 * `Accept-Encoding: gzip, br`), and the page recompressed with gzip -9 and brotli -11. The pages
 * inline their CSS and script, so this is everything the page needs. It reports; it never fails
 * (exit 0) unless the server cannot be started. Also writes reports/page-weight.json.
 *
 * `npm run bench` weighs its pages with the same functions (`weighPage`, `cookieJar`, `BUDGET`).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from "node:zlib";
import bank from "../questions/bank.json" with { type: "json" };
import { ROOT, startDevServer } from "./dev-server.ts";

/** The parts of the path through the whole article, in order. */
const ARTICLE_PARTS = bank.quizzes.filter((q) => "part" in q && q.part).map((q) => q.id);

/** 14 KiB: about ten 1460-byte TCP segments, what arrives in the first round trip. */
export const BUDGET = 14 * 1024;

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; raw: Buffer; body: string };

/** One HTTP exchange with a cookie jar; the raw (still compressed) bytes are kept. */
function exchange(
  base: string,
  jar: Map<string, string>,
  method: string,
  pathname: string,
  form?: URLSearchParams,
): Promise<Reply> {
  const url = new URL(pathname, base);
  const payload = form ? Buffer.from(form.toString()) : undefined;
  const headers: Record<string, string> = {
    "accept-encoding": "gzip, br",
    accept: "text/html",
    "accept-language": "fr-FR,fr;q=0.9",
    "user-agent": "page-weight (phone)",
  };
  if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  if (payload) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers["content-length"] = String(payload.length);
    // Same-origin form post, as a browser sends it (the CSRF check wants it).
    headers.origin = url.origin;
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      res.on("end", () => {
        for (const cookie of [res.headers["set-cookie"] ?? []].flat()) {
          const [pair] = cookie.split(";");
          const eq = pair?.indexOf("=") ?? -1;
          if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
        }
        const raw = Buffer.concat(chunks);
        const encoding = String(res.headers["content-encoding"] ?? "identity");
        const identity =
          encoding === "gzip" ? gunzipSync(raw) : encoding === "br" ? brotliDecompressSync(raw) : Buffer.from(raw);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: identity.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** One page's weight: as decompressed, as served, and recompressed at the highest levels. */
export type PageWeight = {
  page: string;
  path: string;
  status: number;
  encoding: string;
  identityBytes: number;
  servedBytes: number;
  gzip9Bytes: number;
  brotli11Bytes: number;
  withinBudget: boolean;
};

function measure(page: string, pathname: string, reply: Reply): PageWeight {
  const identity = Buffer.from(reply.body, "utf8");
  const gzip9Bytes = gzipSync(identity, { level: 9 }).length;
  const brotli11Bytes = brotliCompressSync(identity, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT },
  }).length;
  const encoding = String(reply.headers["content-encoding"] ?? "identity");
  const servedBytes = reply.raw.length;
  return {
    page,
    path: pathname,
    status: reply.status,
    encoding,
    identityBytes: identity.length,
    servedBytes,
    gzip9Bytes,
    brotli11Bytes,
    // What a client gets at worst: as served, or gzip -9 when the server did not compress.
    withinBudget: (encoding === "identity" ? gzip9Bytes : servedBytes) <= BUDGET,
  };
}

/** GETs one page with this cookie jar and weighs it; null when the page does not exist (404). */
export async function weighPage(
  base: string,
  jar: Map<string, string>,
  page: string,
  pathname: string,
): Promise<PageWeight | null> {
  const reply = await exchange(base, jar, "GET", pathname);
  return reply.status === 404 ? null : measure(page, pathname, reply);
}

/** A cookie jar holding what a `Cookie` request header (`a=1; b=2`) sends. */
export function cookieJar(header: string): Map<string, string> {
  const jar = new Map<string, string>();
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1));
  }
  return jar;
}

/** The form fields of some answer to the question in this HTML (right or wrong does not matter). */
function answerFields(html: string): URLSearchParams {
  const form = new URLSearchParams();
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? "";
  const inputs = html.match(/<input\b[^>]*>/g) ?? [];
  const radio = inputs.find((tag) => /type="radio"/.test(tag));
  const checkbox = inputs.find((tag) => /type="checkbox"/.test(tag) && !/name="confirm"/.test(tag));
  if (radio) form.append(attr(radio, "name"), attr(radio, "value"));
  else if (checkbox) form.append(attr(checkbox, "name"), attr(checkbox, "value"));
  else if (inputs.some((tag) => /name="value"/.test(tag))) form.append("value", "1/10");
  else if (inputs.some((tag) => /name="text"/.test(tag))) form.append("text", "ordinateur");
  for (const tag of inputs.filter((t) => /name="order"/.test(t))) form.append("order", attr(tag, "value"));
  for (const select of html.match(/<select\b[\s\S]*?<\/select>/g) ?? []) {
    const option = [...select.matchAll(/<option value="([^"]+)"/g)][0]?.[1];
    if (option) form.append(attr(select, "name"), option);
  }
  return form;
}

/** The question type a page shows, from its inputs. */
function inputKind(html: string): string {
  if (/<ol class="ord"/.test(html)) return "ordering";
  if (/<select\b/.test(html)) return "matching";
  if (/type="checkbox"/.test(html)) return "checkboxes";
  if (/name="value" value="true"/.test(html)) return "true/false";
  if (/type="radio"/.test(html)) return "radio";
  if (/name="value"/.test(html)) return "numeric";
  if (/name="text"/.test(html)) return "text";
  return "other";
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  const server = await startDevServer();
  const rows: PageWeight[] = [];
  try {
    const base = server.baseUrl;
    const jar = new Map<string, string>();
    const get = async (page: string, pathname: string) => {
      const row = await weighPage(base, jar, page, pathname);
      if (row) rows.push(row);
    };

    await get("home (new learner)", "/");
    // The whole article as learners take it, part after part (the whole in one pool is for teachers only).
    let attemptPath = "";
    const seen = new Set<string>();
    let feedbackMeasured = false;
    for (const quizId of ARTICLE_PARTS) {
      const started = await exchange(base, jar, "POST", "/attempts", new URLSearchParams({ quizId }));
      const location = String(started.headers.location ?? "");
      attemptPath = new URL(location, base).pathname;
      if (started.status !== 303 || !/^\/attempts\/[a-z0-9]+$/.test(attemptPath)) {
        throw new Error(`could not start an attempt: ${started.status} ${location}`);
      }
      for (let n = 0; n < 200; n++) {
        const question = await exchange(base, jar, "GET", attemptPath);
        if (question.status !== 200) break;
        const action = /action="(\/attempts\/[^"]+\/answers\/[^"]+)"/.exec(question.body)?.[1];
        if (!action) break;
        const kind = inputKind(question.body);
        if (!seen.has(kind)) {
          seen.add(kind);
          rows.push(measure(`question (${kind})`, attemptPath, question));
        }
        const answered = await exchange(base, jar, "POST", action, answerFields(question.body));
        if (answered.status !== 303) throw new Error(`answering ${action} gave ${answered.status}`);
        if (!feedbackMeasured) {
          feedbackMeasured = true;
          await get("feedback", new URL(String(answered.headers.location), base).pathname);
        }
      }
      await exchange(base, jar, "POST", `${attemptPath}/finish`, new URLSearchParams());
    }
    await get("result", `${attemptPath}/result`);
    await get("home (with progress)", "/");
    await get("article", "/article");
    await get("progress", "/progress");
    await get("leaderboard (quick)", "/leaderboard/quick");
    await get("join an assignment", "/a");
    await get("teacher", "/teach");
    await get("API reference", "/api/docs");

    // A live game: the phone's nickname page and question page, and the projector.
    const live = await exchange(base, jar, "POST", "/teach/live", new URLSearchParams({ questionCount: "3" }));
    const code = /\/live\/([A-Z0-9]{6})\/host/.exec(live.body)?.[1];
    if (live.status !== 201 || !code) throw new Error(`could not create a live game: ${live.status}`);
    await get("live phone (nickname)", `/live/${code}`);
    await exchange(base, jar, "POST", `/live/${code}/join`, new URLSearchParams({ name: "Ana" }));
    await get("live projector (lobby)", `/live/${code}/host`);
    await exchange(base, jar, "POST", `/live/${code}/host/start`, new URLSearchParams());
    await get("live phone (question)", `/live/${code}`);
    await get("live projector (question)", `/live/${code}/host`);
  } finally {
    await server.stop();
  }

  const header = ["page", "status", "raw", "served", "gzip -9", "brotli -11", "budget"];
  const table = rows.map((r) => [
    r.page,
    String(r.status),
    kib(r.identityBytes),
    `${kib(r.servedBytes)} ${r.encoding}`,
    kib(r.gzip9Bytes),
    kib(r.brotli11Bytes),
    r.withinBudget ? "ok" : "OVER",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`Page weight against the ${kib(BUDGET)} first round trip (HTML with its inline CSS and script):\n`);
  console.log(line(header));
  for (const row of table) console.log(line(row));
  const over = rows.filter((r) => !r.withinBudget);
  console.log(over.length ? `\n${over.length} page(s) over budget.` : "\nEvery page fits in the first round trip.");

  const dir = path.join(ROOT, "reports");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "page-weight.json"),
    `${JSON.stringify({ budgetBytes: BUDGET, measuredAt: new Date().toISOString(), pages: rows }, null, 2)}\n`,
  );
  console.log(`Written to reports/page-weight.json`);
}

if (import.meta.main) await main();
