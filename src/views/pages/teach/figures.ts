import { formatDuration } from "../../../quiz/assignment-rules.ts";

/** A duration as the roster writes it, or a dash when there is none. */
export const showDuration = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));

/** A figure with at most one decimal (and a unit), or a dash when there is none. */
export const showFigure = (n: number | null, suffix = "") =>
  n === null ? "—" : `${Number.isInteger(n) ? n : n.toFixed(1)}${suffix}`;
