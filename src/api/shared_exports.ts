// What both entry points (`mod.ts` for contract 2.4.0, `v3.ts` for 3.0.0)
// export alike: the names and types that do not depend on the contract.
// Each entry point adds its contract's types, schemas and functions.
export * from "../contract/constants.ts";
export {
  CONTRACT_VERSIONS,
  type ContractVersion,
} from "../contract/dossier_contract.ts";
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
} from "../contract/value_objects.ts";
export type { SafeParseEventResultOf } from "../envelope/event_envelope.ts";
export type { CreateDossierReducerOf } from "./dossier_api.ts";
export type { FieldIssue } from "../contract/field_issue.ts";
export {
  type ParseEventErrorData,
  ParseEventRangeError,
  ParseEventSyntaxError,
  ParseEventTypeError,
} from "../envelope/parse_event_error.ts";
export { normalizeEventId } from "../envelope/event_id.ts";
export { timestampSortText } from "../envelope/timestamp.ts";
export {
  compareEvents,
  dedupEvents,
  type StatusEventSortKey,
  statusEventSortKey,
} from "../replay/event_order.ts";
export type { NamespaceMixedStreamErrorOptions } from "../contract/namespace_mixed_stream_error.ts";
export {
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type DriftRecord,
  DriftRecordSchema,
  type MissionDossierStateJsonOf,
  type MissionDossierStateOf,
  type SnapshotSummary,
  SnapshotSummarySchema,
} from "../contract/dossier_state.ts";
export type {
  DossierDuplicateEvent,
  DossierEventRef,
  DossierReduceCounts,
  DossierReduceReport,
  DossierReduceResultOf,
  DossierRejectedEvent,
  ReduceMissionDossierWithReportOptions,
} from "../replay/reduce_mission_dossier_with_report.ts";
export {
  DossierPayloadError,
  type DossierPayloadErrorOptions,
} from "../replay/dossier_payload_error.ts";
export type {
  NamespaceGroupOf,
  NamespacePartitionOf,
} from "../replay/partition_by_namespace.ts";
export type {
  CreateDossierReducerOptions,
  DossierReducerOf,
  DossierReportingReducerOf,
} from "../replay/create_dossier_reducer.ts";
export {
  computeParityHash,
  evaluateParity,
  type ParityEvaluation,
  type ParityFormula,
} from "../parity/parity_hash.ts";
export {
  diffDossiers,
  type DriftFindingOf,
  type DriftIdentity,
  type DriftPayloadContextOf,
} from "../parity/drift.ts";
