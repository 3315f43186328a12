// Messages D1 gives when the database, not the query, failed: these are retryable.
// https://developers.cloudflare.com/d1/observability/debug-d1/#error-list
const UNAVAILABLE = [
  /network connection lost/i,
  /overloaded/i,
  /storage caused object to be reset/i,
  /object to be reset/i,
  /internal error/i,
  /timed out/i,
  /unavailable/i,
  /too many requests queued/i,
  /D1 DB is overloaded/i,
];

/** True when an error means D1 could not be reached or is overloaded (answer 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`;
  return /D1/i.test(text) && UNAVAILABLE.some((pattern) => pattern.test(text));
}
