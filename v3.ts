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

import { dossierApi } from "./src/api/dossier_api.ts";
import type { GenericSchema } from "valibot";
import {
  type ArtifactIdentity,
  type LocalNamespaceTuple,
  NamespaceMixedStreamError,
} from "./src/contract/contract_3_0_0.ts";
import type {
  ContentHashRef,
  MissionDossierArtifactIndexedPayloadOf,
  MissionDossierArtifactMissingPayloadOf,
  MissionDossierParityDriftDetectedPayloadOf,
  MissionDossierSnapshotComputedPayloadOf,
  ProvenanceRef,
} from "./src/contract/value_objects.ts";
import type {
  AnomalyEntryOf,
  ArtifactEntryOf,
  MissionDossierStateJsonOf,
  MissionDossierStateOf,
} from "./src/contract/dossier_state.ts";
import type {
  Event3_0_0 as Event,
  SafeParseEventResultOf,
} from "./src/envelope/event_envelope.ts";
import { PARSING_CONTRACT_3_0_0 } from "./src/envelope/parsing_contracts.ts";
import type {
  DossierReducerOf,
  DossierReportingReducerOf,
} from "./src/replay/create_dossier_reducer.ts";
import type {
  DossierReduceResultOf,
  ReduceMissionDossierWithReportOptions,
} from "./src/replay/reduce_mission_dossier_with_report.ts";
import type {
  NamespaceGroupOf,
  NamespacePartitionOf,
} from "./src/replay/partition_by_namespace.ts";
import type {
  DriftFindingOf,
  DriftPayloadContextOf,
} from "./src/parity/drift.ts";
import type {
  CreateDossierReducerOf,
  ParseEventOptions,
} from "./src/api/dossier_api.ts";

export * from "./src/api/shared_exports.ts";
export type { ArtifactIdentity, Event, LocalNamespaceTuple, ParseEventOptions };
export { NamespaceMixedStreamError };

// ── Contract 3.0.0's types and schemas ───────────────────────────────────

const parsing = PARSING_CONTRACT_3_0_0;

/**
 * Schema of a {@linkcode LocalNamespaceTuple} (contract 3.0.0).
 *
 * @example A 2.4.0 field name is an unknown key, rejected
 * ```ts
 * import { LocalNamespaceTupleSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * assert.equal(v.parse(LocalNamespaceTupleSchema, namespace).step_id, null);
 * assert.equal(v.safeParse(LocalNamespaceTupleSchema, { ...namespace, feature_slug: "008" }).success, false);
 * ```
 */
export const LocalNamespaceTupleSchema: GenericSchema<
  unknown,
  LocalNamespaceTuple
> = parsing.schemas.namespace;

/**
 * Schema of an {@linkcode ArtifactIdentity} (contract 3.0.0).
 *
 * @example Reject an unknown artifact class
 * ```ts
 * import { ArtifactIdentitySchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(ArtifactIdentitySchema, {
 *   mission_type: "software-dev", path: "spec.md", artifact_class: "draft",
 * });
 * assert.equal(result.success, false);
 * ```
 */
export const ArtifactIdentitySchema: GenericSchema<unknown, ArtifactIdentity> =
  parsing.schemas.identity;

/**
 * Schema of a `ContentHashRef` (contract 3.0.0: unknown keys rejected).
 *
 * @example
 * ```ts
 * import { ContentHashRefSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.parse(ContentHashRefSchema, { hash: "ab12", algorithm: "sha256" }).size_bytes, null);
 * assert.equal(v.safeParse(ContentHashRefSchema, { hash: "ab12", algorithm: "sha256", mime: "text/plain" }).success, false);
 * ```
 */
export const ContentHashRefSchema: GenericSchema<unknown, ContentHashRef> =
  parsing.schemas.contentRef;

/**
 * Schema of a `ProvenanceRef` (contract 3.0.0: unknown keys rejected).
 *
 * @example
 * ```ts
 * import { ProvenanceRefSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.parse(ProvenanceRefSchema, {}).actor_kind, null);
 * assert.equal(v.safeParse(ProvenanceRefSchema, { author: "x" }).success, false);
 * ```
 */
export const ProvenanceRefSchema: GenericSchema<unknown, ProvenanceRef> =
  parsing.schemas.provenance;

/** Payload of `MissionDossierArtifactIndexed` (contract 3.0.0). */
export type MissionDossierArtifactIndexedPayload =
  MissionDossierArtifactIndexedPayloadOf<LocalNamespaceTuple, ArtifactIdentity>;

/**
 * Schema of the `MissionDossierArtifactIndexed` payload (contract 3.0.0).
 *
 * @example
 * ```ts
 * import { MissionDossierArtifactIndexedPayloadSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(MissionDossierArtifactIndexedPayloadSchema, {}).success, false);
 * ```
 */
export const MissionDossierArtifactIndexedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
> = parsing.schemas.indexed;

/** Payload of `MissionDossierArtifactMissing` (contract 3.0.0). */
export type MissionDossierArtifactMissingPayload =
  MissionDossierArtifactMissingPayloadOf<LocalNamespaceTuple, ArtifactIdentity>;

/**
 * Schema of the `MissionDossierArtifactMissing` payload (contract 3.0.0).
 *
 * @example
 * ```ts
 * import { MissionDossierArtifactMissingPayloadSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(MissionDossierArtifactMissingPayloadSchema, { manifest_step: "" }).success, false);
 * ```
 */
export const MissionDossierArtifactMissingPayloadSchema: GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
> = parsing.schemas.missing;

/** Payload of `MissionDossierSnapshotComputed` (contract 3.0.0). */
export type MissionDossierSnapshotComputedPayload =
  MissionDossierSnapshotComputedPayloadOf<LocalNamespaceTuple>;

/**
 * Schema of the `MissionDossierSnapshotComputed` payload (contract 3.0.0).
 *
 * @example
 * ```ts
 * import { MissionDossierSnapshotComputedPayloadSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(MissionDossierSnapshotComputedPayloadSchema, { artifact_count: 1.5 }).success, false);
 * ```
 */
export const MissionDossierSnapshotComputedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
> = parsing.schemas.snapshot;

/** Payload of `MissionDossierParityDriftDetected` (contract 3.0.0). */
export type MissionDossierParityDriftDetectedPayload =
  MissionDossierParityDriftDetectedPayloadOf<
    LocalNamespaceTuple,
    ArtifactIdentity
  >;

/**
 * Schema of the `MissionDossierParityDriftDetected` payload (contract 3.0.0).
 *
 * @example
 * ```ts
 * import { MissionDossierParityDriftDetectedPayloadSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(MissionDossierParityDriftDetectedPayloadSchema, { drift_kind: "moved" }).success, false);
 * ```
 */
export const MissionDossierParityDriftDetectedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
> = parsing.schemas.drift;

/**
 * Schema of the event envelope (contract 3.0.0). Unknown keys are dropped
 * (the envelope, unlike the payloads, does not forbid them); `build_id` is
 * required and must not be empty; `payload`, `schema_version` (`"3.0.0"`)
 * and `data_tier` get their defaults when absent; ids and `project_uuid` are
 * normalized.
 *
 * @example `build_id` is required
 * ```ts
 * import { EventSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const envelope = {
 *   event_id: "01M8SPA3JNY34W2D07E7F7X2CM", event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "008:snapshot", timestamp: "2026-12-01T20:56:30.549128+00:00",
 *   node_id: "b805cd5cee74", lamport_clock: 2, correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
 * };
 * assert.equal(v.safeParse(EventSchema, envelope).success, false);
 * assert.equal(v.parse(EventSchema, { ...envelope, build_id: "b1" }).schema_version, "3.0.0");
 * ```
 */
export const EventSchema: GenericSchema<unknown, Event> = parsing.envelope;

/** The latest indexed version of an artifact (contract 3.0.0). */
export type ArtifactEntry = ArtifactEntryOf<ArtifactIdentity>;

/** A recorded missing-artifact anomaly (contract 3.0.0). */
export type AnomalyEntry = AnomalyEntryOf<ArtifactIdentity>;

/**
 * A reduced mission dossier (contract 3.0.0). `artifacts` is keyed by path,
 * in insertion order: any path is safe, `__proto__` and `"10"` included.
 */
export type MissionDossierState = MissionDossierStateOf<
  LocalNamespaceTuple,
  ArtifactIdentity
>;

/** The JSON form of a {@linkcode MissionDossierState}: `artifacts` is an object of path → entry. */
export type MissionDossierStateJson = MissionDossierStateJsonOf<
  LocalNamespaceTuple,
  ArtifactIdentity
>;

/**
 * Schema of an {@linkcode ArtifactEntry} in its JSON form (contract 3.0.0:
 * the entry's own keys are not forbidden; its identity's, content
 * reference's and provenance's are).
 *
 * @example
 * ```ts
 * import { ArtifactEntrySchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(ArtifactEntrySchema, { superseded: "no" }).success, false);
 * ```
 */
export const ArtifactEntrySchema: GenericSchema<unknown, ArtifactEntry> =
  parsing.schemas.artifactEntry;

/**
 * Schema of an {@linkcode AnomalyEntry} in its JSON form (contract 3.0.0).
 *
 * @example
 * ```ts
 * import { AnomalyEntrySchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(AnomalyEntrySchema, { anomaly_type: "late" }).success, false);
 * ```
 */
export const AnomalyEntrySchema: GenericSchema<unknown, AnomalyEntry> =
  parsing.schemas.anomalyEntry;

/**
 * Schema of the canonical JSON form of a {@linkcode MissionDossierState}
 * (contract 3.0.0; what `serializeDossierState` writes).
 *
 * @example
 * ```ts
 * import { MissionDossierStateSchema } from "@spec-kitty/dossier/v3";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(MissionDossierStateSchema, { namespace: null }).success, false);
 * ```
 */
export const MissionDossierStateSchema: GenericSchema<
  unknown,
  MissionDossierStateJson
> = parsing.schemas.state;

// ── The functions, bound to contract 3.0.0 ───────────────────────────────

const api = dossierApi(parsing);

/** The result of {@linkcode safeParseEvent}. */
export type SafeParseEventResult = SafeParseEventResultOf<Event>;
/** The result of {@linkcode reduceMissionDossierWithReport}. */
export type DossierReduceResult = DossierReduceResultOf<MissionDossierState>;
/** A reducer fed one event at a time; see {@linkcode createDossierReducer}. */
export type DossierReducer = DossierReducerOf<MissionDossierState, Event>;
/**
 * A reducer created with `report: true`: it also accounts for every event
 * pushed, as {@linkcode reduceMissionDossierWithReport} does.
 */
export type DossierReportingReducer = DossierReportingReducerOf<
  MissionDossierState,
  Event
>;
/** One kind of drift between two dossiers; see {@linkcode diffDossiers}. */
export type DriftFinding = DriftFindingOf<ArtifactIdentity>;
/** What {@linkcode driftPayloads} needs besides the findings. */
export type DriftPayloadContext = DriftPayloadContextOf<LocalNamespaceTuple>;
/** One namespace's events; see {@linkcode partitionByNamespace}. */
export type NamespaceGroup<E extends Event = Event> = NamespaceGroupOf<
  LocalNamespaceTuple,
  E
>;
/** What {@linkcode partitionByNamespace} returns. */
export type NamespacePartition<E extends Event = Event> = NamespacePartitionOf<
  LocalNamespaceTuple,
  E
>;

/**
 * Parses a contract 3.0.0 event envelope without throwing.
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @param options `acceptEmptyBuildId` to read `build_id: ""` the spec-kitty
 * CLI's way. A number is read as no options, so that `events.map(safeParseEvent)`
 * works as with contract 2.4.0.
 * @returns `{ success: true, output }`, or `{ success: false, error, issues }`.
 * @throws {TypeError} When `options` is not an object of booleans.
 *
 * @example Inspect the problems of a bad envelope
 * ```ts
 * import { safeParseEvent } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const result = safeParseEvent({ lamport_clock: "3" });
 * assert.equal(result.success, false);
 * if (!result.success) {
 *   assert.ok(result.issues.some((issue) => issue.path === "lamport_clock"));
 * }
 * ```
 */
export const safeParseEvent: (
  input: unknown,
  options?: ParseEventOptions | number,
) => SafeParseEventResult = api.safeParseEvent;

/**
 * Parses and normalizes a contract 3.0.0 event envelope: contract 2.4.0's
 * rules, plus a required non-empty `build_id` (the spec-kitty CLI writes
 * `""`: the error says so, and `acceptEmptyBuildId` reads it as
 * `"unknown"`, as the CLI's own validator does).
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @param options `acceptEmptyBuildId` to read `build_id: ""` the spec-kitty
 * CLI's way. A number is read as no options, so that `events.map(parseEvent)`
 * works as with contract 2.4.0.
 * @returns The parsed {@linkcode Event}, fields in contract order.
 * @throws {ParseEventTypeError} (a `TypeError`) When a field is missing or
 * has the wrong type or form; the message names the field, what was expected
 * and the value received, and the error carries `issues` and `eventId`.
 * @throws {TypeError} When `options` is not an object of booleans.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value is out of
 * bounds (a `lamport_clock` above 2^53−1, a `data_tier` of 5, a 31
 * February); it carries `issues` and `eventId` too.
 *
 * @example Defaults are filled in and ids normalized
 * ```ts
 * import { parseEvent } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const event = parseEvent({
 *   event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
 *   event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "mission-042",
 *   timestamp: "2026-02-21T14:00:00Z",
 *   node_id: "laptop-1", build_id: "build-1",
 *   lamport_clock: 7,
 *   project_uuid: "6F1C2B8E5A4D4C3B9E2F1A0B9C8D7E6F",
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 * });
 * assert.equal(event.event_id, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 * assert.equal(event.project_uuid, "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f");
 * assert.deepEqual(event.payload, {});
 * assert.equal(event.schema_version, "3.0.0");
 * assert.throws(() => parseEvent({ ...event, lamport_clock: 2 ** 53 }), RangeError);
 *
 * // What the spec-kitty CLI writes:
 * assert.throws(() => parseEvent({ ...event, build_id: "" }), /acceptEmptyBuildId/);
 * assert.equal(parseEvent({ ...event, build_id: "" }, { acceptEmptyBuildId: true }).build_id, "unknown");
 * ```
 */
export const parseEvent: (
  input: unknown,
  options?: ParseEventOptions | number,
) => Event = api.parseEvent;

/**
 * Parses a JSONL log of contract 3.0.0 envelopes: one per line, blank lines
 * skipped (including a final newline and `\r\n` endings), and a byte
 * order mark at the start of the text ignored, as the `dossier` command
 * line does.
 *
 * @param jsonl The log text.
 * @param options `acceptEmptyBuildId` to read `build_id: ""` the spec-kitty CLI's way.
 * @returns The parsed events, in file order.
 * @throws {ParseEventSyntaxError} (a `SyntaxError`) When a line is not
 * JSON; the message and `line` name the line.
 * @throws {ParseEventTypeError} (a `TypeError`) When `jsonl` is not a
 * string, or a line is not a valid envelope (see {@linkcode parseEvent});
 * the message names the line and the field, and the error carries `line`,
 * `eventId` and `issues`.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value of a line is
 * out of bounds; with `line`, `eventId` and `issues`.
 * @throws {TypeError} When `options` is not an object of booleans.
 *
 * @example Parse a two-line log
 * ```ts
 * import { parseEventStream } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const line = (id: string, clock: number) => JSON.stringify({
 *   event_id: id, event_type: "Noted", aggregate_id: "m", timestamp: 1700000000,
 *   node_id: "n", build_id: "build-1", lamport_clock: clock, correlation_id: id,
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
 * });
 * const events = parseEventStream(
 *   `${line("01HV7KA8TQ3R0W2M9X6C4B5N1P", 1)}\n${line("01HV7KA8TQ3R0W2M9X6C4B5N1Q", 2)}\n`,
 * );
 * assert.equal(events.length, 2);
 * assert.throws(() => parseEventStream("{}\nnot json"), /on line 1: field "event_id" is required/);
 * ```
 */
export const parseEventStream: (
  jsonl: string,
  options?: ParseEventOptions,
) => Event[] = api.parseEventStream;

/**
 * Parses and reduces a JSONL log of contract 3.0.0 envelopes in one pass:
 * the state `reduceMissionDossier(parseEventStream(jsonl, options))`
 * returns, with the same errors, but each line is folded as it is parsed,
 * so that the log is never held as events (only the fold state and the ids
 * seen). A log whose events are out of sort order is parsed a second time
 * and replayed in full.
 *
 * @param jsonl The log text.
 * @param options `acceptEmptyBuildId` to read `build_id: ""` the spec-kitty CLI's way.
 * @returns The reduced state.
 * @throws {ParseEventSyntaxError} (a `SyntaxError`) When a line is not
 * JSON, as {@linkcode parseEventStream} throws.
 * @throws {ParseEventTypeError} (a `TypeError`) When `jsonl` is not a
 * string, or a line is not a valid envelope.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value of a line is
 * out of bounds.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity, as {@linkcode reduceMissionDossier} throws.
 * @throws {TypeError} When `options` is not an object of booleans.
 *
 * @example Reduce a log the spec-kitty CLI wrote
 * ```ts
 * import { parseEventStream, reduceEventStream, reduceMissionDossier } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const line = (clock: number, id: string) => JSON.stringify({
 *   event_id: id, event_type: "MissionDossierSnapshotComputed", aggregate_id: "m",
 *   timestamp: 1700000000 + clock, build_id: "", node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id,
 *   payload: { namespace, snapshot_hash: `sha256:${clock}`, artifact_count: 0,
 *     anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" },
 * });
 * const log = [line(1, "01HV7KA8TQ3R0W2M9X6C4B5N01"), line(2, "01HV7KA8TQ3R0W2M9X6C4B5N02")].join("\n");
 *
 * const state = reduceEventStream(log, { acceptEmptyBuildId: true });
 * assert.equal(state.parity_status, "clean");
 * assert.throws(() => reduceEventStream(log), /build_id/);
 * ```
 */
export const reduceEventStream: (
  jsonl: string,
  options?: ParseEventOptions,
) => MissionDossierState = api.reduceEventStream;

/**
 * The state of a stream with no dossier event (contract 3.0.0).
 *
 * @returns A new empty state.
 *
 * @example
 * ```ts
 * import { emptyDossierState } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * assert.equal(emptyDossierState().parity_status, "unknown");
 * ```
 */
export const emptyDossierState: () => MissionDossierState =
  api.emptyDossierState;

/**
 * Replays parsed contract 3.0.0 envelopes into a mission dossier, with the
 * exact result of the 3.0.0 reference reducer: the steps of contract
 * 2.4.0's (filter, sort, deduplicate, namespace guard, fold; see
 * docs/contract.md, "The reducer"), where a payload or a namespace with an
 * undeclared key does not parse. Pure, and the envelopes are trusted as
 * {@linkcode parseEvent} returned them.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @returns The reduced state, keyed by `mission_slug` and `mission_type`.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity (project, mission slug, branch, mission type, manifest
 * version); no partial state is returned.
 * @throws {TypeError} When `events` is not an iterable of event objects, or
 * reading one throws.
 * @throws {RangeError} When a dossier event's `lamport_clock` or a timestamp
 * read to break a tie is out of bounds.
 *
 * @example A payload with a 2.4.0 field name is skipped, and still counted
 * ```ts
 * import { parseEvent, reduceMissionDossier } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const indexed = (clock: number, path: string, extra: object) => parseEvent({
 *   event_id: `01M8SPA3JNY34W2D07E7F7X2C${clock}`, event_type: "MissionDossierArtifactIndexed",
 *   aggregate_id: "008-dossier", timestamp: "2026-12-01T20:56:30+00:00", build_id: "b1",
 *   node_id: "n", lamport_clock: clock, project_uuid: namespace.project_uuid,
 *   correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 *   payload: { namespace, indexed_at: "2026-12-01T20:56:30+00:00", ...extra,
 *     artifact_id: { mission_type: "software-dev", path, artifact_class: "input" },
 *     content_ref: { hash: "ab12", algorithm: "sha256" } },
 * });
 * const state = reduceMissionDossier([indexed(1, "spec.md", {}), indexed(2, "plan.md", { feature_slug: "008" })]);
 * assert.deepEqual([...state.artifacts.keys()], ["spec.md"]);
 * assert.equal(state.event_count, 2);
 * assert.equal(state.namespace?.mission_slug, "008-dossier");
 * ```
 */
export const reduceMissionDossier: (
  events: Iterable<Event>,
) => MissionDossierState = api.reduceMissionDossier;

/**
 * Replays contract 3.0.0 events exactly as {@linkcode reduceMissionDossier}
 * does, and accounts for every input event once: applied, a duplicate
 * (with the copy that won), ignored (by type) or rejected (with each issue).
 * A payload written in contract 2.4.0's names is rejected with a hint that
 * names `@spec-kitty/dossier`.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @param options `onInvalidPayload`: `"skip"` (default) or `"throw"`.
 * @returns The state, identical to `reduceMissionDossier(events)`, and the report.
 * @throws {DossierPayloadError} With `onInvalidPayload: "throw"`, for the
 * first dossier event in replay order whose payload does not parse.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity; no partial state or report is returned.
 * @throws {TypeError} When `events` is not an iterable of event objects, or
 * an option has the wrong value.
 * @throws {RangeError} When an event's `lamport_clock` or timestamp is out of bounds.
 *
 * @example Find the payload that used an undeclared key
 * ```ts
 * import { parseEvent, reduceMissionDossierWithReport } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const snapshot = parseEvent({
 *   event_id: "01M8SPA3JNY34W2D07E7F7X2C1", event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "008-dossier", timestamp: 1764622591, build_id: "b1", node_id: "n",
 *   lamport_clock: 1, project_uuid: namespace.project_uuid, correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 *   payload: { namespace, snapshot_hash: "sha256:ff", artifact_count: 0, anomaly_count: 0,
 *     computed_at: "2026-12-01T20:56:31+00:00", producer: "x" },
 * });
 * const { report } = reduceMissionDossierWithReport([snapshot]);
 * assert.equal(report.counts.rejected, 1);
 * assert.equal(report.rejected[0].issues[0].path, "payload.producer");
 * ```
 */
export const reduceMissionDossierWithReport: (
  events: Iterable<Event>,
  options?: ReduceMissionDossierWithReportOptions,
) => DossierReduceResult = api.reduceMissionDossierWithReport;

/**
 * Creates a reducer that folds a mission's contract 3.0.0 events as they
 * arrive, with the result of {@linkcode reduceMissionDossier} over
 * everything pushed. An event that arrives out of sort order makes the
 * default reducer re-fold from scratch at `finish()`; with
 * `assumeSorted: true` only the fold state and the ids seen are held, and
 * such an event throws a `RangeError` instead. With `report: true` the
 * reducer also accounts for every event, as
 * {@linkcode reduceMissionDossierWithReport} does.
 *
 * @param options `assumeSorted` to hold only the fold state, `report` to
 * account for every event (see {@linkcode CreateDossierReducerOptions}).
 * @returns A reducer with `push(event)` and `finish()`; with `report: true`,
 * also `finishWithReport()`.
 * @throws {TypeError} When `options` is not an object or an option is not a boolean.
 *
 * @example Fold what the spec-kitty CLI wrote, line by line
 * ```ts
 * import { createDossierReducer, parseEvent } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const lines = [1, 2].map((clock) => JSON.stringify({
 *   event_id: `01M8SPA3JNY34W2D07E7F7X2C${clock}`, event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "008-dossier", timestamp: 1764622590 + clock, build_id: "", node_id: "n",
 *   lamport_clock: clock, project_uuid: namespace.project_uuid, correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 *   payload: { namespace, snapshot_hash: `sha256:${clock}`, artifact_count: 0, anomaly_count: 0,
 *     computed_at: "2026-12-01T20:56:31+00:00" },
 * }));
 * const reducer = createDossierReducer({ assumeSorted: true, report: true });
 * for (const line of lines) reducer.push(parseEvent(JSON.parse(line), { acceptEmptyBuildId: true }));
 * const { state, report } = reducer.finishWithReport();
 * assert.equal(state.latest_snapshot?.snapshot_hash, "sha256:2");
 * assert.equal(report.counts.applied, 2);
 * ```
 */
export const createDossierReducer: CreateDossierReducerOf<
  MissionDossierState,
  Event
> = api.createDossierReducer;

/**
 * Writes a contract 3.0.0 dossier state as canonical JSON: byte for byte
 * what the 3.0.0 reference's `state.model_dump_json()` prints, with the
 * rules of contract 2.4.0's (docs/contract.md, "Canonical JSON") and 3.0.0's
 * field names.
 *
 * @param state A reduced state.
 * @returns Compact JSON text.
 *
 * @example
 * ```ts
 * import { parseDossierState, serializeDossierState } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const json = '{"namespace":{"project_uuid":"p","mission_slug":"s","target_branch":"main","mission_type":"t","manifest_version":"1","step_id":null},"artifacts":{},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}';
 * assert.equal(serializeDossierState(parseDossierState(json)), json);
 * ```
 */
export const serializeDossierState: (state: MissionDossierState) => string =
  api.serializeDossierState;

/**
 * Reads a contract 3.0.0 dossier state back from its canonical JSON,
 * validating the whole document (a namespace in contract 2.4.0's names is
 * refused) and keeping `artifacts` in the order written, so that
 * `serializeDossierState(parseDossierState(json)) === json`.
 *
 * @param json Text written by {@linkcode serializeDossierState} (or the 3.0.0 reference).
 * @returns The state.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When the document does not have the state's shape; the
 * message names the field, what was expected and the value received.
 * @throws {RangeError} When a number is out of bounds.
 *
 * @example A 2.4.0 state is not a 3.0.0 one
 * ```ts
 * import { parseDossierState } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const v2 = '{"namespace":{"project_uuid":"p","feature_slug":"s","target_branch":"main","mission_key":"t","manifest_version":"1","step_id":null},"artifacts":{},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}';
 * assert.throws(() => parseDossierState(v2), TypeError);
 * ```
 */
export const parseDossierState: (json: string) => MissionDossierState =
  api.parseDossierState;

/**
 * Builds one contract 3.0.0 `MissionDossierParityDriftDetected` payload per
 * finding of {@linkcode diffDossiers}, with `artifact_ids_changed` from the
 * finding and a `rebuild_hint` naming the paths; each payload is parsed with
 * {@linkcode MissionDossierParityDriftDetectedPayloadSchema}. Pure.
 *
 * @param findings Findings of {@linkcode diffDossiers}.
 * @param context The namespace, both hashes and the detection time.
 * @returns The payloads, in the order of the findings.
 * @throws {TypeError} When a finding has no `artifactIds` array, or the
 * context does not make a valid payload; the message names the finding's
 * index and the field.
 *
 * @example
 * ```ts
 * import { driftPayloads } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = { project_uuid: "p", mission_slug: "s", target_branch: "main",
 *   mission_type: "software-dev", manifest_version: "1", step_id: null };
 * const gone = { mission_type: "software-dev", path: "spec.md", artifact_class: "input", run_id: null, wp_id: null } as const;
 * const [payload] = driftPayloads(
 *   [{ driftKind: "artifact_removed", artifactIds: [gone], manifestSteps: [], manifestVersions: null }],
 *   { namespace, expectedHash: "sha256:aa", actualHash: "sha256:bb", detectedAt: "2026-12-01T21:00:00Z" },
 * );
 * assert.equal(payload.namespace.mission_slug, "s");
 * assert.deepEqual(payload.artifact_ids_changed, [gone]);
 * ```
 */
export const driftPayloads: (
  findings: readonly DriftFinding[],
  context: DriftPayloadContext,
) => MissionDossierParityDriftDetectedPayload[] = api.driftPayloads;

/**
 * Splits a contract 3.0.0 stream that holds several namespaces (a project's
 * journal holds every mission of the project) into one group per namespace
 * identity, each of which {@linkcode reduceMissionDossier} replays without a
 * {@linkcode NamespaceMixedStreamError}; a namespace is read as the
 * reducer's guard reads it. Pure: the events are neither copied nor checked
 * again.
 *
 * @param events Parsed envelopes, in any order.
 * @returns The groups, in the order of each identity's first event, and
 * what could not be assigned (`withoutNamespace`, `otherTypes`), each in
 * input order.
 * @throws {TypeError} When `events` is not an iterable, an item is not an
 * object with a string `event_type`, or reading one throws.
 *
 * @example Two missions of one journal
 * ```ts
 * import { parseEvent, partitionByNamespace } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9", mission_slug: "008-dossier",
 *   target_branch: "2.x", mission_type: "software-dev", manifest_version: "1",
 * };
 * const snapshot = (clock: number, slug: string) => parseEvent({
 *   event_id: `01M8SPA3JNY34W2D07E7F7X2C${clock}`, event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: slug, timestamp: 1764622590 + clock, build_id: "b1", node_id: "n",
 *   lamport_clock: clock, project_uuid: namespace.project_uuid, correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
 *   payload: { namespace: { ...namespace, mission_slug: slug }, snapshot_hash: "sha256:ff",
 *     artifact_count: 0, anomaly_count: 0, computed_at: "2026-12-01T20:56:31+00:00" },
 * });
 * const { groups } = partitionByNamespace([snapshot(1, "008-dossier"), snapshot(2, "009-other"), snapshot(3, "008-dossier")]);
 * assert.deepEqual(groups.map((group) => [group.namespace.mission_slug, group.events.length]), [["008-dossier", 2], ["009-other", 1]]);
 * ```
 */
export const partitionByNamespace: <E extends Event>(
  events: Iterable<E>,
) => NamespacePartition<E> = api.partitionByNamespace;
