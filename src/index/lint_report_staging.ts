// The CLI's charter-lint staging (docs/indexer.md, "Lint staging"), the one
// step that changes the mission folder before indexing: the project's
// `.kittify/lint-report.json` is copied into the mission when its
// `feature_scope` names the mission, and a stale copy is deleted when it names
// anything else. The indexer applies the decision to what it reads and returns
// it, so that a caller that owns the folder can apply it on disk.

/** What staging does to the mission's `lint-report.json`. */
export type LintReportStaging =
  /** No readable project report (or staging turned off): the folder is indexed as it is. */
  | { readonly action: "none" }
  /** The report names this mission: its bytes become the mission's `lint-report.json`. */
  | { readonly action: "copy"; readonly bytes: Uint8Array }
  /** The report names another scope: the mission's `lint-report.json`, if any, is deleted. */
  | { readonly action: "delete" };

/** The project's lint report, relative to the project root. */
export const PROJECT_LINT_REPORT = ".kittify/lint-report.json";
/** Where staging puts it, relative to the mission. */
export const MISSION_LINT_REPORT = "lint-report.json";

/** Decides the staging from the project report's bytes (`null` when absent) and the mission's handles. */
export function lintReportStaging(
  report: Uint8Array | null,
  handles: readonly string[],
): LintReportStaging {
  if (report === null) return { action: "none" };
  let value: unknown;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
      .decode(report);
    value = JSON.parse(text);
  } catch {
    return { action: "none" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { action: "none" };
  }
  const scope = (value as Record<string, unknown>).feature_scope;
  return typeof scope === "string" && handles.includes(scope)
    ? { action: "copy", bytes: report }
    : { action: "delete" };
}

/** Applies a staging to the walked paths: the copy is indexed (after the root's files when new), the deleted file is not. */
export function stagedPaths(
  paths: readonly string[],
  staging: LintReportStaging,
): string[] {
  if (staging.action === "none") return [...paths];
  const without = paths.filter((path) => path !== MISSION_LINT_REPORT);
  if (staging.action === "delete") return without;
  if (without.length < paths.length) return [...paths];
  const firstNested = without.findIndex((path) => path.includes("/"));
  const at = firstNested < 0 ? without.length : firstNested;
  return [...without.slice(0, at), MISSION_LINT_REPORT, ...without.slice(at)];
}
