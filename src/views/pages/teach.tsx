import type { Assignment } from "../../db/assignments.ts";
import type { AssignmentResults } from "../../flows/assignment-results.ts";
import { articleSentencePath } from "../../http/links.ts";
import { type AssignmentStatus, formatDuration } from "../../quiz/assignment-rules.ts";
import type { FieldIssue } from "../../quiz/errors.ts";
import type { Lang } from "../../quiz/format.ts";
import { ExportForm } from "../export-form.tsx";
import { Layout } from "../layout.tsx";

type Base = { lang: Lang; nonce: string };

const S = {
  fr: {
    teach: "Espace enseignant",
    lead: "Créez un devoir en une minute : les élèves le rejoignent avec un code ou un QR code, sans compte.",
    create: "Créer un devoir",
    title: "Titre",
    source: "Questions",
    wholeArticle: "Tout l’article",
    orTopics: "ou seulement ces thèmes :",
    questionCount: "Nombre de questions (tirées au hasard pour chaque élève)",
    shuffle: "Mélanger les questions et les choix",
    timeLimit: "Temps limite en minutes (vide : aucun)",
    attempts: "Tentatives autorisées",
    opensAt: "Ouverture",
    closesAt: "Clôture (vide : aucune)",
    tzNote: "Heures dans votre fuseau (UTC si JavaScript est désactivé).",
    leaderboard: "Classement",
    lbOff: "aucun",
    lbAnon: "anonyme",
    lbNick: "avec les pseudos",
    requireName: "Demander un nom à chaque élève",
    feedback: "Corrections",
    fbNow: "immédiates",
    fbAfter: "à la clôture",
    lang: "Langue",
    langLearner: "au choix de l’élève",
    yours: "Vos devoirs (dans ce navigateur)",
    none: "Aucun devoir créé depuis ce navigateur.",
    finished: (n: number, of: number) => `${n} terminé${n > 1 ? "s" : ""} sur ${of}`,
    manage: "Gérer",
    status: { scheduled: "programmé", open: "ouvert", closed: "clos" } as Record<AssignmentStatus, string>,
    created: "Devoir créé",
    code: "Code élève",
    learnerLink: "Lien élève",
    keep: "Gardez ce lien : c’est la seule façon de gérer le devoir. Il ne sera plus affiché.",
    manageLink: "Lien de gestion privé",
    openManage: "Ouvrir la page de gestion",
    qrAlt: (code: string) => `QR code du lien élève (code ${code})`,
    roster: "Élèves",
    name: "Nom",
    state: "Statut",
    score: "Score",
    time: "Durée",
    attemptsUsed: "Tentatives",
    notStarted: "pas commencé",
    inProgress: "en cours",
    done: "terminé",
    refresh: "Actualiser",
    items: "Analyse par question",
    facility: "Facilité",
    level: "Niveau",
    levels: {
      remember: "mémoriser",
      understand: "comprendre",
      apply: "appliquer",
      analyse: "analyser",
      evaluate: "évaluer",
    },
    discrimination: "Discrimination",
    picks: "Choix",
    weakest: "Questions les moins réussies",
    sourceSentence: "phrase source",
    distribution: "Répartition des scores",
    csv: "Télécharger le CSV",
    actions: "Actions",
    closeNow: "Clore maintenant",
    reopen: "Rouvrir",
    extend: "Changer la clôture",
    rename: "Renommer",
    accommodate: "Aménagement pour un élève",
    learner: "Élève",
    extra: "Minutes en plus",
    noLimit: "Sans limite de temps",
    apply: "Appliquer",
    rotate: "Changer le lien de gestion (l’ancien cesse de fonctionner)",
    rotated: "Nouveau lien de gestion",
    del: "Supprimer le devoir et toutes les réponses",
    delConfirm: (code: string) => `Tapez le code ${code} pour confirmer`,
    errors: "Corrigez ces champs :",
    nobody: "Personne n’a encore rejoint ce devoir.",
    noItems: "Pas encore de tentative terminée.",
    deleted: "Le devoir a été supprimé.",
    forget: "Oublier ce devoir dans ce navigateur",
  },
  en: {
    teach: "Teacher space",
    lead: "Create an assignment in a minute: learners join with a code or a QR code, no account needed.",
    create: "Create an assignment",
    title: "Title",
    source: "Questions",
    wholeArticle: "The whole article",
    orTopics: "or only these topics:",
    questionCount: "Number of questions (drawn at random for each learner)",
    shuffle: "Shuffle questions and choices",
    timeLimit: "Time limit in minutes (empty: none)",
    attempts: "Attempts allowed",
    opensAt: "Opens",
    closesAt: "Closes (empty: never)",
    tzNote: "Times in your time zone (UTC when JavaScript is off).",
    leaderboard: "Leaderboard",
    lbOff: "off",
    lbAnon: "anonymous",
    lbNick: "with nicknames",
    requireName: "Ask each learner for a name",
    feedback: "Feedback",
    fbNow: "immediate",
    fbAfter: "after it closes",
    lang: "Language",
    langLearner: "learner’s choice",
    yours: "Your assignments (in this browser)",
    none: "No assignment created from this browser.",
    finished: (n: number, of: number) => `${n} finished of ${of}`,
    manage: "Manage",
    status: { scheduled: "scheduled", open: "open", closed: "closed" } as Record<AssignmentStatus, string>,
    created: "Assignment created",
    code: "Learner code",
    learnerLink: "Learner link",
    keep: "Keep this link: it is the only way to manage the assignment. It will not be shown again.",
    manageLink: "Private manage link",
    openManage: "Open the manage page",
    qrAlt: (code: string) => `QR code of the learner link (code ${code})`,
    roster: "Learners",
    name: "Name",
    state: "Status",
    score: "Score",
    time: "Time",
    attemptsUsed: "Attempts",
    notStarted: "not started",
    inProgress: "in progress",
    done: "finished",
    refresh: "Refresh",
    items: "Item analysis",
    facility: "Facility",
    level: "Level",
    levels: {
      remember: "remember",
      understand: "understand",
      apply: "apply",
      analyse: "analyse",
      evaluate: "evaluate",
    },
    discrimination: "Discrimination",
    picks: "Picks",
    weakest: "Weakest questions",
    sourceSentence: "source sentence",
    distribution: "Score distribution",
    csv: "Download CSV",
    actions: "Actions",
    closeNow: "Close now",
    reopen: "Reopen",
    extend: "Change the closing time",
    rename: "Rename",
    accommodate: "Accommodation for one learner",
    learner: "Learner",
    extra: "Extra minutes",
    noLimit: "No time limit",
    apply: "Apply",
    rotate: "Change the manage link (the old one stops working)",
    rotated: "New manage link",
    del: "Delete the assignment and every answer",
    delConfirm: (code: string) => `Type the code ${code} to confirm`,
    errors: "Please fix these fields:",
    nobody: "Nobody has joined yet.",
    noItems: "No finished attempt yet.",
    deleted: "The assignment was deleted.",
    forget: "Forget this assignment in this browser",
  },
} as const;

/** Shows ISO times as UTC text; the page script rewrites them in the reader's time zone. */
export function When(props: { ms: number | null; lang: Lang }) {
  if (props.ms === null) return <span>—</span>;
  const iso = new Date(props.ms).toISOString();
  return (
    <time datetime={iso} data-local="">
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}

/** Fills tz offsets in forms and shows times in the teacher's zone; polls the roster. */
export const TEACH_JS = `(()=>{
const d=document;
if(/^#key=/.test(location.hash))history.replaceState(null,"",location.pathname+location.search);
for(const i of d.querySelectorAll("input[name=tzOffset]"))i.value=String(new Date().getTimezoneOffset());
const local=()=>{for(const t of d.querySelectorAll("time[data-local]"))t.textContent=new Date(t.getAttribute("datetime")).toLocaleString(d.documentElement.lang,{dateStyle:"medium",timeStyle:"short"})};
local();
const r=d.getElementById("roster");
if(r&&r.dataset.poll){setInterval(async()=>{
  try{const res=await fetch(r.dataset.poll,{credentials:"same-origin"});if(!res.ok)return;
  const doc=new DOMParser().parseFromString(await res.text(),"text/html");const next=doc.getElementById("roster");
  if(next){r.replaceChildren(...next.childNodes);local()}}catch{}
},15000)}
})();`;

export type TeachFormValues = Record<string, string | string[]>;

const val = (v: TeachFormValues | undefined, k: string, dflt = "") => {
  const x = v?.[k];
  return Array.isArray(x) ? (x[0] ?? dflt) : (x ?? dflt);
};

export function ErrorList(props: { errors: FieldIssue[] | undefined; lang: Lang }) {
  if (!props.errors?.length) return null;
  return (
    <div class="card bad" role="alert">
      <p>{S[props.lang].errors}</p>
      <ul>
        {props.errors.map((e) => (
          <li>
            {e.path ? <code>{e.path.slice(1)}</code> : null} {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

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
  const t = S[props.lang];
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
            <option value="off" selected={val(v, "leaderboard", "off") === "off"}>
              {t.lbOff}
            </option>
            <option value="anonymous" selected={val(v, "leaderboard") === "anonymous"}>
              {t.lbAnon}
            </option>
            <option value="nicknames" selected={val(v, "leaderboard") === "nicknames"}>
              {t.lbNick}
            </option>
          </select>
        </p>
        <label class="opt">
          <input type="checkbox" name="requireName" value="1" checked={checked("requireName", true)} /> {t.requireName}
        </label>
        <p>
          <label for="feedback">{t.feedback}</label>
          <select id="feedback" name="feedback">
            <option value="immediate" selected={val(v, "feedback", "immediate") === "immediate"}>
              {t.fbNow}
            </option>
            <option value="after-close" selected={val(v, "feedback") === "after-close"}>
              {t.fbAfter}
            </option>
          </select>
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
  const t = S[props.lang];
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

const duration = (ms: number | null) => (ms === null ? "—" : formatDuration(ms));
const num = (n: number | null, suffix = "") =>
  n === null ? "—" : `${Number.isInteger(n) ? n : n.toFixed(1)}${suffix}`;

const REMOVE = {
  fr: {
    column: "Retirer",
    open: "Retirer…",
    confirm: (name: string) => `Retirer ${name} et ses réponses du devoir`,
    cap: (n: number) => `${n} élèves au plus`,
  },
  en: {
    column: "Remove",
    open: "Remove…",
    confirm: (name: string) => `Remove ${name} and their answers from the assignment`,
    cap: (n: number) => `at most ${n} learners`,
  },
} as const;

/** The live part of the manage page (also served alone for polling). */
export function Roster(props: { lang: Lang; results: AssignmentResults; pollUrl?: string }) {
  const t = S[props.lang];
  const r = props.results;
  const label = { "not-started": t.notStarted, "in-progress": t.inProgress, finished: t.done } as const;
  return (
    <section id="roster" data-poll={props.pollUrl} aria-live="polite">
      <h2>
        {t.roster} ({t.finished(r.finishedCount, r.learnerCount)} · {REMOVE[props.lang].cap(r.maxLearners)})
      </h2>
      {r.roster.length ? (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.name}</th>
              <th scope="col">{t.state}</th>
              <th scope="col">{t.score}</th>
              <th scope="col">{t.time}</th>
              <th scope="col">{t.attemptsUsed}</th>
              <th scope="col">{REMOVE[props.lang].column}</th>
            </tr>
          </thead>
          <tbody>
            {r.roster.map((row) => (
              <tr>
                <th scope="row">{row.name}</th>
                <td>{label[row.status]}</td>
                <td>
                  {row.score === null ? "—" : `${num(row.score)} / ${num(row.maxScore)} (${num(row.percent, " %")})`}
                </td>
                <td>{duration(row.timeTakenMs)}</td>
                <td>
                  {row.attemptsUsed} / {r.assignment.attemptsAllowed}
                </td>
                <td>
                  <details>
                    <summary>{REMOVE[props.lang].open}</summary>
                    <form method="post" action={`/teach/${r.assignment.code}/manage/remove`}>
                      <input type="hidden" name="learner" value={row.learnerId} />
                      <button type="submit" class="bad">
                        {REMOVE[props.lang].confirm(row.name)}
                      </button>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="mut">{t.nobody}</p>
      )}
    </section>
  );
}

export function ManagePage(
  props: Base & { results: AssignmentResults; status: AssignmentStatus; learnerUrl: string; qrSvg: string },
) {
  const t = S[props.lang];
  const r = props.results;
  const a = r.assignment;
  const base = `/teach/${a.code}/manage`;
  const max = Math.max(1, ...r.distribution.map((b) => b.count));
  const weakest = r.items.filter((i) => r.weakest.includes(i.itemId));
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
      <details>
        <summary>
          {t.learnerLink}: {props.learnerUrl}
        </summary>
        <img src={`data:image/svg+xml;base64,${btoa(props.qrSvg)}`} alt={t.qrAlt(a.code)} width="320" height="320" />
      </details>
      <Roster lang={props.lang} results={r} pollUrl={`${base}/roster`} />
      <p class="row">
        <a class="btn sec" href={base}>
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
      <h2>{t.weakest}</h2>
      {weakest.length ? (
        <ul>
          {weakest.map((i) => (
            <li>
              {i.prompt} — {num(i.facility, " %")} (<a href={articleSentencePath(i.sentenceId)}>{t.sourceSentence}</a>)
            </li>
          ))}
        </ul>
      ) : (
        <p class="mut">{t.noItems}</p>
      )}
      <h2>{t.distribution}</h2>
      <table>
        <tbody>
          {r.distribution.map((b) => (
            <tr>
              <th scope="row">
                {b.from}–{b.to} %
              </th>
              <td>
                <progress max={max} value={b.count} aria-label={`${b.from}–${b.to} %`} /> {b.count}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t.items}</h2>
      {r.items.length ? (
        r.items.map((i) => (
          <section class="card">
            <p>
              <strong>{i.prompt}</strong> (<a href={articleSentencePath(i.sentenceId)}>{t.sourceSentence}</a>)
            </p>
            <p>
              {t.level}: {t.levels[i.level]} · {t.facility}: {num(i.facility, " %")} · {t.discrimination}:{" "}
              {num(i.discrimination)} · n = {i.attempts}
            </p>
            {i.picks.length ? (
              <ul>
                {i.picks.map((p) => (
                  <li class={p.correct ? "ok" : undefined}>
                    {p.correct ? "✓ " : ""}
                    {p.label}: {p.count}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        ))
      ) : (
        <p class="mut">{t.noItems}</p>
      )}
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
