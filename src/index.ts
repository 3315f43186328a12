import app from "./app.ts";
import { scheduled } from "./scheduled.ts";

// Durable Object classes are exported by the Worker's main module.
export { LiveRoom } from "./live/room.ts";

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Env>;
