import { describe, expect, it } from "vitest";
import { request } from "../helpers.ts";

describe("/privacy", () => {
  it.each([
    ["fr", ["Ce qui est enregistré", "13 mois", "12 mois", "24 heures", "Effacer toutes mes données", "30 jours"]],
    ["en", ["What is stored", "13 months", "12 months", "24 hours", "Delete all my data", "30 days"]],
  ])("says what is stored, why, for how long and how to delete it (%s)", async (lang, phrases) => {
    const res = await request(`/privacy?lang=${lang}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain(`<html lang="${lang}">`);
    for (const phrase of phrases) expect(html).toContain(phrase);
  });

  it("is linked from every page's footer", async () => {
    for (const path of ["/", "/article", "/progress"]) {
      expect(await (await request(path)).text()).toContain('<footer><a href="/privacy">');
    }
  });
});
