import { correction, generate } from "lean-qr/nano";
import { learnerPath, livePath } from "../http/links.ts";

/** Light modules around the code; the standard asks for 4, phones read 2 on a white page. */
const QUIET_ZONE = 2;

/**
 * A QR code as SVG: lean-qr's nano build encodes (byte mode, UTF-8, level M or better), and each
 * row's runs of dark modules become one rectangle of the path, in module units. Nothing in it comes
 * from the text but the pattern, so it needs no escaping and holds no reference or script.
 */
export function qrCodeSvg(text: string): string {
  const code = generate(text, { minCorrectionLevel: correction.M });
  const side = code.size + 2 * QUIET_ZONE;
  let d = "";
  for (let y = 0; y < code.size; y++) {
    for (let x = 0; x < code.size; ) {
      let end = x;
      while (code.get(end, y)) end++;
      if (end > x) d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${end - x}v1h${x - end}z`;
      x = end + 1;
    }
  }
  // crispEdges: no anti-aliased seams between rows at fractional scales.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${d}"/></svg>`;
}

/** The QR code of an assignment's absolute learner URL, as SVG (for the API and the created page). */
export const qrSvg = (origin: string, code: string) => qrCodeSvg(new URL(learnerPath(code), origin).href);

/** The QR code of a live room's absolute phone URL, as SVG. */
export const liveQrSvg = (origin: string, code: string) => qrCodeSvg(new URL(livePath(code), origin).href);
