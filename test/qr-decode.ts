import { XMLParser, XMLValidator } from "fast-xml-parser";
import jsQR from "jsqr";

/**
 * QR codes drawn as SVG, read back by jsQR (a decoder written by others) from a raster drawn here:
 * each `<rect>` and each `<path>` (M/m, H/h, V/v, L/l, Z/z; nonzero fill) painted at PX pixels per
 * user unit, sampled at pixel centres. No browser involved; runs in Node and in workerd.
 */

const PX = 4;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", preserveOrder: true });

/** fast-xml-parser's ordered form: one key for the tag (its children), ":@" for the attributes. */
type XmlNode = Record<string, unknown> & { ":@"?: Record<string, string> };
type Element = { tag: string; attrs: Record<string, string>; children: XmlNode[] };
export type Svg = { viewBox: [number, number, number, number]; shapes: Element[] };

function element(node: XmlNode | undefined): Element {
  if (!node) throw new Error("missing element");
  const tags = Object.keys(node).filter((k) => k !== ":@");
  if (tags.length !== 1) throw new Error(`one tag per node, got ${tags.join(", ")}`);
  const tag = tags[0] ?? "";
  return { tag, attrs: node[":@"] ?? {}, children: node[tag] as XmlNode[] };
}

/** The SVG's root and its children, checked to be well-formed XML with no text in any element. */
export function parseSvg(svg: string): Svg {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg}`);
  const nodes = parser.parse(svg) as XmlNode[];
  if (nodes.length !== 1) throw new Error("one root element expected");
  const root = element(nodes[0]);
  if (root.tag !== "svg") throw new Error(`root is <${root.tag}>`);
  const shapes = root.children.map(element);
  for (const s of shapes) if (s.children.length) throw new Error(`<${s.tag}> has content`);
  const [x = Number.NaN, y = Number.NaN, w = Number.NaN, h = Number.NaN] = (root.attrs.viewBox ?? "")
    .split(/[\s,]+/)
    .map(Number);
  return { viewBox: [x, y, w, h], shapes };
}

/** A path's outlines as closed polygons (absolute points). */
function polygons(d: string): [number, number][][] {
  const tokens = d.match(/[MmHhVvLlZz]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const out: [number, number][][] = [];
  let poly: [number, number][] = [];
  let x = 0;
  let y = 0;
  let start: [number, number] = [0, 0];
  let i = 0;
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    const cmd = tokens[i++] ?? "";
    if (!/^[A-Za-z]$/.test(cmd)) throw new Error(`unsupported path data at ${cmd}`);
    const rel = cmd === cmd.toLowerCase();
    switch (cmd.toUpperCase()) {
      case "M":
        if (poly.length) out.push(poly);
        x = num() + (rel ? x : 0);
        y = num() + (rel ? y : 0);
        start = [x, y];
        poly = [[x, y]];
        break;
      case "H":
        x = num() + (rel ? x : 0);
        poly.push([x, y]);
        break;
      case "V":
        y = num() + (rel ? y : 0);
        poly.push([x, y]);
        break;
      case "L":
        x = num() + (rel ? x : 0);
        y = num() + (rel ? y : 0);
        poly.push([x, y]);
        break;
      case "Z":
        [x, y] = start;
        out.push(poly);
        poly = [];
        break;
      default:
        throw new Error(`unsupported path command ${cmd}`);
    }
  }
  if (poly.length) out.push(poly);
  return out;
}

/** Where a horizontal line at py crosses the outlines: x and direction (+1 down, -1 up), by x. */
function crossings(polys: [number, number][][], py: number): [number, number][] {
  const out: [number, number][] = [];
  for (const p of polys) {
    for (let k = 0; k < p.length; k++) {
      const [x1, y1] = p[k] as [number, number];
      const [x2, y2] = p[(k + 1) % p.length] as [number, number];
      if (y1 <= py === y2 <= py) continue;
      out.push([x1 + ((py - y1) * (x2 - x1)) / (y2 - y1), y2 > y1 ? 1 : -1]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Nonzero rule: the winding number left of px on that line. */
const winding = (row: [number, number][], px: number) => row.reduce((w, [x, dir]) => (x < px ? w + dir : w), 0);

const COLOURS: Record<string, number> = { "#fff": 255, white: 255, "#000": 0, black: 0 };

/** The SVG as RGBA pixels, PX per user unit, on a transparent canvas. */
function rasterize(svg: string): { data: Uint8ClampedArray; width: number; height: number } {
  const { viewBox, shapes } = parseSvg(svg);
  const [vx, vy, vw, vh] = viewBox;
  const width = vw * PX;
  const height = vh * PX;
  const data = new Uint8ClampedArray(width * height * 4);
  for (const { tag, attrs } of shapes) {
    const fill = attrs.fill ?? "black";
    const shade = COLOURS[fill];
    if (shade === undefined) throw new Error(`unexpected fill ${fill}`);
    let inside: (x: number, y: number) => boolean;
    const rows = new Map<number, [number, number][]>();
    if (tag === "rect") {
      const [x, y, w, h] = [attrs.x, attrs.y, attrs.width, attrs.height].map((a) => Number(a ?? 0)) as [
        number,
        number,
        number,
        number,
      ];
      inside = (px, py) => px >= x && px < x + w && py >= y && py < y + h;
    } else if (tag === "path") {
      const polys = polygons(attrs.d ?? "");
      inside = (px, py) => {
        if (!rows.has(py)) rows.set(py, crossings(polys, py));
        return winding(rows.get(py) ?? [], px) !== 0;
      };
    } else throw new Error(`unexpected <${tag}>`);
    for (let j = 0; j < height; j++) {
      for (let i = 0; i < width; i++) {
        if (!inside(vx + (i + 0.5) / PX, vy + (j + 0.5) / PX)) continue;
        data.set([shade, shade, shade, 255], (j * width + i) * 4);
      }
    }
  }
  return { data, width, height };
}

/** The text of the QR code an SVG draws (throws when jsQR finds none). */
export function decodeQrSvg(svg: string): string {
  const { data, width, height } = rasterize(svg);
  const result = jsQR(data, width, height, { inversionAttempts: "dontInvert" });
  if (!result) throw new Error("jsQR found no QR code");
  return result.data;
}
