import type { AssignmentResults } from "../../../flows/assignment-results.ts";
import type { Lang } from "../../../quiz/format.ts";
import { showDuration, showFigure } from "./figures.ts";
import { REMOVE_TEXT, TEACH_TEXT } from "./strings.ts";

/**
 * The live part of the manage page (also served alone for polling): one page of learners and
 * the links to the pages around it, plain links that work without JavaScript.
 */
export function Roster(props: { lang: Lang; results: AssignmentResults; base: string; pollUrl?: string }) {
  const t = TEACH_TEXT[props.lang];
  const r = props.results;
  const label = { "not-started": t.notStarted, "in-progress": t.inProgress, finished: t.done } as const;
  return (
    <section id="roster" data-poll={props.pollUrl} aria-live="polite">
      <h2>
        {t.roster} ({t.finished(r.finishedCount, r.learnerCount)} · {REMOVE_TEXT[props.lang].cap(r.maxLearners)})
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
              <th scope="col">{REMOVE_TEXT[props.lang].column}</th>
            </tr>
          </thead>
          <tbody>
            {r.roster.map((row) => (
              <tr>
                <th scope="row">{row.name}</th>
                <td>{label[row.status]}</td>
                <td>
                  {row.score === null
                    ? "—"
                    : `${showFigure(row.score)} / ${showFigure(row.maxScore)} (${showFigure(row.percent, " %")})`}
                </td>
                <td>{showDuration(row.timeTakenMs)}</td>
                <td>
                  {row.attemptsUsed} / {r.assignment.attemptsAllowed}
                </td>
                <td>
                  <details>
                    <summary>{REMOVE_TEXT[props.lang].open}</summary>
                    <form method="post" action={`/teach/${r.assignment.code}/manage/remove`}>
                      <input type="hidden" name="learner" value={row.learnerId} />
                      <button type="submit" class="bad">
                        {REMOVE_TEXT[props.lang].confirm(row.name)}
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
      {r.prev || r.next ? (
        <nav class="row" aria-label={t.pages}>
          {r.prev ? (
            <a class="btn sec" rel="prev" href={`${props.base}?cursor=${r.prev}`}>
              {t.prevPage}
            </a>
          ) : null}
          {r.next ? (
            <a class="btn sec" rel="next" href={`${props.base}?cursor=${r.next}`}>
              {t.nextPage}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
