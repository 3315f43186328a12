import { XMLParser, XMLValidator } from "fast-xml-parser";
import { unzipSync } from "fflate";
import { type GIFTQuestion, parse as parseGift } from "gift-pegjs";
import { describe, expect, it } from "vitest";
import { exportItems } from "../../src/export/index.ts";
import { QTI_NAMESPACE } from "../../src/export/qti3.ts";
import {
  absoluteTolerance,
  citations,
  decimal,
  type ExportContext,
  middleInstance,
  parameterValues,
  questionName,
} from "../../src/export/shared.ts";
import type { Item, NumericItem } from "../../src/quiz/bank-schema.ts";
import type { Lang } from "../../src/quiz/format.ts";
import { BANK, instantiate } from "../../src/quiz/index.ts";
import { matchesAccepted } from "../../src/quiz/text-match.ts";

const CONTEXT: ExportContext = { name: "bank", title: { fr: "Banque", en: "Bank" }, topics: BANK.topics };
const ITEMS = BANK.items;
const LANGS: Lang[] = ["fr", "en"];
const decoder = new TextDecoder();

/** Undoes the HTML escaping of text in an [html] field (&amp; &lt; &gt;). */
const unhtml = (text: string) => text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const asText = (body: string | Uint8Array) => (typeof body === "string" ? body : decoder.decode(body));

function byId<T extends { id?: string | null }>(list: T[]): Map<string, T> {
  return new Map(list.filter((q) => q.id).map((q) => [q.id as string, q]));
}

/** Each type's items, so a check never names an item id (they are opaque). */
const ofType = <T extends Item["type"]>(type: T) =>
  ITEMS.filter((i): i is Extract<Item, { type: T }> => i.type === type);

describe("GIFT export read back by gift-pegjs", () => {
  for (const lang of LANGS) {
    it(`parses the whole bank (${lang}) and every question matches the bank: type, answers, feedback, tags`, () => {
      const file = exportItems(ITEMS, CONTEXT, "gift", lang);
      expect(file.fileName).toBe(`bank-${lang}.gift.txt`);
      const parsed = parseGift(asText(file.body));
      const categories = parsed.filter((q) => q.type === "Category");
      expect(categories.map((c) => c.title)).toEqual(
        [...new Set(ITEMS.map((i) => i.topic))].map(
          (t) => `$course$/top/${CONTEXT.title[lang]}/${BANK.topics.find((x) => x.id === t)?.title[lang]}`,
        ),
      );
      const questions = byId(
        parsed.filter((q) => q.type !== "Category") as Exclude<GIFTQuestion, { type: "Category" }>[],
      );
      expect(questions.size).toBe(ITEMS.length);
      for (const item of ITEMS) {
        const q = questions.get(item.id);
        if (!q || q.type === "Description") throw new Error(`${item.id}: missing`);
        expect(q.tags, item.id).toEqual([
          `topic:${item.topic}`,
          `level:${item.level}`,
          `type:${item.type}`,
          `fact:${item.fact}`,
        ]);
        expect(q.stem.format).toBe("html");
        if (!(item.type === "numeric" && item.parametric)) {
          expect(q.title).toBe(questionName(item.prompt[lang]));
          expect(unhtml(q.stem.text).startsWith(`<p>${item.prompt[lang]}</p>`), item.id).toBe(true);
        }
        const general = unhtml(q.globalFeedback?.text ?? "");
        // Byte for byte: the article's apostrophes, guillemets and quotes survive.
        for (const c of citations(item)) {
          expect(general, item.id).toContain(`« ${c.quote} »`);
          expect(general, item.id).toContain(c.translation);
        }
        if (!(item.type === "numeric" && item.parametric)) expect(general, item.id).toContain(item.explanation[lang]);
        checkGiftAnswers(item, q, lang);
      }
    });
  }

  it("escapes ~ = # { } : and backslashes so hostile text survives byte for byte", () => {
    const nasty = String.raw`a ~b =c #d {e} f:g \h \\i ->j « k » ’l’ “m” <n> & o`;
    const base = ofType("single-choice")[0];
    const multi = ofType("multiple-choice")[0];
    if (!base || !multi) throw new Error("the bank has single- and multiple-choice items");
    const item: Item = {
      ...base,
      prompt: { fr: nasty, en: nasty },
      explanation: { fr: `${nasty}!`, en: `${nasty}!` },
      choices: base.choices.map((c, i) => ({ ...c, text: { fr: `${nasty} ${i}`, en: `${nasty} ${i}` } })),
      source: {
        ...base.source,
        quotes: [{ quote: "l’autre « passage »", sentenceId: "s2", translation: "the “other” one" }],
      },
    };
    const [q] = parseGift(asText(exportItems([item], CONTEXT, "gift", "fr").body)).filter((x) => x.type !== "Category");
    if (q?.type !== "MC") throw new Error("expected a multiple-choice question");
    expect(q.title).toBe(questionName(nasty));
    expect(unhtml(q.stem.text)).toBe(`<p>${nasty}</p>`);
    expect(q.choices.map((c) => unhtml(c.text.text))).toEqual(item.choices.map((c) => c.text.fr));
    const general = unhtml(q.globalFeedback?.text ?? "");
    expect(general).toContain(`${nasty}!`);
    // Every passage the item cites travels with it, main quote first.
    expect(general.indexOf(base.source.quote)).toBeLessThan(general.indexOf("« l’autre « passage » »"));
    expect(general).toContain("the “other” one");
    expect(multi.choices.length).toBeGreaterThan(2);
  });
});

function checkGiftAnswers(item: Item, q: Exclude<GIFTQuestion, { type: "Category" | "Description" }>, lang: Lang) {
  switch (item.type) {
    case "single-choice": {
      if (q.type !== "MC") throw new Error(`${item.id}: ${q.type}`);
      expect(q.choices.map((c) => [unhtml(c.text.text), c.isCorrect])).toEqual(
        item.choices.map((c) => [c.text[lang], c.correct]),
      );
      break;
    }
    case "multiple-choice": {
      if (q.type !== "MC") throw new Error(`${item.id}: ${q.type}`);
      const k = item.choices.filter((c) => c.correct).length;
      expect(q.choices.map((c) => unhtml(c.text.text))).toEqual(item.choices.map((c) => c.text[lang]));
      q.choices.forEach((c, i) => {
        expect(c.weight ?? Number.NaN).toBeCloseTo(((item.choices[i]?.correct ? 1 : -1) * 100) / k, 4);
      });
      break;
    }
    case "poll": {
      if (q.type !== "MC") throw new Error(`${item.id}: ${q.type}`);
      expect(q.choices.map((c) => unhtml(c.text.text))).toEqual(item.choices.map((c) => c.text[lang]));
      // Every choice earns full marks: no answer is wrong.
      expect(q.choices.every((c) => c.isCorrect || c.weight === 100)).toBe(true);
      break;
    }
    case "true-false":
      if (q.type !== "TF") throw new Error(`${item.id}: ${q.type}`);
      expect(q.isTrue).toBe(item.answer);
      break;
    case "numeric": {
      if (q.type !== "Numerical" || !Array.isArray(q.choices)) throw new Error(`${item.id}: ${q.type}`);
      const answer = item.parametric ? middleInstance(item).answer : (item.answer ?? Number.NaN);
      const [choice] = q.choices;
      expect(choice?.isCorrect).toBe(true);
      expect(choice?.text.number).toBeCloseTo(answer, 9);
      expect(choice?.text.range).toBeCloseTo(absoluteTolerance(item, answer), 9);
      if (item.parametric) expect(unhtml(q.stem.text)).toContain(decimalIn(lang, middleInstance(item).values));
      break;
    }
    case "text": {
      if (q.type !== "Short") throw new Error(`${item.id}: ${q.type}`);
      const spellings = q.choices.map((c) => c.text.text);
      for (const accepted of item.accepted) expect(spellings, item.id).toContain(accepted);
      // Each extra spelling is one this project accepts too (accents, apostrophes, punctuation folded).
      for (const s of spellings) expect(matchesAccepted(s, item.accepted), `${item.id}: ${s}`).toBe(true);
      for (const trap of item.traps) expect(spellings.map((s) => s.toLowerCase())).not.toContain(trap.toLowerCase());
      break;
    }
    case "ordering":
      if (q.type !== "Matching") throw new Error(`${item.id}: ${q.type}`);
      expect(q.matchPairs.map((m) => [unhtml(m.subquestion.text), m.subanswer])).toEqual(
        item.items.map((s, i) => [s.text[lang], `Position ${i + 1}`]),
      );
      break;
    case "matching":
      if (q.type !== "Matching") throw new Error(`${item.id}: ${q.type}`);
      expect(q.matchPairs.map((m) => [unhtml(m.subquestion.text), m.subanswer])).toEqual(
        item.left.map((l) => [l.text[lang], item.right.find((r) => r.id === l.match)?.text[lang]]),
      );
      break;
  }
}

/** How fillTemplate writes a parameter in the prompt ("1 000" / "1,000" only above 9999). */
function decimalIn(lang: Lang, values: Record<string, number>): string {
  const [value] = Object.values(values);
  return lang === "fr" ? String(value).replace(".", ",") : String(value);
}

// Moodle XML -----------------------------------------------------------------------------------

const moodleParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["question", "answer", "subquestion", "tag", "dataset_definition", "dataset_item"].includes(name),
});

type MoodleText = { text: string; "@_format"?: string };
type MoodleAnswer = {
  "@_fraction": string;
  text: string;
  feedback: MoodleText;
  tolerance?: string;
  tolerancetype?: string;
};
type MoodleQuestion = Record<string, unknown> & {
  "@_type": string;
  idnumber: string;
  name: MoodleText;
  questiontext: MoodleText;
  generalfeedback: MoodleText;
  defaultgrade: string;
  answer?: MoodleAnswer[];
  tags: { tag: { text: string }[] };
};

function readMoodle(xml: string): MoodleQuestion[] {
  expect(XMLValidator.validate(xml)).toBe(true);
  return (moodleParser.parse(xml) as { quiz: { question: MoodleQuestion[] } }).quiz.question;
}

const paragraphsOf = (html: string) => [...html.matchAll(/<p>(.*?)<\/p>/g)].map((m) => unhtml(m[1] ?? ""));
const spanOf = (html: string, lang: Lang) =>
  unhtml(new RegExp(`<span lang="${lang}" class="multilang">(.*?)</span>`).exec(html)?.[1] ?? "");
const fraction = (a: MoodleAnswer | undefined) => Number(a?.["@_fraction"]);

describe("Moodle XML export read back by fast-xml-parser", () => {
  for (const lang of LANGS) {
    it(`is well-formed and every question matches the bank (${lang}): type, answers, fractions, tolerances, feedback`, () => {
      const questions = readMoodle(asText(exportItems(ITEMS, CONTEXT, "moodle-xml", lang).body));
      const categories = questions.filter((q) => q["@_type"] === "category");
      expect(categories).toHaveLength(new Set(ITEMS.map((i) => i.topic)).size);
      const byIdnumber = new Map(questions.filter((q) => q["@_type"] !== "category").map((q) => [q.idnumber, q]));
      expect(byIdnumber.size).toBe(ITEMS.length);
      for (const item of ITEMS) {
        const q = byIdnumber.get(item.id);
        if (!q) throw new Error(`${item.id}: missing`);
        expect(q.tags.tag.map((t) => t.text)).toEqual(
          expect.arrayContaining([`topic:${item.topic}`, `type:${item.type}`]),
        );
        expect(Number(q.defaultgrade)).toBe(item.points);
        expect(paragraphsOf(q.generalfeedback.text)).toEqual(
          citations(item).flatMap((c) => [
            `${lang === "fr" ? "Source (l’article) :" : "Source (the article):"} « ${c.quote} »`,
            `${lang === "fr" ? "Traduction :" : "Translation:"} ${c.translation}`,
          ]),
        );
        if (!(item.type === "numeric" && item.parametric)) {
          expect(paragraphsOf(q.questiontext.text)[0]).toBe(item.prompt[lang]);
          expect(explanationOf(q)).toBe(item.explanation[lang]);
        }
        checkMoodleAnswers(item, q, lang);
      }
    });
  }

  it("lang=both writes each text in Moodle multilang spans, French and English", () => {
    const questions = readMoodle(asText(exportItems(ITEMS, CONTEXT, "moodle-xml", "both").body));
    const byIdnumber = new Map(questions.map((q) => [q.idnumber, q]));
    for (const item of ITEMS) {
      const q = byIdnumber.get(item.id);
      if (!q) throw new Error(`${item.id}: missing`);
      for (const lang of LANGS) {
        if (!(item.type === "numeric" && item.parametric))
          expect(spanOf(q.questiontext.text, lang)).toBe(item.prompt[lang]);
      }
      if (item.type === "single-choice") {
        for (const lang of LANGS) {
          expect(q.answer?.map((a) => spanOf(a.text, lang))).toEqual(item.choices.map((c) => c.text[lang]));
        }
      }
    }
  });
});

/** The explanation: in the combined feedback, or in every answer's feedback. */
function explanationOf(q: MoodleQuestion): string {
  const combined = q.correctfeedback as MoodleText | undefined;
  const html = combined?.text ?? q.answer?.[0]?.feedback.text ?? "";
  return paragraphsOf(html)[0] ?? "";
}

function checkMoodleAnswers(item: Item, q: MoodleQuestion, lang: Lang) {
  const answers = q.answer ?? [];
  switch (item.type) {
    case "single-choice":
    case "multiple-choice": {
      expect(q["@_type"]).toBe("multichoice");
      expect(q.single).toBe(String(item.type === "single-choice"));
      const k = item.choices.filter((c) => c.correct).length;
      expect(answers.map((a) => paragraphsOf(`<p>${a.text}</p>`)[0])).toEqual(item.choices.map((c) => c.text[lang]));
      answers.forEach((a, i) => {
        const right = item.choices[i]?.correct;
        const expected = item.type === "single-choice" ? (right ? 100 : 0) : ((right ? 1 : -1) * 100) / k;
        expect(fraction(a)).toBeCloseTo(expected, 4);
      });
      // Moodle's multichoice grade is the sum of the ticked fractions, clamped to [0, 1]: ticking the
      // right ones gives 100 %, everything less.
      const all = answers.reduce((sum, a) => sum + fraction(a), 0);
      expect(item.type === "single-choice" || all < 100).toBe(true);
      break;
    }
    case "poll":
      expect(q["@_type"]).toBe("multichoice");
      expect(q.defaultgrade).toBe("0");
      expect(answers.map(fraction)).toEqual(item.choices.map(() => 100));
      break;
    case "true-false":
      expect(q["@_type"]).toBe("truefalse");
      expect(answers.map((a) => [a.text, fraction(a)])).toEqual([
        ["true", item.answer ? 100 : 0],
        ["false", item.answer ? 0 : 100],
      ]);
      break;
    case "numeric":
      if (item.parametric) checkCalculated(item, q);
      else {
        expect(q["@_type"]).toBe("numerical");
        const [right, other] = answers;
        expect(Number(right?.text)).toBe(item.answer);
        expect(fraction(right)).toBe(100);
        expect(Number(right?.tolerance)).toBeCloseTo(absoluteTolerance(item, item.answer ?? 0), 12);
        expect([other?.text, fraction(other)]).toEqual(["*", 0]);
      }
      break;
    case "text": {
      expect(q["@_type"]).toBe("shortanswer");
      expect(q.usecase).toBe("0");
      const right = answers.filter((a) => fraction(a) === 100).map((a) => a.text);
      for (const accepted of item.accepted) expect(right).toContain(accepted);
      for (const s of right) expect(matchesAccepted(s, item.accepted), `${item.id}: ${s}`).toBe(true);
      expect(answers.at(-1)?.text).toBe("*");
      break;
    }
    case "ordering":
      expect(q["@_type"]).toBe("ordering");
      expect(q.gradingtype).toBe("ABSOLUTE_POSITION");
      expect(answers.map((a) => [paragraphsOf(`<p>${a.text}</p>`)[0], fraction(a)])).toEqual(
        item.items.map((s, i) => [s.text[lang], i + 1]),
      );
      break;
    case "matching": {
      expect(q["@_type"]).toBe("matching");
      const subs = q.subquestion as { text: string; answer: { text: string }[] }[];
      expect(subs.map((s) => [paragraphsOf(`<p>${s.text}</p>`)[0], s.answer[0]?.text])).toEqual([
        ...item.left.map((l) => [l.text[lang], item.right.find((r) => r.id === l.match)?.text[lang]]),
        ...item.right.filter((r) => !item.left.some((l) => l.match === r.id)).map((r) => ["", r.text[lang]]),
      ]);
      break;
    }
  }
}

/** A calculated question: the formula, relative tolerance and dataset reproduce the bank's answers. */
function checkCalculated(item: NumericItem, q: MoodleQuestion) {
  expect(q["@_type"]).toBe("calculated");
  const spec = item.parametric;
  if (!spec) throw new Error("parametric");
  const [right] = q.answer ?? [];
  expect(right?.text).toBe(`{${spec.answer.param}}*${decimal(spec.answer.factor)}`);
  expect(Number(right?.tolerance)).toBe(item.tolerance.value);
  expect(right?.tolerancetype).toBe(item.tolerance.kind === "rel" ? "1" : "2");
  expect(q.questiontext.text).toContain(`{${spec.answer.param}}`);
  const defs = (q.dataset_definitions as { dataset_definition: Record<string, unknown>[] }).dataset_definition;
  const values = parameterValues(item);
  for (const def of defs) {
    const name = (def.name as MoodleText).text;
    const items = (def.dataset_items as { dataset_item: { value: string }[] }).dataset_item.map((d) => Number(d.value));
    expect(items).toEqual(values[name]);
  }
  // Every attempt's numbers are in the dataset, and Moodle's formula gives the server's answer.
  for (let seed = 1; seed <= 40; seed++) {
    const concrete = instantiate(item, seed);
    if (concrete.type !== "numeric") throw new Error("numeric");
    const n = concrete.values?.[spec.answer.param] ?? Number.NaN;
    expect(values[spec.answer.param]).toContain(n);
    const moodle = Function(
      `return ${(right?.text ?? "").replace(/\{(\w+)\}/g, (_m, v: string) => String(concrete.values?.[v]))}`,
    )();
    expect(moodle).toBeCloseTo(concrete.answer, 9);
  }
}

// QTI 3.0 package --------------------------------------------------------------------------------

const qtiParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false });

describe("QTI 3.0 package", () => {
  it("has an imsmanifest.xml listing every item of each language and each test, in the QTI 3.0 namespace", () => {
    const file = exportItems(ITEMS, CONTEXT, "qti3", "both");
    expect(file.fileName).toBe("bank-both.qti3.zip");
    const files = unzipSync(file.body as Uint8Array);
    const manifestXml = decoder.decode(files["imsmanifest.xml"]);
    expect(XMLValidator.validate(manifestXml)).toBe(true);
    const manifest = qtiParser.parse(manifestXml).manifest;
    const resources = manifest.resources.resource as { "@_type": string; "@_href": string; "@_identifier": string }[];
    const itemResources = resources.filter((r) => r["@_type"] === "imsqti_item_xmlv3p0");
    expect(itemResources).toHaveLength(ITEMS.length * 2);
    expect(resources.filter((r) => r["@_type"] === "imsqti_test_xmlv3p0")).toHaveLength(2);
    // Every file in the zip is listed, and every listed file is in the zip.
    expect(new Set(resources.map((r) => r["@_href"]))).toEqual(
      new Set(Object.keys(files).filter((p) => p !== "imsmanifest.xml")),
    );
    for (const resource of itemResources) {
      const xml = decoder.decode(files[resource["@_href"]]);
      expect(XMLValidator.validate(xml), resource["@_href"]).toBe(true);
      const root = qtiParser.parse(xml)["qti-assessment-item"];
      expect(root["@_xmlns"]).toBe(QTI_NAMESPACE);
      expect(root["@_identifier"]).toBe(resource["@_identifier"]);
    }
    for (const lang of LANGS) {
      expect(itemResources.filter((r) => r["@_href"].startsWith(`items/${lang}/`))).toHaveLength(ITEMS.length);
    }
  });
});

describe("exports are reproducible", () => {
  for (const format of ["moodle-xml", "gift", "qti3"] as const) {
    it(`${format}: exporting twice gives identical bytes`, () => {
      const a = exportItems(ITEMS, CONTEXT, format, "both").body;
      const b = exportItems(ITEMS, CONTEXT, format, "both").body;
      const bytes = (body: string | Uint8Array) => (typeof body === "string" ? new TextEncoder().encode(body) : body);
      const [x, y] = [bytes(a), bytes(b)];
      expect(y.length).toBe(x.length);
      expect(x.findIndex((byte, i) => byte !== y[i])).toBe(-1);
    });
  }
});
