import { exports } from "cloudflare:workers";
import { type Schema, Validator } from "@cfworker/json-schema";

/**
 * Every response of the JSON API, checked against the OpenAPI document the Worker serves
 * (/api/openapi.json): the operation (path template and method) exists, the status is declared,
 * the content type is one declared for it, and a JSON body validates against the declared
 * schema, its $refs resolved. A property the document does not declare is an error: an object
 * schema that says nothing about additional properties is read as closed.
 *
 * Validation runs inside workerd, where code generation (`new Function`) is forbidden: hence
 * @cfworker/json-schema, an interpreter, rather than ajv.
 */

type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

/** API paths that are not operations of the document: the document itself, its reference page, a WebSocket upgrade (README). */
const NOT_OPERATIONS = [/^\/api\/openapi\.json$/, /^\/api\/docs$/, /^\/api\/live\/[^/]+\/socket$/];

const _METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let loaded: Promise<Document> | undefined;

/** The served document, fetched once per test file (not through the checked client). */
export function apiDocument(): Promise<Document> {
  loaded ??= exports.default
    .fetch(new Request("http://localhost/api/openapi.json"))
    .then((res) => res.json() as Promise<Document>);
  return loaded;
}

type Template = { template: string; pattern: RegExp; literal: number };
let templates: Template[] | undefined;

function templatesOf(doc: Document): Template[] {
  let list = templates;
  if (!list) {
    list = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(
        `^${template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
          .join("")}$`,
      ),
      literal: template.replace(/\{[^}]+\}/g, "").length,
    }));
    // The most literal template first: /api/assignments/{code}/results.csv before anything looser.
    list.sort((a, b) => b.literal - a.literal);
    templates = list;
  }
  return list;
}

/** Resolves $refs (copying) and closes object schemas that do not say what else they allow. */
export function prepareSchema(schema: Schema, doc: Document, closed = true, refs: string[] = []): Schema {
  if (typeof schema !== "object" || schema === null) return schema;
  const { $ref, ...rest } = schema as Schema & { $ref?: string };
  if ($ref) {
    const name = /^#\/components\/schemas\/(.+)$/.exec($ref)?.[1];
    const target = name ? doc.components?.schemas?.[decodeURIComponent(name)] : undefined;
    if (!name || !target) throw new Error(`The OpenAPI document has an unresolvable $ref ${$ref}`);
    if (refs.includes(name)) throw new Error(`The OpenAPI document's schema ${name} refers to itself`);
    const resolved = prepareSchema(target, doc, closed, [...refs, name]);
    const siblings = prepareSchema(rest as Schema, doc, false, refs);
    return Object.keys(siblings).length ? { allOf: [resolved, siblings] } : resolved;
  }
  const out: Record<string, unknown> = { ...rest };
  const each = (value: unknown, close: boolean) => prepareSchema(value as Schema, doc, close, refs);
  if (rest.properties) {
    out.properties = Object.fromEntries(Object.entries(rest.properties).map(([k, v]) => [k, each(v, true)]));
  }
  if (rest.items && typeof rest.items === "object") {
    out.items = Array.isArray(rest.items) ? rest.items.map((s) => each(s, true)) : each(rest.items, true);
  }
  if (rest.prefixItems) out.prefixItems = rest.prefixItems.map((s) => each(s, true));
  if (rest.additionalProperties && typeof rest.additionalProperties === "object") {
    out.additionalProperties = each(rest.additionalProperties, true);
  }
  if (rest.anyOf) out.anyOf = rest.anyOf.map((s) => each(s, true));
  if (rest.oneOf) out.oneOf = rest.oneOf.map((s) => each(s, true));
  // The parts of an allOf each see only their own properties: the whole is closed, not the parts.
  if (rest.allOf) out.allOf = rest.allOf.map((s) => each(s, false));
  const types = Array.isArray(rest.type) ? rest.type : [rest.type];
  const describesObject = types.includes("object") || rest.properties !== undefined || rest.allOf !== undefined;
  const saysWhatElse = "additionalProperties" in rest || "unevaluatedProperties" in rest || "patternProperties" in rest;
  if (closed && describesObject && !saysWhatElse) out.unevaluatedProperties = false;
  return out as Schema;
}

const validators = new Map<string, Validator>();

function validatorFor(doc: Document, key: string, schema: Schema): Validator {
  let validator = validators.get(key);
  if (!validator) {
    validator = new Validator(prepareSchema(schema, doc), "2020-12", false);
    validators.set(key, validator);
  }
  return validator;
}

const isJson = (mediaType: string) => mediaType === "application/json" || mediaType.endsWith("+json");

/** Counts of the responses checked in this test file (see `npm run test:contract-report`). */
export const checked = { responses: 0 };

/**
 * The ways a response departs from the document (empty when it conforms). `body` is the
 * response's text (read from a clone by the caller), or null where it was not read (not JSON).
 */
export async function contractViolations(
  method: string,
  url: URL,
  status: number,
  headers: Headers,
  body: string | null,
): Promise<string[]> {
  const doc = await apiDocument();
  const path = url.pathname;
  const verb = method.toLowerCase();
  const mediaType = (headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const problems: string[] = [];
  checked.responses++;

  const match = templatesOf(doc).find((t) => t.pattern.test(path));
  const operation = match ? doc.paths[match.template]?.[verb === "head" ? "get" : verb] : undefined;
  const where = match ? `${method} ${match.template}` : `${method} ${path}`;

  if (!match || !operation) {
    if (NOT_OPERATIONS.some((p) => p.test(path)) && status < 400) return problems;
    // No operation: a client's mistake (unknown path or method), answered as a problem.
    if (status < 400 || status >= 500) {
      problems.push(`${where} is no operation of the document, yet answered ${status}`);
      return problems;
    }
    const problemSchema = doc.components?.schemas?.Problem;
    if (mediaType !== "application/problem+json") {
      problems.push(`${where} answered ${status} as ${mediaType || "no content type"}, not application/problem+json`);
    } else if (problemSchema) {
      problems.push(...validateJson(doc, "Problem", problemSchema, body ?? ""));
    }
    return problems;
  }

  const declared =
    operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
  if (!declared) {
    problems.push(`${where} answered ${status}, which it does not declare (${Object.keys(operation.responses)})`);
    return problems;
  }
  const content = declared.content ?? {};
  const declaredTypes = Object.keys(content);
  if (declaredTypes.length === 0 || status === 204 || status === 304 || verb === "head") {
    if (body === null) problems.push(`${where} ${status} declares no content, yet has a ${mediaType} body`);
    else if (body !== "")
      problems.push(`${where} ${status} declares no content, yet has a body: ${body.slice(0, 200)}`);
    return problems;
  }
  const media =
    content[mediaType] ??
    Object.entries(content).find(([declaredType]) => {
      const [type, sub] = declaredType.split("/");
      return sub === "*" && mediaType.startsWith(`${type}/`);
    })?.[1];
  if (!media) {
    problems.push(`${where} ${status} answered ${mediaType || "no content type"}, not one of ${declaredTypes}`);
    return problems;
  }
  if (isJson(mediaType) && media.schema) {
    problems.push(...validateJson(doc, `${where} ${status} ${mediaType}`, media.schema, body ?? "", where));
  }
  return problems;
}

function validateJson(doc: Document, key: string, schema: Schema, body: string, where = key): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [`${where}: the body is not JSON: ${body.slice(0, 200)}`];
  }
  const result = validatorFor(doc, key, schema).validate(value);
  if (result.valid) return [];
  // The innermost errors say what is wrong; the outer ones only that something below is.
  const errors = result.errors.filter(
    (e) => !result.errors.some((other) => other !== e && other.keywordLocation.startsWith(`${e.keywordLocation}/`)),
  );
  return errors.map((e) => `${where}: ${e.instanceLocation} ${e.error}`);
}

/** Checks one response, failing the test with every departure from the document. */
export async function checkResponse(method: string, sentTo: string, response: Response): Promise<void> {
  const url = new URL(sentTo);
  if (!/^\/api(\/|$)/.test(url.pathname)) return;
  // JSON bodies are read (from a clone) to be validated; other bodies (CSV, XML, zip) are left to
  // stream to the test untouched, their content type checked.
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const body =
    response.status === 101 || response.body === null
      ? ""
      : mediaType === "" || isJson(mediaType)
        ? await response.clone().text()
        : null;
  const problems = await contractViolations(method, url, response.status, response.headers, body);
  if (problems.length) {
    throw new Error(`The response does not match the OpenAPI document (/api/openapi.json):\n${problems.join("\n")}`);
  }
}
