/** The teacher's pages: fills time-zone offsets in forms, shows times in the teacher's zone, polls the roster. */
const d = document;

// A manage link's secret travels in the fragment; it never stays in the address bar.
if (/^#key=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);
for (const input of d.querySelectorAll<HTMLInputElement>("input[name=tzOffset]")) {
  input.value = String(new Date().getTimezoneOffset());
}

/** Writes every <time data-local> in the browser's time zone and the page's language. */
const showLocalTimes = () => {
  for (const time of d.querySelectorAll("time[data-local]")) {
    time.textContent = new Date(time.getAttribute("datetime") ?? "").toLocaleString(d.documentElement.lang, {
      dateStyle: "medium",
      timeStyle: "short",
    });
  }
};
showLocalTimes();

const roster = d.getElementById("roster");
const poll = roster?.dataset.poll;
if (roster && poll) {
  setInterval(async () => {
    try {
      const response = await fetch(poll, { credentials: "same-origin" });
      if (!response.ok) return;
      const doc = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = doc.getElementById("roster");
      if (next) {
        roster.replaceChildren(...next.childNodes);
        showLocalTimes();
      }
    } catch {}
  }, 15000);
}
