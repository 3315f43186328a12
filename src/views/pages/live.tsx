import { raw } from "hono/html";
import { LIVE_JS } from "../../client/generated.ts";
import type { FieldError } from "../../http/problem.ts";
import type { ServedQuestion } from "../../quiz/attempt.ts";
import type { Lang } from "../../quiz/format.ts";
import type { ServerMessage } from "../../quiz/live-game.ts";
import { T } from "../i18n.ts";
import { Layout } from "../layout.tsx";
import { QuestionInput } from "../question-input.tsx";

type Of<K extends ServerMessage["type"]> = Extract<ServerMessage, { type: K }>;

/** A room as one client sees it: the last message of each kind in its snapshot. */
export type RoomView = {
  state?: Of<"state">;
  question?: Of<"question">;
  reveal?: Of<"reveal">;
  ended?: Of<"ended">;
  joined?: Of<"joined">;
  ack?: Of<"ack">;
  result?: Of<"result">;
  final?: Of<"final">;
  players?: Of<"players">;
  answered?: Of<"answered">;
  removed?: Of<"removed">;
};

export function toView(messages: ServerMessage[]): RoomView {
  const view: Record<string, unknown> = {};
  for (const m of messages) if (m.type !== "error") view[m.type] = m;
  return view as RoomView;
}

const W = {
  fr: {
    join: "Rejoindre",
    nickname: "Votre pseudo",
    waiting: "Vous êtes dans la partie. En attente de l’enseignant…",
    received: "Réponse reçue ✓ — en attente des autres.",
    send: "Envoyer",
    right: "Juste !",
    partly: "En partie juste",
    wrong: "Faux",
    noAnswer: "Pas de réponse",
    points: "points",
    correctAnswer: "La bonne réponse",
    source: "Source",
    rank: (r: number, of: number) => `Vous êtes ${r}${r === 1 ? "er" : "e"} sur ${of}`,
    over: "Partie terminée",
    removed: "L’enseignant vous a retiré de cette partie.",
    question: (i: number, n: number) => `Question ${i} / ${n}`,
    secondsLeft: "secondes",
    paused: "En pause",
    joinAt: "Rejoignez sur",
    withCode: "avec le code",
    players: "joueurs",
    answered: "ont répondu",
    top: "Classement",
    podium: "Podium",
    start: "Commencer",
    next: "Suivant",
    pause: "Pause",
    resume: "Reprendre",
    skip: "Clore la question",
    end: "Terminer",
    remove: "Retirer",
    keys: "Clavier : Espace ou → suivant, P pause, F plein écran.",
    hostLogin: "Secret d’animation",
    hostLoginHelp: "Collez le secret de la partie (le lien privé le contient après #key=).",
    open: "Ouvrir",
    distribution: "Réponses",
    others: "autres",
    score: "Score",
    noGame: "Aucune partie en direct ne se joue sous ce code.",
  },
  en: {
    join: "Join",
    nickname: "Your nickname",
    waiting: "You are in. Waiting for the teacher…",
    received: "Answer received ✓ — waiting for the others.",
    send: "Send",
    right: "Right!",
    partly: "Partly right",
    wrong: "Wrong",
    noAnswer: "No answer",
    points: "points",
    correctAnswer: "The right answer",
    source: "Source",
    rank: (r: number, of: number) => `You are ${ordinal(r)} of ${of}`,
    over: "Game over",
    removed: "The teacher removed you from this game.",
    question: (i: number, n: number) => `Question ${i} / ${n}`,
    secondsLeft: "seconds",
    paused: "Paused",
    joinAt: "Join at",
    withCode: "with the code",
    players: "players",
    answered: "answered",
    top: "Leaderboard",
    podium: "Podium",
    start: "Start",
    next: "Next",
    pause: "Pause",
    resume: "Resume",
    skip: "Close the question",
    end: "End",
    remove: "Remove",
    keys: "Keyboard: Space or → next, P pause, F full screen.",
    hostLogin: "Host secret",
    hostLoginHelp: "Paste the game's secret (the private link holds it after #key=).",
    open: "Open",
    distribution: "Answers",
    others: "others",
    score: "Score",
    noGame: "No live game runs under this code.",
  },
} as const;

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

const LIVE_CSS = `
.live h1{margin:.25rem 0}.big{font-size:2.2rem;font-weight:700}.code{font:700 clamp(3rem,9vw,8rem)/1 ui-monospace,monospace;letter-spacing:.1em}
.bars{list-style:none;padding:0}.bars li{margin:.3rem 0}.bar{display:block;height:1.2rem;background:var(--acc);border-radius:.3rem;min-width:2px}.bars .ok .bar{background:var(--ok)}
.names{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0}.names li{background:var(--card);border-radius:.4rem;padding:.2rem .6rem}
.names form{display:inline}.names button{min-height:0;padding:0 .4rem;margin-left:.3rem}
.ctl{display:flex;gap:.5rem;flex-wrap:wrap}.ctl form{display:inline}
main:has(>.host){max-width:none;padding:1rem 3vw}.host{font-size:clamp(18px,2vw,34px)}body:has(.host) header{display:none}
.host .grid{display:grid;grid-template-columns:2fr 1fr;gap:2rem;align-items:start}.host .qr svg{width:100%;max-width:22rem;height:auto;background:#fff}
.timer{font:700 3rem/1 ui-monospace,monospace}
`
  .replace(/\n/g, "")
  .trim();

type PageBase = { lang: Lang; nonce: string; code: string };

/** The refresh that keeps a page current without JavaScript (JavaScript listens on the socket instead). */
const refreshHead = (seconds: number) => (
  <noscript>
    <meta http-equiv="refresh" content={String(Math.max(2, Math.min(seconds, 60)))} />
  </noscript>
);

function secondsLeft(view: RoomView): number | null {
  const s = view.state;
  if (s?.phase !== "question") return null;
  return Math.ceil((s.remainingMs ?? 0) / 1000);
}

function Countdown(props: { view: RoomView; lang: Lang }) {
  const s = props.view.state;
  const w = W[props.lang];
  if (s?.phase !== "question") return null;
  if (s.paused) return <p class="timer">{w.paused}</p>;
  return (
    <p>
      <span class="timer" data-ends={String(s.endsAt ?? "")} data-now={String(s.now)}>
        {secondsLeft(props.view)}
      </span>{" "}
      {w.secondsLeft}
    </p>
  );
}

function Distribution(props: { reveal: Of<"reveal">; lang: Lang }) {
  const d = props.reveal.distribution;
  const w = W[props.lang];
  const total = Math.max(1, props.reveal.answered);
  const bar = (label: string, count: number, correct: boolean) => (
    <li class={correct ? "ok" : ""}>
      {correct ? "✓ " : ""}
      {label} — {count}
      <span class="bar" style={`width:${Math.round((100 * count) / total)}%`} />
    </li>
  );
  return (
    <section aria-label={w.distribution}>
      <ul class="bars">
        {d.kind === "choices"
          ? d.options.map((o) => bar(o.label, o.count, o.correct))
          : d.kind === "values"
            ? [
                ...d.values.map((v) => bar(v.text || "—", v.count, v.correct)),
                ...(d.others > 0 ? [bar(w.others, d.others, false)] : []),
              ]
            : [bar(w.right, d.correct, true), bar(w.partly, d.partial, false), bar(w.wrong, d.incorrect, false)]}
      </ul>
    </section>
  );
}

function Board(props: { entries: { rank: number; name: string; score: number }[]; title: string; lang: Lang }) {
  return (
    <section>
      <h2>{props.title}</h2>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>{W[props.lang].nickname}</th>
            <th>{W[props.lang].score}</th>
          </tr>
        </thead>
        <tbody>
          {props.entries.map((e) => (
            <tr>
              <td>{e.rank}</td>
              <td>{e.name}</td>
              <td>{e.score}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Explained(props: { reveal: Of<"reveal">; lang: Lang }) {
  const w = W[props.lang];
  return (
    <div class="card">
      {props.reveal.correctAnswer ? (
        <p>
          <strong>{w.correctAnswer}:</strong> {props.reveal.correctAnswer}
        </p>
      ) : null}
      <p>{props.reveal.explanation}</p>
      <blockquote>
        {w.source}:{" "}
        <a href={`/article#${props.reveal.source.sentenceId}`} target="_blank" rel="noopener">
          « {props.reveal.source.quote} »
        </a>
      </blockquote>
    </div>
  );
}

/** The phone's page: nickname, waiting, the question's inputs, "received", the result and the rank. */
export function PhonePage(props: PageBase & { view: RoomView; error?: string; order?: string[]; name?: string }) {
  const { view, lang } = props;
  const w = W[lang];
  const t = T[lang];
  const phase = view.state?.phase ?? "lobby";
  const q = view.question;
  const answered = phase === "question" && view.ack !== undefined && view.ack.questionId === q?.question.id;
  const refresh = phase === "question" && !answered && view.joined ? (secondsLeft(view) ?? 5) + 1 : 3;
  let body: unknown;
  if (view.removed) body = <p class="card">{w.removed}</p>;
  else if (!view.joined) {
    body =
      phase === "ended" ? (
        <p>{w.over}</p>
      ) : (
        <form method="post" action={`/live/${props.code}/join`}>
          <p>
            <label for="live-name">{w.nickname}</label>
            <input
              id="live-name"
              name="name"
              maxlength={24}
              autocomplete="nickname"
              required
              value={props.name ?? ""}
            />
          </p>
          <p>
            <button type="submit">{w.join}</button>
          </p>
        </form>
      );
  } else if (phase === "lobby") body = <p class="card big">{w.waiting}</p>;
  else if (phase === "question" && q) {
    const served: ServedQuestion = { ...q.question, number: q.index + 1, total: q.total };
    body = (
      <>
        <p class="mut">{w.question(q.index + 1, q.total)}</p>
        <Countdown view={view} lang={lang} />
        <h2 id="live-prompt">{q.question.prompt}</h2>
        {answered ? (
          <p class="card big" role="status">
            {w.received}
          </p>
        ) : (
          <form method="post" action={`/live/${props.code}/answer`} data-live-answer aria-labelledby="live-prompt">
            <input type="hidden" name="questionId" value={q.question.id} />
            <QuestionInput question={served} t={t} order={props.order} />
            <p>
              <button type="submit">{w.send}</button>
            </p>
          </form>
        )}
      </>
    );
  } else if (phase === "reveal" && view.reveal) {
    const r = view.result;
    const verdict =
      r?.fraction === null || r === undefined
        ? w.noAnswer
        : r.fraction >= 1
          ? w.right
          : r.fraction > 0
            ? w.partly
            : w.wrong;
    body = (
      <>
        <p class={`big ${r?.fraction ? "ok" : "bad"}`}>{verdict}</p>
        {r ? (
          <p>
            +{r.points} {w.points} · {w.score} {r.score} · <strong>{w.rank(r.rank, r.of)}</strong>
          </p>
        ) : null}
        <Explained reveal={view.reveal} lang={lang} />
        <Distribution reveal={view.reveal} lang={lang} />
      </>
    );
  } else if (phase === "ended") {
    body = (
      <>
        <h2>{w.over}</h2>
        {view.final ? (
          <p class="big">
            {w.rank(view.final.rank, view.final.of)} · {view.final.score} {w.points}
          </p>
        ) : null}
        {view.ended ? <Board entries={view.ended.leaderboard} title={w.podium} lang={lang} /> : null}
      </>
    );
  }
  return (
    <Layout
      title={`${props.code} — Quiz IA`}
      lang={lang}
      nonce={props.nonce}
      path={`/live/${props.code}`}
      noindex
      css={LIVE_CSS}
      head={refreshHead(refresh)}
      script={LIVE_JS}
    >
      <div class="live" data-live="phone" data-code={props.code} data-phase={phase}>
        <h1>
          {view.joined ? `${view.joined.name} · ` : ""}
          {props.code}
        </h1>
        {props.error ? (
          <p class="bad" role="alert">
            {props.error}
          </p>
        ) : null}
        <p id="live-status" class="sr" role="status" aria-live="polite" />
        {body}
      </div>
    </Layout>
  );
}

const Control = (props: { code: string; cmd: string; label: string; sec?: boolean }) => (
  <form method="post" action={`/live/${props.code}/host/${props.cmd}`} data-cmd={props.cmd}>
    <button type="submit" class={props.sec ? "sec" : ""}>
      {props.label}
    </button>
  </form>
);

/** The projector: join code and QR, then each question with its countdown, the reveal, the podium. */
export function HostPage(props: PageBase & { view: RoomView; joinUrl: string; qrSvg: string }) {
  const { view, lang, code } = props;
  const w = W[lang];
  const s = view.state;
  const phase = s?.phase ?? "lobby";
  const players = view.players?.players ?? [];
  const names = (
    <ul class="names" aria-label={w.players}>
      {players.map((p) => (
        <li>
          {p.name}
          <form method="post" action={`/live/${code}/host/remove`} data-cmd="remove">
            <input type="hidden" name="playerId" value={p.id} />
            <button type="submit" class="sec" aria-label={`${w.remove} ${p.name}`}>
              ×
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
  let body: unknown;
  if (phase === "lobby") {
    body = (
      <div class="grid">
        <div>
          <p>
            {w.joinAt} <strong>{props.joinUrl.replace(/^https?:\/\//, "")}</strong> {w.withCode}
          </p>
          <p class="code">{code}</p>
          <p class="big">
            <span data-count>{players.length}</span> {w.players}
          </p>
          {names}
        </div>
        <div class="qr">{raw(props.qrSvg)}</div>
      </div>
    );
  } else if (phase === "question" && view.question) {
    body = (
      <>
        <p class="mut">
          {w.question(view.question.index + 1, view.question.total)} · {code}
        </p>
        <h2 class="big">{view.question.question.prompt}</h2>
        <QuestionList question={view.question} />
        <Countdown view={view} lang={lang} />
        <p class="big">
          <span data-answered>{view.answered?.count ?? 0}</span> / {s?.players ?? 0} {w.answered}
        </p>
      </>
    );
  } else if (phase === "reveal" && view.reveal) {
    body = (
      <div class="grid">
        <div>
          <p class="mut">
            {w.question(view.reveal.index + 1, view.reveal.total)} · {code}
          </p>
          <Distribution reveal={view.reveal} lang={lang} />
          <Explained reveal={view.reveal} lang={lang} />
        </div>
        <Board entries={view.reveal.leaderboard} title={w.top} lang={lang} />
      </div>
    );
  } else if (phase === "ended") {
    body = view.ended ? <Board entries={view.ended.leaderboard} title={w.podium} lang={lang} /> : <p>{w.over}</p>;
  }
  const paused = s?.paused ?? false;
  return (
    <Layout
      title={`${code} — ${w.top}`}
      lang={lang}
      nonce={props.nonce}
      path={`/live/${code}/host`}
      noindex
      css={LIVE_CSS}
      head={refreshHead(3)}
      script={LIVE_JS}
    >
      <div class="live host" data-live="host" data-code={code} data-phase={phase} data-paused={paused ? "1" : ""}>
        {body}
        <p id="live-status" role="status" aria-live="polite" class="mut" />
        {phase === "ended" ? null : (
          <nav class="ctl" aria-label="Controls">
            {phase === "lobby" ? <Control code={code} cmd="start" label={w.start} /> : null}
            {phase === "reveal" ? <Control code={code} cmd="next" label={w.next} /> : null}
            {phase === "question" ? <Control code={code} cmd="skip" label={w.skip} /> : null}
            {phase === "question" ? (
              <Control code={code} cmd={paused ? "resume" : "pause"} label={paused ? w.resume : w.pause} sec />
            ) : null}
            <Control code={code} cmd="end" label={w.end} sec />
          </nav>
        )}
        {phase !== "lobby" && phase !== "ended" ? (
          <details>
            <summary>
              {w.players} ({players.length})
            </summary>
            {names}
          </details>
        ) : null}
        <p class="mut">{w.keys}</p>
      </div>
    </Layout>
  );
}

function QuestionList(props: { question: Of<"question"> }) {
  const q = props.question.question as { choices?: { text: string }[]; items?: { text: string }[] };
  const options = q.choices ?? q.items;
  return options ? (
    <ol class="bars">
      {options.map((o) => (
        <li class="card">{o.text}</li>
      ))}
    </ol>
  ) : null;
}

/** The host's sign-in: the secret from the private link (its #key fragment fills this in with JavaScript). */
export function HostLoginPage(props: PageBase & { errors?: FieldError[] }) {
  const w = W[props.lang];
  return (
    <Layout title={`${props.code} — ${w.hostLogin}`} lang={props.lang} nonce={props.nonce} noindex script={LIVE_JS}>
      <h1>{props.code}</h1>
      <form method="post" action={`/live/${props.code}/host`} data-host-login>
        <p>
          <label for="host-key">{w.hostLogin}</label>
          <input id="host-key" name="key" type="password" autocomplete="off" required maxlength={100} />
        </p>
        <p class="mut">{w.hostLoginHelp}</p>
        {props.errors?.length ? (
          <p class="bad" role="alert">
            {props.errors.map((e) => e.detail).join(" ")}
          </p>
        ) : null}
        <p>
          <button type="submit">{w.open}</button>
        </p>
      </form>
    </Layout>
  );
}

type PoolChoices = { quizzes: { id: string; title: string; size: number }[] };

/** The teacher's "Play live" form. */
export function LiveCreatePage(
  props: { lang: Lang; nonce: string; values?: Record<string, string | string[]>; errors?: FieldError[] } & PoolChoices,
) {
  const fr = props.lang === "fr";
  const v = (name: string, fallback: string) => {
    const value = props.values?.[name];
    return typeof value === "string" ? value : fallback;
  };
  return (
    <Layout
      title={fr ? "Jouer en direct" : "Play live"}
      lang={props.lang}
      nonce={props.nonce}
      path="/teach/live"
      noindex
    >
      <h1>{fr ? "Jouer en direct" : "Play live"}</h1>
      <p class="mut">
        {fr
          ? "La classe rejoint avec un code ; le projecteur montre une question à la fois ; les téléphones répondent."
          : "The class joins with a code; the projector shows one question at a time; phones answer."}
      </p>
      {props.errors?.length ? (
        <ul class="bad" role="alert">
          {props.errors.map((e) => (
            <li>
              {e.pointer.replace(/^\//, "")}: {e.detail}
            </li>
          ))}
        </ul>
      ) : null}
      <form method="post" action="/teach/live">
        <p>
          <label for="live-quiz">{fr ? "Questions" : "Questions"}</label>
          <select id="live-quiz" name="quizId">
            {props.quizzes.map((q) => (
              <option value={q.id} selected={v("quizId", "article") === q.id}>
                {q.title} ({q.size})
              </option>
            ))}
          </select>
        </p>
        <p>
          <label for="live-count">{fr ? "Nombre de questions" : "Number of questions"}</label>
          <input id="live-count" name="questionCount" type="number" min={1} max={50} value={v("questionCount", "10")} />
        </p>
        <p>
          <label for="live-seconds">{fr ? "Secondes par question (5 à 120)" : "Seconds per question (5 to 120)"}</label>
          <input
            id="live-seconds"
            name="secondsPerQuestion"
            type="number"
            min={5}
            max={120}
            value={v("secondsPerQuestion", "20")}
          />
        </p>
        <p>
          <label for="live-lang">{fr ? "Langue" : "Language"}</label>
          <select id="live-lang" name="lang">
            <option value="fr" selected={v("lang", props.lang) === "fr"}>
              Français
            </option>
            <option value="en" selected={v("lang", props.lang) === "en"}>
              English
            </option>
          </select>
        </p>
        <label class="opt">
          <input type="checkbox" name="speedBonus" value="1" checked={v("speedBonus", "") === "1"} />
          <span>
            {fr
              ? "Bonus de rapidité (désactivé par défaut : la justesse d’abord)"
              : "Speed bonus (off by default: accuracy first)"}
          </span>
        </label>
        <p>
          <button type="submit">{fr ? "Créer la partie" : "Create the game"}</button>
        </p>
      </form>
    </Layout>
  );
}

/** Shown once after creating a live game: the code, the QR, the private host link. */
export function LiveCreatedPage(props: {
  lang: Lang;
  nonce: string;
  code: string;
  joinUrl: string;
  hostUrl: string;
  qrSvg: string;
}) {
  const fr = props.lang === "fr";
  return (
    <Layout
      title={`${props.code} — ${fr ? "Partie créée" : "Game created"}`}
      lang={props.lang}
      nonce={props.nonce}
      noindex
    >
      <h1>{fr ? "Partie en direct créée" : "Live game created"}</h1>
      <p class="code">{props.code}</p>
      <p>
        <a class="btn" href={`/live/${props.code}/host`}>
          {fr ? "Ouvrir la vue projecteur" : "Open the projector view"}
        </a>
      </p>
      <p>
        {fr ? "Les élèves rejoignent sur" : "Students join at"} <a href={props.joinUrl}>{props.joinUrl}</a>
      </p>
      <div class="card">
        <p>
          <strong>{fr ? "Lien privé d’animation — gardez-le :" : "Private host link — keep it:"}</strong>{" "}
          {fr
            ? "il rend la main sur un autre appareil et donne accès aux résultats."
            : "it gives control back on another device and opens the results."}
        </p>
        <p>
          <input aria-label={fr ? "Lien privé" : "Private link"} readonly value={props.hostUrl} />
        </p>
        <p>
          <a href={`/teach/${props.code}/manage`}>{fr ? "Résultats de la partie" : "The game's results"}</a>
        </p>
      </div>
    </Layout>
  );
}
