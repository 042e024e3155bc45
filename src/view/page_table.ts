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
import { h, replaceChildren } from "./page_dom.ts";
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

/** One row's elements, cloned for each row: a 10,000-row table is built in a blink. */
let _rowTemplate: HTMLElement | null = null;

function _template(): HTMLElement {
  const cell = (className?: string) =>
    h("div", { role: "cell", class: className });
  return h(
    "div",
    { role: "row", class: "row" },
    cell("path"),
    cell(),
    h("div", { role: "cell" }, h("span", { class: "pill" })),
    h(
      "div",
      { role: "cell" },
      h("button", { type: "button", class: "hash", "aria-expanded": "false" }),
    ),
    cell("number"),
    cell("time"),
  );
}

function _row(row: ArtifactRow): HTMLElement {
  _rowTemplate ??= _template();
  const element = _rowTemplate.cloneNode(true) as HTMLElement;
  element.setAttribute("data-path", row.path);
  element.setAttribute("data-state", row.standing);
  const [path, step, standing, hash, size, indexed] = element.children;
  path.textContent = row.path;
  step.textContent = row.step ?? "—";
  const badge = standing.firstElementChild!;
  badge.className = `pill pill-${row.standing}`;
  badge.setAttribute("data-state", row.standing);
  badge.textContent = row.standing;
  const button = hash.firstElementChild!;
  button.setAttribute("data-full", `${row.algorithm}:${row.hash}`);
  button.textContent = shortHash(row.hash);
  size.textContent = _size(row.size);
  indexed.textContent = row.indexedAt;
  return element;
}

/** Shows the full hash of a row, or its short form again. */
function _toggleHash(event: Event): void {
  const button = (event.target as Element).closest("button.hash");
  if (button === null) return;
  const open = button.getAttribute("aria-expanded") === "true";
  const full = button.getAttribute("data-full")!;
  button.setAttribute("aria-expanded", String(!open));
  button.textContent = open ? shortHash(full) : full;
}

/**
 * Above this many rows, rows off screen are laid out only when scrolled to
 * (content-visibility): a 10,000-artifact table then draws in well under a
 * second. Find in page still finds them; `innerText` skips them, so smaller
 * tables, every real mission's, are laid out in full.
 */
const _LAZY_ROWS = 1000;

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
  const table = h("div", {
    id: "artifacts-table",
    role: "table",
    "aria-label": "Artifacts",
    class: view.artifacts.length > _LAZY_ROWS ? "table lazy" : "table",
  });
  table.addEventListener("click", _toggleHash);
  const headers = new Map<SortKey, HTMLElement>();
  const head = h("div", { role: "row", class: "row head" });
  for (const [key, title] of _COLUMNS) {
    const button = h("button", { type: "button", class: "sort" }, title);
    const cell = h("div", { role: "columnheader" }, button);
    button.addEventListener("click", () => {
      query = {
        ...query,
        sortKey: key,
        descending: query.sortKey === key && !query.descending,
      };
      draw();
    });
    headers.set(key, cell);
    head.appendChild(cell);
  }
  table.appendChild(h("div", { role: "rowgroup", class: "head" }, head));
  const bodies = h("div", { class: "bodies" });
  table.appendChild(bodies);

  const draw = (): void => {
    const { groups, shown } = selectArtifactRows(view.artifacts, query);
    for (const [key, cell] of headers) {
      if (query.sortKey === key) {
        cell.setAttribute(
          "aria-sort",
          query.descending ? "descending" : "ascending",
        );
      } else cell.removeAttribute("aria-sort");
    }
    const groupsDrawn = document.createDocumentFragment();
    for (const group of groups) {
      const body = h(
        "div",
        { role: "rowgroup", "data-kind": group.artifactClass },
        h(
          "div",
          { role: "row", class: "group" },
          h(
            "div",
            { role: "rowheader" },
            `${group.artifactClass} (${group.rows.length})`,
          ),
        ),
      );
      for (const row of group.rows) body.appendChild(_row(row));
      groupsDrawn.appendChild(body);
    }
    bodies.replaceChildren(groupsDrawn);
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
    table,
  );
}
