/**
 * The dossier page: a static, self-contained page that shows a mission
 * dossier (its namespace, the hash check as the producer sees it, the
 * artifacts by class, the anomalies, a timeline of snapshots and drift
 * events, and what changed between two runs), reducing the stream in the
 * browser with this package. It opens from `file://` with no network and no
 * server; without a stream it reads a file the reader drops or chooses.
 *
 * ```
 * JSONL ─► renderDossierPage ─► index.html + app.js + app.css ─► (browser) parse, reduce, check, draw
 * ```
 *
 * @example Write a page for a stream, and serve it
 * ```ts
 * import { pageResponse, renderDossierPage } from "@spec-kitty/dossier/view";
 * import assert from "node:assert/strict";
 *
 * const stream = await Deno.readTextFile(
 *   new URL("./tests/data/real-streams/ske-001-event-model-project-identity.jsonl", import.meta.url),
 * );
 * const files = renderDossierPage({ stream, source: "ske-001.jsonl" });
 * assert.match(files["index.html"], /<script type="application\/json" id="dossier-data">/);
 *
 * const response = pageResponse(files, "");
 * assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
 * assert.equal(await response.text(), files["index.html"]);
 * ```
 *
 * @module
 */

export {
  DOSSIER_PAGE_CSP,
  type DossierPageFileName,
  type DossierPageFiles,
  type DossierPageOptions,
  pageResponse,
  renderDossierPage,
} from "./src/view/render_dossier_page.ts";
