import type { Lang } from "../quiz/format.ts";

const S = {
  fr: {
    heading: "Exporter les questions vers un LMS",
    lead: "Moodle XML, GIFT ou un paquet QTI 3.0 : réponses, corrections, phrase source et traduction comprises.",
    quiz: "Questions",
    format: "Format",
    lang: "Langue",
    both: "les deux (Moodle : balises multilang ; GIFT : un fichier par langue)",
    fr: "français",
    en: "anglais",
    download: "Télécharger",
  },
  en: {
    heading: "Export the questions to an LMS",
    lead: "Moodle XML, GIFT or a QTI 3.0 package: answers, feedback, source sentence and translation included.",
    quiz: "Questions",
    format: "Format",
    lang: "Language",
    both: "both (Moodle: multilang spans; GIFT: one file per language)",
    fr: "French",
    en: "English",
    download: "Download",
  },
} as const;

const FORMATS = [
  { id: "moodle-xml", label: "Moodle XML (.xml)" },
  { id: "gift", label: "GIFT (.gift.txt)" },
  { id: "qti3", label: "QTI 3.0 (.zip)" },
] as const;

/**
 * A GET form that downloads an export: of one of the quizzes (on /teach, through
 * /teach/export) or of an assignment's questions (on its manage page). Works without JavaScript.
 */
export function ExportForm(props: { lang: Lang; action: string; quizzes?: { id: string; title: string }[] }) {
  const t = S[props.lang];
  const id = (name: string) => `export-${name}`;
  return (
    <section>
      <h2>{t.heading}</h2>
      <p class="mut">{t.lead}</p>
      <form method="get" action={props.action} class="row">
        {props.quizzes ? (
          <p>
            <label for={id("quiz")}>{t.quiz}</label>
            <select id={id("quiz")} name="quiz">
              {props.quizzes.map((q) => (
                <option value={q.id}>{q.title}</option>
              ))}
            </select>
          </p>
        ) : null}
        <p>
          <label for={id("format")}>{t.format}</label>
          <select id={id("format")} name="format">
            {FORMATS.map((f) => (
              <option value={f.id}>{f.label}</option>
            ))}
          </select>
        </p>
        <p>
          <label for={id("lang")}>{t.lang}</label>
          <select id={id("lang")} name="lang">
            <option value="both">{t.both}</option>
            <option value="fr">{t.fr}</option>
            <option value="en">{t.en}</option>
          </select>
        </p>
        <p>
          <button type="submit" class="btn sec">
            {t.download}
          </button>
        </p>
      </form>
    </section>
  );
}
