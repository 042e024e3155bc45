// The snapshot of an index run (docs/indexer.md, "The rules, in order", rule
// 10): the counts over every record, completeness, and the parity hash of the
// present records; and the `snapshot-latest.json` the CLI writes beside the
// mission (the same rule).

import { parityHashOfPairs } from "../replay/parity_hash_text.ts";
import { compareCodePoints } from "../replay/event_order.ts";
import type { ArtifactRecord } from "./hash_artifact.ts";
import { indentedJson } from "./journal_json.ts";

/** A mission's snapshot (docs/indexer.md, "The rules, in order", rule 10), in the CLI's field names. */
export interface MissionSnapshot {
  /** The snapshot's id (a uuid4), in the snapshot event and in `snapshot-latest.json`. */
  readonly snapshot_id: string;
  /** Every record, present or not. */
  readonly total_artifacts: number;
  /** Records with `required_status` `required`. */
  readonly required_artifacts: number;
  /** Of those, the present ones. */
  readonly required_present: number;
  /** `required_artifacts - required_present`, the snapshot event's `anomaly_count`. */
  readonly required_missing: number;
  /** Records with `required_status` `optional`. */
  readonly optional_artifacts: number;
  /** Of those, the present ones. */
  readonly optional_present: number;
  /** `unknown` without a manifest, else `complete` when nothing required is missing, else `incomplete`. */
  readonly completeness_status: "complete" | "incomplete" | "unknown";
  /** `sha256:` + hex of the present records' `<path>\t<hash>` lines sorted by code point (docs/indexer.md, "The rules, in order", rule 10). */
  readonly snapshot_hash: string;
  /** The present records' content hashes, sorted (the legacy field of `snapshot-latest.json`). */
  readonly parity_hash_components: readonly string[];
}

/** The `[path, content hash]` pairs a snapshot hashes: present records with a hash. */
export function hashedPairs(
  records: readonly ArtifactRecord[],
): [string, string][] {
  const pairs: [string, string][] = [];
  for (const record of records) {
    if (record.is_present && record.content_hash) {
      pairs.push([record.relative_path, record.content_hash]);
    }
  }
  return pairs;
}

/** Computes the snapshot of an index run's records. */
export async function computeSnapshot(
  records: readonly ArtifactRecord[],
  hasManifest: boolean,
  snapshotId: string,
): Promise<MissionSnapshot> {
  let required = 0;
  let requiredPresent = 0;
  let optionalPresent = 0;
  for (const record of records) {
    if (record.required_status === "required") {
      required++;
      if (record.is_present) requiredPresent++;
    } else if (record.is_present) optionalPresent++;
  }
  const pairs = hashedPairs(records);
  return {
    snapshot_id: snapshotId,
    total_artifacts: records.length,
    required_artifacts: required,
    required_present: requiredPresent,
    required_missing: required - requiredPresent,
    optional_artifacts: records.length - required,
    optional_present: optionalPresent,
    completeness_status: !hasManifest
      ? "unknown"
      : required === requiredPresent
      ? "complete"
      : "incomplete",
    snapshot_hash: await parityHashOfPairs(pairs),
    parity_hash_components: pairs.map(([, hash]) => hash).sort(
      compareCodePoints,
    ),
  };
}

/** A record's `indexed_at` and the snapshot's `computed_at`, as the CLI writes them. */
export interface SnapshotTimes {
  /** ISO form with `T`, per record in record order. */
  readonly indexedAt: readonly string[];
  /** Python's `str(datetime)`: ISO with a space. */
  readonly computedAt: string;
}

/** The text of `snapshot-latest.json` (docs/indexer.md, "The rules, in order", rule 10): `json.dump(indent=2)`, no final newline. */
export function snapshotFileText(
  missionSlug: string,
  snapshot: MissionSnapshot,
  records: readonly ArtifactRecord[],
  times: SnapshotTimes,
): string {
  const summaries = records.map((record, index) => ({
    artifact_key: record.artifact_key,
    artifact_class: record.artifact_class,
    relative_path: record.relative_path,
    content_hash_sha256: record.content_hash,
    size_bytes: record.size_bytes,
    wp_id: null,
    step_id: null,
    required_status: record.required_status,
    is_present: record.is_present,
    error_reason: record.error_reason,
    indexed_at: times.indexedAt[index],
    provenance: null,
  })).sort((a, b) => compareCodePoints(a.artifact_key, b.artifact_key));
  return indentedJson({
    mission_slug: missionSlug,
    snapshot_id: snapshot.snapshot_id,
    total_artifacts: snapshot.total_artifacts,
    required_artifacts: snapshot.required_artifacts,
    required_present: snapshot.required_present,
    required_missing: snapshot.required_missing,
    optional_artifacts: snapshot.optional_artifacts,
    optional_present: snapshot.optional_present,
    completeness_status: snapshot.completeness_status,
    parity_hash_sha256: snapshot.snapshot_hash,
    parity_hash_components: snapshot.parity_hash_components,
    artifact_summaries: summaries,
    computed_at: times.computedAt,
  }, "");
}
