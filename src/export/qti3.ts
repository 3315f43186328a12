import type { Item, NumericItem } from "../quiz/bank-schema.ts";
import type { Bilingual, Lang } from "../quiz/format.ts";
import {
  absoluteTolerance,
  citations,
  decimal,
  type ExportContext,
  escapeXml,
  itemTags,
  NOTES,
  questionName,
  SOURCE_LABEL,
  spellingsOf,
  TRANSLATION_LABEL,
  topicTitle,
} from "./shared.ts";

export const QTI_NAMESPACE = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0";
const QTI_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd";
const CP_NAMESPACE = "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1";
const CP_SCHEMA = "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd";
const LOM_NAMESPACE = "http://ltsc.ieee.org/xsd/LOM";

/** One file of a package: its path inside the zip and its text. */
export type PackageFile = { path: string; text: string };

/**
 * A QTI 3.0 content package: one qti-assessment-item per item and language, one
 * qti-assessment-test per language, and imsmanifest.xml listing them (with topic, level and type
 * as LOM keywords). Every item scores itself through its own response processing: SCORE from 0
 * to MAXSCORE, as this project grades it.
 */
export function exportQti3(items: readonly Item[], context: ExportContext, langs: readonly Lang[]): PackageFile[] {
  const files: PackageFile[] = [];
  const resources: string[] = [];
  for (const lang of langs) {
    const refs: { id: string; href: string }[] = [];
    for (const item of items) {
      const id = qtiIdentifier(`${item.id}-${lang}`);
      const href = `items/${lang}/${fileName(item.id)}.xml`;
      files.push({ path: href, text: assessmentItem(item, lang, id) });
      refs.push({ id, href });
      resources.push(itemResource(item, lang, id, href, context));
    }
    const testHref = `tests/${context.name}-${lang}.xml`;
    const testId = qtiIdentifier(`${context.name}-${lang}`);
    files.push({ path: testHref, text: assessmentTest(testId, context.title[lang], lang, refs) });
    resources.push(
      [
        `    <resource identifier="${testId}" type="imsqti_test_xmlv3p0" href="${testHref}">`,
        `      <file href="${testHref}"/>`,
        ...refs.map((r) => `      <dependency identifierref="${r.id}"/>`),
        "    </resource>",
      ].join("\n"),
    );
  }
  files.unshift({ path: "imsmanifest.xml", text: manifest(context, resources) });
  return files;
}

/** QTI identifiers are NCName-like: a letter or "_" first, then letters, digits, ".", "-", "_". */
export function qtiIdentifier(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, "_");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

function fileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, "_");
}

function manifest(context: ExportContext, resources: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<manifest xmlns="${CP_NAMESPACE}" xmlns:imsmd="${LOM_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
    `  xsi:schemaLocation="${CP_NAMESPACE} ${CP_SCHEMA}" identifier="${qtiIdentifier(`manifest-${context.name}`)}">`,
    "  <metadata>",
    "    <schema>QTI Package</schema>",
    "    <schemaversion>3.0.0</schemaversion>",
    "  </metadata>",
    "  <organizations/>",
    "  <resources>",
    ...resources,
    "  </resources>",
    "</manifest>",
    "",
  ].join("\n");
}

function itemResource(item: Item, lang: Lang, id: string, href: string, context: ExportContext): string {
  const keywords = [...itemTags(item), `topic-title:${topicTitle(context.topics, item.topic)[lang]}`];
  const level = item.level;
  return [
    `    <resource identifier="${id}" type="imsqti_item_xmlv3p0" href="${href}">`,
    "      <metadata>",
    "        <imsmd:lom>",
    "          <imsmd:general>",
    `            <imsmd:identifier><imsmd:catalog>article-quiz</imsmd:catalog><imsmd:entry>${escapeXml(item.id)}</imsmd:entry></imsmd:identifier>`,
    `            <imsmd:title><imsmd:string language="${lang}">${escapeXml(item.prompt[lang])}</imsmd:string></imsmd:title>`,
    `            <imsmd:language>${lang}</imsmd:language>`,
    ...keywords.map(
      (k) =>
        `            <imsmd:keyword><imsmd:string language="${lang}">${escapeXml(k)}</imsmd:string></imsmd:keyword>`,
    ),
    "          </imsmd:general>",
    ...(level
      ? [
          "          <imsmd:educational>",
          `            <imsmd:description><imsmd:string language="en">Bloom level: ${escapeXml(level)}</imsmd:string></imsmd:description>`,
          "          </imsmd:educational>",
        ]
      : []),
    "        </imsmd:lom>",
    "      </metadata>",
    `      <file href="${href}"/>`,
    "    </resource>",
  ].join("\n");
}

function assessmentTest(id: string, title: string, lang: Lang, refs: { id: string; href: string }[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-test xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
    `  xsi:schemaLocation="${QTI_NAMESPACE} ${QTI_SCHEMA}" identifier="${id}" title="${escapeXml(title)}" xml:lang="${lang}">`,
    '  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">',
    "    <qti-default-value><qti-value>0</qti-value></qti-default-value>",
    "  </qti-outcome-declaration>",
    '  <qti-test-part identifier="part-1" navigation-mode="nonlinear" submission-mode="individual">',
    `    <qti-assessment-section identifier="section-1" title="${escapeXml(title)}" visible="true">`,
    ...refs.map((r) => `      <qti-assessment-item-ref identifier="${r.id}" href="../${r.href}"/>`),
    "    </qti-assessment-section>",
    "  </qti-test-part>",
    "  <qti-outcome-processing>",
    '    <qti-set-outcome-value identifier="SCORE">',
    '      <qti-sum><qti-test-variables variable-identifier="SCORE"/></qti-sum>',
    "    </qti-set-outcome-value>",
    "  </qti-outcome-processing>",
    "</qti-assessment-test>",
    "",
  ].join("\n");
}

const float = (value: number) => `<qti-base-value base-type="float">${decimal(value)}</qti-base-value>`;
const variable = (id: string) => `<qti-variable identifier="${id}"/>`;
const setScore = (expression: string) =>
  `<qti-set-outcome-value identifier="SCORE">${expression}</qti-set-outcome-value>`;
const addToScore = (value: number) => setScore(`<qti-sum>${variable("SCORE")}${float(value)}</qti-sum>`);
/** expression × points / parts, written so that parts/parts gives exactly the points. */
const share = (expression: string, points: number, parts: number) =>
  `<qti-divide><qti-product>${expression}${float(points)}</qti-product>${float(parts)}</qti-divide>`;
const mapped = share.bind(null, '<qti-map-response identifier="RESPONSE"/>');

type Parts = {
  declarations: string[];
  templateDeclarations?: string[];
  template?: string[];
  body: string[];
  processing: string[];
  maxScore: number;
};

function p(text: string): string {
  return `<p>${escapeXml(text)}</p>`;
}

function assessmentItem(item: Item, lang: Lang, id: string): string {
  const parts = interaction(item, lang);
  const feedback = [
    `<div class="explanation"><p>${withVariables(item, item.explanation[lang])}</p></div>`,
    `<div class="source">${citations(item)
      .map((c) => p(`${SOURCE_LABEL[lang]} « ${c.quote} »`) + p(`${TRANSLATION_LABEL[lang]} ${c.translation}`))
      .join("")}</div>`,
  ].join("");
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<qti-assessment-item xmlns="${QTI_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`,
    `  xsi:schemaLocation="${QTI_NAMESPACE} ${QTI_SCHEMA}"`,
    `  identifier="${id}" title="${escapeXml(questionName(item.prompt[lang]))}" adaptive="false" time-dependent="false" xml:lang="${lang}">`,
    ...parts.declarations.map((d) => `  ${d}`),
    '  <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">',
    "    <qti-default-value><qti-value>0</qti-value></qti-default-value>",
    "  </qti-outcome-declaration>",
    '  <qti-outcome-declaration identifier="MAXSCORE" cardinality="single" base-type="float">',
    `    <qti-default-value><qti-value>${decimal(parts.maxScore)}</qti-value></qti-default-value>`,
    "  </qti-outcome-declaration>",
    '  <qti-outcome-declaration identifier="FEEDBACK" cardinality="single" base-type="identifier"/>',
    ...(parts.templateDeclarations ?? []).map((t) => `  ${t}`),
    ...(parts.template ?? []).map((t) => `  ${t}`),
    "  <qti-item-body>",
    ...parts.body.map((b) => `    ${b}`),
    "  </qti-item-body>",
    "  <qti-response-processing>",
    // From 0 each time, whatever the player does with outcomes between attempts.
    `    ${setScore(float(0))}`,
    ...parts.processing.map((r) => `    ${r}`),
    // The explanation and the source are shown once the item is scored, whatever the answer.
    '    <qti-set-outcome-value identifier="FEEDBACK"><qti-base-value base-type="identifier">EXPLANATION</qti-base-value></qti-set-outcome-value>',
    "  </qti-response-processing>",
    `  <qti-modal-feedback outcome-identifier="FEEDBACK" identifier="EXPLANATION" show-hide="show"><qti-content-body>${feedback}</qti-content-body></qti-modal-feedback>`,
    "</qti-assessment-item>",
    "",
  ].join("\n");
}

/** Text of a parametric item with {name} placeholders as printed template variables ({answer} too). */
function withVariables(item: Item, text: string): string {
  const escaped = escapeXml(text);
  if (item.type !== "numeric" || !item.parametric) return escaped;
  return escaped.replace(
    /\{([a-z]+)\}/g,
    (_m, name: string) => `<qti-printed-variable identifier="${name.toUpperCase()}"/>`,
  );
}

function promptInline(item: Item, lang: Lang, notes: Bilingual[] = []): string {
  return withVariables(item, item.prompt[lang]) + notes.map((n) => ` <em>${escapeXml(n[lang])}</em>`).join("");
}

function promptXml(item: Item, lang: Lang, notes: Bilingual[] = []): string {
  return `<qti-prompt>${promptInline(item, lang, notes)}</qti-prompt>`;
}

/** The RESPONSE declaration: its correct response (if any) and mapping lines (if any). */
function response(cardinality: string, baseType: string, values: string[], mapping: string[] = []): string {
  return [
    `<qti-response-declaration identifier="RESPONSE" cardinality="${cardinality}" base-type="${baseType}">`,
    ...(values.length
      ? [
          `  <qti-correct-response>${values.map((v) => `<qti-value>${escapeXml(v)}</qti-value>`).join("")}</qti-correct-response>`,
        ]
      : []),
    ...mapping.map((m) => `  ${m}`),
    "</qti-response-declaration>",
  ].join("\n  ");
}

function mapping(points: number, entries: string[]): string[] {
  return [
    `<qti-mapping default-value="0" lower-bound="0" upper-bound="${decimal(points)}">`,
    ...entries.map((e) => `  ${e}`),
    "</qti-mapping>",
  ];
}

const ifResponse = (condition: string, then: string) =>
  `<qti-response-condition><qti-response-if>${condition}${then}</qti-response-if></qti-response-condition>`;

function interaction(item: Item, lang: Lang): Parts {
  switch (item.type) {
    case "single-choice":
    case "true-false":
    case "poll": {
      const choices =
        item.type === "true-false"
          ? [
              { id: "true", text: { fr: "Vrai", en: "True" }, correct: item.answer },
              { id: "false", text: { fr: "Faux", en: "False" }, correct: !item.answer },
            ]
          : item.type === "poll"
            ? item.choices.map((c) => ({ ...c, correct: false }))
            : item.choices;
      const right = choices.filter((c) => c.correct).map((c) => c.id);
      const scored = item.type !== "poll";
      return {
        declarations: [response("single", "identifier", scored ? right : [])],
        body: [
          `<qti-choice-interaction response-identifier="RESPONSE" max-choices="1" shuffle="${item.type === "single-choice"}">`,
          `  ${promptXml(item, lang, item.type === "poll" ? [NOTES.poll] : [])}`,
          ...choices.map(
            (c) => `  <qti-simple-choice identifier="${c.id}">${escapeXml(c.text[lang])}</qti-simple-choice>`,
          ),
          "</qti-choice-interaction>",
        ],
        processing: scored
          ? [
              ifResponse(
                `<qti-match>${variable("RESPONSE")}<qti-correct identifier="RESPONSE"/></qti-match>`,
                setScore(float(item.points)),
              ),
            ]
          : [],
        maxScore: scored ? item.points : 0,
      };
    }
    case "multiple-choice": {
      const k = item.choices.filter((c) => c.correct).length;
      return {
        // +1 per right choice ticked, -1 per wrong one, between 0 and k, then × points / k: this
        // project's partial credit.
        declarations: [
          response(
            "multiple",
            "identifier",
            item.choices.filter((c) => c.correct).map((c) => c.id),
            mapping(
              k,
              item.choices.map((c) => `<qti-map-entry map-key="${c.id}" mapped-value="${c.correct ? 1 : -1}"/>`),
            ),
          ),
        ],
        body: [
          `<qti-choice-interaction response-identifier="RESPONSE" max-choices="0" shuffle="true">`,
          `  ${promptXml(item, lang)}`,
          ...item.choices.map(
            (c) => `  <qti-simple-choice identifier="${c.id}">${escapeXml(c.text[lang])}</qti-simple-choice>`,
          ),
          "</qti-choice-interaction>",
        ],
        processing: [
          ifResponse(
            `<qti-not><qti-is-null>${variable("RESPONSE")}</qti-is-null></qti-not>`,
            setScore(mapped(item.points, k)),
          ),
        ],
        maxScore: item.points,
      };
    }
    case "numeric":
      return item.parametric ? parametric(item, lang) : numeric(item, lang);
    case "text": {
      const spellings = spellingsOf(item.accepted);
      return {
        // Case-insensitive; accents and punctuation are not folded by QTI, so every spelling is listed.
        declarations: [
          response(
            "single",
            "string",
            [item.display[lang]],
            mapping(
              item.points,
              spellings.map(
                (s) =>
                  `<qti-map-entry map-key="${escapeXml(s)}" mapped-value="${decimal(item.points)}" case-sensitive="false"/>`,
              ),
            ),
          ),
        ],
        body: [
          `<p>${escapeXml(item.prompt[lang])}</p>`,
          `<p><qti-text-entry-interaction response-identifier="RESPONSE" expected-length="${Math.max(...spellings.map((s) => s.length))}" placeholder-text="${escapeXml(item.placeholder[lang])}"/></p>`,
        ],
        processing: [
          ifResponse(
            `<qti-not><qti-is-null>${variable("RESPONSE")}</qti-is-null></qti-not>`,
            setScore('<qti-map-response identifier="RESPONSE"/>'),
          ),
        ],
        maxScore: item.points,
      };
    }
    case "ordering": {
      const n = item.items.length;
      return {
        declarations: [
          response(
            "ordered",
            "identifier",
            item.items.map((s) => s.id),
          ),
        ],
        body: [
          '<qti-order-interaction response-identifier="RESPONSE" shuffle="true">',
          `  ${promptXml(item, lang)}`,
          ...item.items.map(
            (s) => `  <qti-simple-choice identifier="${s.id}">${escapeXml(s.text[lang])}</qti-simple-choice>`,
          ),
          "</qti-order-interaction>",
        ],
        // One n-th of the points per item in its correct position, as this project scores an ordering:
        // SCORE counts them, then becomes count × points / n (exact at n/n).
        processing: [
          ...item.items.map((s, i) =>
            ifResponse(
              `<qti-match><qti-index n="${i + 1}">${variable("RESPONSE")}</qti-index><qti-base-value base-type="identifier">${s.id}</qti-base-value></qti-match>`,
              addToScore(1),
            ),
          ),
          setScore(share(variable("SCORE"), item.points, n)),
        ],
        maxScore: item.points,
      };
    }
    case "matching": {
      const n = item.left.length;
      const uses = (id: string) => item.left.filter((l) => l.match === id).length;
      return {
        declarations: [
          response(
            "multiple",
            "directedPair",
            item.left.map((l) => `${l.id} ${l.match}`),
            // One per right pair, then × points / n.
            mapping(
              n,
              item.left.map((l) => `<qti-map-entry map-key="${l.id} ${l.match}" mapped-value="1"/>`),
            ),
          ),
        ],
        body: [
          `<qti-match-interaction response-identifier="RESPONSE" max-associations="${n}" shuffle="true">`,
          `  ${promptXml(item, lang)}`,
          "  <qti-simple-match-set>",
          ...item.left.map(
            (l) =>
              `    <qti-simple-associable-choice identifier="${l.id}" match-max="1">${escapeXml(l.text[lang])}</qti-simple-associable-choice>`,
          ),
          "  </qti-simple-match-set>",
          "  <qti-simple-match-set>",
          ...item.right.map(
            (r) =>
              `    <qti-simple-associable-choice identifier="${r.id}" match-max="${Math.max(1, uses(r.id))}">${escapeXml(r.text[lang])}</qti-simple-associable-choice>`,
          ),
          "  </qti-simple-match-set>",
          "</qti-match-interaction>",
        ],
        processing: [
          ifResponse(
            `<qti-not><qti-is-null>${variable("RESPONSE")}</qti-is-null></qti-not>`,
            setScore(mapped(item.points, n)),
          ),
        ],
        maxScore: item.points,
      };
    }
  }
}

/** Within tolerance: lower <= RESPONSE <= upper (qti-gte/qti-lte, which every player implements). */
function withinBounds(lower: string, upper: string): string {
  return `<qti-and><qti-gte>${variable("RESPONSE")}${lower}</qti-gte><qti-lte>${variable("RESPONSE")}${upper}</qti-lte></qti-and>`;
}

function numericBody(item: NumericItem, lang: Lang, notes: Bilingual[]): string[] {
  const unit = item.unit ? ` ${escapeXml(item.unit[lang])}` : "";
  return [
    `<p>${promptInline(item, lang, notes)}</p>`,
    `<p><qti-text-entry-interaction response-identifier="RESPONSE" expected-length="8"/>${unit}</p>`,
  ];
}

function numeric(item: NumericItem, lang: Lang): Parts {
  const answer = item.answer ?? 0;
  const tolerance = absoluteTolerance(item, answer);
  return {
    declarations: [response("single", "float", [decimal(answer)])],
    body: numericBody(item, lang, item.mode === "ratio" ? [NOTES.ratio] : []),
    processing: [
      ifResponse(withinBounds(float(answer - tolerance), float(answer + tolerance)), setScore(float(item.points))),
    ],
    maxScore: item.points,
  };
}

/**
 * A parametric cost item: template variables drawn in template processing (as the bank's ranges
 * say), the correct response computed from them, the tolerance around it.
 */
function parametric(item: NumericItem, lang: Lang): Parts {
  const spec = item.parametric;
  if (!spec) return numeric(item, lang);
  const names = Object.keys(spec.params).sort();
  const templateDeclarations = [
    ...names.map((name) => {
      const range = spec.params[name];
      const integral = range && [range.min, range.max, range.step].every(Number.isInteger);
      return `<qti-template-declaration identifier="${name.toUpperCase()}" cardinality="single" base-type="${integral ? "integer" : "float"}" param-variable="false" math-variable="false"></qti-template-declaration>`;
    }),
    '<qti-template-declaration identifier="ANSWER" cardinality="single" base-type="float" param-variable="false" math-variable="false"></qti-template-declaration>',
  ];
  const draws = names.map((name) => {
    const range = spec.params[name] ?? { min: 0, max: 0, step: 1 };
    const integral = [range.min, range.max, range.step].every(Number.isInteger);
    const expression = integral
      ? `<qti-random-integer min="${range.min}" max="${range.max}" step="${range.step}"/>`
      : // min + step × a random whole number of steps
        `<qti-sum>${float(range.min)}<qti-product>${float(range.step)}<qti-random-integer min="0" max="${Math.floor((range.max - range.min) / range.step + 1e-9)}"/></qti-product></qti-sum>`;
    return `  <qti-set-template-value identifier="${name.toUpperCase()}">${expression}</qti-set-template-value>`;
  });
  const answer = `<qti-product>${variable(spec.answer.param.toUpperCase())}${float(spec.answer.factor)}</qti-product>`;
  const t = item.tolerance;
  const bound = (sign: 1 | -1) =>
    t.kind === "rel"
      ? `<qti-product><qti-correct identifier="RESPONSE"/>${float(1 + sign * t.value)}</qti-product>`
      : `<qti-sum><qti-correct identifier="RESPONSE"/>${float(sign * t.value)}</qti-sum>`;
  return {
    declarations: ['<qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="float"/>'],
    templateDeclarations,
    template: [
      "<qti-template-processing>",
      ...draws,
      `  <qti-set-template-value identifier="ANSWER">${answer}</qti-set-template-value>`,
      `  <qti-set-correct-response identifier="RESPONSE">${variable("ANSWER")}</qti-set-correct-response>`,
      "</qti-template-processing>",
    ],
    body: numericBody(item, lang, []),
    processing: [
      ifResponse(
        withinBounds(`<qti-min>${bound(-1)}${bound(1)}</qti-min>`, `<qti-max>${bound(-1)}${bound(1)}</qti-max>`),
        setScore(float(item.points)),
      ),
    ],
    maxScore: item.points,
  };
}
