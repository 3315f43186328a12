/** Canonical JSON: keys sorted, and choice sets sorted, so the same answer always compares equal. */
export function canonicalResponse(value: unknown): string {
  const sort = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return key === "choices" ? [...v].map((x) => sort(x)).sort() : v.map((x) => sort(x));
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k], k)]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value));
}
