import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { articleSentences, BANK, correctResponse, getConcreteItem, listQuizzes } from "../../src/quiz/index.ts";
import { Client, servedItem, tableHashes } from "../helpers.ts";

/** The form fields a browser without JavaScript sends for a response. */
function toFields(response: Record<string, unknown>): Record<string, string | string[]> {
  if ("choice" in response) return { choice: String(response.choice) };
  if ("choices" in response) return { choices: (response.choices as string[]).map(String) };
  if ("order" in response) return { order: (response.order as string[]).map(String) };
  if ("pairs" in response) {
    return Object.fromEntries(
      Object.entries(response.pairs as Record<string, string>).map(([l, r]) => [`pair.${l}`, r]),
    );
  }
  if ("text" in response) return { text: String(response.text) };
  return { value: String(response.value) };
}

const attemptIdFrom = (location: string | null) => /\/attempts\/([a-z0-9]+)/.exec(location ?? "")?.[1] ?? "";

describe("a whole quiz with plain forms (no JavaScript)", () => {
  it("start, answer every question, see feedback with its source, finish and see the result", async () => {
    const client = new Client();
    const home = await client.fetch("/");
    expect(home.status).toBe(200);
    const started = await client.form("/attempts", { quizId: "quick" });
    expect(started.status).toBe(303);
    const id = attemptIdFrom(started.headers.get("location"));
    expect(id).not.toBe("");
    for (let n = 1; n <= 5; n++) {
      const page = await client.fetch(`/attempts/${id}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`${n} / 5`);
      const itemId = /action="\/attempts\/[a-z0-9]+\/answers\/([a-z0-9.-]+)"/.exec(html)?.[1] ?? "";
      const item = await servedItem(id, itemId);
      const right = correctResponse(item) ?? { choice: (item as { choices: { id: string }[] }).choices[0]?.id };
      const posted = await client.form(`/attempts/${id}/answers/${itemId}`, toFields(right as Record<string, unknown>));
      expect(posted.status).toBe(303);
      expect(posted.headers.get("location")).toBe(`/attempts/${id}/feedback/${itemId}`);
      const feedback = await (await client.fetch(`/attempts/${id}/feedback/${itemId}`)).text();
      expect(feedback).toMatch(/href="\/article#s\d+"/);
      expect(feedback).toContain(item.explanation.fr.slice(0, 30).replace(/'/g, "&#39;").replace(/"/g, "&quot;"));
      // The same form posted again (a double tap) changes nothing and lands on the same feedback.
      const again = await client.form(`/attempts/${id}/answers/${itemId}`, toFields(right as Record<string, unknown>));
      expect(again.status).toBe(303);
    }
    const finished = await client.form(`/attempts/${id}/finish`, {});
    expect(finished.status).toBe(303);
    expect(finished.headers.get("location")).toBe(`/attempts/${id}/result`);
    const result = await (await client.fetch(`/attempts/${id}/result`)).text();
    expect(result).toContain("/ 5");
    expect(result).toContain("<table>");
  });

  it("an empty answer re-shows the question with a readable message (422) and stores nothing", async () => {
    const client = new Client();
    const started = await client.form("/attempts", { quizId: "quick" });
    const id = attemptIdFrom(started.headers.get("location"));
    const html = await (await client.fetch(`/attempts/${id}`)).text();
    const itemId = /answers\/([a-z0-9.-]+)"/.exec(html)?.[1] ?? "";
    const res = await client.form(`/attempts/${id}/answers/${itemId}`, {});
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain('role="alert"');
    const state = (await (await client.fetch(`/api/attempts/${id}`)).json()) as { answeredCount: number };
    expect(state.answeredCount).toBe(0);
  });

  it("refuses a cross-site form post", async () => {
    const client = new Client();
    const res = await client.fetch("/attempts", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: "quizId=quick",
    });
    expect(res.status).toBe(403);
    expect(client.cookies.has("lid")).toBe(false);
  });

  it("an unknown quiz is a readable 422 page; another learner's attempt a 404 page", async () => {
    const client = new Client();
    const bad = await client.form("/attempts", { quizId: "nope" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("<h1>");
    // The teachers' pool (the whole article in one sitting) is refused the same way, with the reason.
    const whole = listQuizzes().find((q) => q.teachersOnly);
    const before = await tableHashes();
    const pool = await client.form("/attempts", { quizId: whole?.id ?? "" });
    expect(pool.status).toBe(422);
    expect(pool.headers.get("content-type")).toContain("text/html");
    expect(await pool.text()).toMatch(/teachers&#39; assignments|teachers' assignments/);
    expect(await tableHashes()).toEqual(before);
    const owner = new Client();
    const started = await owner.form("/attempts", { quizId: "quick" });
    const id = attemptIdFrom(started.headers.get("location"));
    const res = await client.fetch(`/attempts/${id}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
  });

  it("ordering up/down buttons work without JavaScript", async () => {
    const client = new Client();
    const started = await client.form("/attempts", { quizId: "quick" });
    const id = attemptIdFrom(started.headers.get("location"));
    const res = await client.form(`/attempts/${id}/answers/any.item`, { move: "0:down", order: ["a", "b", "c"] });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/attempts/${id}?order=${encodeURIComponent("b,a,c")}`);
  });
});

describe("the article page", () => {
  it("has an anchor on every sentence, so each citation opens at its sentence", async () => {
    const html = await (await new Client().fetch("/article")).text();
    const sentences = articleSentences();
    expect(sentences.length).toBeGreaterThan(10);
    for (const s of sentences) expect(html).toContain(`id="${s.id}"`);
  });
});

describe("language", () => {
  it("defaults from Accept-Language, then remembers the switch", async () => {
    const client = new Client();
    const en = await client.fetch("/", { headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(await en.text()).toContain('<html lang="en">');
    const fr = await client.fetch("/?lang=fr", { headers: { "accept-language": "en" } });
    expect(await fr.text()).toContain('<html lang="fr">');
    const later = await client.fetch("/", { headers: { "accept-language": "en" } });
    expect(await later.text()).toContain('<html lang="fr">');
  });
});

describe("progress page: a parametric item due for review", () => {
  it("shows the question with its numbers, as the learner saw it, never the raw template", async () => {
    const parametric = BANK.items.find((i) => "parametric" in i && i.parametric);
    if (!parametric) throw new Error("the bank has no parametric item");
    const browser = new Client();
    // Any practice attempt gives the learner a row to hang the review on; then one wrong answer
    // to the parametric item is due now.
    const started = await browser.json("/api/attempts", "POST", { quizId: "quick" });
    const { id } = (await started.json()) as { id: string };
    const attempt = await env.DB.prepare("SELECT learner_id, seed FROM attempts WHERE id = ?")
      .bind(id)
      .first<{ learner_id: string; seed: number }>();
    await env.DB.prepare(
      "INSERT INTO review_items (learner_id, item_id, card, due_at, last_fraction, last_attempt_id) VALUES (?, ?, '{}', 0, 0, ?)",
    )
      .bind(attempt?.learner_id, parametric.id, id)
      .run();
    const page = await (await browser.fetch("/progress")).text();
    const shown = getConcreteItem(parametric.id, attempt?.seed ?? 0)?.prompt.fr ?? "";
    expect(parametric.prompt.fr).toMatch(/\{[a-z]\}/);
    expect(shown).not.toMatch(/\{[a-z]\}/);
    const escaped = shown.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
    expect(page.includes(shown) || page.includes(escaped)).toBe(true);
    expect(page).not.toContain(parametric.prompt.fr);
  });
});
