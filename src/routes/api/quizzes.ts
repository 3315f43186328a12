import { createRoute, z } from "@hono/zod-openapi";
import { createApi } from "../../http/openapi.ts";
import { listQuizzes } from "../../quiz/index.ts";
import { QuizSchema } from "./schemas.ts";

const getQuizzes = createRoute({
  method: "get",
  path: "/quizzes",
  summary: "List the quizzes: whole article, one per topic, a quick round",
  tags: ["quizzes"],
  responses: {
    200: {
      description: "The quizzes",
      content: { "application/json": { schema: z.object({ quizzes: z.array(QuizSchema) }) } },
    },
  },
});

export const quizzesApi = createApi().openapi(getQuizzes, (c) => {
  c.header("Cache-Control", "public, max-age=300");
  const quizzes = listQuizzes().map((q) => ({
    id: q.id,
    title: q.title,
    description: q.description,
    topics: q.topics,
    questionCount: q.questionCount,
  }));
  return c.json({ quizzes }, 200);
});
