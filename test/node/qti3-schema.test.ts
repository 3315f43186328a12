import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { validateXML } from "xmllint-wasm";
import { exportItems } from "../../src/export/index.ts";
import { BANK } from "../../src/quiz/index.ts";

const XSD_DIR = path.join(import.meta.dirname, "../fixtures/qti3-xsd");
const MAIN = "imsqtiv3p0_imscpv1p2_v1p0.xsd";
const schemas = readdirSync(XSD_DIR)
  .filter((f) => f.endsWith(".xsd"))
  .map((f) => ({ fileName: f, contents: readFileSync(path.join(XSD_DIR, f), "utf8") }));

/** xmllint --schema imsqtiv3p0_imscpv1p2_v1p0.xsd, with the schemas it imports beside it. */
function validateManifest(xml: string) {
  return validateXML({
    xml: [{ fileName: "imsmanifest.xml", contents: xml }],
    schema: schemas.filter((s) => s.fileName === MAIN),
    preload: schemas.filter((s) => s.fileName !== MAIN),
  });
}

describe("QTI 3.0 package manifest against IMS's content-packaging schema", () => {
  it("imsmanifest.xml of the whole bank, both languages, is valid (xmllint)", async () => {
    const files = unzipSync(
      exportItems(
        BANK.items,
        { name: "bank", title: { fr: "Banque", en: "Bank" }, topics: BANK.topics },
        "qti3",
        "both",
      ).body as Uint8Array,
    );
    const manifest = new TextDecoder().decode(files["imsmanifest.xml"]);
    const result = await validateManifest(manifest);
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
    // The schema is really applied: an element it does not allow is refused.
    const broken = await validateManifest(manifest.replace("<resources>", "<resources><resource-typo/>"));
    expect(broken.valid).toBe(false);
    expect(broken.errors[0]?.rawMessage).toContain("resource-typo");
  });
});
