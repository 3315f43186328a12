import { renderSVG } from "uqr";
import { learnerPath } from "../http/links.ts";

/** The QR code of an assignment's absolute learner URL, as SVG (for the API and the created page). */
export const qrSvg = (origin: string, code: string) =>
  renderSVG(new URL(learnerPath(code), origin).href, { ecc: "M", border: 2, pixelSize: 8 });
