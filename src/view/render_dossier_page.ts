// The dossier page as files: a static HTML shell that holds no text from
// the input (the stream rides in a JSON data block, read by the script as
// text), the bundled script and the style sheet. The command line writes
// them to a folder or serves them; the edge answers them with pageResponse.
import { PAGE_SCRIPT, PAGE_STYLE } from "./_page_bundle.generated.ts";
import { readDossierStream } from "./read_dossier_stream.ts";

/** What {@linkcode renderDossierPage} draws. */
export interface DossierPageOptions {
  /**
   * The JSONL stream to show, either contract; the page reduces it in the
   * browser. Without it, the page asks for a file to drop or choose.
   */
  readonly stream?: string;
  /** What the page calls the stream, such as its file name. Default `"the embedded stream"`. */
  readonly source?: string;
}

/** The page's files, by name: write them to one folder, or serve them side by side. */
export interface DossierPageFiles {
  /** The HTML shell. */
  readonly "index.html": string;
  /** The script: the page and the package's core, one classic script. */
  readonly "app.js": string;
  /** The style sheet. */
  readonly "app.css": string;
}

/** The name of one of the page's files. */
export type DossierPageFileName = keyof DossierPageFiles;

/**
 * The page's Content-Security-Policy, as its `<meta>` tag says it: the
 * page's own script and style sheet and nothing else (no inline script, no
 * connection, no image, no frame, no form).
 */
export const DOSSIER_PAGE_CSP: string =
  "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'";

/** The same policy as an HTTP header, which can also forbid framing. */
const _CSP_HEADER = `${DOSSIER_PAGE_CSP}; frame-ancestors 'none'`;

/** The stream as a JSON data block's text: `<` escaped, so that no `</script>` can end it. */
function _dataBlock(source: string, stream: string): string {
  return JSON.stringify({ source, stream }).replaceAll("<", "\\u003c");
}

function _html(data: string | null): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${DOSSIER_PAGE_CSP}">
<meta name="referrer" content="no-referrer">
<title>Mission dossier</title>
<link rel="stylesheet" href="app.css">
<script src="app.js" defer></script>
</head>
<body data-state="loading">
<header class="top">
<div class="brand">Mission dossier</div>
<h1 id="title">Mission dossier</h1>
<p id="subtitle">Drop a JSONL event stream to see its dossier.</p>
</header>
<div id="error" role="alert"></div>
<main id="main"></main>
<section id="open" aria-label="Open a stream">
<div class="card drop">
<p>Drop a JSONL event stream anywhere on this page, or choose one. It is read and reduced in this page: nothing leaves this machine.</p>
<input id="file" class="visually-hidden" type="file" accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/json,text/plain">
<label for="file" class="button">Choose a JSONL file</label>
</div>
</section>
<noscript><p>This page needs JavaScript to read the dossier.</p></noscript>
<footer><p>Drawn by @spec-kitty/dossier: the stream is parsed, reduced and checked in this page with the package's own functions.</p></footer>
${
    data === null
      ? ""
      : `<script type="application/json" id="dossier-data">${data}</script>\n`
  }</body>
</html>
`;
}

/**
 * Renders the dossier page: `index.html`, `app.js` and `app.css`, to write
 * into one folder (the page then opens from `file://`, with no network and
 * no server) or to serve side by side. The stream, when given, is embedded
 * as a JSON data block and reduced by the page in the browser with this
 * package; without one, the page reads a file the reader drops or chooses.
 * No text from the stream is written as markup, and the page's
 * Content-Security-Policy ({@linkcode DOSSIER_PAGE_CSP}) allows only its
 * own script and style sheet.
 *
 * @param options The stream to embed and what to call it; none for a page that asks for a file.
 * @returns The three files, by name.
 * @throws {SyntaxError} When a line of the stream is not JSON (the error names the line).
 * @throws {TypeError} When a line is not a valid envelope, or the stream
 * mixes the two contracts: the parser's error, with `line` and `issues`,
 * the message naming the line, the field and the value received.
 * @throws {RangeError} When the stream holds no event, or a value is out of bounds.
 *
 * @example Render the page for a file dropped in the browser
 * ```ts
 * import { renderDossierPage } from "@spec-kitty/dossier/view";
 * import assert from "node:assert/strict";
 *
 * const files = renderDossierPage();
 * assert.match(files["index.html"], /<script src="app.js" defer><\/script>/);
 * assert.ok(files["app.js"].length > 0 && files["app.css"].length > 0);
 * assert.throws(() => renderDossierPage({ stream: "not json" }), /line 1/);
 * ```
 */
export function renderDossierPage(
  options: DossierPageOptions = {},
): DossierPageFiles {
  const { stream, source = "the embedded stream" } = options;
  let data: string | null = null;
  if (stream !== undefined) {
    // Refused here as the page would refuse it, so that no caller reports
    // success for a stream the page cannot read.
    readDossierStream(stream);
    data = _dataBlock(source, stream);
  }
  return {
    "index.html": _html(data),
    "app.js": PAGE_SCRIPT,
    "app.css": PAGE_STYLE,
  };
}

const _TYPES: Readonly<Record<DossierPageFileName, string>> = {
  "index.html": "text/html; charset=utf-8",
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

/**
 * Answers a request for one of the page's files, with the page's
 * Content-Security-Policy as a header (framing forbidden too), `nosniff`,
 * no referrer and no caching. `""` names `index.html`; any other name is a
 * 404.
 *
 * @param files The page, from {@linkcode renderDossierPage}.
 * @param name The file asked for: `""`, `index.html`, `app.js` or `app.css`.
 * @returns The response: the file with its type, or a 404.
 *
 * @example Serve the page from a `fetch` handler
 * ```ts
 * import { pageResponse, renderDossierPage } from "@spec-kitty/dossier/view";
 * import assert from "node:assert/strict";
 *
 * const files = renderDossierPage();
 * const response = pageResponse(files, "app.js");
 * assert.equal(response.headers.get("content-type"), "text/javascript; charset=utf-8");
 * assert.match(response.headers.get("content-security-policy") ?? "", /script-src 'self'/);
 * assert.equal(pageResponse(files, "secrets.txt").status, 404);
 * ```
 */
export function pageResponse(files: DossierPageFiles, name: string): Response {
  const file = name === "" ? "index.html" : name;
  const headers = {
    "content-security-policy": _CSP_HEADER,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
  if (!Object.hasOwn(_TYPES, file)) {
    return new Response("Not found\n", {
      status: 404,
      headers: { ...headers, "content-type": "text/plain; charset=utf-8" },
    });
  }
  const key = file as DossierPageFileName;
  return new Response(files[key], {
    headers: { ...headers, "content-type": _TYPES[key] },
  });
}
