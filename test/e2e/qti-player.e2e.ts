import path from "node:path";
import { unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { ROOT } from "../../scripts/dev-server.ts";
import type { ConcreteItem, Item } from "../../src/quiz/bank-schema.ts";
import { BANK, correctResponse, gradeResponse, instantiate, type Response } from "../../src/quiz/index.ts";
import { moduleFor } from "../../src/quiz/types/index.ts";
import { launchChromium } from "./browser.ts";

const BASE = inject("baseUrl");
/** The player's own browser build (Citolab's @citolab/qti-components, from the registry). */
const PLAYER = path.join(ROOT, "node_modules/@citolab/qti-components/cdn/index.global.js");

type PlayerResult = { score: number; maxScore: number; template: Record<string, number> };

let browser: Browser;
let page: Page;

/** The package as a teacher downloads it: each item's XML by bank id. */
async function downloadItems(lang: "fr" | "en"): Promise<Map<string, string>> {
  const res = await fetch(`${BASE}/api/quizzes/article/export?format=qti3&lang=${lang}`);
  expect(res.status).toBe(200);
  const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
  const manifest = new TextDecoder().decode(files["imsmanifest.xml"]);
  const items = new Map<string, string>();
  for (const m of manifest.matchAll(
    /<resource identifier="[^"]+" type="imsqti_item_xmlv3p0" href="([^"]+)">[\s\S]*?<imsmd:entry>([^<]+)<\/imsmd:entry>/g,
  )) {
    items.set(m[2] ?? "", new TextDecoder().decode(files[m[1] ?? ""]));
  }
  return items;
}

beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent("<!doctype html><html><body><main id=player></main></body></html>");
  await page.addScriptTag({ path: PLAYER });
});

afterAll(async () => {
  await browser?.close();
});

type QtiItem = HTMLElement & {
  updateComplete: Promise<unknown>;
  updateResponseVariable(id: string, value: string | string[]): void;
  processResponse(): boolean;
  getOutcome(id: string): { value: unknown };
  variables: { identifier: string; type: string; value: unknown }[];
};

/** Loads one item in the player (running its template processing); returns what it drew. */
async function load(xml: string): Promise<PlayerResult> {
  return page.evaluate(async (xml) => {
    const w = window as unknown as {
      QtiComponents: { qtiTransformItem(): { parse(xml: string): { htmlDoc(): DocumentFragment } } };
    };
    const main = document.getElementById("player") as HTMLElement;
    main.replaceChildren(w.QtiComponents.qtiTransformItem().parse(xml).htmlDoc());
    await customElements.whenDefined("qti-assessment-item");
    const item = main.querySelector("qti-assessment-item") as QtiItem;
    await item.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
    const template: Record<string, number> = {};
    for (const v of item.variables) if (v.type === "template") template[v.identifier] = Number(v.value);
    return {
      score: Number(item.getOutcome("SCORE").value),
      maxScore: Number(item.getOutcome("MAXSCORE").value),
      template,
    };
  }, xml);
}

/** Answers the loaded item and runs its own response processing; returns SCORE and MAXSCORE. */
async function answer(response: string | string[]): Promise<PlayerResult> {
  return page.evaluate(async (response) => {
    const item = document.querySelector("#player qti-assessment-item") as QtiItem;
    item.updateResponseVariable("RESPONSE", response);
    item.processResponse();
    return {
      score: Number(item.getOutcome("SCORE").value),
      maxScore: Number(item.getOutcome("MAXSCORE").value),
      template: {},
    };
  }, response);
}

/** This project's response in the player's terms (identifiers, lists, "left right" pairs). */
function toQti(item: ConcreteItem, response: Response): string | string[] {
  const r = response as Record<string, unknown>;
  switch (item.type) {
    case "single-choice":
    case "poll":
      return String(r.choice);
    case "multiple-choice":
      return r.choices as string[];
    case "true-false":
      return String(r.value);
    case "numeric":
      return String(r.value);
    case "text":
      return String(r.text);
    case "ordering":
      return r.order as string[];
    case "matching":
      return Object.entries(r.pairs as Record<string, string>).map(([left, right]) => `${left} ${right}`);
  }
}

/** The item as the player drew it: parametric numbers from its template variables. */
function asDrawn(item: Item, template: Record<string, number>): ConcreteItem {
  if (item.type !== "numeric" || !item.parametric) return instantiate(item, 0);
  const spec = item.parametric;
  const base = template[spec.answer.param.toUpperCase()] ?? Number.NaN;
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    ...item,
    answer: round(spec.answer.factor * base),
    traps: [...item.traps, ...spec.trapFactors.map((f) => round(f * base))],
  };
}

const numericOnly = (item: ConcreteItem, response: Response) =>
  item.type !== "numeric" || typeof (response as { value: unknown }).value === "number";

describe("QTI 3.0 items in a real QTI 3 player (@citolab/qti-components in Chromium)", () => {
  test.each(["en", "fr"] as const)(
    "%s: every exported item: the correct response gets full marks through the item's own response processing, each distractor gets what this project gives it",
    async (lang) => {
      const items = await downloadItems(lang);
      expect(items.size).toBe(BANK.quizzes.find((q) => q.id === "article")?.itemIds.length);
      const types = new Set<string>();
      for (const bankItem of BANK.items) {
        const xml = items.get(bankItem.id);
        if (!xml) throw new Error(`${bankItem.id} is not in the package`);
        const drawn = await load(xml);
        const item = asDrawn(bankItem, drawn.template);
        types.add(item.type);
        if (item.type === "poll") {
          const choice = item.choices[0]?.id ?? "";
          expect(await answer(choice), item.id).toMatchObject({ score: 0, maxScore: 0 });
          continue;
        }
        expect(drawn.maxScore, item.id).toBe(item.points);
        const right = correctResponse(item);
        if (!right) throw new Error(`${item.id} has no correct response`);
        const full = await answer(toQti(item, right));
        expect(full.score, `${item.id}: correct response`).toBeCloseTo(item.points, 9);
        const wrong = moduleFor(item)
          .wrongResponses(item)
          .filter((w) => numericOnly(item, w as Response)) as Response[];
        expect(wrong.length, item.id).toBeGreaterThan(0);
        for (const response of wrong) {
          const expected = gradeResponse(item, response).fraction * item.points;
          const played = await answer(toQti(item, response));
          // The player keeps outcomes to 3 decimals (1/3 is "0.333").
          expect(played.score, `${item.id}: ${JSON.stringify(response)}`).toBeCloseTo(expected, 2);
          expect(played.score).toBeLessThan(item.points);
        }
      }
      expect([...types].sort()).toEqual(
        ["matching", "multiple-choice", "numeric", "ordering", "poll", "single-choice", "text", "true-false"].sort(),
      );
    },
  );
});
