import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import type { ExportFile } from "../export/index.ts";

/** Sends an export as a download named after its file (Content-Disposition: attachment). */
export function sendDownload(c: Context<AppEnv>, file: ExportFile, cacheControl: string) {
  return c.body(typeof file.body === "string" ? file.body : (file.body as Uint8Array<ArrayBuffer>), 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    "Cache-Control": cacheControl,
  });
}
