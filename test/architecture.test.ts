/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";

// The source files as text, read at build time (Vite's glob import): the rules below are about
// what each layer may depend on, so they read the import statements themselves.
const SOURCES = import.meta.glob<string>(["../src/**/*.ts", "../src/**/*.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
});

type Import = { from: string; target: string; typeOnly: boolean };

/** Resolves `spec` imported by `file` (both relative to the repo root) to a repo-relative path or a package name. */
function resolve(file: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  const parts = file.split("/").slice(0, -1);
  for (const part of spec.split("/")) {
    if (part === "..") parts.pop();
    else if (part !== ".") parts.push(part);
  }
  return parts.join("/");
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?["']([^"']+)["']/g;
const DYNAMIC = /import\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(path: string, text: string): Import[] {
  const file = path.replace(/^\.\.\//, "");
  const found: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    found.push({ from: file, target: resolve(file, m[3] as string), typeOnly: Boolean(m[2]) });
  }
  for (const m of text.matchAll(DYNAMIC))
    found.push({ from: file, target: resolve(file, m[1] as string), typeOnly: false });
  return found;
}

const ALL = Object.entries(SOURCES).flatMap(([path, text]) => importsOf(path, text));
const under = (dir: string) => ALL.filter((i) => i.from.startsWith(dir));
const isHono = (target: string) => target === "hono" || target.startsWith("hono/") || target.startsWith("@hono/");
const show = (list: Import[]) => list.map((i) => `${i.from} -> ${i.target}`);

describe("layering: what each part of src/ may import", () => {
  it("reads the sources and their imports", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(40);
    expect(under("src/flows/").length).toBeGreaterThan(10);
    expect(under("src/routes/pages/").some((i) => i.target.startsWith("src/flows/"))).toBe(true);
  });

  it("flows speak no HTTP: nothing from src/http or hono, not even a type", () => {
    expect(show(under("src/flows/").filter((i) => i.target.startsWith("src/http/") || isHono(i.target)))).toEqual([]);
  });

  it("pages never import the API's modules", () => {
    expect(show(under("src/routes/pages/").filter((i) => i.target.startsWith("src/routes/api/")))).toEqual([]);
  });

  it("the API never imports the pages' modules", () => {
    expect(show(under("src/routes/api/").filter((i) => i.target.startsWith("src/routes/pages/")))).toEqual([]);
  });

  it("routes and views reach the database only through flows (types excepted)", () => {
    const direct = [...under("src/routes/"), ...under("src/views/")].filter(
      // The health check is a bare D1 round trip by design, not a use case.
      (i) => i.target.startsWith("src/db/") && !i.typeOnly && i.from !== "src/routes/api/health.ts",
    );
    expect(show(direct)).toEqual([]);
  });

  it("the quiz domain is pure: no hono, no D1 modules, no flows, routes or views", () => {
    const impure = under("src/quiz/").filter(
      (i) => isHono(i.target) || /^src\/(db|http|flows|routes|views)\//.test(i.target) || i.target === "src/env.ts",
    );
    expect(show(impure)).toEqual([]);
  });

  it("db modules know nothing of HTTP, flows or views", () => {
    const wrong = under("src/db/").filter(
      (i) => isHono(i.target) || /^src\/(http|flows|routes|views)\//.test(i.target),
    );
    expect(show(wrong)).toEqual([]);
  });
});
