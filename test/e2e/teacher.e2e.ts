import { readFile } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { axeViolations, launchChromium, phoneContext } from "./browser.ts";

const BASE = inject("baseUrl");

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Answers the question on screen with whatever is first (right or wrong does not matter). */
async function answerAnything(page: Page): Promise<void> {
  const form = page.locator("main form[data-enhance]");
  await form.waitFor();
  if ((await form.locator("label.opt").count()) > 0) await form.locator("label.opt").first().tap();
  else if ((await form.locator("input[name=value]").count()) > 0) await form.locator("input[name=value]").fill("10");
  else if ((await form.locator("input[name=text]").count()) > 0)
    await form.locator("input[name=text]").fill("DeepSeek");
  else {
    const selects = form.locator("select");
    for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption({ index: 1 });
  }
  await form.locator("button[type=submit]:not([name=move])").tap();
  await page.locator("main a[href^='/article#s']").first().waitFor();
}

describe("a teacher and a class", () => {
  test("the teacher creates an assignment, a learner on a phone joins and finishes, the teacher sees it and downloads the CSV", async () => {
    const teacher = await browser.newContext({ baseURL: BASE, locale: "en-GB", acceptDownloads: true });
    const page = await teacher.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto("/teach?lang=en");
    expect(await axeViolations(page, "teach")).toEqual([]);
    await page.locator("#title").fill("Year 10 — <AI> strategies");
    await page.locator("#questionCount").fill("2");
    await page.locator("main form[action='/teach'] button[type=submit]").click();
    await page.locator("text=Keep this link").waitFor();
    const manageUrl = await page.locator("main input[readonly]").inputValue();
    expect(manageUrl).toMatch(/\/teach\/[A-Z0-9]{6,8}\/manage#key=/);
    const learnerUrl = (await page.locator("main a[href*='/a/']").getAttribute("href")) ?? "";
    expect(await page.locator("main img[alt*='QR']").count()).toBe(1);

    // The manage link trades its secret (in the fragment) for a cookie and lands on a clean address.
    await page.goto(manageUrl);
    await page.locator("#roster").waitFor();
    expect(page.url()).not.toContain("key=");
    expect(await page.locator("meta[name=robots]").getAttribute("content")).toContain("noindex");

    // A learner on a phone, JavaScript off, joins by the link.
    const phone = await phoneContext(browser, BASE, { javaScript: false, locale: "en-GB" });
    const learner = await phone.context.newPage();
    learner.setDefaultTimeout(15_000);
    await learner.goto(`${new URL(learnerUrl).pathname}?lang=en`);
    expect(await learner.locator("h1").textContent()).toBe("Year 10 — <AI> strategies");
    await learner.locator("#name").fill("Ada L.");
    await learner.locator("main form button[type=submit]").tap();
    for (let n = 0; n < 2; n++) {
      await answerAnything(learner);
      const next = learner.locator("main a.btn[href^='/attempts/']");
      if ((await next.count()) > 0) await next.tap();
    }
    await learner.locator("main form[action$='/finish'] button[type=submit]").tap();
    await learner.locator("main .card strong").waitFor();
    expect(phone.foreign).toEqual([]);
    // axe needs JavaScript: audit the landing page from a second phone that has it.
    const audited = await phoneContext(browser, BASE, { javaScript: true, locale: "en-GB" });
    const landing = await audited.context.newPage();
    await landing.goto(`${new URL(learnerUrl).pathname}?lang=en`);
    expect(await axeViolations(landing, "assignment landing")).toEqual([]);
    await audited.context.close();

    // The teacher sees the learner finished, and downloads the CSV.
    await page.reload();
    const row = page.locator("#roster tbody tr", { hasText: "Ada L." });
    await row.waitFor();
    expect(await row.textContent()).toContain("finished");
    expect(await axeViolations(page, "manage")).toEqual([]);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("a[href$='results.csv']").click(),
    ]);
    const csv = await readFile((await download.path()) ?? "", "utf8");
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('"Ada L."');
    await phone.context.close();
    await teacher.close();
  });
});
