import { TEACH_JS } from "../../../client/generated.ts";
import type { AssignmentResults } from "../../../flows/assignment-results.ts";
import type { AssignmentStatus } from "../../../quiz/assignment-rules.ts";
import type { FieldIssue } from "../../../quiz/errors.ts";
import type { Lang } from "../../../quiz/format.ts";
import { ExportForm } from "../../export-form.tsx";
import { Layout } from "../../layout.tsx";
import { Distribution } from "./distribution.tsx";
import { ErrorList } from "./error-list.tsx";
import { ItemAnalysis, WeakestItems } from "./item-analysis.tsx";
import { Roster } from "./roster.tsx";
import { TEACH_TEXT } from "./strings.ts";
import { When } from "./when.tsx";

type Base = { lang: Lang; nonce: string };

/** The manage page: the roster, the class's statistics and the commands on the assignment. */
export function ManagePage(
  props: Base & {
    results: AssignmentResults;
    status: AssignmentStatus;
    learnerUrl: string;
    qrSvg: string;
    /** The roster page shown (its cursor), kept by the refresh link and the polling. */
    cursor?: string | undefined;
    /** A cursor that was refused: the first page is shown with this message. */
    errors?: FieldIssue[] | undefined;
  },
) {
  const t = TEACH_TEXT[props.lang];
  const r = props.results;
  const a = r.assignment;
  const base = `/teach/${a.code}/manage`;
  const here = props.cursor ? `?cursor=${props.cursor}` : "";
  return (
    <Layout
      title={`${t.manage} · ${a.title}`}
      lang={props.lang}
      nonce={props.nonce}
      path={base}
      noindex
      script={TEACH_JS}
    >
      <h1>{a.title}</h1>
      <p>
        {t.code}: <code>{a.code}</code> · {t.status[props.status]} · {t.opensAt}{" "}
        <When ms={a.opensAt} lang={props.lang} /> · {t.closesAt.split(" (")[0]}{" "}
        <When ms={a.closesAt} lang={props.lang} />
      </p>
      {a.feedback === "after-close" ? <p class="mut">{t.fbAfterNote}</p> : null}
      <details>
        <summary>
          {t.learnerLink}: {props.learnerUrl}
        </summary>
        <img src={`data:image/svg+xml;base64,${btoa(props.qrSvg)}`} alt={t.qrAlt(a.code)} width="320" height="320" />
      </details>
      <ErrorList errors={props.errors} lang={props.lang} />
      <Roster lang={props.lang} results={r} base={base} pollUrl={`${base}/roster${here}`} />
      <p class="row">
        <a class="btn sec" href={`${base}${here}`}>
          {t.refresh}
        </a>
        <a class="btn sec" href={`/teach/${a.code}/results.csv`} download>
          {t.csv}
        </a>
        {a.leaderboard !== "off" ? (
          <a class="btn sec" href={`/teach/${a.code}/leaderboard`}>
            {t.leaderboard}
          </a>
        ) : null}
      </p>
      <ExportForm lang={props.lang} action={`/teach/${a.code}/export`} />
      <WeakestItems lang={props.lang} items={r.items} weakest={r.weakest} />
      <Distribution lang={props.lang} distribution={r.distribution} />
      <ItemAnalysis lang={props.lang} items={r.items} />
      <h2>{t.actions}</h2>
      <form method="post" action={`/teach/${a.code}/live`} class="card row">
        <label for="live-seconds">{props.lang === "fr" ? "Secondes par question" : "Seconds per question"}</label>
        <input id="live-seconds" name="secondsPerQuestion" type="number" min={5} max={120} value="20" />
        <button type="submit">{props.lang === "fr" ? "Jouer en direct" : "Play live"}</button>
      </form>
      <div class="row">
        <form method="post" action={`${base}/close`}>
          <button type="submit">{t.closeNow}</button>
        </form>
        <form method="post" action={`${base}/reopen`}>
          <button type="submit" class="sec">
            {t.reopen}
          </button>
        </form>
      </div>
      <form method="post" action={`${base}/extend`} class="card">
        <input type="hidden" name="tzOffset" value="0" />
        <label for="closesAt">{t.extend}</label>
        <input id="closesAt" name="closesAt" type="datetime-local" />
        <button type="submit">{t.apply}</button>
      </form>
      <form method="post" action={`${base}/rename`} class="card">
        <label for="title">{t.rename}</label>
        <input id="title" name="title" required maxlength={120} value={a.title} />
        <button type="submit">{t.apply}</button>
      </form>
      {r.roster.length ? (
        <form method="post" action={`${base}/accommodate`} class="card">
          <fieldset>
            <legend>{t.accommodate}</legend>
            <label for="learner">{t.learner}</label>
            <select id="learner" name="learner">
              {r.roster.map((row) => (
                <option value={row.ref}>{row.name}</option>
              ))}
            </select>
            <label for="extraMinutes">{t.extra}</label>
            <input id="extraMinutes" name="extraMinutes" type="number" min={0} max={600} value="0" />
            <label class="opt">
              <input type="checkbox" name="noTimeLimit" value="1" /> {t.noLimit}
            </label>
            <button type="submit">{t.apply}</button>
          </fieldset>
        </form>
      ) : null}
      <form method="post" action={`${base}/rotate`} class="card">
        <button type="submit" class="sec">
          {t.rotate}
        </button>
      </form>
      <form method="post" action={`${base}/delete`} class="card">
        <label for="confirm">{t.delConfirm(a.code)}</label>
        <input id="confirm" name="confirm" required autocomplete="off" />
        <button type="submit">{t.del}</button>
      </form>
    </Layout>
  );
}
