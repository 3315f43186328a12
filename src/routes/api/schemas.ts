import * as z from "zod";
import { ATTEMPT_ID, QUESTION_ID } from "../../http/fields.ts";
import { type Bilingual, ITEM_TYPES } from "../../quiz/index.ts";

/** Ids in paths: short, URL-safe. */
export const AttemptIdParam = z
  .string()
  .regex(ATTEMPT_ID, "must be an attempt id")
  .openapi({ param: { name: "id", in: "path" }, example: "k3x9q2m8v7c4b6n5p2r8s3t9wz" });
export const QuestionIdParam = z
  .string()
  .regex(QUESTION_ID, "must be a question id")
  .openapi({ param: { name: "questionId", in: "path" }, example: "q0a1b2c3" });

/** A text in every language (the bank's titles and descriptions). */
export const Localized = z.object({ fr: z.string(), en: z.string() }) satisfies z.ZodType<Bilingual>;

/** A choice, an item to order or an entry to match, as a question shows it. */
const Labelled = z.object({ id: z.string(), text: z.string() });

export const QuestionSchema = z
  .object({
    id: z.string(),
    type: z.enum(ITEM_TYPES),
    topic: z.string(),
    prompt: z.string(),
    number: z.number().int().openapi({ description: "1-based place of the question in the attempt" }),
    total: z.number().int(),
    choices: z.array(Labelled).optional().openapi({
      description: "single-choice, multiple-choice, true-false and poll: the choices, in the order to show.",
    }),
    items: z.array(Labelled).optional().openapi({ description: "ordering: the items to put in order." }),
    left: z.array(Labelled).optional().openapi({ description: "matching: the entries to match…" }),
    right: z.array(Labelled).optional().openapi({ description: "matching: …each to one of these." }),
    unit: z.string().optional().openapi({ description: "numeric: the unit the answer is in." }),
    inputMode: z
      .enum(["decimal", "text"])
      .optional()
      .openapi({ description: "numeric: the keyboard to offer (text for ratios such as 1/10)." }),
    placeholder: z.string().optional().openapi({ description: "text: a hint of the answer's form." }),
  })
  .openapi("Question", {
    description:
      "A question as served: what the learner needs to answer (choices, items to order, columns to match, a unit) and nothing that gives the answer away.",
  });

export const QuizSchema = z
  .object({
    id: z.string(),
    title: Localized,
    description: Localized,
    topics: z.array(z.string()),
    questionCount: z.number().int(),
    part: z
      .object({ index: z.number().int(), count: z.number().int() })
      .optional()
      .openapi({ description: "A part of the path through the whole article (each part is one sitting)." }),
    teachersOnly: z
      .boolean()
      .optional()
      .openapi({ description: "The whole article in one pool, for teachers' assignments; not offered to learners." }),
  })
  .openapi("Quiz");

export const StartAttemptBody = z
  .strictObject({
    quizId: z.string().min(1).max(64).optional().openapi({ example: "part-1" }),
    assignmentCode: z
      .string()
      .min(1)
      .max(16)
      .optional()
      .openapi({ description: "Join a teacher's assignment instead." }),
    name: z.string().max(200).optional().openapi({ description: "Display name, when the assignment asks for one." }),
  })
  .refine((b) => (b.quizId === undefined) !== (b.assignmentCode === undefined), {
    message: "Give exactly one of quizId or assignmentCode.",
    path: ["quizId"],
  })
  .openapi("StartAttempt");

export const AttemptSchema = z
  .object({
    id: z.string(),
    quizId: z.string(),
    status: z.enum(["in-progress", "finished"]),
    questionCount: z.number().int(),
    answeredCount: z.number().int(),
    startedAt: z.string(),
    deadlineAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    question: z.union([QuestionSchema, z.null()]).openapi({ description: "The next unanswered question, or null." }),
  })
  .openapi("Attempt");

export const AnswerBody = z
  .strictObject({
    response: z.unknown().openapi({
      description:
        'Shape by question type: single-choice and poll {"choice": id}; multiple-choice {"choices": [id]}; true-false {"value": true}; numeric {"value": "1/10"}; text {"text": "..."}; ordering {"order": [id]}; matching {"pairs": {leftId: rightId}}.',
    }),
  })
  .openapi("Answer");

export const SourceSchema = z.object({
  quote: z.string(),
  sentenceId: z.string(),
  translation: z.string(),
  url: z.string(),
});

export const AnswerResultSchema = z
  .object({
    questionId: z.string(),
    replayed: z.boolean().openapi({ description: "True when this exact answer was already stored (a retry)." }),
    feedbackWithheld: z.boolean(),
    correct: z.boolean().nullable().optional(),
    state: z.string().optional(),
    fraction: z.number().optional(),
    points: z.number().optional(),
    maxPoints: z.number().optional(),
    explanation: z.string().optional(),
    correctAnswer: z.string().optional(),
    source: SourceSchema.optional(),
    answeredCount: z.number().int(),
    questionCount: z.number().int(),
    next: z.union([QuestionSchema, z.null()]).openapi({ description: "The next unanswered question, or null." }),
    poll: z
      .object({
        choices: z.array(z.object({ id: z.string(), text: z.string(), votes: z.number().int() })),
        total: z.number().int(),
      })
      .optional()
      .openapi({ description: "For a poll: the distribution of everyone's answers." }),
  })
  .openapi("AnswerResult");

export const ResultSchema = z
  .object({
    id: z.string(),
    quizId: z.string(),
    status: z.literal("finished"),
    score: z.number().nullable().openapi({
      description: "Null while the assignment withholds feedback (until its close plus the grace period).",
    }),
    maxScore: z.number(),
    answeredCount: z.number().int(),
    questionCount: z.number().int(),
    durationMs: z.number(),
    topics: z.array(z.object({ topic: z.string(), title: z.string(), score: z.number(), maxScore: z.number() })),
    review: z.array(
      z.object({ questionId: z.string(), prompt: z.string(), fraction: z.number(), sentenceId: z.string() }),
    ),
    assignmentId: z.string().nullable(),
    feedbackWithheld: z.boolean().optional().openapi({
      description:
        "True while an after-close assignment withholds feedback (then score is null, topics and review are empty); absent otherwise.",
    }),
  })
  .openapi("Result");

export const ProgressSchema = z
  .object({
    topics: z.array(
      z.object({ topic: z.string(), title: z.string(), items: z.number(), answered: z.number(), mastery: z.number() }),
    ),
    attempts: z.array(
      z.object({
        id: z.string(),
        quizId: z.string(),
        status: z.string(),
        score: z
          .number()
          .nullable()
          .openapi({ description: "Null while the attempt's assignment withholds feedback." }),
        maxScore: z.number(),
        feedbackWithheld: z.boolean(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
      }),
    ),
    due: z.array(
      z.object({
        questionId: z.string(),
        prompt: z.string().openapi({ description: "The question as the learner last saw it (numbers filled in)." }),
        dueAt: z.string(),
        lastFraction: z.number(),
      }),
    ),
    upcoming: z
      .object({ mistakes: z.number().int(), nextDueAt: z.string().nullable() })
      .openapi({ description: "Mistakes scheduled for review later, and when the first comes due." }),
  })
  .openapi("Progress");
