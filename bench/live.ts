/**
 * `npm run bench:live`: 50 and 300 phones (WebSocket clients) in one live room on `wrangler dev`
 * (loopback) play ten questions. Reports the time from the host's "next" to the last phone
 * receiving the question (p50, p95), the answer acknowledgement latency, messages and bytes per
 * phone per question, answers lost (acknowledged but not in D1: must be 0) and the D1 rows the
 * game stored. `LIVE_CLASSES=50,300` changes the class sizes.
 */
import { LocalDatabase, startDev } from "../scripts/dev-server.ts";
import { nextSimulatedAddress } from "./simulate.ts";

type Msg = { type: string; [k: string]: unknown };
type Question = {
  id: string;
  type: string;
  choices?: { id: string }[];
  items?: { id: string }[];
  left?: { id: string }[];
  right?: { id: string }[];
};

const QUESTIONS = 10;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number) : Number.NaN;
};

/** Any complete answer for a question's public view. */
function anyAnswer(q: Question): unknown {
  switch (q.type) {
    case "multiple-choice":
      return { choices: [q.choices?.[0]?.id] };
    case "true-false":
      return { value: true };
    case "numeric":
      return { value: "1" };
    case "text":
      return { text: "scale" };
    case "ordering":
      return { order: (q.items ?? []).map((i) => i.id) };
    case "matching":
      return { pairs: Object.fromEntries((q.left ?? []).map((l, i) => [l.id, q.right?.[i]?.id])) };
    default:
      return { choice: q.choices?.[0]?.id };
  }
}

class Client {
  ws: WebSocket;
  waiters: { type: string; resolve: (m: Msg) => void }[] = [];
  messages = 0;
  bytes = 0;
  received: Msg[] = [];
  constructor(url: string, headers: Record<string, string>) {
    // Node's WebSocket (undici) takes request headers: the learner cookie or the host's Bearer.
    this.ws = new WebSocket(url, { headers } as never);
    this.ws.onmessage = (e) => {
      const text = String(e.data);
      this.messages++;
      this.bytes += Buffer.byteLength(text);
      const m = JSON.parse(text) as Msg;
      this.received.push(m);
      for (const w of [...this.waiters]) {
        if (w.type === m.type) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    };
  }
  open() {
    return new Promise<void>((resolve, reject) => {
      this.ws.onopen = () => resolve();
      this.ws.onerror = () => reject(new Error("socket failed"));
    });
  }
  next(type: string): Promise<Msg> {
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }
  send(m: unknown) {
    this.ws.send(JSON.stringify(m));
  }
}

async function runClass(base: string, size: number) {
  const teacherAddress = nextSimulatedAddress();
  const created = await fetch(`${base}/api/live`, {
    method: "POST",
    // Each device its own address (CF-Connecting-IP, kept by wrangler dev), as in a real class:
    // the Worker's per-address limits then meet what they would meet in production.
    headers: { "content-type": "application/json", "cf-connecting-ip": teacherAddress },
    body: JSON.stringify({ questionCount: QUESTIONS, secondsPerQuestion: 120, lang: "en", title: `bench ${size}` }),
  });
  if (created.status !== 201) throw new Error(`creating the room: ${created.status} ${await created.text()}`);
  const game = (await created.json()) as { code: string; hostSecret: string };
  const ws = base.replace(/^http/, "ws");
  const host = new Client(`${ws}/api/live/${game.code}/socket?as=host`, {
    authorization: `Bearer ${game.hostSecret}`,
    "cf-connecting-ip": teacherAddress,
  });
  await host.open();
  const phones: Client[] = [];
  for (let i = 0; i < size; i++) {
    const token = `bench${size}x${i}x${crypto.randomUUID().replace(/-/g, "")}`;
    phones.push(
      new Client(`${ws}/api/live/${game.code}/socket`, {
        cookie: `lid=${token}`,
        "cf-connecting-ip": nextSimulatedAddress(),
      }),
    );
  }
  await Promise.all(phones.map((p) => p.open()));
  await Promise.all(
    phones.map(async (p, i) => {
      const joined = p.next("joined");
      p.send({ type: "join", name: `P${size}-${i}` });
      await joined;
    }),
  );
  const startMessages = phones.map((p) => [p.messages, p.bytes] as const);
  const fanout: number[] = [];
  const acks: number[] = [];
  let acked = 0;
  for (let q = 0; q < QUESTIONS; q++) {
    const waits = phones.map((p) => p.next("question").then(() => performance.now()));
    const results = phones.map((p) => p.next("result"));
    const t0 = performance.now();
    host.send({ type: q === 0 ? "start" : "next" });
    const arrived = await Promise.all(waits);
    fanout.push(Math.max(...arrived) - t0);
    await Promise.all(
      phones.map(async (p) => {
        const question = [...p.received].reverse().find((m) => m.type === "question") as Msg & { question: Question };
        const sent = performance.now();
        const ack = p.next("ack");
        p.send({ type: "answer", questionId: question.question.id, response: anyAnswer(question.question) });
        const a = await ack;
        acks.push(performance.now() - sent);
        if (a.duplicate === false) acked++;
      }),
    );
    await Promise.all(results);
  }
  const ended = host.next("ended");
  host.send({ type: "next" });
  await ended;
  const perPhone = phones.map((p, i) => [
    p.messages - (startMessages[i]?.[0] ?? 0),
    p.bytes - (startMessages[i]?.[1] ?? 0),
  ]);
  const msgs = perPhone.reduce((s, x) => s + (x[0] ?? 0), 0) / size / QUESTIONS;
  const bytes = perPhone.reduce((s, x) => s + (x[1] ?? 0), 0) / size / QUESTIONS;
  for (const p of [host, ...phones]) p.ws.close();
  return { code: game.code, size, fanout, acks, acked, msgs, bytes };
}

async function main() {
  const sizes = (process.env.LIVE_CLASSES ?? "50,300").split(",").map(Number);
  const db = await LocalDatabase.create("article-quiz-live-");
  const server = await startDev(db);
  const runs: Awaited<ReturnType<typeof runClass>>[] = [];
  try {
    for (const size of sizes) runs.push(await runClass(server.baseUrl, size));
    // The room copies the ended game into D1 as it ends: give it a moment before stopping.
    await new Promise((r) => setTimeout(r, 3000));
  } finally {
    await server.stop();
  }
  const rows: string[] = [];
  for (const r of runs) {
    const [stored] = await db.query<{
      answers: number;
      attempts: number;
      finished: number;
      members: number;
      board: number;
    }>(
      `SELECT
         (SELECT count(*) FROM answers a JOIN attempts t ON t.id = a.attempt_id JOIN assignments s ON s.id = t.assignment_id WHERE s.code = '${r.code}') AS answers,
         (SELECT count(*) FROM attempts t JOIN assignments s ON s.id = t.assignment_id WHERE s.code = '${r.code}') AS attempts,
         (SELECT count(*) FROM attempts t JOIN assignments s ON s.id = t.assignment_id WHERE s.code = '${r.code}' AND t.status = 'finished') AS finished,
         (SELECT count(*) FROM assignment_learners m JOIN assignments s ON s.id = m.assignment_id WHERE s.code = '${r.code}') AS members,
         (SELECT count(*) FROM leaderboard_entries e JOIN assignments s ON e.board = 'a:' || s.id WHERE s.code = '${r.code}') AS board`,
    );
    const lost = r.acked - (stored?.answers ?? 0);
    const d1Rows =
      (stored?.answers ?? 0) + (stored?.attempts ?? 0) + (stored?.members ?? 0) + r.size + (stored?.board ?? 0);
    rows.push(
      `| ${r.size} | ${QUESTIONS} | ${pct(r.fanout, 50).toFixed(1)} | ${pct(r.fanout, 95).toFixed(1)} | ${pct(r.acks, 50).toFixed(1)} | ${pct(r.acks, 95).toFixed(1)} | ${r.msgs.toFixed(1)} | ${Math.round(r.bytes)} | ${r.acked} | ${lost} | ${stored?.finished ?? 0} | ${d1Rows} |`,
    );
  }
  console.log(
    "| phones | questions | next → last phone p50 ms | p95 ms | ack p50 ms | ack p95 ms | messages / phone / question | bytes / phone / question | answers acked | answers lost | attempts finished | D1 rows stored |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) console.log(row);
  await db.remove();
  if (runs.some((r, i) => (rows[i] ?? "").includes("| -") || r.acked !== r.size * QUESTIONS)) process.exitCode = 1;
}

await main();
