/**
 * npm run --silent questions:export: prints the compiled bank (answers and sources included) as
 * JSON on stdout, for teachers and other tools.
 *
 *   npm run --silent questions:export -- --format moodle-xml|gift|qti3 [--lang fr|en|both] > file
 *
 * writes the whole bank in an LMS format instead (the bytes the API serves; zip formats are binary).
 */
import { parseArgs } from "node:util";
import { EXPORT_FORMATS, EXPORT_LANGS, type ExportFormat, type ExportLang } from "../src/export/index.ts";
import { exportBank } from "../src/flows/exports.ts";
import { BANK } from "../src/quiz/index.ts";

const { values } = parseArgs({
  options: { format: { type: "string" }, lang: { type: "string", default: "both" } },
  strict: true,
});

if (values.format === undefined || values.format === "json") {
  // The compiled bank in full (bank.json stores quotes as spans of the article).
  process.stdout.write(`${JSON.stringify(BANK, null, 2)}\n`);
} else {
  const format = values.format as ExportFormat;
  const lang = values.lang as ExportLang;
  if (!EXPORT_FORMATS.includes(format) || !EXPORT_LANGS.includes(lang)) {
    console.error(
      `questions:export: --format must be json, ${EXPORT_FORMATS.join(", ")}; --lang must be ${EXPORT_LANGS.join(", ")}`,
    );
    process.exit(2);
  }
  const file = exportBank(format, lang);
  console.error(`questions:export: ${file.fileName} (${file.contentType})`);
  process.stdout.write(file.body);
}
