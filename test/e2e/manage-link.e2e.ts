import type { Browser, BrowserContext, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { launchChromium } from "./browser.ts";

const BASE = inject("baseUrl");

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Creates an assignment through the API; returns its code and private manage link. */
async function createAssignment(title: string) {
  const res = await fetch(`${BASE}/api/assignments`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ title, questionCount: 2 }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { code: string; manageUrl: string; manageSecret: string };
  expect(body.manageUrl).toBe(`/teach/${body.code}/manage#key=${body.manageSecret}`);
  return { ...body, link: new URL(body.manageUrl, BASE).href };
}

/** Every URL and header the browser sends, to show the secret never leaves it except in the one POST body. */
function watch(context: BrowserContext) {
  const sent: { url: string; headers: string; body: string | null }[] = [];
  context.on("request", (r: Request) => {
    sent.push({ url: r.url(), headers: JSON.stringify(r.headers()), body: r.postData() });
  });
  return sent;
}

describe("the manage link's secret travels in the fragment and is exchanged by a POST", () => {
  test("with JavaScript: the page posts it, sets the cookie and lands on a clean address", async () => {
    const { code, manageSecret, link } = await createAssignment("Fragment exchange");
    const context = await browser.newContext({ baseURL: BASE, locale: "en-GB" });
    const sent = watch(context);
    const page = await context.newPage();
    await page.goto(link);
    await page.locator("#roster").waitFor();
    expect(page.url()).toBe(`${BASE}/teach/${code}/manage`);
    expect(await page.evaluate(() => location.hash)).toBe("");
    // The secret was sent once, in the body of a same-origin POST; never in a URL or a header.
    const carrying = sent.filter((r) => r.url.includes(manageSecret) || r.headers.includes(manageSecret));
    expect(carrying).toEqual([]);
    const posts = sent.filter((r) => r.body?.includes(manageSecret));
    expect(posts.map((r) => r.url)).toEqual([`${BASE}/teach/${code}/manage/unlock`]);
    // The cookie is HttpOnly and SameSite=Strict, scoped to the assignment.
    const cookie = (await context.cookies()).find((c) => c.name === `manage_${code}`);
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Strict");
    expect(cookie?.path).toBe(`/teach/${code}`);
    // Going back does not bring the secret back into the address bar.
    await page.goto(`${BASE}/teach?lang=en`);
    expect(await page.locator("main").textContent()).toContain(code);
    await page.goBack();
    expect(page.url()).not.toContain(manageSecret);
    await context.close();
  });

  test("without JavaScript: the teacher pastes the secret into the form", async () => {
    const { code, manageSecret, link } = await createAssignment("Pasted secret");
    const context = await browser.newContext({ baseURL: BASE, locale: "en-GB", javaScriptEnabled: false });
    const page = await context.newPage();
    const door = await page.goto(link);
    expect(door?.status()).toBe(401);
    await page.locator("#key").fill("not-the-secret-at-all-0000000000000000000");
    await page.locator("#unlock button[type=submit]").click();
    await page.locator("[role=alert]").waitFor();
    await page.locator("#key").fill(manageSecret);
    await page.locator("#unlock button[type=submit]").click();
    await page.locator("#roster").waitFor();
    expect(page.url()).toBe(`${BASE}/teach/${code}/manage`);
    await context.close();
  });

  test("a link followed from another site opens the page but does not plant the assignment in the teacher's list", async () => {
    const { code, link } = await createAssignment("Planted by a stranger");
    const context = await browser.newContext({ baseURL: BASE, locale: "en-GB" });
    const page = await context.newPage();
    // A page of another site linking to the manage link (about:blank's opaque origin is cross-site).
    await page.setContent(`<a id="go" href="${link}">open</a>`);
    await page.locator("#go").click();
    await page.locator("#roster").waitFor();
    expect(page.url()).toBe(`${BASE}/teach/${code}/manage`);
    await page.goto(`${BASE}/teach?lang=en`);
    expect(await page.locator("main").textContent()).not.toContain(code);
    await context.close();
  });
});
