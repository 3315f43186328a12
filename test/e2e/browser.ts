import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ROOT } from "../../scripts/dev-server.ts";

/** Debian's Chromium (`apt-get install chromium`); never a browser downloaded by Playwright. */
export const CHROMIUM = "/usr/bin/chromium";

/** Headless, no sandbox (root in a container), and no traffic of Chromium's own (updates, sync, QUIC). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
  });
}

const PHONE_UA =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

export type PhoneContext = {
  context: BrowserContext;
  /** Every request the pages made to an origin other than the app's. */
  foreign: string[];
};

/**
 * A phone (390x844, touch, 3x) on the app. Records any request to another origin: the pages
 * must make none (no CDN, no fonts, no trackers).
 */
export async function phoneContext(
  browser: Browser,
  baseUrl: string,
  options: { javaScript: boolean; bypassCSP?: boolean; locale?: string },
): Promise<PhoneContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 3,
    userAgent: PHONE_UA,
    javaScriptEnabled: options.javaScript,
    bypassCSP: options.bypassCSP ?? false,
    locale: options.locale ?? "fr-FR",
    baseURL: baseUrl,
  });
  const origin = new URL(baseUrl).origin;
  const foreign: string[] = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if ((url.protocol === "http:" || url.protocol === "https:" || url.protocol === "ws:") && url.origin !== origin) {
      foreign.push(request.url());
    }
  });
  return { context, foreign };
}

const AXE_SOURCE = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string }[];
};

/**
 * Runs axe-core (WCAG 2.x A and AA rules) on the page as it is now; returns the violations as
 * readable lines, empty when there are none. The script is evaluated through the DevTools
 * protocol, which the page's CSP does not govern, so the page is audited with its real CSP.
 * Needs a context with JavaScript enabled (axe runs in the page).
 */
export async function axeViolations(page: Page, label: string): Promise<string[]> {
  await page.evaluate(`${AXE_SOURCE}; 0`);
  const violations = (await page.evaluate(
    `axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(WCAG_TAGS)} }, resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })))`,
  )) as AxeViolation[];
  return violations.map(
    (v) =>
      `${label} (${page.url()}): [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")}: ${(n.failureSummary ?? "").replace(/\n/g, " ")}`).join("\n"),
  );
}

export type SmallTarget = { what: string; width: number; height: number };

/** Visible interactive elements whose clickable box is under 44x44 CSS px (radio/checkbox: their label.opt). */
export async function smallTouchTargets(page: Page): Promise<SmallTarget[]> {
  return page.evaluate(() => {
    const small: { what: string; width: number; height: number }[] = [];
    const seen = new Set<Element>();
    const candidates = document.querySelectorAll(
      'a[href], button, select, input:not([type="hidden"]), textarea, label.opt',
    );
    for (const element of Array.from(candidates)) {
      let target: Element = element;
      if (element instanceof HTMLInputElement && (element.type === "radio" || element.type === "checkbox")) {
        const label = element.closest("label.opt");
        if (!label) {
          small.push({
            what: `${element.type} ${element.name}=${element.value} outside a label.opt`,
            width: 0,
            height: 0,
          });
          continue;
        }
        target = label;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden" || style.display === "none") continue;
      // Visually-hidden helpers (the .sr class) are not targets.
      if (target.closest(".sr")) continue;
      if (box.width < 44 || box.height < 44) {
        const text = (target.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
        small.push({
          what: `<${target.tagName.toLowerCase()}${target.className ? ` class="${target.className}"` : ""}> "${text}"`,
          width: Math.round(box.width * 10) / 10,
          height: Math.round(box.height * 10) / 10,
        });
      }
    }
    return small;
  });
}
