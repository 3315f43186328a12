import { describe, expect, it } from "vitest";
import { type ConcreteItem, feedbackFor } from "../../src/quiz/index.ts";
import { Client, rightResponseFor } from "../helpers.ts";
import { roomItem } from "./support.ts";

const currentItem = (code: string) => roomItem(code);

/** A response as the answer form's fields (the names QuestionInput gives its inputs). */
function fieldsFor(item: ConcreteItem): Record<string, string | string[]> {
  const r = rightResponseFor(item) as Record<string, unknown>;
  if ("pairs" in r) {
    return Object.fromEntries(Object.entries(r.pairs as Record<string, string>).map(([k, v]) => [`pair.${k}`, v]));
  }
  const [[name, value]] = Object.entries(r) as [[string, unknown]];
  return { [name]: Array.isArray(value) ? value.map(String) : String(value) };
}

async function createByForm(teacher: Client, fields: Record<string, string> = {}) {
  const res = await teacher.form("/teach/live", {
    questionCount: "2",
    secondsPerQuestion: "60",
    lang: "en",
    ...fields,
  });
  expect(res.status).toBe(201);
  const html = await res.text();
  const code = /\/live\/([A-Z0-9]{6})\/host/.exec(html)?.[1] as string;
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  return { code, html };
}

describe("live pages", () => {
  it("/teach links to the Play live form, which creates a game and logs this browser in as host", async () => {
    const teacher = new Client();
    expect(await (await teacher.fetch("/teach")).text()).toContain('href="/teach/live"');
    const form = await teacher.fetch("/teach/live");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="secondsPerQuestion"');
    const { code, html } = await createByForm(teacher);
    expect(html).toContain(`/live/${code}/host#key=`);
    const host = await teacher.fetch(`/live/${code}/host`);
    expect(host.status).toBe(200);
    const page = await host.text();
    expect(page).toContain(code);
    expect(page).toContain("<svg");
    expect(host.headers.get("content-security-policy")).toContain("nonce-");
    // Another browser without the secret gets the sign-in form, not the room.
    const stranger = await new Client().fetch(`/live/${code}/host`);
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toContain('name="key"');
  });

  it("refuses bad settings with the form and the message", async () => {
    const res = await new Client().form("/teach/live", { secondsPerQuestion: "3" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("must be at least 5");
    expect(html).toContain('name="questionCount"');
  });

  it("plays without JavaScript: nickname, waiting, question, received, result with rank, podium", async () => {
    const teacher = new Client();
    await teacher.fetch("/?lang=en");
    const { code } = await createByForm(teacher);
    const phone = new Client();
    await phone.fetch("/?lang=en");
    const first = await phone.fetch(`/live/${code}`);
    expect(first.status).toBe(200);
    expect(phone.cookies.has("lid")).toBe(true);
    const page = await first.text();
    expect(page).toContain('name="name"');
    expect(page).toContain('http-equiv="refresh"');

    const rude = await phone.form(`/live/${code}/join`, { name: "admin" });
    expect(rude.status).toBe(422);
    expect(await rude.text()).toContain("cannot pass for the teacher");
    expect((await phone.form(`/live/${code}/join`, { name: "Ana" })).status).toBe(303);
    expect(await (await phone.fetch(`/live/${code}`)).text()).toContain("Waiting for the teacher");

    expect((await teacher.form(`/live/${code}/host/start`, {})).status).toBe(303);
    const item = await currentItem(code);
    const questionPage = await (await phone.fetch(`/live/${code}`)).text();
    expect(questionPage).toContain(`value="${item.id}"`);
    const feedback = feedbackFor(item, "en");
    expect(questionPage).not.toContain(feedback.explanation);
    // Everyone (one player) answers: the question closes at once.
    const answered = await phone.form(`/live/${code}/answer`, { questionId: item.id, ...fieldsFor(item) });
    expect(answered.status).toBe(303);
    const result = await (await phone.fetch(`/live/${code}`)).text();
    expect(result).toContain(feedback.explanation);
    expect(result).toContain("You are 1st of 1");
    // A second, different answer after the close is refused with a message.
    const late = await phone.form(`/live/${code}/answer`, { questionId: item.id, ...fieldsFor(item) });
    expect(late.status).toBe(409);

    expect((await teacher.form(`/live/${code}/host/end`, {})).status).toBe(303);
    const podium = await (await phone.fetch(`/live/${code}`)).text();
    expect(podium).toContain("Game over");
    expect(podium).toContain("Ana");
    const projector = await (await teacher.fetch(`/live/${code}/host`)).text();
    expect(projector).toContain("Podium");
  });

  it("plays an existing assignment live from its manage page, under its code", async () => {
    const teacher = new Client();
    const created = await teacher.json("/api/assignments", "POST", { title: "Class", questionCount: 2 });
    const { code, manageSecret } = (await created.json()) as { code: string; manageSecret: string };
    const go = await teacher.fetch(`/live/${code}/host`, { headers: { authorization: `Bearer ${manageSecret}` } });
    expect(go.status).toBe(404);
    await teacher.fetch(`/teach/${code}/manage`, { headers: { authorization: `Bearer ${manageSecret}` } });
    teacher.cookies.set(`manage_${code}`, manageSecret);
    const manage = await (await teacher.fetch(`/teach/${code}/manage`)).text();
    expect(manage).toContain(`action="/teach/${code}/live"`);
    const started = await teacher.form(`/teach/${code}/live`, { secondsPerQuestion: "30" });
    expect(started.status).toBe(303);
    expect(started.headers.get("location")).toBe(`/live/${code}/host`);
    expect((await teacher.fetch(`/live/${code}/host`)).status).toBe(200);
  });
});
