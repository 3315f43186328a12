import type { AssignmentResults } from "../../../flows/assignment-results.ts";
import { articleSentencePath } from "../../../http/links.ts";
import type { Lang } from "../../../quiz/format.ts";
import { showFigure } from "./figures.ts";
import { TEACH_TEXT } from "./strings.ts";

type Items = { lang: Lang; items: AssignmentResults["items"] };

/** The least answered questions, each linked to the sentence of the article it comes from. */
export function WeakestItems(props: Items & { weakest: AssignmentResults["weakest"] }) {
  const t = TEACH_TEXT[props.lang];
  const weakest = props.items.filter((i) => props.weakest.includes(i.itemId));
  return (
    <>
      <h2>{t.weakest}</h2>
      {weakest.length ? (
        <ul>
          {weakest.map((i) => (
            <li>
              {i.prompt} — {showFigure(i.facility, " %")} (
              <a href={articleSentencePath(i.sentenceId)}>{t.sourceSentence}</a>)
            </li>
          ))}
        </ul>
      ) : (
        <p class="mut">{t.noItems}</p>
      )}
    </>
  );
}

/** Per question: level, facility, discrimination, how many answered it and each option's picks. */
export function ItemAnalysis(props: Items) {
  const t = TEACH_TEXT[props.lang];
  return (
    <>
      <h2>{t.items}</h2>
      {props.items.length ? (
        props.items.map((i) => (
          <section class="card">
            <p>
              <strong>{i.prompt}</strong> (<a href={articleSentencePath(i.sentenceId)}>{t.sourceSentence}</a>)
            </p>
            <p>
              {t.level}: {t.levels[i.level]} · {t.facility}: {showFigure(i.facility, " %")} · {t.discrimination}:{" "}
              {showFigure(i.discrimination)} · n = {i.attempts}
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
    </>
  );
}
