import type { RosterRow } from "../flows/assignment-results.ts";
import { wholeSeconds } from "../quiz/assignment-rules.ts";
import type { Lang } from "../quiz/format.ts";

/**
 * One spreadsheet cell. Text that a spreadsheet would read as a formula (=, +, -, @, or a
 * leading tab or CR) gets a leading apostrophe, and every text cell is quoted (RFC 4180).
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

const HEAD: Record<Lang, string[]> = {
  fr: ["Nom", "Statut", "Score", "Score max", "%", "Durée (s)", "Tentatives"],
  en: ["Name", "Status", "Score", "Max score", "%", "Time (s)", "Attempts"],
};

/** The CSV's first line: the roster's columns, then one per question id. */
export const csvHeadLine = (questionIds: readonly string[], lang: Lang): string =>
  `${[...HEAD[lang], ...questionIds].map(csvCell).join(",")}\r\n`;

/** One learner's CSV line. */
export const csvRowLine = (r: RosterRow, questionIds: readonly string[]): string =>
  `${[
    csvCell(r.name),
    csvCell(r.status),
    csvCell(r.score),
    csvCell(r.maxScore),
    csvCell(r.percent),
    csvCell(r.timeTakenMs === null ? null : wholeSeconds(r.timeTakenMs)),
    csvCell(r.attemptsUsed),
    ...questionIds.map((id) => csvCell(r.points[id] ?? null)),
  ].join(",")}\r\n`;

/**
 * The roster with per-question points as a CSV stream: UTF-8 with a BOM, CRLF line ends. Each
 * pull reads one page (`nextPage`, e.g. one keyset page of the roster) and writes its lines, so
 * the Worker holds one page at a time whatever the class size.
 */
export function resultsCsvStream(
  questionIds: readonly string[],
  nextPage: () => Promise<RosterRow[] | null>,
  lang: Lang,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvHeadLine(questionIds, lang)}`));
        return;
      }
      const rows = await nextPage();
      if (rows === null) {
        controller.close();
        return;
      }
      if (rows.length) controller.enqueue(encoder.encode(rows.map((r) => csvRowLine(r, questionIds)).join("")));
    },
  });
}

/** The CSV download's headers. */
export const csvHeaders = (code: string) => ({
  "Content-Type": "text/csv; charset=utf-8",
  "Content-Disposition": `attachment; filename="results-${code}.csv"`,
});
