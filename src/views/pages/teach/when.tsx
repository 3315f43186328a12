import type { Lang } from "../../../quiz/format.ts";

/** Shows ISO times as UTC text; the page script rewrites them in the reader's time zone. */
export function When(props: { ms: number | null; lang: Lang }) {
  if (props.ms === null) return <span>—</span>;
  const iso = new Date(props.ms).toISOString();
  return (
    <time datetime={iso} data-local="">
      {iso.slice(0, 16).replace("T", " ")} UTC
    </time>
  );
}
