import type { RequestIdVariables } from "hono/request-id";
import type { Lang } from "./quiz/format.ts";

/** The database as a request sees it: a D1 session, so reads may go to a replica. */
export type Db = D1DatabaseSession;

/** Bindings and per-request variables shared by every sub-app. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestIdVariables & {
    /** This response's CSP nonce for its inline script and style (src/http/security.ts). */
    secureHeadersNonce?: string;
    db: Db;
    lang: Lang;
    /** The X-Request-Id a client sent, when plain enough to log (never used as ours). */
    clientRequestId?: string;
  };
};
