import app from "./app.ts";

// Durable Object classes are exported by the Worker's main module.
export { LiveRoom } from "./live/room.ts";

export default app;
