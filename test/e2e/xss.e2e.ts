import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { launchChromium, phoneContext } from "./browser.ts";

/**
 * Hostile titles and names, set through the APIs and forms as anyone could, must show as text
 * on every page that shows them: no dialog opens, no payload's flag is set, no element they
 * describe exists.
 */
const BASE = inject("baseUrl");

// Each payload, if it ever ran, would set window.z (names are at most 24 characters).
const TITLES = [
  `<img src=x onerror="window.z=1;alert(1)"> Classe`,
  `"><svg onload=window.z=2;alert(2)> Classe`,
  "javascript:window.z=3;alert(3)",
  "</title><script>window.z=4;alert(4)</script>",
];
const NAMES = ["<img src=x onerror=z=1>", `"><svg onload=z=2>`, "javascript:z=3", "<script>z=4</script>"];

type Jar = Map<string, string>;

async function send(jar: Jar, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.size) headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
  const res = await fetch(BASE + path, { ...init, headers, redirect: "manual" });
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const [name, ...rest] = (pair ?? "").split("=");
    if (name) jar.set(name.trim(), rest.join("="));
  }
  return res;
}

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

type Question = { id: string; type: string; choices?: { id: string }[]; items?: { id: string }[] };

/** Joins an assignment under `name`, answers every question with something well formed, finishes. */
async function joinAndFinish(code: string, name: string): Promise<{ jar: Jar; attemptId: string; status: number }> {
  const jar: Jar = new Map();
  const start = await send(jar, "/api/attempts", json("POST", { assignmentCode: code, name }));
  if (start.status !== 201) return { jar, attemptId: "", status: start.status };
  const attempt = (await start.json()) as { id: string; question: Question | null };
  let q = attempt.question;
  while (q) {
    const response =
      q.type === "true-false"
        ? { value: true }
        : q.type === "multiple-choice"
          ? { choices: [q.choices?.[0]?.id] }
          : q.type === "numeric"
            ? { value: "10" }
            : q.type === "text"
              ? { text: "DeepSeek" }
              : q.type === "ordering"
                ? { order: q.items?.map((i) => i.id) }
                : { choice: q.choices?.[0]?.id };
    const res = await send(jar, `/api/attempts/${attempt.id}/answers/${q.id}`, json("PUT", { response }));
    q = res.status === 200 ? ((await res.json()) as { next: Question | null }).next : null;
  }
  await send(jar, `/api/attempts/${attempt.id}/finish`, json("POST"));
  return { jar, attemptId: attempt.id, status: 201 };
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a page with JavaScript on and the given cookies; returns what ran and what shows. */
async function visit(path: string, jar: Jar) {
  const { context } = await phoneContext(browser, BASE, { javaScript: true, locale: "fr-FR" });
  const host = new URL(BASE).hostname;
  await context.addCookies([...jar].map(([name, value]) => ({ name, value, domain: host, path: "/" })));
  const page: Page = await context.newPage();
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const res = await page.goto(path, { waitUntil: "load" });
  // Give any late handler (an image's onerror) a moment to fire.
  await page.waitForTimeout(300);
  const flag = await page.evaluate(() => (window as unknown as { z?: unknown }).z);
  const planted = await page.evaluate(
    () =>
      document.querySelectorAll(
        'img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:" i], main script:not([nonce])',
      ).length,
  );
  // What shows: the text, and the values of fields (a saved name is in its input).
  const text = `${(await page.locator("body").textContent()) ?? ""} ${await page.evaluate(() =>
    Array.from(document.querySelectorAll("input, textarea"), (e) => (e as HTMLInputElement).value).join(" "),
  )}`;
  await context.close();
  return { status: res?.status() ?? 0, dialogs, flag, planted, text };
}

describe("hostile titles and names", () => {
  test("show as text on every page and never run", async () => {
    const shown: { path: string; expect: string[]; jar: Jar }[] = [];
    for (const title of TITLES) {
      const created = await send(
        new Map(),
        "/api/assignments",
        json("POST", { title, quizId: "quick", leaderboard: "nicknames" }),
      );
      expect(created.status, title).toBe(201);
      const { code, manageSecret } = (await created.json()) as { code: string; manageSecret: string };
      const names: string[] = [];
      let lastLearner: { jar: Jar; attemptId: string } | null = null;
      for (const name of NAMES) {
        const joined = await joinAndFinish(code, name);
        // A name the rules refuse (422) is never shown; one accepted must show as text.
        if (joined.status === 201) {
          names.push(name);
          lastLearner = joined;
        } else expect(joined.status, name).toBe(422);
      }
      expect(names.length, "at least one hostile name is accepted, so the pages are really tested").toBeGreaterThan(0);

      const teacher: Jar = new Map();
      await send(teacher, `/teach/${code}/manage/unlock`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
        body: new URLSearchParams({ key: manageSecret, remember: "1" }),
      });
      shown.push(
        { path: `/a/${code}`, expect: [title], jar: new Map() },
        { path: `/a/${code}/leaderboard`, expect: [title, ...names], jar: new Map() },
        { path: `/teach/${code}/manage`, expect: [title, ...names], jar: teacher },
        { path: `/teach/${code}/leaderboard`, expect: names, jar: teacher },
        { path: "/teach", expect: [title], jar: teacher },
      );
      if (lastLearner) {
        shown.push({ path: `/attempts/${lastLearner.attemptId}/result`, expect: [], jar: lastLearner.jar });
      }
    }

    // A learner's display name (progress page) and a practice nickname (public board).
    const learner: Jar = new Map();
    await send(learner, "/api/attempts", json("POST", { quizId: "quick" }));
    const nicknames: string[] = [];
    for (const nickname of NAMES) {
      const res = await send(learner, "/api/leaderboards/quick/join", json("POST", { nickname }));
      if (res.status < 300) nicknames.push(nickname);
    }
    const named = await send(learner, "/progress/name", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: BASE },
      body: new URLSearchParams({ name: NAMES[0] ?? "" }),
    });
    shown.push(
      { path: "/progress", expect: named.status < 400 ? [NAMES[0] ?? ""] : [], jar: learner },
      { path: "/leaderboard/quick", expect: [], jar: learner },
    );

    for (const { path, expect: texts, jar } of shown) {
      const seen = await visit(path, jar);
      expect(seen.status, path).toBe(200);
      expect(seen.dialogs, `${path}: a dialog opened`).toEqual([]);
      expect(seen.flag, `${path}: a payload ran`).toBeUndefined();
      expect(seen.planted, `${path}: a payload became markup`).toBe(0);
      for (const t of texts) expect(seen.text, `${path} shows ${t} as text`).toContain(t.trim());
    }
  });
});
