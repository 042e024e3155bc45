// Ghost records (docs/indexer.md, "The rules, in order", rule 8): an artifact
// `required_always` lists that no record carries gets a record of its own, not
// present, `not_found`. With the built-in manifests (empty `required_always`)
// there are none.

import type { ExpectedArtifactsManifest } from "./expected_artifacts_manifest.ts";
import type { ArtifactRecord } from "./hash_artifact.ts";

/** The ghosts to append after the walked records, in manifest order. */
export function ghostRecords(
  manifest: ExpectedArtifactsManifest | null,
  records: readonly ArtifactRecord[],
): ArtifactRecord[] {
  if (manifest === null) return [];
  const carried = new Set(records.map((record) => record.artifact_key));
  const ghosts: ArtifactRecord[] = [];
  for (const spec of manifest.required_always) {
    if (carried.has(spec.artifact_key)) continue;
    carried.add(spec.artifact_key);
    ghosts.push({
      relative_path: spec.path_pattern,
      artifact_key: spec.artifact_key,
      artifact_class: spec.artifact_class,
      required_status: spec.blocking ? "required" : "optional",
      is_present: false,
      error_reason: "not_found",
      content_hash: null,
      hash_kind: "ghost",
      size_bytes: 0,
      wp_projection_json: null,
    });
  }
  return ghosts;
}
