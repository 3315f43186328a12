import type { TestProject } from "vitest/node";
import { startDevServer } from "../../scripts/dev-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Starts one Worker (wrangler dev, fresh local D1) for every browser test file, and stops it after. */
export default async function setup(project: TestProject) {
  const server = await startDevServer();
  project.provide("baseUrl", server.baseUrl);
  return server.stop;
}
