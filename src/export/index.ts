import type { Item } from "../quiz/bank-schema.ts";
import { LANGS, type Lang } from "../quiz/format.ts";
import { exportGift } from "./gift.ts";
import { exportMoodleXml } from "./moodle-xml.ts";
import { exportQti3 } from "./qti3.ts";
import type { ExportContext, ExportFormat, ExportLang } from "./shared.ts";
import { zipFiles } from "./zip.ts";

export { EXPORT_FORMATS, EXPORT_LANGS, type ExportContext, type ExportFormat, type ExportLang } from "./shared.ts";

/** A download: its file name, content type and bytes (or text). */
export type ExportFile = { fileName: string; contentType: string; body: string | Uint8Array };

const XML = "application/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";
const ZIP = "application/zip";

const langsOf = (lang: ExportLang): Lang[] => (lang === "both" ? [...LANGS] : [lang]);

/**
 * Items in one of the formats LMSs import. Moodle XML is one file (lang "both": multilang
 * spans); GIFT is one .gift.txt per language (a zip of both for "both"); QTI 3.0 is always a
 * content package (.zip), holding each language's items and test.
 */
export function exportItems(
  items: readonly Item[],
  context: ExportContext,
  format: ExportFormat,
  lang: ExportLang,
): ExportFile {
  switch (format) {
    case "moodle-xml":
      return {
        fileName: `${context.name}-${lang}.moodle.xml`,
        contentType: XML,
        body: exportMoodleXml(items, context, lang),
      };
    case "gift": {
      const files = langsOf(lang).map((l) => ({
        path: `${context.name}-${l}.gift.txt`,
        text: exportGift(items, context, l),
      }));
      const [only] = files;
      if (files.length === 1 && only) return { fileName: only.path, contentType: TEXT, body: only.text };
      return { fileName: `${context.name}-both.gift.zip`, contentType: ZIP, body: zipFiles(files) };
    }
    case "qti3":
      return {
        fileName: `${context.name}-${lang}.qti3.zip`,
        contentType: ZIP,
        body: zipFiles(exportQti3(items, context, langsOf(lang))),
      };
  }
}
