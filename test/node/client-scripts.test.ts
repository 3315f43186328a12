import { readFileSync } from "node:fs";
import { Script } from "node:vm";
import { describe, expect, it } from "vitest";
import { CLIENT_SCRIPTS, GENERATED, generate } from "../../scripts/build-client.ts";
import * as generated from "../../src/client/generated.ts";

describe("the pages' scripts (src/client, compiled into src/client/generated.ts)", () => {
  it("the committed generated file is what the sources compile to (run `npm run build:client` when not)", async () => {
    const { text } = await generate();
    expect(readFileSync(GENERATED, "utf8")).toBe(text);
  });

  it("every script is there, parses as a classic script and can be inlined in HTML", () => {
    const scripts: Record<string, string> = generated;
    expect(Object.keys(scripts).sort()).toEqual(Object.keys(CLIENT_SCRIPTS).sort());
    for (const [name, js] of Object.entries(scripts)) {
      expect(js.length, name).toBeGreaterThan(100);
      expect(() => new Script(js, { filename: name }), name).not.toThrow();
      expect(js, name).not.toMatch(/<\/script|<!--/i);
    }
  });
});
