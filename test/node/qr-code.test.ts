import { describe, expect, it } from "vitest";
import { CODE_ALPHABET, CODE_LENGTH, codeFromRandom } from "../../src/quiz/assignment-codes.ts";
import { liveQrSvg, qrCodeSvg, qrSvg } from "../../src/views/qr.ts";
import { decodeQrSvg as decode, parseSvg } from "../qr-decode.ts";

/** Codes as the app draws them, from random bytes. */
const randomCode = () => codeFromRandom((n) => crypto.getRandomValues(new Uint8Array(n)));

const LOCAL = "http://localhost:8787";
const WORKERS = "https://article-quiz.example.workers.dev";
const SCHOOL = "https://quiz.lycee-exemple.fr";
const ORIGINS = [LOCAL, WORKERS, SCHOOL];

/** The QR codes the teacher pages, the projector and the API hand out (test/qr-decode.ts reads them). */
describe("the assignment and live QR codes, read back by jsQR", () => {
  it("gives the exact learner link of an assignment, for several origins and codes", () => {
    for (const origin of ORIGINS) {
      for (const code of [randomCode(), randomCode(), "23456Z"]) {
        expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
        expect(decode(qrSvg(origin, code))).toBe(`${origin}/a/${code}`);
      }
    }
  });

  it("gives the exact phone link of a live room", () => {
    for (const origin of ORIGINS) {
      const code = randomCode();
      expect(decode(liveQrSvg(origin, code))).toBe(`${origin}/live/${code}`);
    }
  });

  it("keeps longer and non-ASCII text exact (a bigger version, UTF-8 bytes)", () => {
    const text = `https://quiz.lycée-exemple.fr/a/${randomCode()}?from=${"é".repeat(40)}&x=<script>"'`;
    expect(decode(qrCodeSvg(text))).toBe(text);
  });

  it("differs for different links", () => {
    expect(qrSvg(WORKERS, "23456Z")).not.toBe(qrSvg(WORKERS, "23456Y"));
    expect(qrSvg(WORKERS, "23456Z")).not.toBe(liveQrSvg(WORKERS, "23456Z"));
  });
});

describe("the QR SVG is safe to inline under the pages' CSP", () => {
  const svgs = [qrSvg(LOCAL, randomCode()), liveQrSvg(SCHOOL, randomCode()), qrCodeSvg('"><script>alert(1)</script>')];

  it("holds only an <svg> with a <rect> and a <path>, and attributes that reference nothing", () => {
    for (const svg of svgs) {
      const { shapes } = parseSvg(svg);
      expect(shapes.map((s) => s.tag)).toEqual(["rect", "path"]);
      for (const { attrs } of shapes) {
        for (const [name, value] of Object.entries(attrs)) {
          expect(["x", "y", "width", "height", "fill", "d"]).toContain(name);
          expect(value).not.toMatch(/url\(|:/i);
        }
      }
    }
  });

  it("carries no script, no event handler, no external reference, no text of the link", () => {
    for (const svg of svgs) {
      expect(svg).not.toMatch(/<script|\son\w+=|href|url\(|<!|<\?|&|'/i);
      expect(svg).not.toContain("alert");
      expect(svg.match(/https?:\/\/[^"]*/g)).toEqual(["http://www.w3.org/2000/svg"]);
    }
  });
});
