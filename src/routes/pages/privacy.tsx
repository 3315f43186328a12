import { Hono } from "hono/tiny";
import type { AppEnv } from "../../env.ts";
import { retentionConfig } from "../../quiz/retention.ts";
import { PrivacyPage } from "../../views/pages/privacy.tsx";

/** The privacy page: what is stored, why, for how long, how to delete it. */
export const privacyPages = new Hono<AppEnv>().get("/privacy", (c) =>
  c.html(
    <PrivacyPage
      lang={c.get("lang")}
      nonce={c.get("secureHeadersNonce") ?? ""}
      retention={retentionConfig(c.env as unknown as Record<string, unknown>)}
    />,
  ),
);
