import type { Lang } from "../quiz/format.ts";
import { Layout } from "./layout.tsx";

type Operation = {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: unknown;
  responses?: Record<string, { description?: string }>;
};
export type OpenApiDocument = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
};

const METHODS = ["get", "post", "put", "patch", "delete"];

/** A readable API reference rendered from the OpenAPI document itself. */
export function ApiReference(props: { doc: OpenApiDocument; lang: Lang; nonce: string }) {
  const paths = Object.entries(props.doc.paths ?? {});
  return (
    <Layout title={`${props.doc.info.title} · API`} lang={props.lang} nonce={props.nonce} path="/api/docs">
      <h1>{props.doc.info.title}</h1>
      <p>{props.doc.info.description}</p>
      <p>
        Version {props.doc.info.version} · <a href="/api/openapi.json">openapi.json</a> · Errors are{" "}
        <code>application/problem+json</code> (RFC 9457).
      </p>
      {paths.map(([path, item]) =>
        METHODS.filter((m) => item[m]).map((method) => {
          const op = item[method] as Operation;
          return (
            <section class="card" id={`${method}-${path}`}>
              <h2>
                <code>
                  {method.toUpperCase()} {path}
                </code>
              </h2>
              <p>{op.summary}</p>
              {op.description ? <p class="mut">{op.description}</p> : null}
              {op.parameters?.length ? (
                <p>
                  Parameters:{" "}
                  {op.parameters.map((p) => (
                    <span>
                      <code>{p.name}</code> ({p.in}
                      {p.required ? ", required" : ""}){" "}
                    </span>
                  ))}
                </p>
              ) : null}
              <table>
                <tbody>
                  {Object.entries(op.responses ?? {}).map(([status, r]) => (
                    <tr>
                      <td>
                        <code>{status}</code>
                      </td>
                      <td>{r.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        }),
      )}
    </Layout>
  );
}
