// The artifact table's rows as the page draws them: filtered by path,
// sorted by a column, grouped by artifact class in the contract's order.
import { ARTIFACT_CLASSES } from "../../mod.ts";
import type { ArtifactRow } from "./dossier_view_model.ts";

/** The columns the table sorts by. */
export const SORT_KEYS = [
  "path",
  "step",
  "standing",
  "hash",
  "size",
  "indexedAt",
] as const;

/** One of {@linkcode SORT_KEYS}. */
export type SortKey = typeof SORT_KEYS[number];

/** What the reader asked of the table. */
export interface TableQuery {
  /** Text the path must contain, any letter case; `""` for every row. */
  readonly filter: string;
  /** The column to sort by; `null` keeps the state's order. */
  readonly sortKey: SortKey | null;
  /** Sort from the largest down. */
  readonly descending: boolean;
}

/** The rows of one artifact class. */
export interface ArtifactGroup {
  /** The class. */
  readonly artifactClass: string;
  /** Its rows, filtered and sorted. */
  readonly rows: readonly ArtifactRow[];
}

function _compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two rows by a column; an absent value sorts last either way. */
function _compareBy(
  key: SortKey,
  descending: boolean,
): (a: ArtifactRow, b: ArtifactRow) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => {
    const left = a[key];
    const right = b[key];
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    return sign *
      (typeof left === "number" && typeof right === "number"
        ? left - right
        : _compareText(String(left), String(right)));
  };
}

/**
 * Filters, sorts and groups the artifact rows for the table: rows whose
 * path contains `filter` (any letter case), sorted stably by `sortKey`,
 * in one group per artifact class (the contract's order; empty groups left
 * out).
 *
 * @param rows The rows, in the state's order.
 * @param query The filter and the sort.
 * @returns The groups, and how many rows they hold.
 */
export function selectArtifactRows(
  rows: readonly ArtifactRow[],
  query: TableQuery,
): { groups: ArtifactGroup[]; shown: number } {
  const needle = query.filter.toLowerCase();
  let kept = needle === ""
    ? [...rows]
    : rows.filter((row) => row.path.toLowerCase().includes(needle));
  if (query.sortKey !== null) {
    kept = kept.sort(_compareBy(query.sortKey, query.descending));
  }
  const groups = ARTIFACT_CLASSES.map((artifactClass) => ({
    artifactClass,
    rows: kept.filter((row) => row.artifactClass === artifactClass),
  })).filter((group) => group.rows.length > 0);
  return { groups, shown: kept.length };
}
