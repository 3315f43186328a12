import { join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The Worker runs zod/mini (src/bundle/zod.ts) while tsc checks src/ against classic zod's types,
// so a classic-only call (`s.optional()`, `s.min(1)`, `o.extend(…)`, `z.ZodType` as a value)
// typechecks and then throws in the Worker. This test resolves, with tsc's own checker, the
// receiver of every member access in src/: when it is a classic zod type (declared in
// node_modules/zod/v4/classic) or a zod module namespace, the member must be one that zod/mini's
// own declarations give the same thing (ZodString → ZodMiniString, `z` → zod/mini's exports).
// Receivers that are not zod's (Math, arrays, strings, Hono…) are never looked at, so
// `Math.min(…)`, `list.at(-1)` or `text.trim()` are not flagged.

const root = resolve(import.meta.dirname, "../..");
const ZOD = join(root, "node_modules/zod/");
const V4 = join(ZOD, "v4/");
const MINI_INDEX = join(V4, "mini/index.d.ts");
const SRC = join(root, "src/");

/** Added by src/bundle/zod.ts to zod/mini's types at run time (the `.openapi(…)` no-op). */
const RUNTIME_EXTRAS = new Set(["openapi"]);

/** Classic types whose zod/mini counterpart is not "ZodMini" + the rest of the name. */
const COUNTERPARTS: Record<string, [module: string, name: string]> = {
  ZodError: ["core/errors.d.ts", "$ZodError"],
  ZodRealError: ["core/errors.d.ts", "$ZodError"],
  ZodSafeParseResult: ["core/util.d.ts", "SafeParseResult"],
  ZodSafeParseSuccess: ["core/util.d.ts", "SafeParseSuccess"],
  ZodSafeParseError: ["core/util.d.ts", "SafeParseError"],
  ZodCoercedString: ["mini/schemas.d.ts", "ZodMiniString"],
  ZodCoercedNumber: ["mini/schemas.d.ts", "ZodMiniNumber"],
  ZodCoercedBoolean: ["mini/schemas.d.ts", "ZodMiniBoolean"],
  ZodCoercedBigInt: ["mini/schemas.d.ts", "ZodMiniBigInt"],
  ZodCoercedDate: ["mini/schemas.d.ts", "ZodMiniDate"],
};

// Seen through the same program as src/ (a file the host adds under src/), so that it resolves
// "zod" as the app does: each line marked `bad` must be reported, and nothing else.
const FIXTURE = join(SRC, "zod-mini-api.fixture.ts");
const FIXTURE_TEXT = `import * as z from "zod";
import { ZodType } from "zod"; // bad
const name = z.string().trim(); // bad
const ok = z.string().check(z.trim(), z.minLength(1), z.maxLength(9), z.regex(/a/, "m"));
const opt = z.string().optional(); // bad
const opt2 = z.optional(z.string()).openapi({ example: "x" });
const int = z.number().int(); // bad
const int2 = z.number().check(z.int(), z.gte(0));
const obj = z.strictObject({ a: z.string() });
const more = obj.extend({ b: z.number() }); // bad
const spread = z.strictObject({ ...obj.shape, b: z.number() });
const proto = z.ZodType.prototype; // bad
const ok2 = z.coerce.number().safeParse("1");
const described = z.string().describe("x"); // bad
const refined = z.string().refine((s) => s.length > 0); // bad
const list = z.array(z.string()).element; // bad
function parse<S extends z.ZodType>(schema: S, x: unknown) {
  const result = schema.safeParse(x);
  if (!result.success) return result.error.issues.map((issue) => issue.message);
  return schema.nullable(); // bad
}
const flat = (e: z.ZodError) => e.flatten(); // bad
const notZod = [Math.min(1, 2), [1].at(-1), " a ".trim(), "a".startsWith("a"), new Map().keys()];
export { name, ok, opt, opt2, int, int2, more, spread, proto, ok2, described, refined, list, parse, flat, notZod, ZodType };
`;

function createProgram(): ts.Program {
  const configPath = join(root, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!config) throw new Error("tsconfig.json could not be read");
  const host = ts.createCompilerHost(config.options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => file === FIXTURE || fileExists.call(host, file);
  host.readFile = (file) => (file === FIXTURE ? FIXTURE_TEXT : readFile.call(host, file));
  host.getSourceFile = (file, language, ...rest) =>
    file === FIXTURE
      ? ts.createSourceFile(file, FIXTURE_TEXT, language, true)
      : getSourceFile.call(host, file, language, ...rest);
  const rootNames = config.fileNames.filter((f) => !f.startsWith(join(root, "test/")));
  return ts.createProgram({ rootNames: [...rootNames, FIXTURE, MINI_INDEX], options: config.options, host });
}

/** A classic-only `member` at `file:line`. */
type Finding = { file: string; line: number; member: string; why: string };

function findClassicOnly(program: ts.Program, files: readonly ts.SourceFile[]): Finding[] {
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];

  const moduleExports = new Map<string, Set<string>>();
  const moduleSymbol = (file: string) => {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`${file} is not in the program`);
    return symbol;
  };
  const exportsOf = (file: string) => {
    let names = moduleExports.get(file);
    if (!names) {
      names = new Set(checker.getExportsOfModule(moduleSymbol(file)).map((s) => s.name));
      moduleExports.set(file, names);
    }
    return names;
  };
  const exportedType = (file: string, name: string): ts.Type | undefined => {
    let symbol = checker.getExportsOfModule(moduleSymbol(file)).find((s) => s.name === name);
    if (!symbol) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };

  /** zod/mini's module for a zod module file (same module for core and locales, shared by both). */
  const miniModule = (file: string): string | undefined => {
    const rel = relative(ZOD, file).replace(/\.d\.c?ts$/, ".d.ts");
    if (rel === "index.d.ts" || rel === "v4/index.d.ts" || rel === "v4/classic/index.d.ts") return MINI_INDEX;
    if (rel.startsWith("v4/classic/")) return join(V4, "mini", rel.slice("v4/classic/".length));
    if (rel.startsWith("v4/core/") || rel.startsWith("v4/locales/")) return join(ZOD, rel);
    return undefined;
  };
  const miniCounterpart = (classicName: string): ts.Type | undefined => {
    const special = COUNTERPARTS[classicName];
    if (special) return exportedType(join(V4, special[0]), special[1]);
    if (!classicName.startsWith("Zod")) return undefined;
    return exportedType(MINI_INDEX, `ZodMini${classicName.slice(3)}`);
  };

  const isClassicFile = (file: string) => file.startsWith(join(V4, "classic/"));
  const isZodFile = (file: string) => file.startsWith(ZOD);
  const declaredIn = (symbol: ts.Symbol | undefined) => symbol?.declarations?.[0]?.getSourceFile().fileName;

  const constituents = (type: ts.Type): ts.Type[] =>
    type.isUnionOrIntersection() ? type.types.flatMap(constituents) : [type];

  /** Why `member` on a value of this type is classic-only, or undefined when zod/mini has it too. */
  const checkType = (type: ts.Type, member: string): string | undefined => {
    const resolved = type.isTypeParameter() ? (checker.getBaseConstraintOfType(type) ?? type) : type;
    for (const part of constituents(resolved)) {
      const symbol = part.getSymbol();
      const named = symbol && symbol.name !== "__type" && symbol.name !== "__object" ? symbol : part.aliasSymbol;
      const file = declaredIn(named);
      if (!named || !file || !isClassicFile(file)) continue;
      const property = checker.getPropertyOfType(part, member);
      if (!property) continue;
      const propertyFile = declaredIn(property);
      if (propertyFile && !isZodFile(propertyFile)) {
        if (RUNTIME_EXTRAS.has(member)) continue;
        return `${named.name}.${member} is declared by ${relative(root, propertyFile)}, not by zod/mini`;
      }
      const mini = miniCounterpart(named.name);
      if (!mini) return `classic ${named.name} has no zod/mini counterpart known to this test (see COUNTERPARTS)`;
      if (!checker.getPropertyOfType(mini, member)) return `zod/mini's counterpart of ${named.name} has no .${member}`;
    }
    return undefined;
  };

  /** The zod module a namespace expression (`z`, `z.coerce`) stands for, if it is one. */
  const zodModuleOf = (expression: ts.Expression): string | undefined => {
    let symbol = checker.getSymbolAtLocation(expression);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol || !(symbol.flags & ts.SymbolFlags.ValueModule)) return undefined;
    const declaration = symbol.declarations?.find(ts.isSourceFile);
    return declaration && isZodFile(declaration.fileName) ? declaration.fileName : undefined;
  };

  const isTypeOnly = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return true;
      if (ts.isHeritageClause(n))
        return n.token === ts.SyntaxKind.ImplementsKeyword || ts.isInterfaceDeclaration(n.parent);
      if (ts.isImportDeclaration(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return true;
      if (ts.isStatement(n)) return false;
    }
    return false;
  };

  for (const source of files) {
    const report = (node: ts.MemberName | ts.ImportDeclaration, why: string) => {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      const member = ts.isImportDeclaration(node) ? "default" : node.text;
      findings.push({ file: relative(root, source.fileName), line: line + 1, member, why });
    };
    const zodImportTarget = (node: ts.ImportDeclaration) => {
      if (!ts.isStringLiteral(node.moduleSpecifier)) return undefined;
      const resolved = ts.resolveModuleName(
        node.moduleSpecifier.text,
        source.fileName,
        program.getCompilerOptions(),
        ts.sys,
      ).resolvedModule?.resolvedFileName;
      return resolved && isZodFile(resolved) ? miniModule(resolved) : undefined;
    };
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) {
        const target = zodImportTarget(node);
        if (target) {
          const bindings = node.importClause?.namedBindings;
          if (node.importClause?.name && target === MINI_INDEX) report(node, "a default import: zod/mini has none");
          if (bindings && ts.isNamedImports(bindings)) {
            for (const element of bindings.elements) {
              const name = (element.propertyName ?? element.name).text;
              if (!element.isTypeOnly && !exportsOf(target).has(name))
                report(element.name, `zod/mini exports no ${name}`);
            }
          }
        }
        return;
      }
      if (ts.isPropertyAccessExpression(node) && !isTypeOnly(node)) {
        const member = node.name.text;
        const module = zodModuleOf(node.expression);
        if (module) {
          const mini = miniModule(module);
          if (!mini) report(node.name, `${relative(ZOD, module)} has no zod/mini counterpart known to this test`);
          else if (!exportsOf(mini).has(member)) report(node.name, `zod/mini exports no ${member} there`);
        } else {
          const why = checkType(checker.getTypeAtLocation(node.expression), member);
          if (why) report(node.name, why);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return findings;
}

const program = createProgram();
const sources = program.getSourceFiles();

describe("zod in src/ (the Worker runs zod/mini; tsc sees classic)", () => {
  it("finds each classic-only member in a sample, and nothing on Math, arrays or strings", () => {
    const fixture = sources.find((s) => s.fileName === FIXTURE);
    if (!fixture) throw new Error("the fixture is not in the program");
    const lines = FIXTURE_TEXT.split("\n");
    const expected = lines.flatMap((text, i) => (text.includes("// bad") ? [i + 1] : []));
    const found = findClassicOnly(program, [fixture]);
    expect(found.map((f) => f.line)).toEqual(expected);
    // One finding per bad line, named after the classic-only member.
    expect(found.map((f) => f.member)).toEqual([
      "ZodType",
      "trim",
      "optional",
      "int",
      "extend",
      "ZodType",
      "describe",
      "refine",
      "element",
      "nullable",
      "flatten",
    ]);
  });

  it("uses only what zod/mini also has at run time", () => {
    const files = sources.filter((s) => s.fileName.startsWith(SRC) && s.fileName !== FIXTURE && !s.isDeclarationFile);
    expect(files.length).toBeGreaterThan(100);
    const found = findClassicOnly(program, files).map((f) => `${f.file}:${f.line} .${f.member}: ${f.why}`);
    expect(found).toEqual([]);
  }, 180_000); // tsc's checker over all of src/: about 30 s on a busy machine
});
