import { describe, expect, it } from "vitest";
import type { ConcreteItem } from "../../src/quiz/index.ts";
import { ARTICLE_PARTS, answer, Client, rightAnswer, servedItem, startAttempt } from "../helpers.ts";

const KEYS_THAT_GIVE_ANSWERS = [
  '"correct"',
  '"answer"',
  '"accepted"',
  '"match"',
  '"tolerance"',
  '"traps"',
  '"explanation"',
  '"display"',
];

/** Strings that would give an item's answer away if shown before it is answered. */
function secrets(item: ConcreteItem): string[] {
  const out = [item.explanation.fr, item.explanation.en];
  if (item.type === "text") out.push(...item.accepted.filter((a) => a.length > 3), item.display.fr, item.display.en);
  return out;
}

const mainOf = (html: string) => html.slice(html.indexOf("<main"), html.indexOf("</main>"));

describe("no answer is visible before it is given", () => {
  it.each(["fr", "en"])(
    "scans every question of the whole article (its parts), as JSON and as a page (%s)",
    async (lang) => {
      for (const part of ARTICLE_PARTS) {
        const client = new Client();
        client.cookies.set("lang", lang);
        const started = await startAttempt(client, part);
        let current = started.question;
        let seen = 0;
        while (current) {
          const item = await servedItem(started.id, current.id);
          const json = await (await client.fetch(`/api/attempts/${started.id}`)).text();
          const page = mainOf(await (await client.fetch(`/attempts/${started.id}`)).text());
          for (const key of KEYS_THAT_GIVE_ANSWERS) expect(json, `${item.id} JSON has ${key}`).not.toContain(key);
          expect(page, `${item.id} page`).not.toMatch(/data-correct|checked|selected(?!>)/);
          for (const secret of secrets(item)) {
            // Whole words only: "changera" in a prompt does not reveal the answer "changer".
            const word = new RegExp(`(?<!\\p{L})${secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?!\\p{L})`, "iu");
            expect(json, `${item.id} JSON`).not.toMatch(word);
            expect(page, `${item.id} page`).not.toMatch(word);
          }
          if (item.type === "ordering") {
            const served = (JSON.parse(json) as { question: { items: { id: string }[] } }).question.items.map(
              (i) => i.id,
            );
            // Shown in an order that ignores the key (test/quiz/no-giveaway.test.ts): every step, once.
            expect([...served].sort(), `${item.id} order`).toEqual(item.items.map((i) => i.id).sort());
          }
          if (item.type === "numeric") {
            expect(json, `${item.id} JSON`).not.toMatch(new RegExp(`"value"\\s*:\\s*${item.answer}`));
          }
          const result = (await (
            await answer(client, started.id, current.id, await rightAnswer(started.id, current.id))
          ).json()) as {
            next: typeof current;
          };
          current = result.next;
          seen++;
        }
        expect(seen).toBe(started.questionCount);
      }
    },
    120_000,
  );
});
