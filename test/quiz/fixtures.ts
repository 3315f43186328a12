import type {
  ConcreteItem,
  MatchingItem,
  MultipleChoiceItem,
  NumericItem,
  OrderingItem,
  PollItem,
  SingleChoiceItem,
  TextItem,
  TrueFalseItem,
} from "../../src/quiz/bank-schema.ts";

/** Named fixtures, independent of the bank's content. */
const base = {
  fact: "fixture",
  topic: "cost-efficiency",
  level: "remember" as const,
  covers: [],
  prompt: { fr: "Question ?", en: "Question?" },
  explanation: { fr: "Parce que.", en: "Because." },
  source: { quote: "1/10", sentenceId: "s7", translation: "1/10" },
  points: 1,
};
const t = (fr: string, en = fr) => ({ fr, en });

export const SINGLE: SingleChoiceItem = {
  ...base,
  id: "fixture.single",
  type: "single-choice",
  choices: [
    { id: "ca", text: t("environ 1/100", "about 1/100"), correct: false },
    { id: "cb", text: t("environ 1/10", "about 1/10"), correct: true },
    { id: "cc", text: t("environ 10 fois plus", "about 10 times more"), correct: false },
  ],
};

export const MULTI: MultipleChoiceItem = {
  ...base,
  id: "fixture.multi",
  type: "multiple-choice",
  choices: [
    { id: "ca", text: t("Itérations", "Iterations"), correct: true },
    { id: "cb", text: t("Commercialisation", "Commercialisation"), correct: true },
    { id: "cc", text: t("Percées", "Breakthroughs"), correct: true },
    { id: "cd", text: t("Licences", "Licence fees"), correct: false },
    { id: "ce", text: t("Avance américaine", "US lead"), correct: false },
  ],
};

export const TRUE_FALSE: TrueFalseItem = { ...base, id: "fixture.tf", type: "true-false", answer: false };

export const NUMERIC: NumericItem & { answer: number } = {
  ...base,
  id: "fixture.ratio",
  type: "numeric",
  mode: "ratio",
  answer: 0.1,
  tolerance: { kind: "rel", value: 0.05 },
  traps: [0.01, 100],
};

export const PLAIN_NUMERIC: NumericItem & { answer: number } = {
  ...base,
  id: "fixture.plain",
  type: "numeric",
  mode: "plain",
  answer: 12,
  tolerance: { kind: "rel", value: 0.1 },
  unit: t("millions de $", "million $"),
  traps: [120],
};

export const PARAMETRIC: NumericItem = {
  ...base,
  id: "fixture.param",
  type: "numeric",
  prompt: t("GPT-4 a coûté {n} M$ : et DeepSeek ?", "GPT-4 cost {n} M$: and DeepSeek?"),
  explanation: t("{n} ÷ 10 = {answer}", "{n} ÷ 10 = {answer}"),
  mode: "plain",
  tolerance: { kind: "rel", value: 0.1 },
  traps: [],
  parametric: {
    params: { n: { min: 40, max: 200, step: 10 } },
    answer: { param: "n", factor: 0.1 },
    trapFactors: [10],
  },
};

export const TEXT: TextItem = {
  ...base,
  id: "fixture.text",
  type: "text",
  accepted: ["échelle", "scale"],
  display: t("échelle", "scale"),
  placeholder: t("Un mot", "One word"),
  traps: ["données"],
};

export const ORDERING: OrderingItem = {
  ...base,
  id: "fixture.order",
  type: "ordering",
  items: [
    { id: "ia", text: t("Ouverture", "Openness") },
    { id: "ib", text: t("Développeurs", "Developers") },
    { id: "ic", text: t("Participation", "Participation") },
    { id: "id", text: t("Percées", "Breakthroughs") },
  ],
};

export const MATCHING: MatchingItem = {
  ...base,
  id: "fixture.match",
  type: "matching",
  left: [
    { id: "la", text: t("Puces de pointe", "Cutting-edge chips"), match: "rus" },
    { id: "lb", text: t("Matériel existant", "Existing hardware"), match: "rcn" },
    { id: "lc", text: t("Innovation à tout prix", "Innovation at any cost"), match: "rus" },
    { id: "ld", text: t("Optimisation des coûts", "Cost optimisation"), match: "rcn" },
  ],
  right: [
    { id: "rus", text: t("Approche américaine", "US approach") },
    { id: "rcn", text: t("Approche chinoise", "China’s approach") },
  ],
};

export const POLL: PollItem = {
  ...base,
  id: "fixture.poll",
  type: "poll",
  points: 0,
  choices: [
    { id: "oa", text: t("Américaine", "US") },
    { id: "ob", text: t("Chinoise", "Chinese") },
  ],
};

export const ALL_FIXTURES: ConcreteItem[] = [
  SINGLE,
  MULTI,
  TRUE_FALSE,
  NUMERIC,
  PLAIN_NUMERIC,
  TEXT,
  ORDERING,
  MATCHING,
  POLL,
];
