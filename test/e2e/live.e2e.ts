import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { axeViolations, launchChromium, type PhoneContext, phoneContext } from "./browser.ts";

const BASE = inject("baseUrl");
const QUESTIONS = 5;
/** Generous: the machine is slow; the room's clock must never close a question before the phones answer. */
const WAIT = { timeout: 60_000 };
const RANK = /(Vous êtes|You are) \d+\S* (sur|of) 3/;

let browser: Browser;
const contexts: BrowserContext[] = [];
const phones: PhoneContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()));
  await browser?.close();
});

type Player = { name: string; page: Page; javaScript: boolean };

/** Answers the question on screen with whatever its inputs allow, then sends it. */
async function answer(page: Page): Promise<void> {
  const form = page.locator("form[data-live-answer]");
  await form.waitFor(WAIT);
  if ((await form.locator("input[type=radio]").count()) > 0) {
    await form.locator("input[type=radio]").first().check();
  } else if ((await form.locator("input[type=checkbox]").count()) > 0) {
    await form.locator("input[type=checkbox]").first().check();
  } else if ((await form.locator("input[name=value]").count()) > 0) {
    await form.locator("input[name=value]").fill("1");
  } else if ((await form.locator("input[name=text]").count()) > 0) {
    await form.locator("input[name=text]").fill("intelligence");
  } else {
    const selects = form.locator("select");
    for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption({ index: 1 });
  }
  // Ordering needs nothing: the order shown is an answer.
  await form.locator("button[type=submit]:not([name=move])").click();
}

/** Joins by nickname. Without JavaScript the lobby page refreshes itself, so a refresh may wipe the field: retry. */
async function join(player: Player, code: string): Promise<void> {
  await player.page.goto(`/live/${code}`);
  const heading = player.page.locator("h1", { hasText: `${player.name} · ` });
  for (let attempt = 0; ; attempt++) {
    try {
      await player.page.locator("#live-name").fill(player.name, { timeout: 10_000 });
      await player.page.locator("form[action$='/join'] button[type=submit]").click({ timeout: 10_000 });
      await heading.waitFor({ timeout: 15_000 });
      return;
    } catch (error) {
      if (attempt >= 3 || (await heading.count()) > 0) {
        if ((await heading.count()) > 0) return;
        throw error;
      }
    }
  }
}

describe("live game: a projector and three phones to the podium", () => {
  test("five questions, with the host's controls, a phone without JavaScript, and no axe violations", async () => {
    const violations: string[] = [];

    // The teacher creates the game with the /teach/live form and keeps the private host link.
    const teacher = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 720 } });
    contexts.push(teacher);
    const form = await teacher.newPage();
    await form.goto("/teach/live");
    await form.locator("#live-count").fill(String(QUESTIONS));
    await form.locator("#live-seconds").fill("120");
    await form.locator("form[action='/teach/live'] button[type=submit]").click();
    const hostUrl = await form.locator("input[readonly]").inputValue();
    const match = /\/live\/([^/]+)\/host#key=[A-Za-z0-9_-]+$/.exec(hostUrl);
    expect(match, hostUrl).not.toBeNull();
    const code = match?.[1] as string;

    // The projector: a fresh browser that signs in through the link's #key fragment.
    const projector = await browser.newContext({ baseURL: BASE, viewport: { width: 1280, height: 720 } });
    contexts.push(projector);
    const host = await projector.newPage();
    await host.goto(hostUrl);
    const hostRoot = host.locator("[data-live=host]");
    await hostRoot.waitFor(WAIT);
    expect(new URL(host.url()).hash).toBe("");
    expect(await hostRoot.getAttribute("data-phase")).toBe("lobby");
    await expect.poll(() => host.locator(".code").textContent(), WAIT).toBe(code);
    violations.push(...(await axeViolations(host, "host lobby")));

    // Three phones join by nickname; the third has no JavaScript.
    const players: Player[] = [];
    for (const [name, javaScript] of [
      ["Ana", true],
      ["Bruno", true],
      ["Chloé", false],
    ] as const) {
      const phone = await phoneContext(browser, BASE, { javaScript });
      phones.push(phone);
      contexts.push(phone.context);
      const page = await phone.context.newPage();
      players.push({ name, javaScript, page });
    }
    const [ana, bruno, chloe] = players as [Player, Player, Player];
    await ana.page.goto(`/live/${code}`);
    violations.push(...(await axeViolations(ana.page, "phone join")));
    for (const p of players) await join(p, code);
    await ana.page.locator("p.card.big").waitFor(WAIT);
    violations.push(...(await axeViolations(ana.page, "phone lobby")));

    // The projector's lobby lists the three nicknames (pushed over its socket).
    await expect.poll(() => host.locator("[data-count]").textContent(), WAIT).toBe("3");
    for (const p of players) await host.locator(".names li", { hasText: p.name }).waitFor(WAIT);

    const phase = (page: Page, kind: "host" | "phone") =>
      page.locator(`[data-live=${kind}]`).getAttribute("data-phase");

    for (let i = 0; i < QUESTIONS; i++) {
      // Start with the button, then alternate the keyboard's → and Space.
      if (i === 0) await host.getByRole("button", { name: /^(Commencer|Start)$/ }).click();
      else await host.keyboard.press(i % 2 ? "ArrowRight" : "Space");
      await expect.poll(() => phase(host, "host"), WAIT).toBe("question");
      await host.getByText(new RegExp(`Question ${i + 1} / ${QUESTIONS}`)).waitFor(WAIT);
      const prompt = (await host.locator("h2.big").textContent())?.trim() ?? "";
      expect(prompt.length).toBeGreaterThan(0);
      if (i === 0) violations.push(...(await axeViolations(host, "host question")));

      // Each phone shows the same question; two answer over the socket, then the one without JavaScript.
      for (const [n, p] of [ana, bruno].entries()) {
        await p.page.locator("#live-prompt", { hasText: prompt }).waitFor(WAIT);
        if (i === 0 && n === 0) violations.push(...(await axeViolations(p.page, "phone question")));
        await answer(p.page);
        await p.page.locator("p.card.big[role=status]").waitFor(WAIT);
        // The projector counts the answers as they come.
        await expect.poll(() => host.locator("[data-answered]").textContent(), WAIT).toBe(String(n + 1));
      }
      if (i === 0) violations.push(...(await axeViolations(bruno.page, "phone answer received")));
      // Without JavaScript the phone's page refreshes itself into the question.
      await chloe.page.locator("#live-prompt", { hasText: prompt }).waitFor(WAIT);
      await answer(chloe.page);

      // The last answer closes the question: the projector reveals, every phone sees its result and rank.
      await expect.poll(() => phase(host, "host"), WAIT).toBe("reveal");
      await host.getByText(new RegExp(`Question ${i + 1} / ${QUESTIONS}`)).waitFor(WAIT);
      await host.locator("blockquote a").waitFor(WAIT);
      for (const p of players) await host.locator("table tbody tr", { hasText: p.name }).waitFor(WAIT);
      for (const p of players) {
        await expect.poll(() => phase(p.page, "phone"), WAIT).toBe("reveal");
        await p.page.getByText(RANK).waitFor(WAIT);
        const verdict = (await p.page.locator("p.big").first().textContent())?.trim();
        expect(["Juste !", "En partie juste", "Faux", "Right!", "Partly right", "Wrong"]).toContain(verdict);
      }
      if (i === 0) {
        violations.push(...(await axeViolations(host, "host reveal")));
        violations.push(...(await axeViolations(ana.page, "phone reveal")));
      }
    }

    // After the last reveal, Next ends the game: the podium with the three nicknames.
    await host.getByRole("button", { name: /^(Suivant|Next)$/ }).click();
    await expect.poll(() => phase(host, "host"), WAIT).toBe("ended");
    await host.getByRole("heading", { name: /^(Podium)$/ }).waitFor(WAIT);
    const podium = await host.locator("table tbody tr").allTextContents();
    expect(podium).toHaveLength(3);
    for (const p of players) expect(podium.join("\n")).toContain(p.name);
    expect(await host.locator("nav.ctl").count()).toBe(0);
    violations.push(...(await axeViolations(host, "host podium")));

    for (const p of players) {
      await expect.poll(() => phase(p.page, "phone"), WAIT).toBe("ended");
      await p.page.getByText(RANK).waitFor(WAIT);
      const rows = await p.page.locator("table tbody tr").allTextContents();
      expect(rows.join("\n")).toContain(p.name);
    }
    // The ranks are 1 to 3 (ties share a rank) and the three phones agree with the podium.
    const ranks = await Promise.all(
      players.map(async (p) => Number(/(\d+)/.exec((await p.page.getByText(RANK).textContent()) ?? "")?.[1])),
    );
    for (const r of ranks) expect(r).toBeGreaterThanOrEqual(1);
    expect(Math.min(...ranks)).toBe(1);
    violations.push(...(await axeViolations(ana.page, "phone podium")));

    expect(violations).toEqual([]);
    // No CDN, no fonts, no trackers.
    expect(phones.flatMap((p) => p.foreign)).toEqual([]);
  });
});
