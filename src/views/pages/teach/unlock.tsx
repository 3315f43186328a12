import { UNLOCK_JS } from "../../../client/generated.ts";
import type { Lang } from "../../../quiz/format.ts";
import { Layout } from "../../layout.tsx";

const S = {
  fr: {
    title: "Ouvrir la page de gestion",
    lead: "Collez le secret de gestion de ce devoir (la partie après « #key= » de votre lien privé).",
    secret: "Secret de gestion",
    remember: "Ajouter ce devoir à « Vos devoirs » dans ce navigateur",
    open: "Ouvrir",
    crossSite:
      "Vous avez suivi un lien de gestion depuis un autre site : ce devoir ne sera pas ajouté à votre liste sans votre accord.",
    wrong: "Ce secret n’ouvre pas ce devoir.",
  },
  en: {
    title: "Open the manage page",
    lead: "Paste this assignment’s manage secret (the part after “#key=” in your private link).",
    secret: "Manage secret",
    remember: "Add this assignment to “Your assignments” in this browser",
    open: "Open",
    crossSite:
      "You followed a manage link from another site: this assignment is not added to your list unless you say so.",
    wrong: "This secret does not open this assignment.",
  },
} as const;

/** The manage page's door when this browser holds no (valid) secret: a form to paste it, or the fragment exchange. */
export function UnlockPage(props: { lang: Lang; nonce: string; code: string; crossSite: boolean; wrong?: boolean }) {
  const t = S[props.lang];
  return (
    <Layout
      title={t.title}
      lang={props.lang}
      nonce={props.nonce}
      noindex
      path={`/teach/${props.code}/manage`}
      script={UNLOCK_JS}
    >
      <h1>
        {t.title} <code>{props.code}</code>
      </h1>
      {props.wrong ? (
        <p class="card bad" role="alert">
          {t.wrong}
        </p>
      ) : null}
      {props.crossSite ? <p>{t.crossSite}</p> : null}
      <form
        id="unlock"
        method="post"
        action={`/teach/${props.code}/manage/unlock`}
        data-cross-site={props.crossSite ? "1" : undefined}
      >
        <p>{t.lead}</p>
        <p>
          <label for="key">{t.secret}</label>
          <input id="key" name="key" type="password" autocomplete="off" required maxlength={64} />
        </p>
        <p>
          <label>
            <input type="checkbox" name="remember" value="1" checked={!props.crossSite} /> {t.remember}
          </label>
        </p>
        <p>
          <button type="submit">{t.open}</button>
        </p>
      </form>
    </Layout>
  );
}
