// The dossier page at the edge: `GET /dossiers/{key}` asked for HTML gets
// the page (renderDossierPage) with the namespace's stored stream embedded,
// which the browser reduces and draws; the page's script and style sheet
// are the same for every dossier and sit beside it, at /dossiers/app.js and
// /dossiers/app.css (the page names them relative to itself).
import {
  type DossierPageFiles,
  pageResponse,
  renderDossierPage,
} from "../view/render_dossier_page.ts";
import { Refusal } from "./edge_http.ts";

/** The page's assets, as the router serves them under /dossiers/. */
export const PAGE_ASSETS: readonly string[] = ["app.js", "app.css"];

/** The quality an Accept header gives `type` by an entry that names it exactly, or by a wildcard. */
function _quality(
  entries: readonly { type: string; q: number }[],
  type: string,
): { q: number; exact: boolean } {
  const exact = entries.find((entry) => entry.type === type);
  if (exact !== undefined) return { q: exact.q, exact: true };
  const family = entries.find((entry) =>
    entry.type === `${type.split("/")[0]}/*`
  );
  const any = entries.find((entry) => entry.type === "*/*");
  return { q: family?.q ?? any?.q ?? 0, exact: false };
}

/**
 * Whether a request asks for the page: its Accept header names `text/html`
 * and ranks it above `application/json`. JSON stays the answer to anything
 * else (no Accept header, a wildcard alone, a tie).
 */
export function prefersHtml(request: Request): boolean {
  const header = request.headers.get("accept");
  if (header === null) return false;
  const entries = header.split(",").map((part) => {
    const [type, ...parameters] = part.split(";").map((text) => text.trim());
    const q = parameters.find((parameter) => /^q=/i.test(parameter));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return {
      type: type.toLowerCase(),
      q: Number.isFinite(value) ? value : 0,
    };
  });
  const html = _quality(entries, "text/html");
  const json = _quality(entries, "application/json");
  return html.exact && html.q > 0 && html.q > json.q;
}

let _assets: DossierPageFiles | null = null;

/** One of the page's assets (`app.js`, `app.css`), with the page's headers. */
export function pageAsset(name: string): Response {
  _assets ??= renderDossierPage();
  return pageResponse(_assets, name);
}

/**
 * The page of a stored dossier, from its stream (JSONL in replay order, as
 * the object answers `GET /dossiers/{key}/events`).
 */
export function dossierPage(key: string, stream: string): Response {
  let files: DossierPageFiles;
  try {
    files = renderDossierPage({ stream, source: `/dossiers/${key}` });
  } catch (error) {
    // The object stores only envelopes it checked: a stream the page
    // refuses is a bug of one of the two.
    throw new Refusal(500, {
      error: "internal",
      message:
        `Cannot draw dossier ${key}: the page refuses its stored stream (${
          (error as Error).message
        }); this is a bug`,
    });
  }
  const response = pageResponse(files, "");
  response.headers.set("vary", "accept");
  return response;
}
