import type { ServedQuestion } from "../quiz/attempt.ts";
import type { Strings } from "./i18n.ts";

type Option = { id: string; text: string };
type Q = ServedQuestion & {
  choices?: Option[];
  items?: Option[];
  left?: Option[];
  right?: Option[];
  unit?: string;
  inputMode?: string;
  placeholder?: string;
};

/** The inputs that fit each question type; all plain form controls, no script needed. */
export function QuestionInput(props: { question: ServedQuestion; t: Strings; order?: string[] }) {
  const q = props.question as Q;
  const { t } = props;
  switch (q.type) {
    case "single-choice":
    case "poll":
    case "true-false":
      return (
        <fieldset>
          <legend class="sr">{t.yourAnswer}</legend>
          {(q.choices ?? []).map((c) => (
            <label class="opt">
              {/* The field each type's fromForm reads: "value" (true/false) or "choice". */}
              <input type="radio" name={q.type === "true-false" ? "value" : "choice"} value={c.id} required />
              <span>{c.text}</span>
            </label>
          ))}
        </fieldset>
      );
    case "multiple-choice":
      return (
        <fieldset>
          <legend class="sr">{t.yourAnswer}</legend>
          {(q.choices ?? []).map((c) => (
            <label class="opt">
              <input type="checkbox" name="choices" value={c.id} />
              <span>{c.text}</span>
            </label>
          ))}
        </fieldset>
      );
    case "numeric":
      return (
        <p>
          <label for="answer-value">{t.yourAnswer}</label>
          <span class="row">
            <input
              id="answer-value"
              class="grow"
              type="text"
              name="value"
              inputmode={q.inputMode === "text" ? "text" : "decimal"}
              autocomplete="off"
              maxlength={100}
              required
            />
            {q.unit ? <span>{q.unit}</span> : null}
          </span>
        </p>
      );
    case "text":
      return (
        <p>
          <label for="answer-text">{t.yourAnswer}</label>
          <input
            id="answer-text"
            type="text"
            name="text"
            autocomplete="off"
            autocapitalize="off"
            maxlength={200}
            placeholder={q.placeholder ?? t.typeAnswer}
            required
          />
        </p>
      );
    case "ordering": {
      const items = q.items ?? [];
      const byId = new Map(items.map((i) => [i.id, i]));
      const order =
        props.order?.length === items.length && props.order.every((id) => byId.has(id))
          ? props.order
          : items.map((i) => i.id);
      return (
        <ol class="ord" data-ordering>
          {order.map((id, index) => (
            <li>
              <input type="hidden" name="order" value={id} />
              <span class="grow">{byId.get(id)?.text}</span>
              <button
                class="sec"
                type="submit"
                name="move"
                value={`${index}:up`}
                disabled={index === 0}
                aria-label={`${t.moveUp}: ${byId.get(id)?.text}`}
              >
                ↑
              </button>
              <button
                class="sec"
                type="submit"
                name="move"
                value={`${index}:down`}
                disabled={index === order.length - 1}
                aria-label={`${t.moveDown}: ${byId.get(id)?.text}`}
              >
                ↓
              </button>
            </li>
          ))}
        </ol>
      );
    }
    case "matching":
      return (
        <div>
          {(q.left ?? []).map((l) => (
            <p>
              <label for={`pair-${l.id}`}>{l.text}</label>
              <select id={`pair-${l.id}`} name={`pair.${l.id}`} required>
                <option value="">{t.choose}</option>
                {(q.right ?? []).map((r) => (
                  <option value={r.id}>{r.text}</option>
                ))}
              </select>
            </p>
          ))}
        </div>
      );
    default:
      return null;
  }
}
