import { TEACH_JS } from "../../client/generated.ts";
import type { AssignmentStatus } from "../../quiz/assignment-rules.ts";
import type { Lang } from "../../quiz/format.ts";
import { Layout } from "../layout.tsx";
import { When } from "./teach/when.tsx";

type Base = { lang: Lang; nonce: string };

const S = {
  fr: {
    join: "Rejoindre un devoir",
    codeLabel: "Code donné par l’enseignant",
    go: "Continuer",
    questions: (n: number) => `${n} question${n > 1 ? "s" : ""}`,
    timeLimit: (m: number) => `Temps limite : ${m} min`,
    noLimit: "Pas de limite de temps",
    closes: "Clôture :",
    opens: "Ouverture :",
    attempts: (n: number) => `${n} tentative${n > 1 ? "s" : ""} autorisée${n > 1 ? "s" : ""}`,
    name: "Votre nom (1 à 40 caractères)",
    nameOptional: "Votre nom (facultatif)",
    start: "Commencer",
    resume: "Reprendre",
    scheduled: "Ce devoir n’est pas encore ouvert.",
    closed: "Ce devoir est clos : il n’accepte plus de réponses.",
    afterClose: "Les corrections seront visibles à la clôture.",
  },
  en: {
    join: "Join an assignment",
    codeLabel: "Code from your teacher",
    go: "Continue",
    questions: (n: number) => `${n} question${n > 1 ? "s" : ""}`,
    timeLimit: (m: number) => `Time limit: ${m} min`,
    noLimit: "No time limit",
    closes: "Closes:",
    opens: "Opens:",
    attempts: (n: number) => `${n} attempt${n > 1 ? "s" : ""} allowed`,
    name: "Your name (1 to 40 characters)",
    nameOptional: "Your name (optional)",
    start: "Start",
    resume: "Resume",
    scheduled: "This assignment is not open yet.",
    closed: "This assignment is closed: it takes no more answers.",
    afterClose: "Corrections will be shown when it closes.",
  },
} as const;

/** Type a code by hand (the QR code and link lead straight to the assignment). */
export function CodeEntryPage(props: Base) {
  const t = S[props.lang];
  return (
    <Layout title={t.join} lang={props.lang} nonce={props.nonce} path="/a">
      <h1>{t.join}</h1>
      <form method="get" action="/a">
        <label for="code">{t.codeLabel}</label>
        <input
          id="code"
          name="code"
          required
          maxlength={16}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
        />
        <p>
          <button type="submit">{t.go}</button>
        </p>
      </form>
    </Layout>
  );
}

export function AssignmentLanding(
  props: Base & {
    code: string;
    title: string;
    status: AssignmentStatus;
    questionCount: number;
    timeLimitMinutes: number | null;
    attemptsAllowed: number;
    opensAt: number;
    closesAt: number | null;
    requireName: boolean;
    afterClose: boolean;
    knownName: string | null;
    resumeId: string | null;
    error?: string;
    name?: string;
  },
) {
  const t = S[props.lang];
  return (
    <Layout title={props.title} lang={props.lang} nonce={props.nonce} path={`/a/${props.code}`} script={TEACH_JS}>
      <h1>{props.title}</h1>
      <ul>
        <li>{t.questions(props.questionCount)}</li>
        <li>{props.timeLimitMinutes === null ? t.noLimit : t.timeLimit(props.timeLimitMinutes)}</li>
        <li>{t.attempts(props.attemptsAllowed)}</li>
        {props.status === "scheduled" ? (
          <li>
            {t.opens} <When ms={props.opensAt} lang={props.lang} />
          </li>
        ) : null}
        {props.closesAt !== null ? (
          <li>
            {t.closes} <When ms={props.closesAt} lang={props.lang} />
          </li>
        ) : null}
        {props.afterClose ? <li>{t.afterClose}</li> : null}
      </ul>
      {props.error ? (
        <p class="card bad" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.resumeId ? (
        <p>
          <a class="btn" href={`/attempts/${props.resumeId}`}>
            {t.resume}
          </a>
        </p>
      ) : props.status === "scheduled" ? (
        <p class="card">{t.scheduled}</p>
      ) : props.status === "closed" ? (
        <p class="card">{t.closed}</p>
      ) : (
        <form method="post" action={`/a/${props.code}`}>
          {props.knownName === null ? (
            <p>
              <label for="name">{props.requireName ? t.name : t.nameOptional}</label>
              <input
                id="name"
                name="name"
                maxlength={200}
                required={props.requireName}
                autocomplete="nickname"
                value={props.name ?? ""}
              />
            </p>
          ) : (
            <p>
              <strong>{props.knownName}</strong>
            </p>
          )}
          <button type="submit">{t.start}</button>
        </form>
      )}
    </Layout>
  );
}
