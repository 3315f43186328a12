import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { competitionRanks, KEY_BITS, prefixNodes, rankKey, weekStart } from "../../src/quiz/ranking.ts";

/**
 * The Fenwick nodes an entry with this key is counted in: what the migrations' triggers update
 * (`(rank_key | ((1 << j) - 1)) + 1` for j in 0..KEY_BITS), the model prefixNodes is checked against.
 */
function coveringNodes(key: number): number[] {
  const nodes = new Set<number>();
  for (let j = 0; j <= KEY_BITS; j++) {
    const step = 2 ** j;
    nodes.add(Math.floor(key / step) * step + step);
  }
  return [...nodes];
}

describe("rank keys", () => {
  it("order higher scores first, then shorter times in whole seconds", () => {
    expect(rankKey(9, 60_000)).toBeLessThan(rankKey(8, 10_000));
    expect(rankKey(8, 45_000)).toBeLessThan(rankKey(8, 46_000));
    expect(rankKey(8, 45_100)).toBe(rankKey(8, 45_900));
    // Partial credit summed in another order compares equal.
    expect(rankKey(0.1 + 0.2, 1000)).toBe(rankKey(0.3, 1000));
    expect(rankKey(1e9, -5)).toBe(0);
    expect(rankKey(-1, 1e15)).toBe(2 ** KEY_BITS - 1);
  });

  it("competition ranks: 1, 2, 2, 4", () => {
    expect(competitionRanks([1, 2, 2, 4, 4, 9])).toEqual([1, 2, 2, 4, 4, 6]);
  });
});

describe("Fenwick paths", () => {
  it("count exactly the keys below, with at most KEY_BITS + 1 nodes", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** KEY_BITS - 1 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: 2 ** KEY_BITS - 1 }),
        (keys, probe) => {
          const tree = new Map<number, number>();
          for (const k of keys) for (const node of coveringNodes(k)) tree.set(node, (tree.get(node) ?? 0) + 1);
          const nodes = prefixNodes(probe);
          expect(nodes.length).toBeLessThanOrEqual(KEY_BITS + 1);
          const below = nodes.reduce((s, n) => s + (tree.get(n) ?? 0), 0);
          expect(below).toBe(keys.filter((k) => k < probe).length);
        },
      ),
    );
  });
});

describe("weeks", () => {
  it("start on Monday 00:00 UTC", () => {
    const monday = Date.UTC(2025, 0, 6);
    expect(weekStart(Date.UTC(2025, 0, 5, 23, 59, 59, 999))).toBe(Date.UTC(2024, 11, 30));
    expect(weekStart(monday)).toBe(monday);
    expect(weekStart(Date.UTC(2025, 0, 12, 23, 59))).toBe(monday);
    expect(new Date(weekStart(Date.UTC(2031, 6, 17, 12))).getUTCDay()).toBe(1);
  });
});
