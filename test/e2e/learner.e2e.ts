import { execFileSync } from "node:child_process";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from "vitest";
import { ROOT } from "../../scripts/dev-server.ts";
import { axeViolations, launchChromium, type PhoneContext, phoneContext, smallTouchTargets } from "./browser.ts";

const BASE = inject("baseUrl");
const QUICK = "quick";

/** The compiled bank with its answers, as `npm run questions:export` prints it. */
type BankItem = {
  id: string;
  type: string;
  choices?: { id: string; correct?: boolean }[];
  answer?: number | boolean;
  parametric?: unknown;
  accepted?: string[];
  display?: { fr: string; en: string };
  items?: { id: string }[];
};
type Bank = {
  quizzes: { id: string; questionCount: number; itemIds: string[]; part?: unknown; teachersOnly?: boolean }[];
  items: BankItem[];
};
const BANK = JSON.parse(
  execFileSync(process.execPath, [path.join(ROOT, "questions/export.ts")], { encoding: "utf8", maxBuffer: 1 << 26 }),
) as Bank;
const ITEMS = new Map(BANK.items.map((item) => [item.id, item]));
/** The path through the whole article: its parts hold every item (the whole in one pool is for teachers only). */
const PARTS = BANK.quizzes.filter((q) => q.part && !q.teachersOnly).map((q) => q.id);

let browser: Browser;
const opened: PhoneContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  const contexts = opened.splice(0);
  await Promise.all(contexts.map((c) => c.context.close()));
  // No CDN, no fonts, no trackers: the pages talk to their own origin only.
  expect(contexts.flatMap((c) => c.foreign)).toEqual([]);
});

async function phone(javaScript: boolean): Promise<{ context: BrowserContext; page: Page }> {
  const phoneCtx = await phoneContext(browser, BASE, { javaScript });
  opened.push(phoneCtx);
  return { context: phoneCtx.context, page: await phoneCtx.context.newPage() };
}

type Kind = "radio" | "checkbox" | "numeric" | "text" | "ordering" | "matching";
type QuestionView = { attemptId: string; itemId: string; number: number; total: number; kind: Kind };

/** What the question page on screen asks: its attempt and item (from the form's action) and its inputs. */
async function readQuestion(page: Page): Promise<QuestionView> {
  const form = page.locator("main form[data-enhance]");
  await form.waitFor();
  const action = (await form.getAttribute("action")) ?? "";
  const match = /^\/attempts\/([^/]+)\/answers\/([^/]+)$/.exec(action);
  if (!match) throw new Error(`not a question form: ${action}`);
  const indicator = (await page.locator("main p.row .grow").first().textContent()) ?? "";
  const position = /(\d+)\s*\/\s*(\d+)/.exec(indicator);
  if (!position) throw new Error(`no progress indicator in "${indicator}"`);
  const counts = await form.evaluate((f) => ({
    radio: f.querySelectorAll("input[type=radio]").length,
    checkbox: f.querySelectorAll("input[type=checkbox]").length,
    numeric: f.querySelectorAll("input[name=value]").length,
    text: f.querySelectorAll("input[name=text]").length,
    ordering: f.querySelectorAll("ol.ord").length,
    matching: f.querySelectorAll("select").length,
  }));
  const kind = (Object.keys(counts) as Kind[]).find((k) => counts[k] > 0);
  if (!kind) throw new Error(`no known input on question ${match[2]}`);
  return {
    attemptId: match[1] as string,
    itemId: match[2] as string,
    number: Number(position[1]),
    total: Number(position[2]),
    kind,
  };
}

/** Fills an answer, whatever the type (right or wrong does not matter), without submitting it. */
async function fillAnswer(page: Page, question: QuestionView): Promise<void> {
  const form = page.locator("main form[data-enhance]");
  switch (question.kind) {
    case "radio":
    case "checkbox":
      // A tap on the option's label, as a thumb would.
      await form.locator("label.opt").first().tap();
      expect(await form.locator("input:checked").count()).toBe(1);
      return;
    case "numeric":
      await form.locator("input[name=value]").fill("1/10");
      return;
    case "text":
      await form.locator("input[name=text]").fill("ordinateur");
      return;
    case "ordering": {
      const before = await form
        .locator("ol.ord li input[name=order]")
        .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
      // With JavaScript the items move in place; without, the move posts and redirects back to the
      // question with the new order.
      await form.locator("ol.ord button[name=move]:not([disabled])").first().tap();
      const readOrder = () =>
        page
          .locator("main form[data-enhance] ol.ord li input[name=order]")
          .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
          .catch(() => before);
      await expect.poll(readOrder, { timeout: 10_000 }).not.toEqual(before);
      expect([...(await readOrder())].sort()).toEqual([...before].sort());
      return;
    }
    case "matching": {
      const selects = form.locator("select");
      for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption({ index: 1 });
      return;
    }
  }
}

async function submitAnswer(page: Page): Promise<void> {
  await page.locator("main form[data-enhance] button[type=submit]:not([name=move])").tap();
  await page.locator("main a[href^='/article#s']").first().waitFor();
}

type Feedback = { heading: string; explanation: string; sourceHref: string; counter: string };

/** The feedback on screen: right/wrong heading, explanation, and the link to the cited sentence. */
async function readFeedback(page: Page): Promise<Feedback> {
  const main = page.locator("main");
  const heading = ((await main.locator("h1").textContent()) ?? "").trim();
  const explanation = ((await main.locator("h2 + p").first().textContent()) ?? "").trim();
  const sourceHref = (await main.locator("a[href^='/article#s']").first().getAttribute("href")) ?? "";
  const counter = ((await main.locator("p.mut").first().textContent()) ?? "").trim();
  return { heading, explanation, sourceHref, counter };
}

/** Goes on from a feedback page: to the next question, or (after the last) to the result. */
async function continueFromFeedback(page: Page): Promise<"question" | "result"> {
  const next = page.locator("main a.btn[href^='/attempts/']");
  if ((await next.count()) > 0) {
    await next.tap();
    await page.locator("main form[data-enhance] h1#prompt").waitFor();
    return "question";
  }
  await page.locator("main form[action$='/finish'] button[type=submit]").tap();
  await page.locator("main table").waitFor();
  return "result";
}

async function startQuiz(page: Page, quizId: string): Promise<QuestionView> {
  await page.goto("/");
  await page.locator(`main form:has(input[name=quizId][value='${quizId}']) button[type=submit]`).tap();
  return readQuestion(page);
}

async function expectSourceOpensAtSentence(context: BrowserContext, href: string): Promise<void> {
  expect(href).toMatch(/^\/article#s[1-9]\d*$/);
  const article = await context.newPage();
  await article.goto(href);
  const id = href.split("#")[1] as string;
  const sentence = article.locator(`[id='${id}']`);
  expect(await sentence.count()).toBe(1);
  expect(await sentence.evaluate((el) => el.matches(":target"))).toBe(true);
  expect(((await sentence.textContent()) ?? "").trim().length).toBeGreaterThan(10);
  // Opened at that sentence: it is on screen.
  const box = await sentence.boundingBox();
  expect(box).not.toBeNull();
  expect(box?.y ?? -9).toBeGreaterThan(-2);
  expect(box?.y ?? 9999).toBeLessThan(844);
  await article.close();
}

/** A whole quick quiz; returns the result page's score text. */
async function completeQuickQuiz(context: BrowserContext, page: Page, javaScript: boolean): Promise<void> {
  let question = await startQuiz(page, QUICK);
  expect(question.number).toBe(1);
  expect(question.total).toBe(5);
  if (javaScript) await page.evaluate(() => Object.assign(window, { __marker: 1 }));
  for (let n = 1; ; n++) {
    expect(question.number).toBe(n);
    await fillAnswer(page, question);
    await submitAnswer(page);
    const feedback = await readFeedback(page);
    expect(feedback.heading).toMatch(/Bonne réponse|Réponse fausse|partiellement juste|Merci pour votre avis/);
    expect(feedback.explanation.length).toBeGreaterThan(10);
    expect(feedback.counter).toContain(`${n} / 5`);
    await expectSourceOpensAtSentence(context, feedback.sourceHref);
    if ((await continueFromFeedback(page)) === "result") {
      expect(n).toBe(5);
      break;
    }
    question = await readQuestion(page);
  }
  const main = page.locator("main");
  expect(await main.locator(".card strong").textContent()).toMatch(/\d+(\.\d)? \/ 5\b/);
  expect(await main.locator("table tr").count()).toBeGreaterThan(0);
  expect(await main.locator("table tr").first().locator("td").textContent()).toMatch(/\d+(\.\d)? \/ \d+/);
  expect(page.url()).toMatch(/\/attempts\/[a-z0-9]+\/result$/);
}

describe("a learner on a phone", () => {
  test("completes the quick quiz with JavaScript on, without a full page load between questions", async () => {
    const { context, page } = await phone(true);
    await completeQuickQuiz(context, page, true);
    // The marker set on question 1 survived: every later screen came without a full page load.
    expect(await page.evaluate(() => (window as unknown as { __marker?: number }).__marker)).toBe(1);
  });

  test("completes the quick quiz with JavaScript off: forms post and redirect with 303", async () => {
    const { context, page } = await phone(false);
    const posts: { url: string; status: number }[] = [];
    page.on("response", (response) => {
      if (response.request().method() === "POST") posts.push({ url: response.url(), status: response.status() });
    });
    await completeQuickQuiz(context, page, false);
    const answers = posts.filter((p) => /\/answers\//.test(p.url));
    expect(answers.filter((p) => p.status === 303).length).toBeGreaterThanOrEqual(5);
    expect(posts.every((p) => p.status === 303)).toBe(true);
    expect(posts.some((p) => p.url.endsWith("/finish"))).toBe(true);
  });

  test("a reload after two answers resumes at question 3 with nothing lost", async () => {
    const { page } = await phone(true);
    let question = await startQuiz(page, QUICK);
    const attemptId = question.attemptId;
    const answered: string[] = [];
    for (let n = 1; n <= 2; n++) {
      await fillAnswer(page, question);
      await submitAnswer(page);
      answered.push(question.itemId);
      if (n === 2) break;
      await continueFromFeedback(page);
      question = await readQuestion(page);
    }
    await page.reload();
    // The second answer's feedback is still there after the reload.
    expect((await readFeedback(page)).counter).toContain("2 / 5");

    await page.goto("/");
    const resume = page.locator(`main a.btn[href='/attempts/${attemptId}']`);
    expect(await resume.count()).toBe(1);
    expect(await page.locator("main section.card").first().textContent()).toContain("2 / 5");
    await resume.tap();
    const third = await readQuestion(page);
    expect(third.attemptId).toBe(attemptId);
    expect(third.number).toBe(3);
    expect(answered).not.toContain(third.itemId);
    expect(await page.locator("main p.row .grow").first().textContent()).toMatch(/\b3 \/ 5\b/);
    await page.reload();
    expect((await readQuestion(page)).itemId).toBe(third.itemId);

    const state = await page.request.get(`/api/attempts/${attemptId}`);
    expect(state.status()).toBe(200);
    const body = (await state.json()) as { status: string; answeredCount: number; question: { id: string } | null };
    expect(body.status).toBe("in-progress");
    expect(body.answeredCount).toBe(2);
    expect(body.question?.id).toBe(third.itemId);
  });

  test("the answer goes through once when the network drops, with JavaScript on", async () => {
    const { page } = await phone(true);
    let question = await startQuiz(page, QUICK);
    const attemptId = question.attemptId;
    const seen: string[] = [];

    // 1. The request never reaches the server; the page retries.
    let dropped = false;
    await page.route("**/attempts/*/answers/*", async (route) => {
      if (route.request().method() === "POST" && !dropped) {
        dropped = true;
        seen.push("aborted");
        await route.abort("internetdisconnected");
        return;
      }
      seen.push("sent");
      await route.continue();
    });
    await fillAnswer(page, question);
    await submitAnswer(page);
    expect(seen).toEqual(["aborted", "sent"]);
    expect((await readFeedback(page)).counter).toContain("1 / 5");
    await page.unroute("**/attempts/*/answers/*");

    // 2. The server stores the answer but the phone loses the response; the retry counts once.
    await continueFromFeedback(page);
    question = await readQuestion(page);
    let lost = false;
    await page.route("**/attempts/*/answers/*", async (route) => {
      if (route.request().method() === "POST" && !lost) {
        lost = true;
        const response = await route.fetch({ maxRedirects: 0 });
        seen.push(`stored ${response.status()}, response lost`);
        await route.abort("connectionreset");
        return;
      }
      seen.push("sent again");
      await route.continue();
    });
    await fillAnswer(page, question);
    await submitAnswer(page);
    expect(seen.slice(2)).toEqual(["stored 303, response lost", "sent again"]);
    const feedback = await readFeedback(page);
    expect(feedback.counter).toContain("2 / 5");

    const state = await page.request.get(`/api/attempts/${attemptId}`);
    expect(state.status()).toBe(200);
    expect(((await state.json()) as { answeredCount: number }).answeredCount).toBe(2);
  });
});

/** Every kind of input a question page can have. */
const KINDS: Kind[] = ["radio", "checkbox", "numeric", "text", "ordering", "matching"];

/**
 * Answers a quiz question by question, calling `check` on each question page and `onFeedback` on
 * each feedback page; `enough` (asked on each question page after its check) finishes it early.
 */
async function walkQuiz(
  page: Page,
  quizId: string,
  check: (question: QuestionView) => Promise<void>,
  onFeedback?: () => Promise<void>,
  enough?: () => boolean,
): Promise<void> {
  let question = await startQuiz(page, quizId);
  for (;;) {
    await check(question);
    if (enough?.()) {
      await page.locator("main form[action$='/finish']:not([data-enhance]) button[type=submit]").tap();
      await page.locator("main table").waitFor();
      return;
    }
    await fillAnswer(page, question);
    await submitAnswer(page);
    if (onFeedback) await onFeedback();
    if ((await continueFromFeedback(page)) === "result") return;
    question = await readQuestion(page);
  }
}

describe("every question of the whole article (its parts)", () => {
  test("every control on a question page of each kind is a touch target of at least 44x44 CSS px", async () => {
    const { page } = await phone(false);
    const problems: string[] = [];
    const kinds = new Set<Kind>();
    for (const part of PARTS) {
      if (kinds.size === KINDS.length) break;
      await walkQuiz(
        page,
        part,
        async (question) => {
          kinds.add(question.kind);
          for (const small of await smallTouchTargets(page)) {
            problems.push(`${question.itemId} (${question.kind}): ${small.what} is ${small.width}x${small.height}`);
          }
        },
        undefined,
        () => kinds.size === KINDS.length,
      );
    }
    expect([...kinds].sort()).toEqual([...KINDS].sort());
    expect(problems).toEqual([]);
  });

  test("no question page gives its answer away before it is answered", async () => {
    const { page } = await phone(false);
    const leaks: string[] = [];
    const kinds = new Set<string>();
    const seen = new Set<string>();
    for (const part of PARTS) {
      await walkQuiz(page, part, async (question) => {
        const item = ITEMS.get(question.itemId);
        if (!item) throw new Error(`question ${question.itemId} is not in the exported bank`);
        kinds.add(item.type);
        seen.add(item.id);
        leaks.push(...(await answerLeaks(page, item)).map((leak) => `${item.id} (${item.type}): ${leak}`));
      });
    }
    expect(leaks).toEqual([]);
    expect(seen.size).toBe(BANK.items.length);
    expect(kinds.size).toBeGreaterThan(2);
  });
});

const normalize = (text: string) =>
  text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, " ").trim();

/** What on the question page on screen would tell the learner the item's answer. */
async function answerLeaks(page: Page, item: BankItem): Promise<string[]> {
  const leaks: string[] = [];
  const dom = await page.evaluate(() => {
    const main = document.querySelector("main") as HTMLElement;
    const suspicious: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of el.getAttributeNames()) {
        if (/correct|answer|solution|right|expected|key/i.test(attr) && !/^aria-/.test(attr)) {
          suspicious.push(`<${el.tagName.toLowerCase()} ${attr}="${el.getAttribute(attr)}">`);
        }
      }
    }
    // Each option's markup with its id and text taken out: must be the same for every option.
    const shapes = Array.from(main.querySelectorAll("label.opt")).map((label) => {
      const input = label.querySelector("input") as HTMLInputElement;
      return Array.from(label.querySelectorAll("*"))
        .map((el) => `${el.tagName}[${el.getAttributeNames().sort().join(",")}]${el.className}`)
        .concat(input ? `checked=${input.checked}` : "")
        .join(" ");
    });
    return {
      suspicious,
      shapes,
      preselected: Array.from(main.querySelectorAll("input:checked, option:checked"))
        .filter((el) => !(el instanceof HTMLOptionElement && el.value === ""))
        .map((el) => el.outerHTML),
      // The text a learner could see or hear: content and every attribute value (placeholder, aria-label…).
      text: [main.textContent ?? ""]
        .concat(
          Array.from(main.querySelectorAll("*")).flatMap((el) =>
            el
              .getAttributeNames()
              .filter((a) => /^(placeholder|aria-label|title|alt|value|data-.*)$/.test(a))
              .map((a) => el.getAttribute(a) ?? ""),
          ),
        )
        .join(" "),
      html: main.innerHTML,
    };
  });
  leaks.push(...dom.suspicious.map((s) => `attribute that names the answer: ${s}`));
  leaks.push(...dom.preselected.map((s) => `preselected: ${s}`));
  if (new Set(dom.shapes).size > 1) leaks.push(`options differ in markup: ${[...new Set(dom.shapes)].join(" | ")}`);
  const text = normalize(dom.text);
  switch (item.type) {
    case "text":
      for (const accepted of [...(item.accepted ?? []), item.display?.fr ?? "", item.display?.en ?? ""]) {
        const needle = normalize(accepted);
        if (needle.length < 2) continue;
        const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        if (new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, "u").test(text)) {
          leaks.push(`accepted answer "${accepted}" appears on the page`);
        }
      }
      break;
    case "numeric":
      if (typeof item.answer === "number" && !item.parametric) {
        const numbers = (dom.text.match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(",", ".")));
        if (numbers.includes(item.answer)) leaks.push(`the answer ${item.answer} appears on the page`);
      }
      break;
    // Ordering: a shuffle may land on the correct order (1 in n!; refusing it would itself tell the
    // learner something), so one page cannot show a leak. That the served order ignores the key is
    // checked over many seeds in test/quiz/public-view.test.ts.
    case "single-choice":
    case "multiple-choice": {
      // Ids of every choice appear as input values; the correct ones must appear nowhere else.
      for (const choice of (item.choices ?? []).filter((c) => c.correct)) {
        const occurrences = dom.html.split(`"${choice.id}"`).length - 1;
        if (occurrences > 1) leaks.push(`correct choice id "${choice.id}" appears ${occurrences} times`);
      }
      break;
    }
  }
  return leaks;
}

describe("accessibility", () => {
  test("axe-core finds no WCAG 2 A/AA violation on any page, light or dark", async () => {
    const { page } = await phone(true);
    const violations: string[] = [];
    const audit = async (label: string) => {
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        violations.push(...(await axeViolations(page, `${label}, ${colorScheme}`)));
      }
      await page.emulateMedia({ colorScheme: "light" });
    };

    await page.goto("/");
    await audit("home, new learner");
    const audited = new Set<string>();
    const allKinds = () => KINDS.every((kind) => audited.has(kind));
    for (const part of PARTS) {
      if (allKinds()) break;
      await walkQuiz(
        page,
        part,
        async (question) => {
          if (!audited.has(question.kind)) await audit(`question (${question.kind})`);
          audited.add(question.kind);
        },
        async () => {
          const heading = ((await page.locator("main h1").textContent()) ?? "").trim();
          const state = `feedback: ${heading.replace(/^\W+/, "")}`;
          if (!audited.has(state)) await audit(state);
          audited.add(state);
        },
        allKinds,
      );
    }
    await audit("result");
    const pages: [string, string][] = [
      ["/", "home with progress"],
      ["/article#s3", "article at a sentence"],
      ["/progress", "progress"],
      ["/no-such-page", "404 page"],
      ["/api/docs", "API reference"],
      ["/?lang=en", "home in English"],
      ["/article", "article in English"],
      ["/progress", "progress in English"],
    ];
    for (const [href, label] of pages) {
      const response = await page.goto(href);
      expect(response?.status(), href).toBe(href === "/no-such-page" ? 404 : 200);
      await audit(label);
    }
    // A question page in the middle of a quiz, in English (with the "resume" card on home).
    await startQuiz(page, QUICK);
    await audit("question, English");
    await page.goto("/");
    await audit("home with resume, English");
    expect(violations, violations.join("\n\n")).toEqual([]);
  });
});
