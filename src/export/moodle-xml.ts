import type { Item, NumericItem } from "../quiz/bank-schema.ts";
import type { Bilingual } from "../quiz/format.ts";
import {
  absoluteTolerance,
  categoryPath,
  choiceFraction,
  decimal,
  decimalsOf,
  type ExportContext,
  type ExportLang,
  escapeHtml,
  escapeXml,
  groupByTopic,
  itemTags,
  NOTES,
  parameterValues,
  percent,
  questionName,
  sourceLines,
  spellingsOf,
} from "./shared.ts";

/**
 * Moodle XML (https://docs.moodle.org/en/Moodle_XML_format): one <quiz> with a category per
 * topic and one <question> per item. lang "both" writes Moodle's multilang spans
 * (<span lang="fr" class="multilang">), which the Multi-language content filter shows in the
 * learner's language.
 */
export function exportMoodleXml(items: readonly Item[], context: ExportContext, lang: ExportLang): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"];
  for (const [topic, list] of groupByTopic(items)) {
    const path = categoryPath(context, topic, (text) => (lang === "both" ? `${text.fr} | ${text.en}` : text[lang]));
    out.push(
      '  <question type="category">',
      `    <category><text>${escapeXml(path)}</text></category>`,
      '    <info format="html"><text></text></info>',
      `    <idnumber>${escapeXml(`${context.name}/${topic}`)}</idnumber>`,
      "  </question>",
    );
    for (const item of list) out.push(question(item, lang));
  }
  out.push("</quiz>", "");
  return out.join("\n");
}

/** HTML text in the export's language(s): a paragraph, or multilang spans holding one each. */
function html(text: Bilingual, lang: ExportLang): string {
  if (lang !== "both") return escapeHtml(text[lang]);
  return `<span lang="fr" class="multilang">${escapeHtml(text.fr)}</span><span lang="en" class="multilang">${escapeHtml(text.en)}</span>`;
}

/** A <text> element holding HTML, in CDATA as Moodle writes it ("]]>" split so it cannot end the section). */
function cdata(htmlText: string): string {
  return `<text><![CDATA[${htmlText.replaceAll("]]>", "]]]]><![CDATA[>")}]]></text>`;
}

function htmlElement(tag: string, htmlText: string, indent = "    "): string {
  return `${indent}<${tag} format="html">${cdata(htmlText)}</${tag}>`;
}

function paragraphs(...parts: string[]): string {
  return parts
    .filter((p) => p !== "")
    .map((p) => `<p>${p}</p>`)
    .join("");
}

/** General feedback: the sentences the item comes from, verbatim, each with its translation. */
function sourceFeedback(item: Item, lang: ExportLang): string {
  return paragraphs(...sourceLines(item, (text) => html(text, lang)));
}

function questionText(item: Item, lang: ExportLang, extra: Bilingual[] = []): string {
  return paragraphs(html(item.prompt, lang), ...extra.map((note) => `<em>${html(note, lang)}</em>`));
}

function header(type: string, item: Item, lang: ExportLang, notes: Bilingual[] = []): string[] {
  const name =
    lang === "both"
      ? `${questionName(item.prompt.fr)} | ${questionName(item.prompt.en)}`
      : questionName(item.prompt[lang]);
  return [
    `  <question type="${type}">`,
    `    <name><text>${escapeXml(name)}</text></name>`,
    htmlElement("questiontext", questionText(item, lang, notes)),
    htmlElement("generalfeedback", sourceFeedback(item, lang)),
    `    <defaultgrade>${decimal(item.points)}</defaultgrade>`,
    "    <penalty>0</penalty>",
    "    <hidden>0</hidden>",
    `    <idnumber>${escapeXml(item.id)}</idnumber>`,
  ];
}

function footer(item: Item): string[] {
  return [
    "    <tags>",
    ...itemTags(item).map((tag) => `      <tag><text>${escapeXml(tag)}</text></tag>`),
    "    </tags>",
    "  </question>",
  ];
}

/** Moodle's combined feedback (multichoice, matching, ordering): the explanation whatever the outcome. */
function combinedFeedback(explanation: string): string[] {
  return [
    htmlElement("correctfeedback", explanation),
    htmlElement("partiallycorrectfeedback", explanation),
    htmlElement("incorrectfeedback", explanation),
    "    <shownumcorrect/>",
  ];
}

function answer(fraction: string, textXml: string, feedback: string, extra: string[] = [], format = "html"): string {
  return [
    `    <answer fraction="${fraction}" format="${format}">`,
    `      ${textXml}`,
    ...extra.map((line) => `      ${line}`),
    `      <feedback format="html">${cdata(feedback)}</feedback>`,
    "    </answer>",
  ].join("\n");
}

function units(unit: Bilingual | undefined, lang: ExportLang): string[] {
  if (!unit) return [];
  const name = lang === "both" ? (unit.fr === unit.en ? unit.fr : `${unit.fr} | ${unit.en}`) : unit[lang];
  return [
    "    <units>",
    `      <unit><multiplier>1</multiplier><unit_name>${escapeXml(name)}</unit_name></unit>`,
    "    </units>",
    // Graded on the number only, unit shown beside the field: as this project reads numbers.
    "    <unitgradingtype>0</unitgradingtype>",
    "    <unitpenalty>0</unitpenalty>",
    "    <showunits>3</showunits>",
    "    <unitsleft>0</unitsleft>",
  ];
}

function unitNote(item: NumericItem): Bilingual[] {
  return item.unit ? [{ fr: `(en ${item.unit.fr})`, en: `(in ${item.unit.en})` }] : [];
}

function question(item: Item, lang: ExportLang): string {
  const explanation = paragraphs(html(item.explanation, lang));
  const lines: string[] = [];
  switch (item.type) {
    case "single-choice":
    case "multiple-choice": {
      const single = item.type === "single-choice";
      const k = item.choices.filter((c) => c.correct).length;
      lines.push(
        ...header("multichoice", item, lang),
        `    <single>${single}</single>`,
        "    <shuffleanswers>true</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
        ...combinedFeedback(explanation),
        ...item.choices.map((c) =>
          answer(
            single ? (c.correct ? "100" : "0") : percent(choiceFraction(c.correct, k)),
            cdata(html(c.text, lang)),
            "",
          ),
        ),
      );
      break;
    }
    case "poll":
      // Moodle's question bank has no unscored poll: every choice earns full marks on a question worth 0.
      lines.push(
        ...header("multichoice", item, lang, [NOTES.poll]),
        "    <single>true</single>",
        "    <shuffleanswers>false</shuffleanswers>",
        "    <answernumbering>abc</answernumbering>",
        "    <showstandardinstruction>0</showstandardinstruction>",
        ...combinedFeedback(explanation),
        ...item.choices.map((c) => answer("100", cdata(html(c.text, lang)), "")),
      );
      break;
    case "true-false":
      lines.push(
        ...header("truefalse", item, lang),
        answer(item.answer ? "100" : "0", "<text>true</text>", explanation, [], "moodle_auto_format"),
        answer(item.answer ? "0" : "100", "<text>false</text>", explanation, [], "moodle_auto_format"),
      );
      break;
    case "numeric":
      if (item.parametric) lines.push(...calculated(item, lang));
      else {
        const value = item.answer ?? 0;
        lines.push(
          ...header("numerical", item, lang, [...unitNote(item), ...(item.mode === "ratio" ? [NOTES.ratio] : [])]),
          answer("100", `<text>${decimal(value)}</text>`, explanation, [
            `<tolerance>${decimal(absoluteTolerance(item, value))}</tolerance>`,
          ]),
          // Any other number: the explanation too.
          answer("0", "<text>*</text>", explanation, ["<tolerance>0</tolerance>"]),
          ...units(item.unit, lang),
        );
      }
      break;
    case "text":
      lines.push(
        ...header("shortanswer", item, lang),
        // Case-insensitive; Moodle does not fold accents or punctuation, so every spelling is listed.
        "    <usecase>0</usecase>",
        ...spellingsOf(item.accepted).map((s) =>
          answer("100", `<text>${escapeXml(s.replace(/\*/g, "\\*"))}</text>`, explanation, [], "moodle_auto_format"),
        ),
        answer("0", "<text>*</text>", explanation, [], "moodle_auto_format"),
      );
      break;
    case "ordering":
      lines.push(
        ...header("ordering", item, lang),
        "    <layouttype>VERTICAL</layouttype>",
        "    <selecttype>ALL</selecttype>",
        "    <selectcount>0</selectcount>",
        // One point per item in its correct position, as this project scores an ordering.
        "    <gradingtype>ABSOLUTE_POSITION</gradingtype>",
        "    <showgrading>SHOW</showgrading>",
        "    <numberingstyle>none</numberingstyle>",
        ...combinedFeedback(explanation),
        ...item.items.map((step, i) => answer(`${i + 1}`, cdata(html(step.text, lang)), "")),
      );
      break;
    case "matching": {
      const matched = new Set(item.left.map((l) => l.match));
      const answerText = (id: string) => item.right.find((r) => r.id === id)?.text ?? { fr: id, en: id };
      lines.push(
        ...header("matching", item, lang),
        "    <shuffleanswers>true</shuffleanswers>",
        ...combinedFeedback(explanation),
        ...item.left.map((l) =>
          [
            '    <subquestion format="html">',
            `      ${cdata(html(l.text, lang))}`,
            `      <answer><text>${escapeXml(plain(answerText(l.match), lang))}</text></answer>`,
            "    </subquestion>",
          ].join("\n"),
        ),
        // An answer no left entry pairs with: Moodle's distractor (a subquestion with no text).
        ...item.right
          .filter((r) => !matched.has(r.id))
          .map(
            (r) =>
              `    <subquestion format="html"><text></text><answer><text>${escapeXml(plain(r.text, lang))}</text></answer></subquestion>`,
          ),
      );
      break;
    }
  }
  return [...lines, ...footer(item)].join("\n");
}

/** Plain text (matching answers are not HTML): multilang spans still work there with the filter on. */
function plain(text: Bilingual, lang: ExportLang): string {
  if (lang !== "both") return text[lang];
  return `<span lang="fr" class="multilang">${text.fr}</span><span lang="en" class="multilang">${text.en}</span>`;
}

/** A parametric cost item: Moodle's calculated question with its dataset, {n} kept as a wildcard. */
function calculated(item: NumericItem, lang: ExportLang): string[] {
  const parametric = item.parametric;
  if (!parametric) return [];
  const formula = `{${parametric.answer.param}}*${decimal(parametric.answer.factor)}`;
  const withFormula = (text: Bilingual): Bilingual => ({
    fr: text.fr.replaceAll("{answer}", `{=${formula}}`),
    en: text.en.replaceAll("{answer}", `{=${formula}}`),
  });
  const explanation = paragraphs(html(withFormula(item.explanation), lang));
  const tolerance =
    item.tolerance.kind === "rel"
      ? ["<tolerance>", decimal(item.tolerance.value), "</tolerance>", "<tolerancetype>1</tolerancetype>"]
      : ["<tolerance>", decimal(item.tolerance.value), "</tolerance>", "<tolerancetype>2</tolerancetype>"];
  const values = parameterValues(item);
  const sample = Object.values(values)[0] ?? [];
  const answerDecimals = Math.max(2, ...sample.map((v) => decimalsOf(v * parametric.answer.factor)));
  return [
    ...header("calculated", { ...item, prompt: withFormula(item.prompt) }, lang, unitNote(item)),
    "    <synchronize>0</synchronize>",
    "    <single>0</single>",
    "    <answernumbering>abc</answernumbering>",
    "    <shuffleanswers>0</shuffleanswers>",
    answer("100", `<text>${escapeXml(formula)}</text>`, explanation, [
      `${tolerance[0]}${tolerance[1]}${tolerance[2]}`,
      tolerance[3] as string,
      // Decimal places shown in the right answer.
      "<correctanswerformat>1</correctanswerformat>",
      `<correctanswerlength>${answerDecimals}</correctanswerlength>`,
    ]),
    ...units(item.unit, lang),
    "    <dataset_definitions>",
    ...Object.entries(values).flatMap(([name, list]) => {
      const range = parametric.params[name];
      return [
        "      <dataset_definition>",
        "        <status><text>private</text></status>",
        `        <name><text>${escapeXml(name)}</text></name>`,
        "        <type>calculated</type>",
        "        <distribution><text>uniform</text></distribution>",
        `        <minimum><text>${decimal(range?.min ?? 0)}</text></minimum>`,
        `        <maximum><text>${decimal(range?.max ?? 0)}</text></maximum>`,
        `        <decimals><text>${decimalsOf(range?.step ?? 1)}</text></decimals>`,
        `        <itemcount>${list.length}</itemcount>`,
        "        <dataset_items>",
        ...list.map(
          (value, i) =>
            `          <dataset_item><number>${i + 1}</number><value>${decimal(value)}</value></dataset_item>`,
        ),
        "        </dataset_items>",
        `        <number_of_items>${list.length}</number_of_items>`,
        "      </dataset_definition>",
      ];
    }),
    "    </dataset_definitions>",
  ];
}
