import * as z from "zod";
import { ATTEMPT_ID, QUESTION_ID } from "../../http/fields.ts";
import { type Bilingual, ITEM_TYPES, type ItemType, type QUESTION_TYPES } from "../../quiz/index.ts";

/** Ids in paths: short, URL-safe. */
export const AttemptIdParam = z
  .string()
  .check(z.regex(ATTEMPT_ID, "must be an attempt id"))
  .openapi({ param: { name: "id", in: "path" }, example: "k3x9q2m8v7c4b6n5p2r8s3t9wz" });
export const QuestionIdParam = z
  .string()
  .check(z.regex(QUESTION_ID, "must be a question id"))
  .openapi({ param: { name: "questionId", in: "path" }, example: "q0a1b2c3" });

/**
 * The options of `.openapi(refId, metadata, options)` that make an object built as
 * `z.object({ ...Base.shape, …more })` (zod/mini objects have no `.extend`) show in the document as
 * `allOf: [Base's component, the added fields]`, as classic `Base.extend({ …more })` does:
 * zod-to-openapi's own `.extend` records exactly this (`_internal.extendedFrom`), and `.openapi()`
 * merges its options into `_internal`. `npm run openapi -- --check` fails if that ever changes.
 */
export function extending(refId: string, schema: z.ZodObject): OpenApiOptions {
  return { extendedFrom: { refId, schema } } as OpenApiOptions;
}
type OpenApiOptions = NonNullable<Parameters<z.ZodType["openapi"]>[2]>;

/** A text in every language (the bank's titles and descriptions). */
export const Localized = OPENAPI_DOCS && (z.object({ fr: z.string(), en: z.string() }) satisfies z.ZodType<Bilingual>);

/** A choice, an item to order or an entry to match, as a question shows it. */
const Labelled = OPENAPI_DOCS && z.object({ id: z.string(), text: z.string() });

export const QuestionSchema =
  OPENAPI_DOCS &&
  z
    .object({
      id: z.string(),
      type: z.enum(ITEM_TYPES),
      topic: z.string(),
      prompt: z.string(),
      number: z.number().check(z.int()).openapi({ description: "1-based place of the question in the attempt" }),
      total: z.number().check(z.int()),
      choices: z.optional(z.array(Labelled)).openapi({
        description: "single-choice, multiple-choice, true-false and poll: the choices, in the order to show.",
      }),
      items: z.optional(z.array(Labelled)).openapi({ description: "ordering: the items to put in order." }),
      left: z.optional(z.array(Labelled)).openapi({ description: "matching: the entries to match…" }),
      right: z.optional(z.array(Labelled)).openapi({ description: "matching: …each to one of these." }),
      unit: z.optional(z.string()).openapi({ description: "numeric: the unit the answer is in." }),
      inputMode: z
        .optional(z.enum(["decimal", "text"]))
        .openapi({ description: "numeric: the keyboard to offer (text for ratios such as 1/10)." }),
      placeholder: z.optional(z.string()).openapi({ description: "text: a hint of the answer's form." }),
    })
    .openapi("Question", {
      description:
        "A question as served: what the learner needs to answer (choices, items to order, columns to match, a unit) and nothing that gives the answer away.",
    });

export const QuizSchema =
  OPENAPI_DOCS &&
  z
    .object({
      id: z.string(),
      title: Localized,
      description: Localized,
      topics: z.array(z.string()),
      questionCount: z.number().check(z.int()),
      part: z
        .optional(z.object({ index: z.number().check(z.int()), count: z.number().check(z.int()) }))
        .openapi({ description: "A part of the path through the whole article (each part is one sitting)." }),
      teachersOnly: z
        .optional(z.boolean())
        .openapi({ description: "The whole article in one pool, for teachers' assignments; not offered to learners." }),
    })
    .openapi("Quiz");

export const StartAttemptBody = z
  .strictObject({
    quizId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))).openapi({ example: "part-1" }),
    assignmentCode: z
      .optional(z.string().check(z.minLength(1), z.maxLength(16)))
      .openapi({ description: "Join a teacher's assignment instead." }),
    name: z
      .optional(z.string().check(z.maxLength(200)))
      .openapi({ description: "Display name, when the assignment asks for one." }),
  })
  .check(
    z.refine((b) => (b.quizId === undefined) !== (b.assignmentCode === undefined), {
      message: "Give exactly one of quizId or assignmentCode.",
      path: ["quizId"],
    }),
  )
  .openapi("StartAttempt");

export const AttemptSchema =
  OPENAPI_DOCS &&
  z
    .object({
      id: z.string(),
      quizId: z.string(),
      status: z.enum(["in-progress", "finished"]),
      questionCount: z.number().check(z.int()),
      answeredCount: z.number().check(z.int()),
      startedAt: z.string(),
      deadlineAt: z.nullable(z.string()),
      finishedAt: z.nullable(z.string()),
      question: z.union([QuestionSchema, z.null()]).openapi({ description: "The next unanswered question, or null." }),
    })
    .openapi("Attempt");

/** What the module of question type `T` takes as a response (its `grade`'s second argument). */
type ResponseOf<T extends ItemType> = Parameters<(typeof QUESTION_TYPES)[T]["grade"]>[1];

/**
 * A response to each question type, typed by the type's own module, its ids written as where the
 * question shows them (`choices`, `items`, `left`, `right`). The Answer's description is written
 * from these (`describeResponses`); test/attempts/response-examples.test.ts parses each, with a
 * real question's ids, through its type's response schema, and checks no other type takes it.
 */
export const RESPONSE_EXAMPLES: { [T in ItemType]: ResponseOf<T> } = {
  "single-choice": { choice: "<choice id>" },
  "multiple-choice": { choices: ["<choice id>"] },
  "true-false": { value: true },
  numeric: { value: "1/10" },
  text: { text: "..." },
  ordering: { order: ["<item id>"] },
  matching: { pairs: { "<left id>": "<right id>" } },
  poll: { choice: "<choice id>" },
};

/** JSON with a space after each colon and comma, as the description shows it. */
const showJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(showJson).join(", ")}]`
    : value !== null && typeof value === "object"
      ? `{${Object.entries(value)
          .map(([key, entry]) => `${JSON.stringify(key)}: ${showJson(entry)}`)
          .join(", ")}}`
      : JSON.stringify(value);

/** "Shape by question type: single-choice and poll {…}; …", types with the same shape together. */
export function describeResponses(): string {
  const byShape = new Map<string, ItemType[]>();
  for (const type of ITEM_TYPES) {
    const shape = showJson(RESPONSE_EXAMPLES[type]);
    byShape.set(shape, [...(byShape.get(shape) ?? []), type]);
  }
  const names = (types: ItemType[]) =>
    types.length === 1 ? types[0] : `${types.slice(0, -1).join(", ")} and ${types[types.length - 1]}`;
  return `Shape by question type: ${[...byShape].map(([shape, types]) => `${names(types)} ${shape}`).join("; ")}.`;
}

export const AnswerBody = z
  .strictObject({
    response: z.unknown().openapi({ description: describeResponses() }),
  })
  .openapi("Answer");

export const SourceSchema =
  OPENAPI_DOCS &&
  z.object({
    quote: z.string(),
    sentenceId: z.string(),
    translation: z.string(),
    url: z.string(),
  });

export const AnswerResultSchema =
  OPENAPI_DOCS &&
  z
    .object({
      questionId: z.string(),
      replayed: z.boolean().openapi({ description: "True when this exact answer was already stored (a retry)." }),
      feedbackWithheld: z.boolean(),
      correct: z.optional(z.nullable(z.boolean())),
      state: z.optional(z.string()),
      fraction: z.optional(z.number()),
      points: z.optional(z.number()),
      maxPoints: z.optional(z.number()),
      explanation: z.optional(z.string()),
      correctAnswer: z.optional(z.string()),
      source: z.optional(SourceSchema),
      answeredCount: z.number().check(z.int()),
      questionCount: z.number().check(z.int()),
      next: z.union([QuestionSchema, z.null()]).openapi({ description: "The next unanswered question, or null." }),
      poll: z
        .optional(
          z.object({
            choices: z.array(z.object({ id: z.string(), text: z.string(), votes: z.number().check(z.int()) })),
            total: z.number().check(z.int()),
          }),
        )
        .openapi({ description: "For a poll: the distribution of everyone's answers." }),
    })
    .openapi("AnswerResult");

export const ResultSchema =
  OPENAPI_DOCS &&
  z
    .object({
      id: z.string(),
      quizId: z.string(),
      status: z.literal("finished"),
      score: z.nullable(z.number()).openapi({
        description: "Null while the assignment withholds feedback (until its close plus the grace period).",
      }),
      maxScore: z.number(),
      answeredCount: z.number().check(z.int()),
      questionCount: z.number().check(z.int()),
      durationMs: z.number(),
      topics: z.array(z.object({ topic: z.string(), title: z.string(), score: z.number(), maxScore: z.number() })),
      review: z.array(
        z.object({ questionId: z.string(), prompt: z.string(), fraction: z.number(), sentenceId: z.string() }),
      ),
      assignmentId: z.nullable(z.string()),
      feedbackWithheld: z.optional(z.boolean()).openapi({
        description:
          "True while an after-close assignment withholds feedback (then score is null, topics and review are empty); absent otherwise.",
      }),
    })
    .openapi("Result");

export const ProgressSchema =
  OPENAPI_DOCS &&
  z
    .object({
      topics: z.array(
        z.object({
          topic: z.string(),
          title: z.string(),
          items: z.number(),
          answered: z.number(),
          mastery: z.number(),
        }),
      ),
      attempts: z.array(
        z.object({
          id: z.string(),
          quizId: z.string(),
          status: z.string(),
          score: z
            .nullable(z.number())
            .openapi({ description: "Null while the attempt's assignment withholds feedback." }),
          maxScore: z.number(),
          feedbackWithheld: z.boolean(),
          startedAt: z.string(),
          finishedAt: z.nullable(z.string()),
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
        .object({ mistakes: z.number().check(z.int()), nextDueAt: z.nullable(z.string()) })
        .openapi({ description: "Mistakes scheduled for review later, and when the first comes due." }),
    })
    .openapi("Progress");
