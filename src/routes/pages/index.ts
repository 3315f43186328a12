import { Hono } from "hono/tiny";
import type { AppEnv } from "../../env.ts";
import { assignmentPages } from "./assignment.tsx";
import { leaderboardPages } from "./leaderboards.tsx";
import { learnerPages } from "./learner.tsx";
import { livePages } from "./live.tsx";
import { privacyPages } from "./privacy.tsx";
import { problemPages } from "./problems.tsx";
import { teachPages } from "./teach.tsx";

/** Server-rendered pages; each works without JavaScript. */
export const pages = new Hono<AppEnv>();

pages.route("/", learnerPages);
pages.route("/", leaderboardPages);
pages.route("/", assignmentPages);
// Before teachPages: /teach/live is a page of its own, not an assignment code.
pages.route("/", livePages);
pages.route("/", teachPages);
pages.route("/", problemPages);
pages.route("/", privacyPages);
