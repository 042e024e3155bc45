/**
 * The Mission Dossier Parity event contract 3.0.0 (spec-kitty-events 3.0.0
 * to 6.1.0), what every current producer writes: the API of
 * `@spec-kitty/dossier` under the same names, typed with 3.0.0's field
 * names (`mission_slug`, `mission_type`, `build_id`), unknown keys rejected
 * in every value object and payload, and the same pipeline behind it.
 *
 * ```
 * JSONL ─► parseEventStream ─► reduceMissionDossier ─► serializeDossierState
 * ```
 *
 * @example Replay what the spec-kitty CLI writes
 * ```ts
 * import { parseEventStream, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const envelope = {
 *   aggregate_id: "008-dossier:spec.md", node_id: "b805cd5cee74", build_id: "",
 *   project_uuid: namespace.project_uuid, schema_version: "3.0.0",
 *   correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 * };
 * const log = [
 *   { ...envelope, event_id: "01M8SPA3JNY34W2D07E7F7X2C1", lamport_clock: 1,
 *     timestamp: "2026-12-01T20:56:30.549128+00:00", event_type: "MissionDossierArtifactIndexed",
 *     payload: { namespace, indexed_at: "2026-12-01T20:56:30.549128+00:00",
 *       artifact_id: { mission_type: "software-dev", path: "spec.md", artifact_class: "input" },
 *       content_ref: { hash: "ab12", algorithm: "sha256" } } },
 *   { ...envelope, event_id: "01M8SPA3JNY34W2D07E7F7X2C2", lamport_clock: 2,
 *     timestamp: "2026-12-01T20:56:31.000000+00:00", event_type: "MissionDossierSnapshotComputed",
 *     payload: { namespace, snapshot_hash: "sha256:ff", artifact_count: 1, anomaly_count: 0,
 *       computed_at: "2026-12-01T20:56:31.000000+00:00" } },
 * ].map((event) => JSON.stringify(event)).join("\n");
 *
 * // The CLI writes build_id "", which the 3.0.0 reference rejects:
 * assert.throws(() => parseEventStream(log), /acceptEmptyBuildId/);
 * const state = reduceMissionDossier(parseEventStream(log, { acceptEmptyBuildId: true }));
 * assert.equal(state.namespace?.mission_slug, "008-dossier");
 * assert.equal(state.artifacts.get("spec.md")?.identity.mission_type, "software-dev");
 * assert.match(serializeDossierState(state), /"event_count":2}$/);
 * ```
 *
 * @module
 */

export * from "./src/contract/constants.ts";
export {
  CONTRACT_VERSIONS,
  type ContractVersion,
} from "./src/contract/dossier_contract.ts";
/**
 * Valibot's schema type, re-exported so that the type of every exported
 * schema (`GenericSchema<unknown, Event>` and the like) can be named from
 * this package.
 */
export type { GenericSchema } from "valibot";
export type {
  ContentHashRef,
  MissionDossierArtifactIndexedPayloadOf,
  MissionDossierArtifactMissingPayloadOf,
  MissionDossierParityDriftDetectedPayloadOf,
  MissionDossierSnapshotComputedPayloadOf,
  ProvenanceRef,
} from "./src/contract/value_objects.ts";
export {
  type AnomalyEntry,
  AnomalyEntrySchema,
  type ArtifactEntry,
  ArtifactEntrySchema,
  type ArtifactIdentity,
  ArtifactIdentitySchema,
  ContentHashRefSchema,
  type Event,
  EventSchema,
  type LocalNamespaceTuple,
  LocalNamespaceTupleSchema,
  type MissionDossierArtifactIndexedPayload,
  MissionDossierArtifactIndexedPayloadSchema,
  type MissionDossierArtifactMissingPayload,
  MissionDossierArtifactMissingPayloadSchema,
  type MissionDossierParityDriftDetectedPayload,
  MissionDossierParityDriftDetectedPayloadSchema,
  type MissionDossierSnapshotComputedPayload,
  MissionDossierSnapshotComputedPayloadSchema,
  type MissionDossierState,
  type MissionDossierStateJson,
  MissionDossierStateSchema,
  NamespaceMixedStreamError,
  ProvenanceRefSchema,
} from "./src/contract/contract_3_0_0.ts";
export type { SafeParseEventResultOf } from "./src/envelope/event_envelope.ts";
export type { FieldIssue } from "./src/contract/_field_issue.ts";
export { normalizeEventId } from "./src/envelope/event_id.ts";
export { timestampSortText } from "./src/envelope/timestamp.ts";
export {
  compareEvents,
  dedupEvents,
  type StatusEventSortKey,
  statusEventSortKey,
} from "./src/replay/event_order.ts";
export type { NamespaceMixedStreamErrorOptions } from "./src/replay/namespace_mixed_stream_error.ts";
export {
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type DriftRecord,
  DriftRecordSchema,
  type MissionDossierStateJsonOf,
  type MissionDossierStateOf,
  type SnapshotSummary,
  SnapshotSummarySchema,
} from "./src/replay/dossier_state.ts";
export type {
  DossierDuplicateEvent,
  DossierEventRef,
  DossierReduceCounts,
  DossierReduceReport,
  DossierReduceResultOf,
  DossierRejectedEvent,
  ReduceMissionDossierWithReportOptions,
} from "./src/replay/reduce_mission_dossier_with_report.ts";
export {
  DossierPayloadError,
  type DossierPayloadErrorOptions,
} from "./src/replay/dossier_payload_error.ts";
export type {
  NamespaceGroupOf,
  NamespacePartitionOf,
} from "./src/replay/partition_by_namespace.ts";
export type {
  CreateDossierReducerOptions,
  DossierReducerOf,
  DossierReportingReducerOf,
} from "./src/replay/create_dossier_reducer.ts";
export {
  computeParityHash,
  evaluateParity,
  type ParityEvaluation,
  type ParityFormula,
} from "./src/parity/parity_hash.ts";
export {
  diffDossiers,
  type DriftFindingOf,
  type DriftIdentity,
  type DriftPayloadContextOf,
} from "./src/parity/drift.ts";
export * from "./src/api/api_3_0_0.ts";
