// What exists only for the OpenAPI document — each route's summary, tags, security and responses
// (`...(OPENAPI_DOCS && { … })` in its createRoute) and the schemas only responses use — is behind
// OPENAPI_DOCS, a build-time constant: true where the document is built (`npm run openapi`,
// scripts/openapi.ts, through Vite's `define`), false in the Worker (wrangler.toml [define]) and in
// the workerd tests (vitest.config.ts `define`, so they run what ships). esbuild folds
// `false && { … }` to `false` and drops what only that branch used. The Worker never reads any of
// it: it serves the prebuilt document from its static assets. TypeScript sees `true`, so the routes
// keep their documented response types.
declare global {
  const OPENAPI_DOCS: true;
}

export {};
