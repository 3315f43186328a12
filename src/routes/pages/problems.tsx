import { Hono } from "hono/tiny";
import type { AppEnv } from "../../env.ts";
import { PROBLEM_TYPES, ProblemError, type ProblemSlug } from "../../http/problem.ts";
import { Layout } from "../../views/layout.tsx";

/** Each problem `type` URI resolves to a short page explaining it (RFC 9457 §3.1.1). */
export const problemPages = new Hono<AppEnv>().get("/problems/:slug", (c) => {
  const slug = c.req.param("slug");
  if (!Object.hasOwn(PROBLEM_TYPES, slug)) throw new ProblemError("not-found", `No problem type is called ${slug}.`);
  const { status, title } = PROBLEM_TYPES[slug as ProblemSlug];
  return c.html(
    <Layout title={title} lang={c.get("lang")} nonce={c.get("secureHeadersNonce") ?? ""} path={`/problems/${slug}`}>
      <h1>{title}</h1>
      <p>
        HTTP status <code>{status}</code>. Problem responses of the API use the media type{" "}
        <code>application/problem+json</code> (RFC 9457).
      </p>
    </Layout>,
  );
});
