import { ENHANCE_JS } from "../../client/generated.ts";
import type { AnswerResult, Attempt, AttemptResult, ServedQuestion } from "../../quiz/attempt.ts";
import type { Lang } from "../../quiz/format.ts";
import { T } from "../i18n.ts";
import { Layout } from "../layout.tsx";
import { QuestionInput } from "../question-input.tsx";

type Base = { lang: Lang; nonce: string };
type QuizCard = {
  id: string;
  title: string;
  description: string;
  questionCount: number;
  /** A part of the path through the whole article, and whether this learner has finished it. */
  part?: { index: number; count: number };
  done?: boolean;
};

const pct = (score: number, max: number) => (max > 0 ? Math.round((100 * score) / max) : 0);
const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function QuizCardView(props: { q: QuizCard; lang: Lang }) {
  const t = T[props.lang];
  const { q } = props;
  return (
    <section class="card">
      <h3>
        {q.done ? "✓ " : ""}
        {q.title}
      </h3>
      <p class="mut">
        {q.description} · {t.questions(q.questionCount)}
      </p>
      <form method="post" action="/attempts" class="row">
        <input type="hidden" name="quizId" value={q.id} />
        <button type="submit" aria-label={`${t.start}: ${q.title}`}>
          {t.start}
        </button>
        <a href={`/leaderboard/${q.id}`} aria-label={`${t.leaderboard}: ${q.title}`}>
          {t.leaderboard}
        </a>
      </form>
    </section>
  );
}

/** The whole article as a path of parts, each one sitting, with the learner's progress along it. */
function PathOfParts(props: { parts: QuizCard[]; lang: Lang }) {
  if (props.parts.length === 0) return null;
  const t = T[props.lang];
  const done = props.parts.filter((q) => q.done).length;
  const next = props.parts.find((q) => !q.done);
  return (
    <>
      <h2 id="path">{t.pathTitle}</h2>
      <p>
        {t.pathLead(props.parts.length)}{" "}
        <progress max={props.parts.length} value={done} aria-label={t.pathDone(done, props.parts.length)} />{" "}
        {t.pathDone(done, props.parts.length)}
      </p>
      {props.parts.map((q) => (
        <QuizCardView q={q.id === next?.id ? { ...q, title: `${q.title} · ${t.pathNext}` } : q} lang={props.lang} />
      ))}
    </>
  );
}

export function HomePage(
  props: Base & {
    quizzes: QuizCard[];
    resume: Attempt | null;
    dueCount: number;
    summary: { finished: number; mastery: number } | null;
  },
) {
  const t = T[props.lang];
  return (
    <Layout title={t.appName} lang={props.lang} nonce={props.nonce} path="/">
      <h1>{t.appName}</h1>
      <p>{t.homeLead}</p>
      {props.resume ? (
        <section class="card">
          <h2>{t.resume}</h2>
          <p>{t.resumeLead(props.resume.answeredCount, props.resume.questionCount)}</p>
          <a class="btn" href={`/attempts/${props.resume.id}`}>
            {t.resume}
          </a>
        </section>
      ) : null}
      {props.dueCount > 0 ? (
        <section class="card">
          <h2>{t.review}</h2>
          <p>{t.reviewLead(props.dueCount)}</p>
          <form method="post" action="/attempts">
            <input type="hidden" name="quizId" value="review" />
            <button type="submit">{t.review}</button>
          </form>
        </section>
      ) : null}
      <h2>{t.quizzes}</h2>
      {props.quizzes
        .filter((q) => !q.part)
        .map((q) => (
          <QuizCardView q={q} lang={props.lang} />
        ))}
      <PathOfParts parts={props.quizzes.filter((q) => q.part)} lang={props.lang} />
      <section class="card">
        <h2>{t.progress}</h2>
        <p>
          {props.summary ? t.summary(props.summary.finished, Math.round(props.summary.mastery * 100)) : t.progressLead}
        </p>
        <a href="/progress">{t.progress}</a>
      </section>
    </Layout>
  );
}

export function QuestionPage(
  props: Base & {
    attempt: Attempt;
    question: ServedQuestion;
    error?: string;
    order?: string[];
    /** Where this attempt sits on the path of parts through the whole article. */
    part?: { index: number; count: number } | undefined;
  },
) {
  const t = T[props.lang];
  const q = props.question;
  const action = `/attempts/${props.attempt.id}/answers/${q.id}`;
  return (
    <Layout
      title={`${t.question} ${q.number} / ${q.total}`}
      lang={props.lang}
      nonce={props.nonce}
      script={ENHANCE_JS}
      noindex
    >
      <p class="row">
        <span class="grow">
          {props.part ? `${t.partOf(props.part.index, props.part.count)} · ` : ""}
          {t.question} {q.number} / {q.total}
        </span>
        {props.attempt.deadlineAt ? (
          <span class="mut">
            {t.timeLeft}:{" "}
            <time datetime={new Date(props.attempt.deadlineAt).toISOString()}>
              {new Date(props.attempt.deadlineAt).toISOString().slice(11, 16)} UTC
            </time>
          </span>
        ) : null}
      </p>
      <progress max={q.total} value={q.number - 1} aria-label={`${q.number - 1} / ${q.total}`} />
      <form method="post" action={action} data-enhance data-offline={t.offline}>
        <h1 id="prompt">{q.prompt}</h1>
        {props.error ? (
          <p class="bad" role="alert">
            {t.invalid}: {props.error}
          </p>
        ) : null}
        <QuestionInput question={q} t={t} order={props.order} />
        <p>
          <button type="submit">{t.answer}</button>
        </p>
      </form>
      <p id="live" role="status" aria-live="polite" class="mut" />
      <form method="post" action={`/attempts/${props.attempt.id}/finish`}>
        <button class="sec" type="submit">
          {t.finishNow}
        </button>{" "}
        <span class="mut">{t.finishLead}</span>
      </form>
    </Layout>
  );
}

export function FeedbackPage(props: Base & { attempt: Attempt; result: AnswerResult; prompt: string }) {
  const t = T[props.lang];
  const fb = props.result.feedback;
  const id = props.attempt.id;
  const nextHref = props.result.next ? `/attempts/${id}` : null;
  return (
    <Layout
      title={fb ? (t[fb.state as "correct"] ?? t.incorrect) : t.withheld}
      lang={props.lang}
      nonce={props.nonce}
      script={ENHANCE_JS}
      noindex
    >
      <p class="mut">
        {t.question} {props.result.answeredCount} / {props.result.questionCount}
      </p>
      <p>{props.prompt}</p>
      {fb ? (
        <>
          <h1 class={fb.correct === null ? "" : fb.correct ? "ok" : "bad"}>
            {fb.correct === null ? "✓ " : fb.correct ? "✓ " : "✗ "}
            {t[fb.state as "correct" | "partial" | "incorrect" | "unscored"] ?? t.incorrect}
          </h1>
          {fb.maxPoints > 0 ? <p>{t.points(fb.points, fb.maxPoints)}</p> : null}
          {props.result.poll ? (
            <table>
              <caption class="mut">{t.pollResults(props.result.poll.total)}</caption>
              <tbody>
                {props.result.poll.choices.map((c) => (
                  <tr>
                    <th scope="row">{c.text}</th>
                    <td>
                      <progress max={props.result.poll?.total || 1} value={c.votes} aria-label={c.text} />
                    </td>
                    <td>{props.result.poll?.total ? Math.round((100 * c.votes) / props.result.poll.total) : 0} %</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {fb.correctAnswer && fb.correct === false ? (
            <p>
              <strong>{t.expected}:</strong> {fb.correctAnswer}
            </p>
          ) : null}
          <h2>{t.why}</h2>
          <p>{fb.explanation}</p>
          <h2>{t.source}</h2>
          <blockquote lang={fb.source.sentenceId === "s1" ? "en" : "fr"}>
            <p>« {fb.source.quote} »</p>
          </blockquote>
          {props.lang === "en" && fb.source.sentenceId !== "s1" ? (
            <p class="mut" lang="en">
              {fb.source.translation}
            </p>
          ) : null}
          <p>
            <a href={`/article#${fb.source.sentenceId}`}>{t.readInArticle}</a>
          </p>
        </>
      ) : (
        <h1>{t.withheld}</h1>
      )}
      <p id="live" role="status" aria-live="polite" class="mut" />
      {nextHref ? (
        <p>
          <a class="btn" href={nextHref}>
            {t.next}
          </a>
        </p>
      ) : (
        <form method="post" action={`/attempts/${id}/finish`} data-enhance data-offline={t.offline}>
          <button type="submit">{t.seeResult}</button>
        </form>
      )}
    </Layout>
  );
}

export function ResultPage(
  props: Base & {
    result: AttemptResult;
    leaderboardHref?: string | null;
    withheld?: boolean;
    /** The next part of the path through the whole article, when this attempt was a part. */
    nextPart?: { id: string; title: string } | undefined;
  },
) {
  const t = T[props.lang];
  const r = props.result;
  return (
    <Layout
      title={r.score === null ? t.result : `${t.result} · ${fmt(r.score)} / ${fmt(r.maxScore)}`}
      lang={props.lang}
      nonce={props.nonce}
      noindex
    >
      <h1>{t.result}</h1>
      {r.score === null ? null : (
        <p class="card">
          <strong>
            {t.score}: {fmt(r.score)} / {fmt(r.maxScore)} ({pct(r.score, r.maxScore)} %)
          </strong>
        </p>
      )}
      {props.nextPart ? (
        <form method="post" action="/attempts" class="row">
          <input type="hidden" name="quizId" value={props.nextPart.id} />
          <button type="submit">
            {t.pathNextPart}: {props.nextPart.title}
          </button>
          <a href="/#path">{t.pathTitle}</a>
        </form>
      ) : null}
      {props.withheld || r.score === null ? (
        <p>{t.withheld}</p>
      ) : (
        <>
          <h2>{t.byTopic}</h2>
          <table>
            <tbody>
              {r.topics.map((topic) => (
                <tr>
                  <th scope="row">{topic.title}</th>
                  <td>
                    {fmt(topic.score)} / {fmt(topic.maxScore)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t.toReview}</h2>
          {r.review.length ? (
            <ul>
              {r.review.map((item) => (
                <li>
                  <a href={`/article#${item.sentenceId}`}>{item.prompt}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t.nothingToReview}</p>
          )}
        </>
      )}
      <p class="row">
        <a class="btn" href="/">
          {t.again}
        </a>
        {props.leaderboardHref ? (
          <a class="btn sec" href={props.leaderboardHref}>
            {t.leaderboard}
          </a>
        ) : null}
      </p>
    </Layout>
  );
}

export function ArticlePage(props: Base & { sentences: { id: string; text: string; translation?: string }[] }) {
  const t = T[props.lang];
  return (
    <Layout title={t.article} lang={props.lang} nonce={props.nonce} path="/article">
      <h1>{t.article}</h1>
      <p class="mut">{t.articleLead}</p>
      <article lang="fr">
        {props.sentences.map((s) => (
          <p id={s.id}>
            <a href={`#${s.id}`} class="mut" aria-label={s.id}>
              §
            </a>{" "}
            <span lang={s.id === "s1" ? "en" : "fr"}>{s.text}</span>
            {props.lang === "en" && s.translation && s.id !== "s1" ? (
              <>
                <br />
                <span class="mut" lang="en">
                  {s.translation}
                </span>
              </>
            ) : null}
          </p>
        ))}
      </article>
    </Layout>
  );
}

export function ProgressPage(
  props: Base & {
    topics: { topic: string; title: string; items: number; answered: number; mastery: number }[];
    attempts: (Omit<Attempt, "score"> & { score: number | null })[];
    due: { questionId: string; prompt: string }[];
    quizTitles: Map<string, string>;
    deleted?: boolean;
    displayName: string | null;
    upcoming: { mistakes: number; nextDueAt: string | null };
    now: number;
  },
) {
  const t = T[props.lang];
  return (
    <Layout title={t.progress} lang={props.lang} nonce={props.nonce} path="/progress" noindex>
      <h1>{t.progress}</h1>
      {props.deleted ? <p role="status">{t.deleted}</p> : null}
      <h2>{t.mastery}</h2>
      <table>
        <tbody>
          {props.topics.map((topic) => (
            <tr>
              <th scope="row">{topic.title}</th>
              <td>
                <progress max={100} value={Math.round(topic.mastery * 100)} aria-label={topic.title} />
              </td>
              <td>{Math.round(topic.mastery * 100)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.due}</h2>
      {props.due.length ? (
        <>
          <ul>
            {props.due.map((d) => (
              <li>{d.prompt}</li>
            ))}
          </ul>
          <form method="post" action="/attempts">
            <input type="hidden" name="quizId" value="review" />
            <button type="submit">{t.review}</button>
          </form>
        </>
      ) : (
        <p>
          {t.nothingDue}
          {props.upcoming.nextDueAt ? (
            <>
              {" "}
              {t.upcoming(
                props.upcoming.mistakes,
                Math.max(1, Math.ceil((Date.parse(props.upcoming.nextDueAt) - props.now) / 60_000)),
              )}
            </>
          ) : null}
        </p>
      )}
      <h2>{t.pastAttempts}</h2>
      {props.attempts.length ? (
        <ul>
          {props.attempts.map((a) => (
            <li>
              <a href={a.status === "finished" ? `/attempts/${a.id}/result` : `/attempts/${a.id}`}>
                {props.quizTitles.get(a.quizId) ?? a.quizId}
              </a>{" "}
              · {new Date(a.startedAt).toISOString().slice(0, 10)} ·{" "}
              {a.status !== "finished"
                ? t.inProgress
                : a.score === null
                  ? t.resultLater
                  : `${fmt(a.score)} / ${fmt(a.maxScore)}`}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t.noAttempts}</p>
      )}
      <form method="post" action="/progress/name" class="card">
        <p>
          <label for="display-name">{t.displayName}</label>
          <input
            id="display-name"
            type="text"
            name="name"
            maxlength={40}
            value={props.displayName ?? ""}
            autocomplete="nickname"
          />
        </p>
        <button type="submit" class="sec">
          {t.saveName}
        </button>
      </form>
      <section class="card">
        <h2>{t.deleteData}</h2>
        <p>{t.deleteLead}</p>
        <form method="post" action="/progress/delete">
          <label class="opt">
            <input type="checkbox" name="confirm" value="yes" required />
            <span>{t.deleteConfirm}</span>
          </label>
          <button type="submit">{t.deleteData}</button>
        </form>
      </section>
    </Layout>
  );
}
