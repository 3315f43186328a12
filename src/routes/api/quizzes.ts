import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { EXPORT_FORMATS, EXPORT_LANGS } from "../../export/index.ts";
import { exportQuiz } from "../../flows/exports.ts";
import { sendDownload } from "../../http/download.ts";
import { createApi, problem } from "../../http/openapi.ts";
import { notFound } from "../../quiz/errors.ts";
import { listQuizzes } from "../../quiz/index.ts";
import { QuizSchema } from "./schemas.ts";

const getQuizzes = createRoute({
  method: "get",
  path: "/quizzes",
  ...(OPENAPI_DOCS && {
    summary:
      "List the quizzes: the whole article as a path of parts, one per topic, a quick round, and the teachers' pool",
    tags: ["quizzes"],
    responses: {
      200: {
        description: "The quizzes",
        content: { "application/json": { schema: z.object({ quizzes: z.array(QuizSchema) }) } },
      },
    },
  }),
});

/** The query of both export routes (quizzes and assignments). */
export const ExportQuery = z.object({
  format: z.enum(EXPORT_FORMATS).openapi({
    description:
      "moodle-xml: Moodle XML (.xml); gift: GIFT (.gift.txt); qti3: an IMS QTI 3.0 content package (.zip). See the README for how each question type maps.",
    example: "moodle-xml",
  }),
  lang: z._default(z.enum(EXPORT_LANGS), "both").openapi({
    description:
      "fr, en, or both (default): Moodle XML in multilang spans; GIFT as a zip of one file per language; QTI with each language's items in one package.",
  }),
});

const download = OPENAPI_DOCS && z.string().openapi({ format: "binary" });
/** The responses of both export routes. */
export const exportResponses = OPENAPI_DOCS && {
  200: {
    description: "A download (Content-Disposition: attachment) named after the quiz or assignment",
    content: {
      "application/xml": { schema: download },
      "text/plain": { schema: download },
      "application/zip": { schema: download },
    },
  },
  422: problem("Unknown format or language"),
};

const exportQuizRoute = createRoute({
  method: "get",
  path: "/quizzes/{quizId}/export",
  request: {
    params: z.object({
      quizId: z
        .string()
        .check(z.minLength(1), z.maxLength(64))
        .openapi({ param: { name: "quizId", in: "path" }, example: "article" }),
    }),
    query: ExportQuery,
  },
  ...(OPENAPI_DOCS && {
    summary: "A quiz's questions as Moodle XML, GIFT or QTI 3.0, with answers, feedback and sources",
    tags: ["quizzes"],
    responses: { ...exportResponses, 404: problem("No quiz has this id") },
  }),
});

export const quizzesApi = createApi()
  .openapi(getQuizzes, (c) => {
    c.header("Cache-Control", "public, max-age=300");
    const quizzes = listQuizzes().map((q) => ({
      id: q.id,
      title: q.title,
      description: q.description,
      topics: q.topics,
      questionCount: q.questionCount,
      ...(q.part ? { part: q.part } : {}),
      ...(q.teachersOnly ? { teachersOnly: true } : {}),
    }));
    return c.json({ quizzes }, 200);
  })
  .openapi(exportQuizRoute, (c) => {
    const { format, lang } = c.req.valid("query");
    const file = exportQuiz(c.req.valid("param").quizId, format, lang);
    if (!file) throw notFound("No quiz has this id.");
    return sendDownload(c, file, "public, max-age=300");
  });
