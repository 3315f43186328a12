import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { Client, createAssignment } from "../helpers.ts";

const manageLink = (html: string) =>
  /https?:\/\/[^"<\s]+\/teach\/[A-Z0-9]{6,8}\/manage#key=[A-Za-z0-9_-]{43}/.exec(html)?.[0] ?? "";

/** What the manage page's script does with a link's fragment (without JS, the teacher pastes it). */
const unlock = (browser: Client, link: string, remember = true) => {
  const url = new URL(link);
  return browser.form(`${url.pathname}/unlock`, {
    key: url.hash.replace(/^#key=/, ""),
    ...(remember ? { remember: "1" } : {}),
  });
};

describe("teacher pages without JavaScript", () => {
  it("create on /teach, see the code, QR and manage link once, then manage from a clean URL", async () => {
    const teacher = new Client();
    const form = await teacher.fetch("/teach");
    expect(form.status).toBe(200);
    const formHtml = await form.text();
    expect(formHtml).toContain('name="robots" content="noindex');
    expect(formHtml).toContain('action="/teach"');

    const created = await teacher.form("/teach", {
      title: "<script>alert(1)</script> 3e B",
      quizId: "article",
      questionCount: "2",
      shuffle: "1",
      attemptsAllowed: "1",
      timeLimitMinutes: "",
      opensAt: "",
      closesAt: "",
      tzOffset: "-60",
      leaderboard: "off",
      requireName: "1",
      feedback: "immediate",
      lang: "learner",
    });
    expect(created.status).toBe(201);
    const html = await created.text();
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; 3e B");
    expect(html).toMatch(/Keep this link|Gardez ce lien/);
    expect(html).toContain("data:image/svg+xml;base64,");
    const link = manageLink(html);
    expect(link).not.toBe("");
    const url = new URL(link);
    const code = url.pathname.split("/")[2] ?? "";
    const secret = url.hash.replace(/^#key=/, "");
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The list on /teach remembers it, without the secret.
    const list = await (await teacher.fetch("/teach")).text();
    expect(list).toContain(code);
    expect(list).not.toContain(secret);

    // Another browser opens the manage link: the secret becomes a cookie scoped to the assignment.
    const other = new Client();
    const door = await other.fetch(url.pathname);
    expect(door.status).toBe(401);
    expect(await door.text()).toContain(`action="${url.pathname}/unlock"`);
    const swap = await unlock(other, link);
    expect(swap.status).toBe(303);
    expect(swap.headers.get("location")).toBe(`/teach/${code}/manage`);
    const cookie = swap.headers.getSetCookie().find((c) => c.startsWith(`manage_${code}=`)) ?? "";
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toContain(`Path=/teach/${code}`);
    const manage = await other.fetch(`/teach/${code}/manage`);
    expect(manage.status).toBe(200);
    const manageHtml = await manage.text();
    expect(manageHtml).toContain('name="robots" content="noindex');
    expect(manageHtml).not.toContain(secret);
    expect(manageHtml).not.toContain("<script>alert(1)</script>");
    expect(manageHtml).toContain(`/teach/${code}/results.csv`);

    // A learner joins through the landing page, by typing the code in lower case.
    const learner = new Client();
    const typed = await learner.fetch(`/a?code=${code.toLowerCase()}`);
    expect(typed.headers.get("location")).toBe(`/a/${code}`);
    const landing = await learner.fetch(`/a/${code}`);
    const landingHtml = await landing.text();
    expect(landingHtml).toContain("&lt;script&gt;");
    expect(landingHtml).not.toContain(secret);
    expect(landingHtml).toContain('name="name"');
    const joined = await learner.form(`/a/${code}`, { name: "Léa" });
    expect(joined.status).toBe(303);
    expect(joined.headers.get("location")).toMatch(/^\/attempts\/[a-z0-9]+$/);

    // Another learner with the same name gets the page again, with the reason.
    const twin = await new Client().form(`/a/${code}`, { name: "LÉA" });
    expect(twin.status).toBe(409);
    expect(await twin.text()).toMatch(/already taken|déjà pris/);

    // The roster fragment and the CSV work with the cookie; the teacher closes the assignment.
    const roster = await (await other.fetch(`/teach/${code}/manage/roster`)).text();
    expect(roster).toContain("Léa");
    const csv = await other.fetch(`/teach/${code}/results.csv`);
    expect(csv.status).toBe(200);
    const close = await other.form(`/teach/${code}/manage/close`, {});
    expect(close.status).toBe(303);
    const closedLanding = await (await new Client().fetch(`/a/${code}`)).text();
    expect(closedLanding).toMatch(/closed|clos/);
    expect(closedLanding).not.toContain('name="name"');

    // Rotating the link revokes the old secret.
    const rotated = await other.form(`/teach/${code}/manage/rotate`, {});
    expect(rotated.status).toBe(200);
    const fresh = new URL(manageLink(await rotated.text())).hash;
    expect(fresh).toMatch(/^#key=/);
    expect(fresh).not.toBe(url.hash);
    const stale = await unlock(new Client(), link);
    expect(stale.status).toBe(401);
    expect(await stale.text()).toMatch(/does not open|n’ouvre pas/);

    // Delete needs the code typed back.
    expect((await other.form(`/teach/${code}/manage/delete`, { confirm: "nope" })).status).toBe(422);
    const deleted = await other.form(`/teach/${code}/manage/delete`, { confirm: code.toLowerCase() });
    expect(deleted.status).toBe(303);
    expect((await new Client().fetch(`/a/${code}`)).status).toBe(404);
  });

  it("invalid settings come back on the form with the field named", async () => {
    const res = await new Client().form("/teach", {
      title: "Bad",
      quizId: "article",
      questionCount: "500",
      opensAt: "2030-01-02T10:00",
      closesAt: "2030-01-01T10:00",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("<code>questionCount</code>");
    expect(html).toContain('value="Bad"');
  });

  it("an impossible date is a 422 on the form, not a 500, and creates nothing", async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM assignments").first<{ n: number }>();
    for (const closesAt of ["2099-02-31T10:00", "2099-13-45T99:99"]) {
      const res = await new Client().form("/teach", { title: "Dates", closesAt });
      expect(res.status).toBe(422);
      expect(await res.text()).toContain("<code>closesAt</code>");
    }
    const after = await env.DB.prepare("SELECT count(*) AS n FROM assignments").first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it("a wrong manage key gets a 401 page and no cookie", async () => {
    const { code } = await createAssignment();
    const res = await new Client().form(`/teach/${code}/manage/unlock`, { key: "a".repeat(43), remember: "1" });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => c.includes("manage_") || c.includes("teach_codes"))).toBe(false);
  });

  it("an unknown code gets a clear page", async () => {
    const res = await new Client().fetch("/a/ZZZZZZ");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toMatch(/No assignment has this code/);
  });
});
