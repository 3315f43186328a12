import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { getItem, getQuiz } from "../../src/quiz/index.ts";
import { bearer, Client, createAssignment, problemOf, request } from "../helpers.ts";

const decoder = new TextDecoder();
const idnumbers = (xml: string) =>
  [...xml.matchAll(/<idnumber>([^<]*)<\/idnumber>/g)].map((m) => m[1]).filter((id) => !id?.includes("/"));

describe("GET /api/quizzes/{quizId}/export", () => {
  it("Moodle XML: a download named after the quiz, one question per item of the quiz, in the quiz's order", async () => {
    const quiz = getQuiz("topic-framing");
    if (!quiz) throw new Error("the bank has a framing quiz");
    const res = await request("/api/quizzes/topic-framing/export?format=moodle-xml&lang=fr");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="quiz-topic-framing-fr.moodle.xml"');
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
    expect(idnumbers(xml)).toEqual(quiz.itemIds);
    expect(xml).not.toContain('class="multilang"');
  });

  it("GIFT: one .gift.txt per language, a zip of both for lang=both (the default)", async () => {
    const fr = await request("/api/quizzes/article/export?format=gift&lang=fr");
    expect(fr.status).toBe(200);
    expect(fr.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(fr.headers.get("content-disposition")).toBe('attachment; filename="quiz-article-fr.gift.txt"');
    const frText = await fr.text();

    const both = await request("/api/quizzes/article/export?format=gift");
    expect(both.status).toBe(200);
    expect(both.headers.get("content-type")).toBe("application/zip");
    expect(both.headers.get("content-disposition")).toBe('attachment; filename="quiz-article-both.gift.zip"');
    const files = unzipSync(new Uint8Array(await both.arrayBuffer()));
    expect(Object.keys(files)).toEqual(["quiz-article-fr.gift.txt", "quiz-article-en.gift.txt"]);
    expect(decoder.decode(files["quiz-article-fr.gift.txt"])).toBe(frText);
    const article = getQuiz("article");
    expect([...frText.matchAll(/^\/\/ \[id:([^\]]+)\]/gm)].map((m) => m[1])).toHaveLength(
      article?.itemIds.length ?? -1,
    );
  });

  it("QTI 3.0: a content package whose manifest lists every item of the quiz", async () => {
    const res = await request("/api/quizzes/topic-cost-efficiency/export?format=qti3&lang=en");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe(
      'attachment; filename="quiz-topic-cost-efficiency-en.qti3.zip"',
    );
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const manifest = decoder.decode(files["imsmanifest.xml"]);
    const hrefs = [...manifest.matchAll(/type="imsqti_item_xmlv3p0" href="([^"]+)"/g)].map((m) => m[1] ?? "");
    expect(hrefs).toHaveLength(getQuiz("topic-cost-efficiency")?.itemIds.length ?? -1);
    for (const href of hrefs) {
      expect(decoder.decode(files[href])).toContain(
        '<qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"',
      );
    }
  });

  it("exporting twice gives identical bytes, in every format", async () => {
    for (const format of ["moodle-xml", "gift", "qti3"]) {
      const url = `/api/quizzes/article/export?format=${format}&lang=both`;
      const a = new Uint8Array(await (await request(url)).arrayBuffer());
      const b = new Uint8Array(await (await request(url)).arrayBuffer());
      expect(a.length).toBeGreaterThan(1000);
      expect(b.length).toBe(a.length);
      expect(
        a.findIndex((byte, i) => byte !== b[i]),
        format,
      ).toBe(-1);
    }
  });

  it("bad input is a 422 problem naming the field; an unknown quiz a 404", async () => {
    for (const [query, pointer] of [
      ["format=pdf", "/format"],
      ["format=gift&lang=de", "/lang"],
      ["lang=fr", "/format"],
    ] as const) {
      const res = await request(`/api/quizzes/article/export?${query}`);
      const problem = await problemOf(res, 422);
      expect(problem.errors?.map((e) => e.pointer)).toContain(pointer);
    }
    const missing = await request("/api/quizzes/no-such-quiz/export?format=gift");
    expect((await problemOf(missing, 404)).status).toBe(404);
  });

  it("is documented in the OpenAPI document, with its query and download types", async () => {
    const doc = (await (await request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        { get?: { parameters?: { name: string }[]; responses: Record<string, { content?: object }> } }
      >;
    };
    for (const path of ["/api/quizzes/{quizId}/export", "/api/assignments/{code}/export"]) {
      const get = doc.paths[path]?.get;
      expect(get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["format", "lang"]));
      expect(Object.keys(get?.responses["200"]?.content ?? {})).toEqual([
        "application/xml",
        "text/plain",
        "application/zip",
      ]);
    }
  });
});

describe("GET /api/assignments/{code}/export", () => {
  it("needs the manage secret and exports the assignment's whole pool", async () => {
    const created = await createAssignment({ topics: ["open-source"], questionCount: 2 });
    const url = `/api/assignments/${created.code}/export?format=moodle-xml&lang=en`;
    const anonymous = await request(url);
    await problemOf(anonymous, 401);
    const wrong = await request(url, { headers: bearer("x".repeat(43)) });
    expect(wrong.status).toBe(401);

    const res = await request(url, { headers: bearer(created.manageSecret) });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="assignment-${created.code}-en.moodle.xml"`,
    );
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const ids = idnumbers(await res.text());
    // The pool, not the 2 drawn per learner: every open-source item of the article.
    expect(ids.length).toBeGreaterThan(2);
    expect(ids.every((id) => getItem(id ?? "")?.topic === "open-source")).toBe(true);
  });

  it("the manage page offers the export, which downloads with the page's cookie", async () => {
    // The browser that creates an assignment on /teach can manage it (its cookie holds the secret).
    const teacher = new Client();
    const createdPage = await teacher.form("/teach", { title: "Export class", quizId: "topic-framing" });
    expect(createdPage.status).toBe(201);
    const code = /\/teach\/([A-Z0-9]{6,8})\/manage/.exec(await createdPage.text())?.[1] ?? "";
    const created = { code };
    const page = await teacher.fetch(`/teach/${created.code}/manage`);
    expect(await page.text()).toContain(`action="/teach/${created.code}/export"`);
    const res = await teacher.fetch(`/teach/${created.code}/export?format=qti3&lang=fr`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(unzipSync(new Uint8Array(await res.arrayBuffer()))["imsmanifest.xml"]).toBeDefined();
    expect((await new Client().fetch(`/teach/${created.code}/export?format=gift`)).status).toBe(401);
  });

  it("/teach offers the quiz export form, which leads to the API's download", async () => {
    const page = await request("/teach");
    expect(await page.text()).toContain('action="/teach/export"');
    const res = await request("/teach/export?quiz=topic-framing&format=gift&lang=en", { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/api/quizzes/topic-framing/export?format=gift&lang=en");
    expect((await request("/teach/export?quiz=topic-framing&format=docx")).status).toBe(422);
  });
});
