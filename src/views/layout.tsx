import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Lang } from "../quiz/format.ts";
import { CSS } from "./styles.ts";

export type LayoutProps = {
  title: string;
  lang: Lang;
  nonce: string;
  children: Child;
  /** Path of this page without query, for the language switch. */
  path?: string;
  noindex?: boolean;
  /** A script (inline, nonce'd) that only improves the page. */
  script?: string;
  /** Extra CSS for this page only (a constant of this codebase). */
  css?: string;
  /** Head elements of this page only (e.g. a refresh for browsers without JavaScript). */
  head?: Child;
};

const NAV = {
  fr: {
    home: "Accueil",
    article: "Article",
    progress: "Progrès",
    teach: "Enseignant",
    privacy: "Confidentialité",
    other: "English",
    otherLang: "en",
  },
  en: {
    home: "Home",
    article: "Article",
    progress: "Progress",
    teach: "Teacher",
    privacy: "Privacy",
    other: "Français",
    otherLang: "fr",
  },
} as const;

/** The page shell: inline CSS with the request's nonce, no external resources. */
export function Layout(props: LayoutProps) {
  const nav = NAV[props.lang];
  const switchHref = `${props.path ?? "/"}?lang=${nav.otherLang}`;
  // The doctype keeps browsers out of quirks mode (Lighthouse: doctype); a constant, not user data.
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={props.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width,initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          {props.noindex ? <meta name="robots" content="noindex,nofollow" /> : null}
          <title>{props.title}</title>
          <link rel="icon" href="data:," />
          {/* Constants of this codebase, never user data: as text children they would be HTML-escaped
            (`&quot;` breaks both the CSS font list and the script). */}
          <style nonce={props.nonce} dangerouslySetInnerHTML={{ __html: props.css ? CSS + props.css : CSS }} />
          {props.head ?? null}
        </head>
        <body>
          <header>
            <a href="/">
              <strong>Quiz IA</strong>
            </a>
            <nav aria-label={props.lang === "fr" ? "Navigation principale" : "Main navigation"}>
              <a href="/">{nav.home}</a>
              <a href="/article">{nav.article}</a>
              <a href="/progress">{nav.progress}</a>
              <a href={switchHref} hreflang={nav.otherLang} lang={nav.otherLang}>
                {nav.other}
              </a>
            </nav>
          </header>
          <main id="main">{props.children}</main>
          <footer>
            <a href="/privacy">{nav.privacy}</a>
          </footer>
          {props.script ? <script nonce={props.nonce} dangerouslySetInnerHTML={{ __html: props.script }} /> : null}
        </body>
      </html>
    </>
  );
}
