/**
 * The socket protocol's client messages, checked with zod. A message that is not JSON, too
 * large, of an unknown type or of the wrong shape is refused with an `error` message and
 * changes nothing.
 */
import * as z from "zod";
import type { ServerMessage } from "../quiz/live-game.ts";

/** Largest client message: an answer is far smaller. */
export const MAX_MESSAGE_BYTES = 16 * 1024;

const text = (max: number) => z.string().check(z.maxLength(max));
const formFields = z.record(text(80), z.union([text(1000), z.array(text(1000)).check(z.maxLength(50))]));

const hostCommand = (type: "start" | "next" | "pause" | "resume" | "skip" | "end") =>
  z.strictObject({ type: z.literal(type) });

export const ClientMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("join"), name: text(200) }),
  z
    .strictObject({
      type: z.literal("answer"),
      questionId: z.string().check(z.minLength(1), z.maxLength(200)),
      /** The same shapes as the REST API's answers. */
      response: z.optional(z.unknown()),
      /** Or the answer form's fields, as the phone page's form has them. */
      fields: z.optional(formFields),
    })
    .check(
      z.refine((m) => (m.response === undefined) !== (m.fields === undefined), "give response or fields (one of them)"),
    ),
  hostCommand("start"),
  hostCommand("next"),
  hostCommand("pause"),
  hostCommand("resume"),
  hostCommand("skip"),
  hostCommand("end"),
  z.strictObject({ type: z.literal("remove"), playerId: z.string().check(z.minLength(1), z.maxLength(64)) }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

type ErrorMessage = Extract<ServerMessage, { type: "error" }>;
const error = (status: number, title: string, detail: string): ErrorMessage => ({
  type: "error",
  status,
  title,
  detail,
});

/** Parses one socket frame: the message, or the `error` to answer with. */
export function parseClientMessage(frame: string | ArrayBuffer): ClientMessage | ErrorMessage {
  const size = typeof frame === "string" ? frame.length : frame.byteLength;
  if (size > MAX_MESSAGE_BYTES) {
    return error(413, "Message too large", `A message is at most ${MAX_MESSAGE_BYTES} bytes.`);
  }
  if (typeof frame !== "string") return error(400, "Not text", "Messages are JSON text frames.");
  let raw: unknown;
  try {
    raw = JSON.parse(frame);
  } catch {
    return error(400, "Malformed JSON", "The message is not valid JSON.");
  }
  const result = ClientMessage.safeParse(raw);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((i) => `${i.path.length ? `/${i.path.join("/")}: ` : ""}${i.message}`)
    .join("; ");
  const unknownType = result.error.issues.some((i) => i.code === "invalid_union" && i.path.join("/") === "type");
  return error(unknownType ? 400 : 422, unknownType ? "Unknown message type" : "Invalid message", detail);
}

export const isError = (m: ClientMessage | ErrorMessage): m is ErrorMessage => m.type === "error";
