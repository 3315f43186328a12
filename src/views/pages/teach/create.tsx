import { TEACH_JS } from "../../../client/generated.ts";
import type { Assignment } from "../../../db/assignments.ts";
import type { AssignmentStatus } from "../../../quiz/assignment-rules.ts";
import { LEADERBOARD_MODES } from "../../../quiz/boards.ts";
import type { FieldIssue } from "../../../quiz/errors.ts";
import type { Lang } from "../../../quiz/format.ts";
import { ExportForm } from "../../export-form.tsx";
import { Layout } from "../../layout.tsx";
import { ErrorList } from "./error-list.tsx";
import { TEACH_TEXT } from "./strings.ts";

type Base = { lang: Lang; nonce: string };

export type TeachFormValues = Record<string, string | string[]>;

const val = (v: TeachFormValues | undefined, k: string, dflt = "") => {
  const x = v?.[k];
  return Array.isArray(x) ? (x[0] ?? dflt) : (x ?? dflt);
};

/** `/teach`: this browser's assignments and the form that creates one (re-rendered with its errors). */
export function TeachPage(
  props: Base & {
    quizzes: { id: string; title: string; size: number }[];
    topics: { id: string; title: string; size: number }[];
    mine: { assignment: Assignment; status: AssignmentStatus; learners: number; finished: number }[];
    values?: TeachFormValues;
    errors?: FieldIssue[];
    deleted?: boolean;
  },
) {
  const t = TEACH_TEXT[props.lang];
  const v = props.values;
  const chosenTopics = new Set(Array.isArray(v?.topics) ? v.topics : v?.topics ? [v.topics] : []);
  const checked = (k: string, dflt: boolean) => (v ? val(v, k) === "1" : dflt);
  return (
    <Layout title={t.teach} lang={props.lang} nonce={props.nonce} path="/teach" noindex script={TEACH_JS}>
      <h1>{t.teach}</h1>
      <p>{t.lead}</p>
      <p>
        <a class="btn" href="/teach/live">
          {props.lang === "fr" ? "Jouer en direct" : "Play live"}
        </a>
      </p>
      {props.deleted ? <p class="card">{t.deleted}</p> : null}
      <section>
        <h2>{t.yours}</h2>
        {props.mine.length ? (
          <ul>
            {props.mine.map((m) => (
              <li>
                <a href={`/teach/${m.assignment.code}/manage`}>{m.assignment.title}</a> —{" "}
                <code>{m.assignment.code}</code> · {t.status[m.status]} · {t.finished(m.finished, m.learners)}
              </li>
            ))}
          </ul>
        ) : (
          <p class="mut">{t.none}</p>
        )}
      </section>
      <h2>{t.create}</h2>
      <ErrorList errors={props.errors} lang={props.lang} />
      <form method="post" action="/teach">
        <input type="hidden" name="tzOffset" value="0" />
        <p>
          <label for="title">{t.title}</label>
          <input id="title" name="title" required maxlength={120} value={val(v, "title")} />
        </p>
        <fieldset>
          <legend>{t.source}</legend>
          <select name="quizId" aria-label={t.source}>
            {props.quizzes.map((q) => (
              <option value={q.id} selected={val(v, "quizId", "article") === q.id}>
                {q.id === "article" ? t.wholeArticle : q.title} ({q.size})
              </option>
            ))}
          </select>
          <p class="mut">{t.orTopics}</p>
          {props.topics.map((topic) => (
            <label class="opt">
              <input type="checkbox" name="topics" value={topic.id} checked={chosenTopics.has(topic.id)} />{" "}
              {topic.title} ({topic.size})
            </label>
          ))}
        </fieldset>
        <p>
          <label for="questionCount">{t.questionCount}</label>
          <input
            id="questionCount"
            name="questionCount"
            type="number"
            min={1}
            max={200}
            value={val(v, "questionCount", "10")}
          />
        </p>
        <label class="opt">
          <input type="checkbox" name="shuffle" value="1" checked={checked("shuffle", true)} /> {t.shuffle}
        </label>
        <p>
          <label for="timeLimitMinutes">{t.timeLimit}</label>
          <input
            id="timeLimitMinutes"
            name="timeLimitMinutes"
            type="number"
            min={1}
            max={600}
            value={val(v, "timeLimitMinutes")}
          />
        </p>
        <p>
          <label for="attemptsAllowed">{t.attempts}</label>
          <input
            id="attemptsAllowed"
            name="attemptsAllowed"
            type="number"
            min={1}
            max={20}
            value={val(v, "attemptsAllowed", "1")}
          />
        </p>
        <p>
          <label for="opensAt">{t.opensAt}</label>
          <input id="opensAt" name="opensAt" type="datetime-local" value={val(v, "opensAt")} />
        </p>
        <p>
          <label for="closesAt">{t.closesAt}</label>
          <input id="closesAt" name="closesAt" type="datetime-local" value={val(v, "closesAt")} />
        </p>
        <p class="mut">{t.tzNote}</p>
        <p>
          <label for="leaderboard">{t.leaderboard}</label>
          <select id="leaderboard" name="leaderboard">
            {LEADERBOARD_MODES.map((mode) => (
              <option value={mode} selected={val(v, "leaderboard", "off") === mode}>
                {t.leaderboardModes[mode]}
              </option>
            ))}
          </select>
        </p>
        <label class="opt">
          <input type="checkbox" name="requireName" value="1" checked={checked("requireName", true)} /> {t.requireName}
        </label>
        <p>
          <label for="feedback">{t.feedback}</label>
          <select id="feedback" name="feedback" aria-describedby="feedback-note">
            <option value="immediate" selected={val(v, "feedback", "immediate") === "immediate"}>
              {t.fbNow}
            </option>
            <option value="after-close" selected={val(v, "feedback") === "after-close"}>
              {t.fbAfter}
            </option>
          </select>
        </p>
        <p class="mut" id="feedback-note">
          {t.fbAfterNote}
        </p>
        <p>
          <label for="lang">{t.lang}</label>
          <select id="lang" name="lang">
            <option value="learner" selected={val(v, "lang", "learner") === "learner"}>
              {t.langLearner}
            </option>
            <option value="fr" selected={val(v, "lang") === "fr"}>
              Français
            </option>
            <option value="en" selected={val(v, "lang") === "en"}>
              English
            </option>
          </select>
        </p>
        <p>
          <button type="submit">{t.create}</button>
        </p>
      </form>
      <ExportForm lang={props.lang} action="/teach/export" quizzes={props.quizzes} />
    </Layout>
  );
}

/** The code, QR and the manage link, shown once after creating (or rotating). */
export function CreatedPage(
  props: Base & { assignment: Assignment; learnerUrl: string; manageUrl: string; qrSvg: string; rotated?: boolean },
) {
  const t = TEACH_TEXT[props.lang];
  const a = props.assignment;
  const qr = `data:image/svg+xml;base64,${btoa(props.qrSvg)}`;
  return (
    <Layout title={props.rotated ? t.rotated : t.created} lang={props.lang} nonce={props.nonce} noindex>
      <h1>{props.rotated ? t.rotated : t.created}</h1>
      <p>
        <strong>{a.title}</strong>
      </p>
      <section class="card">
        <h2>{t.manageLink}</h2>
        <p>
          <strong>{t.keep}</strong>
        </p>
        <p>
          <input readonly aria-label={t.manageLink} value={props.manageUrl} />
        </p>
        <p>
          <a class="btn" href={props.manageUrl}>
            {t.openManage}
          </a>
        </p>
      </section>
      {props.rotated ? null : (
        <section>
          <h2>
            {t.code}: <code>{a.code}</code>
          </h2>
          <p>
            {t.learnerLink}: <a href={props.learnerUrl}>{props.learnerUrl}</a>
          </p>
          <img src={qr} alt={t.qrAlt(a.code)} width="320" height="320" />
        </section>
      )}
    </Layout>
  );
}
