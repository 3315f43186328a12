import { renderSVG } from "uqr";
import { learnerPath, livePath } from "../http/links.ts";

/** The QR code of an assignment's absolute learner URL, as SVG (for the API and the created page). */
export const qrSvg = (origin: string, code: string) =>
  renderSVG(new URL(learnerPath(code), origin).href, { ecc: "M", border: 2, pixelSize: 8 });

/** The QR code of a live room's absolute phone URL, as SVG. */
export const liveQrSvg = (origin: string, code: string) =>
  renderSVG(new URL(livePath(code), origin).href, { ecc: "M", border: 2, pixelSize: 8 });
