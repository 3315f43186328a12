import type { AssignmentResults } from "../../../flows/assignment-results.ts";
import type { Lang } from "../../../quiz/format.ts";
import { TEACH_TEXT } from "./strings.ts";

/** The score distribution: one bar per band of percentages, scaled to the fullest band. */
export function Distribution(props: { lang: Lang; distribution: AssignmentResults["distribution"] }) {
  const t = TEACH_TEXT[props.lang];
  const max = Math.max(1, ...props.distribution.map((b) => b.count));
  return (
    <>
      <h2>{t.distribution}</h2>
      <table>
        <tbody>
          {props.distribution.map((b) => (
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
    </>
  );
}
