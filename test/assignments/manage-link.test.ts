import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { listProof } from "../../src/http/teacher-list.ts";
import { bearer, Client, createAssignment, request } from "../helpers.ts";

const HTTPS = "https://quiz.example";

/** A request over https, as production serves it (cookie prefixes apply there only). */
const secure = (path: string, init: RequestInit = {}) =>
  request(new URL(path, HTTPS).href, { ...init, redirect: "manual" });

const unlockForm = (key: string, remember = true) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", origin: HTTPS, "sec-fetch-site": "same-origin" },
  body: new URLSearchParams({ key, ...(remember ? { remember: "1" } : {}) }),
});

describe("the manage secret never travels in a query string", () => {
  it("links put it in the fragment; every response that shows it is no-store", async () => {
    const created = await new Client().json("/api/assignments", "POST", { title: "Links" });
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { code, manageUrl, manageSecret } = (await created.json()) as Record<string, string>;
    expect(manageUrl).toBe(`/teach/${code}/manage#key=${manageSecret}`);

    const rotated = await new Client().fetch(`/api/assignments/${code}/rotate-secret`, {
      method: "POST",
      headers: bearer(manageSecret ?? ""),
    });
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    expect(((await rotated.json()) as { manageUrl: string }).manageUrl).toMatch(/#key=[A-Za-z0-9_-]{43}$/);

    const teacher = new Client();
    const page = await teacher.form("/teach", { title: "Form links" });
    expect(page.status).toBe(201);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toMatch(/\/teach\/[A-Z0-9]+\/manage#key=[A-Za-z0-9_-]{43}/);
    expect(html).not.toMatch(/manage\?key=/);
    const pageCode = /\/teach\/([A-Z0-9]+)\/manage#key=/.exec(html)?.[1] ?? "";
    const rotatedPage = await teacher.form(`/teach/${pageCode}/manage/rotate`, {});
    expect(rotatedPage.status).toBe(200);
    expect(rotatedPage.headers.get("cache-control")).toBe("no-store");
  });

  it("an old ?key= link sets no cookie and moves the secret to the fragment", async () => {
    const { code, manageSecret } = await createAssignment();
    const res = await new Client().fetch(`/teach/${code}/manage?key=${manageSecret}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/teach/${code}/manage#key=${manageSecret}`);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("the manage page without a cookie is a door: the fragment script and a form, nothing else", async () => {
    const { code } = await createAssignment({ title: "Secret title" });
    const res = await new Client().fetch(`/teach/${code}/manage`);
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).not.toContain("Secret title");
    expect(html).toContain(`action="/teach/${code}/manage/unlock"`);
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain("location.hash");
  });

  it("over https the cookies carry __Secure-/__Host- prefixes; the manage cookie is SameSite=Strict", async () => {
    const { code, manageSecret } = await createAssignment();
    const res = await secure(`/teach/${code}/manage/unlock`, unlockForm(manageSecret));
    expect(res.status).toBe(303);
    const cookies = res.headers.getSetCookie();
    const manage = cookies.find((c) => c.startsWith(`__Secure-manage_${code}=`)) ?? "";
    expect(manage).toMatch(/; Secure/i);
    expect(manage).toMatch(/SameSite=Strict/i);
    expect(manage).toMatch(/HttpOnly/i);
    expect(manage).toContain(`Path=/teach/${code}`);
    const list = cookies.find((c) => c.startsWith("__Host-teach_codes=")) ?? "";
    expect(list).toMatch(/; Secure/i);
    expect(list).toContain("Path=/;");
    expect(list).not.toMatch(/Domain=/i);
    // The prefixed cookie opens the page over https.
    const pair = (line: string) => line.split(";")[0] ?? "";
    const page = await secure(`/teach/${code}/manage`, { headers: { cookie: pair(manage) } });
    expect(page.status).toBe(200);
    const listed = await secure("/teach", { headers: { cookie: pair(list) } });
    expect(await listed.text()).toContain(code);
  });
});

describe("the teacher's list of assignments is unforgeable", () => {
  it("a forged teach_codes cookie lists nothing", async () => {
    const a = await createAssignment({ title: "Someone else's class" });
    const b = await createAssignment({ title: "Another class" });
    for (const cookie of [
      `teach_codes=${a.code}.${b.code}`,
      `teach_codes=${a.code}~${"0".repeat(32)}.${b.code}~${"f".repeat(32)}`,
    ]) {
      const html = await (await new Client().fetch("/teach", { headers: { cookie } })).text();
      expect(html).not.toContain("Someone else");
      expect(html).not.toContain(a.code);
      expect(html).not.toContain(b.code);
    }
  });

  it("an entry with the proof of the secret is listed", async () => {
    const a = await createAssignment({ title: "My own class" });
    const row = await env.DB.prepare("SELECT secret_hash FROM assignments WHERE code = ?")
      .bind(a.code)
      .first<{ secret_hash: string }>();
    const cookie = `teach_codes=${a.code}~${await listProof(row?.secret_hash ?? "")}`;
    const html = await (await new Client().fetch("/teach", { headers: { cookie } })).text();
    expect(html).toContain("My own class");
  });

  it("opening a manage link from another site does not add it to the list unless the teacher says so", async () => {
    const { code, manageSecret } = await createAssignment({ title: "Planted" });
    const teacher = new Client();
    const door = await teacher.fetch(`/teach/${code}/manage`, { headers: { "sec-fetch-site": "cross-site" } });
    const html = await door.text();
    expect(html).toContain('data-cross-site="1"');
    expect(html).not.toMatch(/name="remember"[^>]*checked/);
    // The script submits without "remember" for a cross-site arrival.
    expect((await teacher.form(`/teach/${code}/manage/unlock`, { key: manageSecret })).status).toBe(303);
    expect((await teacher.fetch(`/teach/${code}/manage`)).status).toBe(200);
    expect(await (await teacher.fetch("/teach")).text()).not.toContain("Planted");
    // A cross-site form post is refused outright.
    const forged = await new Client().fetch(`/teach/${code}/manage/unlock`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ key: manageSecret, remember: "1" }),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie()).toEqual([]);
  });
});
