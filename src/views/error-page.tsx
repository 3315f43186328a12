import type { Problem } from "../http/problem.ts";
import type { Lang } from "../quiz/format.ts";
import { Layout } from "./layout.tsx";

const TEXT = {
  fr: {
    404: "Cette page n’existe pas.",
    500: "Une erreur inattendue s’est produite. Réessayez dans un instant.",
    503: "Le service est momentanément indisponible. Réessayez dans quelques secondes.",
    other: "La demande n’a pas pu aboutir.",
    home: "Retour à l’accueil",
    ref: "Référence",
  },
  en: {
    404: "This page does not exist.",
    500: "Something unexpected went wrong. Please try again in a moment.",
    503: "The service is briefly unavailable. Please try again in a few seconds.",
    other: "The request could not be completed.",
    home: "Back to the home page",
    ref: "Reference",
  },
} as const;

/** A friendly error page with the same status as the problem it shows. */
export function ErrorPage(props: { problem: Problem; lang: Lang; nonce: string; requestId?: string }) {
  const t = TEXT[props.lang];
  const { status } = props.problem;
  const lead = status === 404 ? t[404] : status === 503 ? t[503] : status >= 500 ? t[500] : t.other;
  return (
    <Layout title={`${status} · ${props.problem.title}`} lang={props.lang} nonce={props.nonce}>
      <h1>{props.problem.title}</h1>
      <p>{lead}</p>
      {status < 500 ? <p>{props.problem.detail}</p> : null}
      {props.problem.errors?.length ? (
        <ul>
          {props.problem.errors.map((e) => (
            <li>
              {e.pointer ? <code>{e.pointer.slice(1)}</code> : null} {e.detail}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a class="btn" href="/">
          {t.home}
        </a>
      </p>
      {props.requestId ? (
        <p class="mut">
          {t.ref}: <code>{props.requestId}</code>
        </p>
      ) : null}
    </Layout>
  );
}
