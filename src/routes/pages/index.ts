import { Hono } from "hono";
import type { AppEnv } from "../../env.ts";
import { learnerPages } from "./learner.tsx";
import { problemPages } from "./problems.tsx";

/** Server-rendered pages; each works without JavaScript. */
export const pages = new Hono<AppEnv>();

pages.route("/", learnerPages);
pages.route("/", problemPages);
