/**
 * Every page the app shows, with the state that makes it real (an attempt in progress, an
 * answered question, a finished attempt, a teacher's assignment), for the page weights of
 * `npm run bench` and the Lighthouse audit of `npm run audit`.
 */
import { Phone, type PublicQuestion, someResponse } from "./simulate.ts";

export type SamplePage = { page: string; path: string; cookie: string };

const json = (method: string, body?: unknown): RequestInit => ({
  method,
  headers: body === undefined ? {} : { "content-type": "application/json" },
  body: body === undefined ? undefined : JSON.stringify(body),
});

const cookieOf = (phone: Phone) => [...phone.cookies].map(([k, v]) => `${k}=${v}`).join("; ");

/** Creates what the pages need through the API and lists them; `assignment` is one with learners, or null to create one. */
export async function samplePages(
  base: string,
  assignment: { code: string; secret: string } | null,
): Promise<SamplePage[]> {
  const send = (p: string, init?: RequestInit) => fetch(base + p, init);
  const random = () => 0.42;
  let teacherOf = assignment;
  if (!teacherOf) {
    const res = await send(
      "/api/assignments",
      json("POST", { title: "3e B — stratégies d’IA", quizId: "quick", leaderboard: "nicknames" }),
    );
    if (res.status !== 201) throw new Error(`creating an assignment: ${res.status} ${await res.text()}`);
    const created = (await res.json()) as { code: string; manageSecret: string };
    teacherOf = { code: created.code, secret: created.manageSecret };
    for (const name of ["Ada", "Grace", "Alan"]) {
      const phone = new Phone(send);
      const start = await phone.fetch("/api/attempts", json("POST", { assignmentCode: teacherOf.code, name }));
      const attempt = (await start.json()) as { id: string; question: PublicQuestion | null };
      let q = attempt.question;
      while (q) {
        const r = await phone.fetch(
          `/api/attempts/${attempt.id}/answers/${q.id}`,
          json("PUT", { response: someResponse(q, random) }),
        );
        q = ((await r.json()) as { next: PublicQuestion | null }).next;
      }
      await phone.fetch(`/api/attempts/${attempt.id}/finish`, json("POST"));
    }
  }
  const { code, secret } = teacherOf;

  const learner = new Phone(send);
  const started = await learner.fetch("/api/attempts", json("POST", { quizId: "quick" }));
  const attempt = (await started.json()) as { id: string; question: PublicQuestion };
  const q = attempt.question;
  await learner.fetch(
    `/api/attempts/${attempt.id}/answers/${q.id}`,
    json("PUT", { response: someResponse(q, random) }),
  );

  const done = new Phone(send);
  const other = await done.fetch("/api/attempts", json("POST", { quizId: "quick" }));
  const finishedId = ((await other.json()) as { id: string }).id;
  await done.fetch(`/api/attempts/${finishedId}/finish`, json("POST"));

  const teacher = new Phone(send);
  await teacher.fetch(`/teach/${code}/manage/unlock`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
    body: new URLSearchParams({ key: secret, remember: "1" }),
  });

  return [
    { page: "home", path: "/", cookie: "" },
    { page: "article", path: "/article", cookie: "" },
    { page: "question", path: `/attempts/${attempt.id}`, cookie: cookieOf(learner) },
    { page: "feedback", path: `/attempts/${attempt.id}/feedback/${q.id}`, cookie: cookieOf(learner) },
    { page: "result", path: `/attempts/${finishedId}/result`, cookie: cookieOf(done) },
    { page: "progress", path: "/progress", cookie: cookieOf(learner) },
    { page: "assignment landing", path: `/a/${code}`, cookie: "" },
    { page: "leaderboard (practice)", path: "/leaderboard/article", cookie: cookieOf(done) },
    { page: "leaderboard (assignment)", path: `/a/${code}/leaderboard`, cookie: "" },
    { page: "teacher: new assignment", path: "/teach", cookie: "" },
    { page: "teacher: manage", path: `/teach/${code}/manage`, cookie: cookieOf(teacher) },
    { page: "teacher: leaderboard moderation", path: `/teach/${code}/leaderboard`, cookie: cookieOf(teacher) },
    { page: "API reference", path: "/api/docs", cookie: "" },
  ];
}
