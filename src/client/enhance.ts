/**
 * Progressive enhancement for the quiz pages, inlined with the CSP nonce. Without it every form
 * still posts and redirects. With it: no full reload between questions (answer forms and the
 * "next" link), a retry with backoff when the network drops (answers are idempotent on the
 * server), and ordering moves without a round trip.
 */
import { moveInList } from "./ordering.ts";

const d = document;
const live = d.getElementById("live");
const say = (message: string) => {
  if (live) live.textContent = message;
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fetches with up to five retries (1 s, 2 s, 4 s …) on a network error or a 5xx. */
async function retry(url: string, init: RequestInit, offline: string | undefined): Promise<Response> {
  for (let i = 0; ; i++) {
    try {
      const response = await fetch(url, { credentials: "same-origin", ...init });
      if (response.status >= 500 && i < 5) throw new Error("retry");
      return response;
    } catch (error) {
      if (i >= 5) throw error;
      say(offline || "…");
      await wait(1000 * 2 ** i);
    }
  }
}

const send = (form: HTMLFormElement, submitter: HTMLElement | null) =>
  retry(
    form.action,
    {
      method: "POST",
      // FormData's entries are strings here: answer forms hold no file inputs.
      body: new URLSearchParams(new FormData(form, submitter) as unknown as Record<string, string>),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
    form.dataset.offline,
  );

/** Puts the page a response holds in place of this one's main part (or goes there if it has none). */
async function swap(response: Response, push: boolean): Promise<void> {
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const main = doc.querySelector("main");
  if (!main) {
    location.href = response.url;
    return;
  }
  d.querySelector("main")?.replaceWith(main);
  d.title = doc.title;
  if (push && response.url !== location.href) history.pushState(null, "", response.url);
  say("");
  const heading = main.querySelector<HTMLElement>("h1,h2");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
}

d.addEventListener("click", (e) => {
  const target = e.target as Element;
  const link = target.closest<HTMLAnchorElement>("main a[href^='/attempts/']");
  if (link && !e.defaultPrevented && e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
    e.preventDefault();
    retry(link.href, {}, d.querySelector<HTMLElement>("[data-offline]")?.dataset.offline).then(
      (response) => swap(response, true),
      () => {
        location.href = link.href;
      },
    );
    return;
  }
  const button = target.closest<HTMLButtonElement>("button[name=move]");
  if (!button) return;
  e.preventDefault();
  moveInList(button);
  if (button.disabled) button.closest("li")?.querySelector<HTMLButtonElement>("button:not([disabled])")?.focus();
  else button.focus();
});

d.addEventListener("submit", async (e) => {
  const form = e.target as HTMLFormElement;
  if (!form.matches("form[data-enhance]")) return;
  e.preventDefault();
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]:not([name=move])");
  if (button) button.disabled = true;
  try {
    await swap(await send(form, e.submitter), true);
  } catch {
    if (button) button.disabled = false;
    say(form.dataset.offline || "");
  }
});

addEventListener("popstate", () => location.reload());
