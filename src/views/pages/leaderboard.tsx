import { BOARD_REFRESH_JS } from "../../client/generated.ts";
import type { PublicEntry } from "../../flows/leaderboards.ts";
import { formatDuration } from "../../quiz/assignment-rules.ts";
import type { LeaderboardMode, Period } from "../../quiz/boards.ts";
import type { Lang } from "../../quiz/format.ts";
import { NICKNAME_MAX } from "../../quiz/nicknames.ts";
import { Layout } from "../layout.tsx";

type Base = { lang: Lang; nonce: string };

const S = {
  fr: {
    board: "Classement",
    practice: (quiz: string) => `Classement : ${quiz}`,
    week: "Cette semaine",
    all: "Depuis toujours",
    weekNote: "La semaine commence le lundi à 00:00 UTC.",
    rank: "Rang",
    name: "Nom",
    score: "Score",
    time: "Temps",
    anonymous: "Anonyme",
    you: "vous",
    total: (n: number) => `${n} participant${n > 1 ? "s" : ""}`,
    empty: "Personne n’est encore au classement.",
    yourRank: (rank: number, total: number) => `Vous êtes ${rank}${rank === 1 ? "er" : "e"} sur ${total}.`,
    aroundYou: "Autour de vous",
    notOnIt: "Vous n’êtes pas encore au classement : terminez un quiz.",
    joinTitle: "Rejoindre le classement",
    joinLead:
      "Le classement est public : vous n’y figurez que si vous le choisissez, sous un pseudo (1 à 24 caractères, sans se faire passer pour l’enseignant ou le site). Vos meilleurs résultats passés comptent.",
    nickname: "Pseudo",
    join: "Rejoindre",
    joinedAs: (n: string) => `Vous êtes au classement sous le pseudo « ${n} ».`,
    rename: "Changer de pseudo",
    leave: "Quitter le classement",
    anonymousNote: "Classement anonyme : vous voyez les scores et votre propre rang, pas les noms des autres.",
    live: "Mise à jour automatique tant que le devoir est ouvert.",
    closed: "Le devoir est fermé : classement final.",
    hidden: "masqué",
    hide: "Masquer",
    show: "Afficher",
    renameEntry: "Renommer",
    newName: (rank: number) => `Nouveau nom pour le rang ${rank}`,
    moderate: "Modérer le classement",
    moderateLead: "Masquez ou renommez une entrée : les élèves voient le changement au prochain rafraîchissement.",
    learnerView: "Vue des élèves",
  },
  en: {
    board: "Leaderboard",
    practice: (quiz: string) => `Leaderboard: ${quiz}`,
    week: "This week",
    all: "All time",
    weekNote: "Weeks start on Monday at 00:00 UTC.",
    rank: "Rank",
    name: "Name",
    score: "Score",
    time: "Time",
    anonymous: "Anonymous",
    you: "you",
    total: (n: number) => `${n} taking part`,
    empty: "Nobody is on the board yet.",
    yourRank: (rank: number, total: number) => `You are number ${rank} of ${total}.`,
    aroundYou: "Around you",
    notOnIt: "You are not on the board yet: finish a quiz.",
    joinTitle: "Join the leaderboard",
    joinLead:
      "The leaderboard is public: you are on it only if you choose to be, under a nickname (1 to 24 characters, not posing as the teacher or the site). Your best past results count.",
    nickname: "Nickname",
    join: "Join",
    joinedAs: (n: string) => `You are on the board as “${n}”.`,
    rename: "Change nickname",
    leave: "Leave the leaderboard",
    anonymousNote: "Anonymous board: you see the scores and your own rank, not the others’ names.",
    live: "Updates itself while the assignment is open.",
    closed: "The assignment is closed: final standings.",
    hidden: "hidden",
    hide: "Hide",
    show: "Show",
    renameEntry: "Rename",
    newName: (rank: number) => `New name for rank ${rank}`,
    moderate: "Moderate the leaderboard",
    moderateLead: "Hide or rename an entry: learners see the change on their next refresh.",
    learnerView: "Learners’ view",
  },
} as const;

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

function EntryRows(props: { lang: Lang; entries: PublicEntry[] }) {
  const t = S[props.lang];
  return (
    <>
      {props.entries.map((e) => (
        <tr class={e.you ? "you" : undefined} aria-current={e.you ? "true" : undefined}>
          <td>{e.rank}</td>
          <th scope="row">
            {e.name ?? <span class="mut">{t.anonymous}</span>}
            {e.you ? <strong> ({t.you})</strong> : null}
          </th>
          <td>
            {fmt(e.score)} / {fmt(e.maxScore)}
          </td>
          <td>{formatDuration(e.durationMs)}</td>
        </tr>
      ))}
    </>
  );
}

function BoardTable(props: { lang: Lang; caption: string; entries: PublicEntry[] }) {
  const t = S[props.lang];
  return (
    <table>
      <caption class="sr">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t.rank}</th>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.score}</th>
          <th scope="col">{t.time}</th>
        </tr>
      </thead>
      <tbody>
        <EntryRows lang={props.lang} entries={props.entries} />
      </tbody>
    </table>
  );
}

export type BoardProps = { entries: PublicEntry[]; me: PublicEntry | null; around: PublicEntry[]; total: number };

/** The board itself: top entries, then the learner's rank and neighbours when they are further down. */
function Board(props: { lang: Lang; board: BoardProps; title: string; notOnIt?: string | null }) {
  const t = S[props.lang];
  const b = props.board;
  const meShown = b.me !== null && b.entries.some((e) => e.you);
  return (
    <>
      <p class="mut">{t.total(b.total)}</p>
      {b.me ? <p class="card">{t.yourRank(b.me.rank, b.total)}</p> : props.notOnIt ? <p>{props.notOnIt}</p> : null}
      {b.entries.length ? <BoardTable lang={props.lang} caption={props.title} entries={b.entries} /> : <p>{t.empty}</p>}
      {b.me && !meShown ? (
        <>
          <h2>{t.aroundYou}</h2>
          <BoardTable lang={props.lang} caption={t.aroundYou} entries={b.around} />
        </>
      ) : null}
    </>
  );
}

const STYLE =
  "tr.you{background:color-mix(in srgb,var(--acc) 15%,transparent)}.tabs{display:flex;gap:.5rem;margin:.5rem 0}.tabs a[aria-current]{font-weight:700;text-decoration:none;border-bottom:3px solid var(--acc)}";

export function PracticeBoardPage(
  props: Base & {
    quizId: string;
    quizTitle: string;
    period: Period;
    board: BoardProps;
    nickname: string | null;
    error?: string | null;
    typed?: string;
  },
) {
  const t = S[props.lang];
  const path = `/leaderboard/${props.quizId}`;
  const title = t.practice(props.quizTitle);
  return (
    <Layout title={title} lang={props.lang} nonce={props.nonce} path={path}>
      <style nonce={props.nonce}>{STYLE}</style>
      <h1>{title}</h1>
      <nav class="tabs" aria-label={t.board}>
        <a href={`${path}?period=week`} aria-current={props.period === "week" ? "page" : undefined}>
          {t.week}
        </a>
        <a href={`${path}?period=all`} aria-current={props.period === "all" ? "page" : undefined}>
          {t.all}
        </a>
      </nav>
      {props.period === "week" ? <p class="mut">{t.weekNote}</p> : null}
      <section id="board">
        <Board
          lang={props.lang}
          board={props.board}
          title={`${title} · ${props.period === "week" ? t.week : t.all}`}
          notOnIt={props.nickname ? t.notOnIt : null}
        />
      </section>
      <section class="card">
        <h2>{props.nickname ? t.rename : t.joinTitle}</h2>
        {props.nickname ? <p>{t.joinedAs(props.nickname)}</p> : <p>{t.joinLead}</p>}
        <form method="post" action={`${path}/join`}>
          <label for="nickname">{t.nickname}</label>
          <input
            id="nickname"
            name="nickname"
            type="text"
            required
            maxlength={NICKNAME_MAX * 4}
            autocomplete="nickname"
            value={props.typed ?? props.nickname ?? ""}
            aria-invalid={props.error ? "true" : undefined}
            aria-describedby={props.error ? "nickname-error" : undefined}
          />
          {props.error ? (
            <p id="nickname-error" class="bad" role="alert">
              {props.error}
            </p>
          ) : null}
          <p class="row">
            <button type="submit">{props.nickname ? t.rename : t.join}</button>
          </p>
        </form>
        {props.nickname ? (
          <form method="post" action={`${path}/leave`}>
            <button type="submit" class="sec">
              {t.leave}
            </button>
          </form>
        ) : null}
      </section>
    </Layout>
  );
}

export function AssignmentBoardPage(
  props: Base & {
    code: string;
    title: string;
    mode: LeaderboardMode;
    open: boolean;
    board: BoardProps;
    etag: string;
    limit: number;
  },
) {
  const t = S[props.lang];
  const path = `/a/${props.code}/leaderboard`;
  const title = `${t.board} · ${props.title}`;
  return (
    <Layout
      title={title}
      lang={props.lang}
      nonce={props.nonce}
      path={path}
      noindex
      script={props.open ? BOARD_REFRESH_JS : undefined}
    >
      <style nonce={props.nonce}>{STYLE}</style>
      <h1>{title}</h1>
      {props.mode === "anonymous" ? <p class="mut">{t.anonymousNote}</p> : null}
      <p class="mut">{props.open ? t.live : t.closed}</p>
      <section
        id="board"
        data-api={`/api/assignments/${props.code}/leaderboard?limit=${props.limit}`}
        data-etag={props.etag}
        aria-live="polite"
      >
        <Board lang={props.lang} board={props.board} title={title} />
      </section>
    </Layout>
  );
}

/** The teacher's view: every name, hidden entries too, and a form per entry to hide, show or rename it. */
export function ModerationPage(
  props: Base & {
    code: string;
    title: string;
    entries: PublicEntry[];
    hidden: PublicEntry[];
    total: number;
    error?: string | null;
  },
) {
  const t = S[props.lang];
  const path = `/teach/${props.code}/leaderboard`;
  const title = `${t.moderate} · ${props.title}`;
  const row = (e: PublicEntry) => (
    <li class="card">
      <p>
        <strong>{e.hidden ? `(${t.hidden})` : `#${e.rank}`}</strong> {e.name ?? t.anonymous} · {fmt(e.score)} /{" "}
        {fmt(e.maxScore)} · {formatDuration(e.durationMs)}
      </p>
      <form method="post" action={`${path}/entries/${e.entryId}`} class="row">
        <input type="hidden" name="hidden" value={e.hidden ? "0" : "1"} />
        <button type="submit" class="sec">
          {e.hidden ? t.show : t.hide}
        </button>
      </form>
      <form method="post" action={`${path}/entries/${e.entryId}`} class="row">
        <label class="sr" for={`name-${e.entryId}`}>
          {t.newName(e.rank)}
        </label>
        <input
          id={`name-${e.entryId}`}
          name="name"
          type="text"
          required
          maxlength={NICKNAME_MAX * 4}
          class="grow"
          value={e.name ?? ""}
        />
        <button type="submit">{t.renameEntry}</button>
      </form>
    </li>
  );
  return (
    <Layout title={title} lang={props.lang} nonce={props.nonce} path={path} noindex>
      <h1>{title}</h1>
      <p>{t.moderateLead}</p>
      {props.error ? (
        <p class="bad" role="alert">
          {props.error}
        </p>
      ) : null}
      <p class="mut">{t.total(props.total)}</p>
      <ul class="plain">{props.entries.map(row)}</ul>
      {props.hidden.length ? <ul class="plain">{props.hidden.map(row)}</ul> : null}
      <p>
        <a href={`/a/${props.code}/leaderboard`}>{t.learnerView}</a>
      </p>
    </Layout>
  );
}
