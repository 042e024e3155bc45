/**
 * The producer side of the Mission Dossier Parity contract 3.0.0: index a
 * mission folder exactly as the spec-kitty CLI does (commit e6e3b7357;
 * docs/indexer.md), into the artifact records, the snapshot and the contract
 * 3.0.0 events the CLI emits, and judge a folder against its recorded snapshot
 * as `spec-kitty reconcile` does. Runs on every runtime: files come from a
 * {@linkcode MissionSource} (files in memory with {@linkcode missionFromFiles};
 * a folder on disk with `@spec-kitty/dossier/indexer/disk`).
 *
 * ```
 * folder ─► walk ─► classify ─► hash ─► records ─► snapshot ─► events
 *                                              └─► reconcile against a recorded snapshot
 * ```
 *
 * @example Produce a dossier and replay it
 * ```ts
 * import { eventsToJsonl, indexMission, missionFromFiles } from "@spec-kitty/dossier/indexer";
 * import { computeParityHash, parseEventStream, reduceMissionDossier } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const mission = missionFromFiles({
 *   "meta.json": '{"mission_type": "software-dev", "target_branch": "main"}',
 *   "spec.md": "# Spec\n",
 *   "tasks.md": "- [ ] T001\n",
 * }, { name: "001-demo" });
 * const { events, snapshot } = await indexMission(mission, {
 *   projectUuid: "11111111-2222-4333-8444-555555555555",
 * });
 * const dossier = reduceMissionDossier(parseEventStream(eventsToJsonl(events)));
 * assert.equal(await computeParityHash(dossier), snapshot?.snapshot_hash);
 * assert.equal(dossier.artifacts.get("spec.md")?.identity.artifact_class, "input");
 * ```
 *
 * @module
 */

/** An artifact's class (`input`, `workflow`, `output`, `evidence`, `policy`, `runtime`), as `./v3` exports it. */
export {
  ARTIFACT_CLASSES,
  type ArtifactClass,
} from "./src/contract/constants.ts";
/** A parsed contract 3.0.0 event, as `./v3` exports it (what `recordedSnapshotFromEvents` reads). */
export type { Event3_0_0 as Event } from "./src/envelope/event_envelope.ts";
export {
  type MissionFiles,
  missionFromFiles,
  type MissionFromFilesOptions,
  type MissionSource,
  type MissionSourceEntry,
} from "./src/index/mission_source.ts";
export { BUILT_IN_MANIFESTS } from "./src/index/built_in_manifests.ts";
export type {
  ExpectedArtifactsManifest,
  ExpectedArtifactSpec,
} from "./src/index/expected_artifacts_manifest.ts";
export type { ArtifactRecord, HashKind } from "./src/index/hash_artifact.ts";
export type { MissionSnapshot } from "./src/index/mission_snapshot.ts";
export type {
  IndexedEvent,
  IndexedNamespace,
} from "./src/index/dossier_events.ts";
export type { LintReportStaging } from "./src/index/lint_report_staging.ts";
export {
  MissionIndexError,
  type MissionIndexErrorOptions,
  type MissionIndexRule,
} from "./src/index/mission_index_error.ts";
export {
  indexMission,
  type IndexMissionOptions,
  type IndexMissionResult,
} from "./src/index/index_mission.ts";
export { eventsToJsonl } from "./src/index/dossier_events.ts";
export {
  parseRecordedSnapshot,
  readRecordedSnapshot,
  type RecordedSnapshot,
  recordedSnapshotFromEvents,
} from "./src/index/recorded_snapshot.ts";
export {
  formatReconcileResult,
  type ReconcileDifference,
  reconcileMission,
  type ReconcileMissionOptions,
  type ReconcileResult,
} from "./src/index/reconcile_mission.ts";
