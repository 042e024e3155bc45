// What changed between two snapshots of a stream: `diffDossiers` of the
// states taken at each, as the page lists it.
import type { SnapshotPoint } from "./dossier_view_model.ts";
import type { ViewContract } from "./view_contracts.ts";

/** What changed from one run to another, by path in code point order. */
export interface RunComparison {
  /** Paths present in the later run only. */
  readonly added: readonly string[];
  /** Paths present in the earlier run only. */
  readonly removed: readonly string[];
  /** Paths present in both, with another content hash. */
  readonly changed: readonly string[];
  /** Missing artifacts reported in the later run only (`path (step)`). */
  readonly anomaliesIntroduced: readonly string[];
  /** Missing artifacts reported in the earlier run only (`path (step)`). */
  readonly anomaliesResolved: readonly string[];
  /** The two manifest versions, when they differ; `null` otherwise. */
  readonly manifestVersions: readonly [string, string] | null;
}

/**
 * Compares the states at two snapshots with the contract's `diffDossiers`.
 *
 * @param baseline The earlier snapshot (the expected side).
 * @param current The later snapshot.
 * @param api The contract's functions.
 * @returns The paths added, removed and changed, the anomalies introduced
 * and resolved, and the manifest versions when they differ.
 */
export function compareRuns(
  baseline: SnapshotPoint,
  current: SnapshotPoint,
  api: ViewContract,
): RunComparison {
  const findings = api.diffDossiers(baseline.state, current.state);
  const paths = (kind: string): string[] =>
    findings.find((finding) => finding.driftKind === kind)?.artifactIds.map(
      (identity) => identity.path,
    ) ?? [];
  const anomalies = (kind: string): string[] => {
    const finding = findings.find((item) => item.driftKind === kind);
    return finding?.artifactIds.map((identity, index) =>
      `${identity.path} (${finding.manifestSteps[index]})`
    ) ?? [];
  };
  return {
    added: paths("artifact_added"),
    removed: paths("artifact_removed"),
    changed: paths("artifact_mutated"),
    anomaliesIntroduced: anomalies("anomaly_introduced"),
    anomaliesResolved: anomalies("anomaly_resolved"),
    manifestVersions:
      findings.find((finding) =>
        finding.driftKind === "manifest_version_changed"
      )?.manifestVersions ?? null,
  };
}
