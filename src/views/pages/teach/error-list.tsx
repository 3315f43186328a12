import type { FieldIssue } from "../../../quiz/errors.ts";
import type { Lang } from "../../../quiz/format.ts";
import { TEACH_TEXT } from "./strings.ts";

/** The fields a teacher's form got wrong, above the re-rendered form. */
export function ErrorList(props: { errors: FieldIssue[] | undefined; lang: Lang }) {
  if (!props.errors?.length) return null;
  return (
    <div class="card bad" role="alert">
      <p>{TEACH_TEXT[props.lang].errors}</p>
      <ul>
        {props.errors.map((e) => (
          <li>
            {e.path ? <code>{e.path.slice(1)}</code> : null} {e.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
