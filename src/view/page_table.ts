/// <reference lib="dom" />
// The artifact table: grouped by class, sorted by a column header (each a
// button, its state in aria-sort), filtered by path as the reader types.
import {
  selectArtifactRows,
  type SortKey,
  type TableQuery,
} from "./artifact_table.ts";
import type { ArtifactRow, DossierView } from "./dossier_view_model.ts";
import { shortHash } from "./dossier_view_model.ts";
import { code, h, hashDetails, pill, replaceChildren } from "./page_dom.ts";
import { section } from "./page_sections.ts";

const _COLUMNS: readonly (readonly [SortKey, string])[] = [
  ["path", "Path"],
  ["step", "Step"],
  ["standing", "State"],
  ["hash", "Hash"],
  ["size", "Size"],
  ["indexedAt", "Indexed"],
];

function _size(bytes: number | null): string {
  if (bytes === null) return "—";
  if (bytes < 1024) return `${bytes} B`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

function _row(row: ArtifactRow): HTMLTableRowElement {
  return h(
    "tr",
    { "data-path": row.path, "data-state": row.standing },
    h("td", { class: "path" }, code(row.path)),
    h("td", null, row.step ?? "—"),
    h("td", null, pill(row.standing)),
    h(
      "td",
      null,
      hashDetails(`${row.algorithm}:${row.hash}`, shortHash(row.hash)),
    ),
    h("td", {
      class: "number",
      title: row.size === null ? undefined : `${row.size} bytes`,
    }, _size(row.size)),
    h("td", null, row.indexedAt),
  );
}

/** The artifact section: a labelled filter, a count, and the table. */
export function artifactsSection(view: DossierView): HTMLElement {
  let query: TableQuery = { filter: "", sortKey: null, descending: false };
  const filter = h("input", {
    id: "artifact-filter",
    type: "search",
    "aria-describedby": "artifact-count",
  });
  filter.autocomplete = "off";
  filter.spellcheck = false;
  const count = h("p", { id: "artifact-count", "aria-live": "polite" });
  const table = h("table", { id: "artifacts-table" });
  const headers = new Map<SortKey, [HTMLTableCellElement, HTMLButtonElement]>();
  const head = h("tr", null);
  for (const [key, title] of _COLUMNS) {
    const button = h("button", { type: "button", class: "sort" }, title);
    const cell = h("th", { scope: "col" }, button);
    button.addEventListener("click", () => {
      query = {
        ...query,
        sortKey: key,
        descending: query.sortKey === key && !query.descending,
      };
      draw();
    });
    headers.set(key, [cell, button]);
    head.appendChild(cell);
  }
  table.appendChild(h("thead", null, head));

  const draw = (): void => {
    const { groups, shown } = selectArtifactRows(view.artifacts, query);
    for (const [key, [cell]] of headers) {
      if (query.sortKey === key) {
        cell.setAttribute(
          "aria-sort",
          query.descending ? "descending" : "ascending",
        );
      } else cell.removeAttribute("aria-sort");
    }
    for (const body of [...table.tBodies]) body.remove();
    for (const group of groups) {
      const body = h(
        "tbody",
        { "data-kind": group.artifactClass },
        h(
          "tr",
          { class: "group" },
          h(
            "th",
            { scope: "rowgroup", colspan: _COLUMNS.length },
            `${group.artifactClass} (${group.rows.length})`,
          ),
        ),
      );
      const rows = document.createDocumentFragment();
      for (const row of group.rows) rows.appendChild(_row(row));
      body.appendChild(rows);
      table.appendChild(body);
    }
    replaceChildren(
      count,
      query.filter === ""
        ? `${view.artifacts.length} artifacts`
        : `${shown} of ${view.artifacts.length} artifacts match`,
    );
  };
  filter.addEventListener("input", () => {
    query = { ...query, filter: filter.value };
    draw();
  });
  draw();
  return section(
    "artifacts",
    "Artifacts",
    h(
      "div",
      { class: "filter" },
      h("label", { for: "artifact-filter" }, "Filter by path"),
      filter,
      count,
    ),
    h("div", { class: "scroll" }, table),
  );
}
