import { describe, expect, it } from "vitest";
import { Client, createAssignment, ORIGIN, tableHashes } from "../helpers.ts";

/** Form pages read what a browser (or a forger) posts; a body that does not parse is the client's mistake. */
describe("a form posted as multipart/form-data that does not parse", () => {
  it("is a 400 page on every form door, never a 500, and changes nothing", async () => {
    const { code } = await createAssignment({ questionCount: 1 });
    const before = await tableHashes();
    for (const path of ["/teach", "/teach/live", `/a/${code}`, `/teach/${code}/manage/unlock`, "/attempts"]) {
      for (const type of ["multipart/form-data", "multipart/form-data; boundary=x"]) {
        const res = await new Client().fetch(path, {
          method: "POST",
          headers: { "content-type": type, origin: ORIGIN },
          body: '{"name":"Ada"}',
        });
        expect(res.status, `${path} ${type}`).toBe(400);
        expect(res.headers.get("content-type"), path).toMatch(/^text\/html/);
        expect(await res.text(), path).toContain("could not be read");
      }
    }
    expect(await tableHashes()).toEqual(before);
  });
});
