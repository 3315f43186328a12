/**
 * The live pages' script, inlined with the CSP nonce. Without it the pages refresh themselves
 * and every control and answer is a plain form post. With it: the room's socket pushes each
 * change (the page's main part is fetched again once per change), the countdown ticks, answers
 * and host commands go over the socket, the host has keyboard shortcuts, and a dropped socket
 * reconnects with backoff (the server restores the player, their answer and the phase).
 */
import { moveInList } from "./ordering.ts";

/** What the room's socket sends that this script reads (src/live/protocol.ts has the whole protocol). */
type Message = { type: string; now?: number; count?: number; detail?: string };

const d = document;
const $ = <T extends Element = HTMLElement>(selector: string) => d.querySelector<T>(selector);

function start(): void {
  const login = $<HTMLFormElement>("form[data-host-login]");
  const key = /[#&]key=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (login && key) {
    // The host link's secret travels in the fragment; it is posted once and taken out of the address bar.
    history.replaceState(null, "", location.pathname);
    (login.elements.namedItem("key") as HTMLInputElement).value = key[1] ?? "";
    login.submit();
    return;
  }
  const root = () => $("[data-live]");
  let room = root();
  if (!room || !window.WebSocket) return;
  const host = room.dataset.live === "host";
  const code = room.dataset.code ?? "";
  let socket: WebSocket | undefined;
  let skew = 0;
  let tries = 0;
  let quiet = true;
  let pending: ReturnType<typeof setTimeout> | undefined;
  const say = (message: string) => {
    const status = $("#live-status");
    if (status) status.textContent = message;
  };
  /** Fetches the page again and swaps its main part in, once for a burst of changes. */
  const reload = () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      try {
        const response = await fetch(location.pathname, { credentials: "same-origin" });
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        const main = doc.querySelector("main");
        if (main) {
          $("main")?.replaceWith(main);
          room = root();
        }
      } catch {
        say("…");
      }
    }, 40);
  };
  const send = (message: Record<string, unknown>) => {
    if (socket && socket.readyState === 1) {
      socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  };

  function open(): void {
    const ws = new WebSocket(
      `${location.protocol === "https:" ? "wss://" : "ws://"}${location.host}/api/live/${code}/socket${host ? "?as=host" : ""}`,
    );
    socket = ws;
    ws.onopen = () => {
      tries = 0;
      quiet = true;
      // The snapshot sent on connecting describes the page just loaded: no reload for it.
      setTimeout(() => {
        quiet = false;
      }, 400);
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      const m = JSON.parse(e.data) as Message;
      if (m.now) skew = m.now - Date.now();
      if (m.type === "answered") {
        const answered = $("[data-answered]");
        if (answered) answered.textContent = String(m.count);
        return;
      }
      if (m.type === "error") {
        say(m.detail ?? "");
        const button = $<HTMLButtonElement>("form[data-live-answer] button[type=submit]");
        if (button) button.disabled = false;
        return;
      }
      if (quiet && m.type !== "ack") return;
      reload();
    };
    ws.onclose = (e) => {
      if (e.code === 4003 || (e.code === 1000 && e.reason === "Room closed")) {
        reload();
        return;
      }
      setTimeout(open, Math.min(8000, 400 * 2 ** tries++));
    };
  }
  open();

  setInterval(() => {
    const timer = $("[data-ends]");
    if (timer?.dataset.ends) {
      timer.textContent = String(Math.max(0, Math.ceil((+timer.dataset.ends - Date.now() - skew) / 1000)));
    }
  }, 250);

  d.addEventListener("submit", (e) => {
    const form = e.target as HTMLFormElement;
    const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    if (form.matches("form[data-live-answer]")) {
      const fields: Record<string, string | string[]> = {};
      for (const [name, value] of new FormData(form, e.submitter)) {
        if (name === "questionId" || name === "move") continue;
        const text = String(value);
        const before = fields[name];
        fields[name] =
          before !== undefined
            ? ([] as string[]).concat(before, text)
            : name === "choices" || name === "order"
              ? [text]
              : text;
      }
      if (e.submitter && (e.submitter as HTMLButtonElement).name === "move") return;
      if (send({ type: "answer", questionId: field("questionId")?.value, fields })) {
        e.preventDefault();
        const button = form.querySelector<HTMLButtonElement>("button[type=submit]:not([name=move])");
        if (button) button.disabled = true;
      }
      return;
    }
    if (form.matches("form[data-cmd]")) {
      const message: Record<string, unknown> = { type: form.dataset.cmd };
      const player = field("playerId");
      if (player) message.playerId = player.value;
      if (send(message)) e.preventDefault();
    }
  });

  d.addEventListener("click", (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>("button[name=move]");
    if (!button) return;
    e.preventDefault();
    moveInList(button);
    button.focus();
  });

  if (host) {
    d.addEventListener("keydown", (e) => {
      const target = e.target as Element;
      if (target.closest?.("input,select,textarea,button")) return;
      const phase = room?.dataset.phase;
      if (e.key === " " || e.key === "ArrowRight") {
        e.preventDefault();
        send({ type: phase === "lobby" ? "start" : phase === "question" ? "skip" : "next" });
      } else if (e.key === "p" || e.key === "P") send({ type: room?.dataset.paused ? "resume" : "pause" });
      else if (e.key === "f" || e.key === "F") {
        if (d.fullscreenElement) d.exitFullscreen();
        else d.documentElement.requestFullscreen().catch(() => {});
      }
    });
  }
}

start();
