/**
 * The Mission Dossier Parity event contract 2.4.0 (spec-kitty-events 2.4.0)
 * for every JavaScript runtime: Valibot schemas of the envelope and the four
 * dossier payloads, and a pure reducer that replays a mission's events into
 * the exact dossier the Python reference computes, byte for byte.
 *
 * Every current producer (the spec-kitty CLI, spec-kitty-events 3.0.0 to
 * 6.1.0) writes contract 3.0.0: read those streams with
 * `@spec-kitty/dossier/v3`, which has this module's API under the same
 * names, typed with 3.0.0's field names.
 *
 * ```
 * JSONL ─► parseEventStream ─► reduceMissionDossier ─► serializeDossierState
 * ```
 *
 * @example Replay a JSONL log into a dossier
 * ```ts
 * import { parseEventStream, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const envelope = {
 *   aggregate_id: "mission-042", node_id: "laptop-1", project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N00",
 * };
 * const log = [
 *   { ...envelope, event_id: "01HV7KA8TQ3R0W2M9X6C4B5N01", lamport_clock: 1,
 *     timestamp: "2026-02-21T14:00:00Z", event_type: "MissionDossierArtifactIndexed",
 *     payload: { namespace, indexed_at: "2026-02-21T14:00:00Z",
 *       artifact_id: { mission_key: "software-dev", path: "spec.md", artifact_class: "input" },
 *       content_ref: { hash: "ab12", algorithm: "sha256" } } },
 *   { ...envelope, event_id: "01HV7KA8TQ3R0W2M9X6C4B5N02", lamport_clock: 2,
 *     timestamp: "2026-02-21T14:01:00Z", event_type: "MissionDossierSnapshotComputed",
 *     payload: { namespace, snapshot_hash: "sha256:ff", artifact_count: 1, anomaly_count: 0,
 *       computed_at: "2026-02-21T14:01:00Z" } },
 * ].map((event) => JSON.stringify(event)).join("\n");
 *
 * const state = reduceMissionDossier(parseEventStream(log));
 * assert.equal(state.parity_status, "clean");
 * assert.equal(state.artifacts.size, 1);
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
  ProvenanceRefSchema,
} from "./src/contract/contract_2_4_0.ts";
export type {
  Event,
  SafeParseEventResultOf,
} from "./src/envelope/event_envelope.ts";
export type { FieldIssue } from "./src/contract/_field_issue.ts";
export { normalizeEventId } from "./src/envelope/event_id.ts";
export { timestampSortText } from "./src/envelope/timestamp.ts";
export {
  compareEvents,
  dedupEvents,
  type StatusEventSortKey,
  statusEventSortKey,
} from "./src/replay/event_order.ts";
export {
  NamespaceMixedStreamError,
  type NamespaceMixedStreamErrorOptions,
} from "./src/replay/namespace_mixed_stream_error.ts";
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
export * from "./src/api/api_2_4_0.ts";
