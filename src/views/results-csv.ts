import type { AssignmentResults } from "../flows/assignment-results.ts";
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

/** The roster with per-question points as CSV: UTF-8 with a BOM, CRLF line ends. */
export function resultsCsv(results: AssignmentResults, lang: Lang): string {
  const lines = [[...HEAD[lang], ...results.questionIds].map(csvCell).join(",")];
  for (const r of results.roster) {
    lines.push(
      [
        csvCell(r.name),
        csvCell(r.status),
        csvCell(r.score),
        csvCell(r.maxScore),
        csvCell(r.percent),
        csvCell(r.timeTakenMs === null ? null : wholeSeconds(r.timeTakenMs)),
        csvCell(r.attemptsUsed),
        ...results.questionIds.map((id) => csvCell(r.points[id] ?? null)),
      ].join(","),
    );
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** The CSV download's headers. */
export const csvHeaders = (code: string) => ({
  "Content-Type": "text/csv; charset=utf-8",
  "Content-Disposition": `attachment; filename="results-${code}.csv"`,
});
