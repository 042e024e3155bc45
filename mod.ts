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

import { dossierApi } from "./src/api/dossier_api.ts";
import type { GenericSchema } from "valibot";
import type {
  ArtifactIdentity,
  LocalNamespaceTuple,
} from "./src/contract/contract_2_4_0.ts";
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
  Event,
  SafeParseEventResultOf,
} from "./src/envelope/event_envelope.ts";
import { PARSING_CONTRACT_2_4_0 } from "./src/envelope/parsing_contracts.ts";
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
import type { CreateDossierReducerOf } from "./src/api/dossier_api.ts";

export * from "./src/api/shared_exports.ts";
export type { ArtifactIdentity, Event, LocalNamespaceTuple };
export {
  NamespaceMixedStreamError,
  type NamespaceMixedStreamErrorOptions,
} from "./src/contract/namespace_mixed_stream_error.ts";

// ── Contract 2.4.0's types and schemas ───────────────────────────────────

const parsing = PARSING_CONTRACT_2_4_0;

/**
 * Schema of a {@linkcode LocalNamespaceTuple}.
 *
 * @example Parse a namespace; `step_id` defaults to `null`
 * ```ts
 * import { LocalNamespaceTupleSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const namespace = v.parse(LocalNamespaceTupleSchema, {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
 *   feature_slug: "042-dossier",
 *   target_branch: "main",
 *   mission_key: "software-dev",
 *   manifest_version: "1",
 * });
 * assert.equal(namespace.step_id, null);
 * ```
 */
export const LocalNamespaceTupleSchema: GenericSchema<
  unknown,
  LocalNamespaceTuple
> = parsing.schemas.namespace;

/**
 * Schema of an {@linkcode ArtifactIdentity}.
 *
 * @example Reject an unknown artifact class
 * ```ts
 * import { ArtifactIdentitySchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(ArtifactIdentitySchema, {
 *   mission_key: "software-dev",
 *   path: "spec.md",
 *   artifact_class: "draft",
 * });
 * assert.equal(result.success, false);
 * ```
 */
export const ArtifactIdentitySchema: GenericSchema<unknown, ArtifactIdentity> =
  parsing.schemas.identity;

/**
 * Schema of a `ContentHashRef` (contract 2.4.0: unknown keys dropped).
 *
 * @example Parse a content reference
 * ```ts
 * import { ContentHashRefSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const ref = v.parse(ContentHashRefSchema, { hash: "ab12", algorithm: "sha256" });
 * assert.deepEqual(ref, { hash: "ab12", algorithm: "sha256", size_bytes: null, encoding: null });
 * ```
 */
export const ContentHashRefSchema: GenericSchema<unknown, ContentHashRef> =
  parsing.schemas.contentRef;

/**
 * Schema of a `ProvenanceRef` (contract 2.4.0: unknown keys dropped).
 *
 * @example Every field may be absent
 * ```ts
 * import { ProvenanceRefSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.parse(ProvenanceRefSchema, {}).actor_kind, null);
 * ```
 */
export const ProvenanceRefSchema: GenericSchema<unknown, ProvenanceRef> =
  parsing.schemas.provenance;

/** Payload of `MissionDossierArtifactIndexed` (contract 2.4.0). */
export type MissionDossierArtifactIndexedPayload =
  MissionDossierArtifactIndexedPayloadOf<LocalNamespaceTuple, ArtifactIdentity>;

/**
 * Schema of the `MissionDossierArtifactIndexed` payload.
 *
 * @example Find the missing field
 * ```ts
 * import { MissionDossierArtifactIndexedPayloadSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(MissionDossierArtifactIndexedPayloadSchema, {});
 * assert.equal(result.success, false);
 * ```
 */
export const MissionDossierArtifactIndexedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
> = parsing.schemas.indexed;

/** Payload of `MissionDossierArtifactMissing` (contract 2.4.0). */
export type MissionDossierArtifactMissingPayload =
  MissionDossierArtifactMissingPayloadOf<LocalNamespaceTuple, ArtifactIdentity>;

/**
 * Schema of the `MissionDossierArtifactMissing` payload.
 *
 * @example `manifest_step` must not be empty
 * ```ts
 * import { MissionDossierArtifactMissingPayloadSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(MissionDossierArtifactMissingPayloadSchema, { manifest_step: "" });
 * assert.equal(result.success, false);
 * ```
 */
export const MissionDossierArtifactMissingPayloadSchema: GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
> = parsing.schemas.missing;

/** Payload of `MissionDossierSnapshotComputed` (contract 2.4.0). */
export type MissionDossierSnapshotComputedPayload =
  MissionDossierSnapshotComputedPayloadOf<LocalNamespaceTuple>;

/**
 * Schema of the `MissionDossierSnapshotComputed` payload.
 *
 * @example Counts are integers
 * ```ts
 * import { MissionDossierSnapshotComputedPayloadSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(MissionDossierSnapshotComputedPayloadSchema, { artifact_count: 1.5 });
 * assert.equal(result.success, false);
 * ```
 */
export const MissionDossierSnapshotComputedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
> = parsing.schemas.snapshot;

/** Payload of `MissionDossierParityDriftDetected` (contract 2.4.0). */
export type MissionDossierParityDriftDetectedPayload =
  MissionDossierParityDriftDetectedPayloadOf<
    LocalNamespaceTuple,
    ArtifactIdentity
  >;

/**
 * Schema of the `MissionDossierParityDriftDetected` payload.
 *
 * @example Reject an unknown drift kind
 * ```ts
 * import { MissionDossierParityDriftDetectedPayloadSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(MissionDossierParityDriftDetectedPayloadSchema, { drift_kind: "moved" });
 * assert.equal(result.success, false);
 * ```
 */
export const MissionDossierParityDriftDetectedPayloadSchema: GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
> = parsing.schemas.drift;

/**
 * Schema of the event envelope (contract 2.4.0). Unknown keys are dropped;
 * `payload`, `schema_version` (`"1.0.0"`) and `data_tier` get their defaults
 * when absent (an explicit `null` is an error); ids and `project_uuid` are
 * normalized.
 *
 * @example Parse an envelope with Valibot directly
 * ```ts
 * import { EventSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * const result = v.safeParse(EventSchema, { event_id: "short" });
 * assert.equal(result.success, false);
 * ```
 */
export const EventSchema: GenericSchema<unknown, Event> = parsing.envelope;

/** The latest indexed version of an artifact (contract 2.4.0). */
export type ArtifactEntry = ArtifactEntryOf<ArtifactIdentity>;

/** A recorded missing-artifact anomaly (contract 2.4.0). */
export type AnomalyEntry = AnomalyEntryOf<ArtifactIdentity>;

/**
 * A reduced mission dossier (contract 2.4.0). `artifacts` is keyed by path,
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
 * Schema of an {@linkcode ArtifactEntry} in its JSON form.
 *
 * @example
 * ```ts
 * import { ArtifactEntrySchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(ArtifactEntrySchema, { superseded: "no" }).success, false);
 * ```
 */
export const ArtifactEntrySchema: GenericSchema<unknown, ArtifactEntry> =
  parsing.schemas.artifactEntry;

/**
 * Schema of an {@linkcode AnomalyEntry} in its JSON form.
 *
 * @example
 * ```ts
 * import { AnomalyEntrySchema } from "@spec-kitty/dossier";
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
 * (what `serializeDossierState` writes). It checks the document;
 * `parseDossierState` also keeps the written order of `artifacts`. Every
 * field is required, as the serializer always writes it.
 *
 * @example
 * ```ts
 * import { MissionDossierStateSchema } from "@spec-kitty/dossier";
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

// ── The functions, bound to contract 2.4.0 ───────────────────────────────

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
 * Parses an event envelope without throwing.
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @returns `{ success: true, output }`, or `{ success: false, error, issues }`.
 *
 * @example Inspect the problems of a bad envelope
 * ```ts
 * import { safeParseEvent } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const result = safeParseEvent({ lamport_clock: "3" });
 * assert.equal(result.success, false);
 * if (!result.success) {
 *   assert.ok(result.issues.some((issue) => issue.path === "lamport_clock"));
 * }
 * ```
 */
export const safeParseEvent: (input: unknown) => SafeParseEventResult =
  api.safeParseEvent;

/**
 * Parses and normalizes an event envelope.
 *
 * @param input Any value, typically one line of a JSONL log after `JSON.parse`.
 * @returns The parsed {@linkcode Event}, fields in contract order.
 * @throws {ParseEventTypeError} (a `TypeError`) When a field is missing or
 * has the wrong type or form; the message names the field, what was expected
 * and the value received, and the error carries `issues` and `eventId`.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value is out of
 * bounds (a `lamport_clock` above 2^53−1, a `data_tier` of 5, a 31
 * February); it carries `issues` and `eventId` too.
 *
 * @example Defaults are filled in and ids normalized
 * ```ts
 * import { parseEvent } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const event = parseEvent({
 *   event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
 *   event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: "mission-042",
 *   timestamp: "2026-02-21T14:00:00Z",
 *   node_id: "laptop-1",
 *   lamport_clock: 7,
 *   project_uuid: "6F1C2B8E5A4D4C3B9E2F1A0B9C8D7E6F",
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 * });
 * assert.equal(event.event_id, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
 * assert.equal(event.project_uuid, "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f");
 * assert.deepEqual(event.payload, {});
 * assert.equal(event.schema_version, "1.0.0");
 * assert.throws(() => parseEvent({ ...event, lamport_clock: 2 ** 53 }), RangeError);
 * ```
 */
export const parseEvent: (input: unknown) => Event = api.parseEvent;

/**
 * Parses a JSONL event log: one envelope per line, blank lines skipped
 * (including a final newline and `\r\n` endings), and a byte order mark at
 * the start of the text ignored, as the `dossier` command line does.
 *
 * @param jsonl The log text.
 * @returns The parsed events, in file order.
 * @throws {ParseEventSyntaxError} (a `SyntaxError`) When a line is not
 * JSON; the message and `line` name the line.
 * @throws {ParseEventTypeError} (a `TypeError`) When `jsonl` is not a
 * string, or a line is not a valid envelope (see {@linkcode parseEvent});
 * the message names the line and the field, and the error carries `line`,
 * `eventId` and `issues`.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value of a line is
 * out of bounds; with `line`, `eventId` and `issues`.
 *
 * @example Parse a two-line log
 * ```ts
 * import { parseEventStream } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const line = (id: string, clock: number) => JSON.stringify({
 *   event_id: id, event_type: "Noted", aggregate_id: "m", timestamp: 1700000000,
 *   node_id: "n", lamport_clock: clock, correlation_id: id,
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
 * });
 * const events = parseEventStream(
 *   `${line("01HV7KA8TQ3R0W2M9X6C4B5N1P", 1)}\n${line("01HV7KA8TQ3R0W2M9X6C4B5N1Q", 2)}\n`,
 * );
 * assert.equal(events.length, 2);
 * assert.throws(() => parseEventStream("{}\nnot json"), /on line 1: field "event_id" is required/);
 * ```
 */
export const parseEventStream: (jsonl: string) => Event[] =
  api.parseEventStream;

/**
 * Parses and reduces a JSONL event log in one pass: the state
 * `reduceMissionDossier(parseEventStream(jsonl))` returns, with the same
 * errors, but each line is folded as it is parsed, so that the log is never
 * held as events (only the fold state and the ids seen). A log whose events
 * are out of sort order is parsed a second time and replayed in full.
 *
 * @param jsonl The log text.
 * @returns The reduced state.
 * @throws {ParseEventSyntaxError} (a `SyntaxError`) When a line is not
 * JSON, as {@linkcode parseEventStream} throws.
 * @throws {ParseEventTypeError} (a `TypeError`) When `jsonl` is not a
 * string, or a line is not a valid envelope.
 * @throws {ParseEventRangeError} (a `RangeError`) When a value of a line is
 * out of bounds.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity, as {@linkcode reduceMissionDossier} throws.
 *
 * @example Reduce a log held as text
 * ```ts
 * import { parseEventStream, reduceEventStream, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const line = (clock: number, id: string) => JSON.stringify({
 *   event_id: id, event_type: "MissionDossierSnapshotComputed", aggregate_id: "m",
 *   timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id,
 *   payload: { namespace, snapshot_hash: `sha256:${clock}`, artifact_count: 0,
 *     anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" },
 * });
 * const log = [line(1, "01HV7KA8TQ3R0W2M9X6C4B5N01"), line(2, "01HV7KA8TQ3R0W2M9X6C4B5N02")].join("\n");
 *
 * const state = reduceEventStream(log);
 * assert.equal(state.latest_snapshot?.snapshot_hash, "sha256:2");
 * assert.deepEqual(state, reduceMissionDossier(parseEventStream(log)));
 * ```
 */
export const reduceEventStream: (jsonl: string) => MissionDossierState =
  api.reduceEventStream;

/**
 * The state of a stream with no dossier event.
 *
 * @returns A new empty state.
 *
 * @example
 * ```ts
 * import { emptyDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(emptyDossierState().parity_status, "unknown");
 * ```
 */
export const emptyDossierState: () => MissionDossierState =
  api.emptyDossierState;

/**
 * Replays a stream of parsed event envelopes into a mission dossier, with
 * the exact result of the reference reducer: dossier events only, sorted by
 * (`lamport_clock`, timestamp sort text, `event_id`), the first copy of each
 * id kept, one namespace per stream, invalid payloads skipped but counted.
 *
 * The function is pure: no I/O, no clock, no randomness, and the input is
 * never mutated. Envelopes are trusted as {@linkcode parseEvent} returned
 * them; they are not checked again.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @returns The reduced state.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity (project, feature, branch, mission, manifest version); no
 * partial state is returned.
 * @throws {TypeError} When `events` is not an iterable, or an item is not an
 * event object (no string `event_type`; for a dossier event, no string
 * `event_id`, or a `timestamp` that is neither a string nor a number), or
 * reading it throws. (A timestamp's sort text is computed only to break a tie
 * on `lamport_clock`; a malformed one fails then. `parseEvent` never lets one
 * through.)
 * @throws {RangeError} When a dossier event's `lamport_clock` is not an
 * integer from 0 to 2^53−1, or a timestamp read to break a tie lies outside
 * the years 0001–9999.
 *
 * @example Replay a stream and read the dossier
 * ```ts
 * import { parseEvent, reduceMissionDossier, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = parseEvent({
 *   event_id: "01HV7KA8TQ3R0W2M9X6C4B5N1P", event_type: "MissionDossierArtifactIndexed",
 *   aggregate_id: "mission-042", timestamp: "2026-02-21T14:00:00Z", node_id: "laptop-1",
 *   lamport_clock: 1, project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N1Q",
 *   payload: {
 *     namespace,
 *     artifact_id: { mission_key: "software-dev", path: "spec.md", artifact_class: "input" },
 *     content_ref: { hash: "ab12", algorithm: "sha256" },
 *     indexed_at: "2026-02-21T14:00:00Z",
 *   },
 * });
 * const state = reduceMissionDossier([event]);
 * assert.equal(state.artifacts.get("spec.md")?.content_ref.hash, "ab12");
 * assert.equal(state.parity_status, "unknown");
 * assert.ok(serializeDossierState(state).startsWith('{"namespace":{"project_uuid"'));
 * ```
 */
export const reduceMissionDossier: (
  events: Iterable<Event>,
) => MissionDossierState = api.reduceMissionDossier;

/**
 * Replays events exactly as {@linkcode reduceMissionDossier} does, and
 * accounts for every input event exactly once: applied, dropped as a
 * duplicate (with the copy that won), ignored (another event type, counted
 * by type) or rejected (a payload that does not parse, with each issue's
 * field path and message). The reference drops invalid payloads silently;
 * the report shows what was dropped and why, or `onInvalidPayload: "throw"`
 * refuses the stream.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @param options `onInvalidPayload`: `"skip"` (default) or `"throw"`.
 * @returns The state, identical to `reduceMissionDossier(events)`, and the report.
 * @throws {DossierPayloadError} With `onInvalidPayload: "throw"`, for the
 * first dossier event in replay order whose payload does not parse.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity; no partial state or report is returned.
 * @throws {TypeError} When `events` is not an iterable of event objects, or
 * an option has the wrong value (see {@linkcode reduceMissionDossier}).
 * @throws {RangeError} When an event's `lamport_clock` or timestamp is out of bounds.
 *
 * @example Account for a duplicate, an ignored and a rejected event
 * ```ts
 * import { DossierPayloadError, parseEvent, reduceMissionDossier, reduceMissionDossierWithReport } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = (id: string, clock: number, eventType: string, payload: object) => parseEvent({
 *   event_id: id, event_type: eventType, aggregate_id: "mission-042", timestamp: "2026-02-21T14:00:00Z",
 *   node_id: "laptop-1", lamport_clock: clock, project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N00", payload,
 * });
 * const snapshot = { namespace, snapshot_hash: "sha256:ff", artifact_count: 0, anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" };
 * const events = [
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N01", 2, "MissionDossierSnapshotComputed", snapshot),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N01", 1, "MissionDossierSnapshotComputed", snapshot),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N02", 3, "MissionDossierSnapshotComputed", { namespace }),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N03", 4, "WorkPackageClaimed", {}),
 * ];
 *
 * const { state, report } = reduceMissionDossierWithReport(events);
 * assert.deepEqual(state, reduceMissionDossier(events));
 * assert.deepEqual(report.counts, { received: 4, applied: 1, duplicates: 1, ignored: 1, rejected: 1 });
 * assert.equal(report.duplicates[0].index, 0); // the copy at clock 2 lost
 * assert.equal(report.duplicates[0].kept.index, 1); // to the copy at clock 1
 * assert.equal(report.ignored.get("WorkPackageClaimed"), 1);
 * assert.equal(report.rejected[0].issues[0].path, "payload.snapshot_hash");
 *
 * assert.throws(
 *   () => reduceMissionDossierWithReport(events, { onInvalidPayload: "throw" }),
 *   (error) => error instanceof DossierPayloadError && error.eventId === "01HV7KA8TQ3R0W2M9X6C4B5N02",
 * );
 * ```
 */
export const reduceMissionDossierWithReport: (
  events: Iterable<Event>,
  options?: ReduceMissionDossierWithReportOptions,
) => DossierReduceResult = api.reduceMissionDossierWithReport;

/**
 * Creates a reducer that folds a mission's events as they arrive, with the
 * result of {@linkcode reduceMissionDossier} over everything pushed.
 *
 * Events that arrive in sort order are folded at once. Why the default mode
 * still keeps them: a late event can sort before events already folded, and
 * a late copy of an id can even replace the copy that was folded (the first
 * copy in sort order wins), so no fold state alone can absorb it. When that
 * happens the reducer stops folding and, at {@linkcode DossierReducer.finish},
 * re-folds every event from scratch. With `assumeSorted: true` nothing but
 * the fold state and the set of ids seen is held (a 1M-event log costs the
 * ids, not the events), and an out-of-order event throws instead: re-read
 * the source without the option.
 *
 * @param options `assumeSorted` to hold only the fold state, `report` to
 * account for every event (see {@linkcode CreateDossierReducerOptions}).
 * @returns A reducer with `push(event)` and `finish()`; with `report: true`,
 * also `finishWithReport()`, which returns the state and the report
 * (applied, duplicates with the copy that won, ignored by type, rejected
 * with each issue), as {@linkcode reduceMissionDossierWithReport} does.
 * @throws {TypeError} When `options` is not an object or an option is not a boolean.
 *
 * @example Fold a log as it is read
 * ```ts
 * import { createDossierReducer, parseEvent, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const snapshot = (clock: number, id: string) => parseEvent({
 *   event_id: id, event_type: "MissionDossierSnapshotComputed", aggregate_id: "m",
 *   timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id,
 *   payload: { namespace, snapshot_hash: `sha256:${clock}`, artifact_count: 0,
 *     anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" },
 * });
 * const events = [snapshot(2, "01HV7KA8TQ3R0W2M9X6C4B5N02"), snapshot(1, "01HV7KA8TQ3R0W2M9X6C4B5N01")];
 *
 * const reducer = createDossierReducer();
 * for (const event of events) reducer.push(event);
 * assert.deepEqual(reducer.finish(), reduceMissionDossier(events));
 * assert.equal(reducer.finish().latest_snapshot?.snapshot_hash, "sha256:2");
 *
 * const sorted = createDossierReducer({ assumeSorted: true });
 * sorted.push(events[0]);
 * assert.throws(() => sorted.push(events[1]), RangeError);
 * ```
 *
 * @example Account for a log as it is read
 * ```ts
 * import { createDossierReducer, parseEvent, reduceMissionDossierWithReport } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = (clock: number, id: string, eventType: string, payload: object) => parseEvent({
 *   event_id: id, event_type: eventType, aggregate_id: "m",
 *   timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id, payload,
 * });
 * const snapshot = { namespace, snapshot_hash: "sha256:ff", artifact_count: 0,
 *   anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" };
 * const events = [
 *   event(1, "01HV7KA8TQ3R0W2M9X6C4B5N01", "MissionDossierSnapshotComputed", snapshot),
 *   event(2, "01HV7KA8TQ3R0W2M9X6C4B5N01", "MissionDossierSnapshotComputed", snapshot),
 *   event(3, "01HV7KA8TQ3R0W2M9X6C4B5N02", "MissionDossierSnapshotComputed", { namespace }),
 *   event(4, "01HV7KA8TQ3R0W2M9X6C4B5N03", "WorkPackageClaimed", {}),
 * ];
 *
 * const reducer = createDossierReducer({ assumeSorted: true, report: true });
 * for (const item of events) reducer.push(item);
 * const { state, report } = reducer.finishWithReport();
 * assert.deepEqual(report.counts, { received: 4, applied: 1, duplicates: 1, ignored: 1, rejected: 1 });
 * assert.equal(report.rejected[0].issues[0].path, "payload.snapshot_hash");
 * assert.deepEqual({ state, report }, reduceMissionDossierWithReport(events));
 * ```
 */
export const createDossierReducer: CreateDossierReducerOf<
  MissionDossierState,
  Event
> = api.createDossierReducer;

/**
 * Writes a dossier state as canonical JSON: byte for byte what the
 * reference's `state.model_dump_json()` prints. Keys in contract order,
 * `null` for absent optionals, no spaces, non-ASCII written as itself,
 * `artifacts` in insertion order (integer-like paths included).
 *
 * @param state A reduced state.
 * @returns Compact JSON text.
 *
 * @example
 * ```ts
 * import { emptyDossierState, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   serializeDossierState(emptyDossierState()),
 *   '{"namespace":null,"artifacts":{},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}',
 * );
 * ```
 */
export const serializeDossierState: (state: MissionDossierState) => string =
  api.serializeDossierState;

/**
 * Reads a dossier state back from its canonical JSON, validating the whole
 * document and keeping `artifacts` in the order written, so that
 * `serializeDossierState(parseDossierState(json)) === json`.
 *
 * @param json Text written by {@linkcode serializeDossierState} (or the reference).
 * @returns The state.
 * @throws {SyntaxError} When the text is not JSON.
 * @throws {TypeError} When the document does not have the state's shape; the
 * message names the field, what was expected and the value received.
 * @throws {RangeError} When a number is out of bounds.
 *
 * @example Round trip keeps integer-like paths in place
 * ```ts
 * import { emptyDossierState, parseDossierState, serializeDossierState } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const json = serializeDossierState(emptyDossierState());
 * assert.equal(serializeDossierState(parseDossierState(json)), json);
 * assert.throws(() => parseDossierState('{"namespace":1}'), TypeError);
 * ```
 */
export const parseDossierState: (json: string) => MissionDossierState =
  api.parseDossierState;

/**
 * Builds one `MissionDossierParityDriftDetected` payload per finding, with
 * `artifact_ids_changed` from the finding and a `rebuild_hint` that names
 * the paths involved and the next step. Each payload is parsed with
 * {@linkcode MissionDossierParityDriftDetectedPayloadSchema}, so it has the
 * canonical field order and validates. Pure: `detectedAt` is given.
 *
 * @param findings Findings of {@linkcode diffDossiers}.
 * @param context The namespace, both hashes and the detection time.
 * @returns The payloads, in the order of the findings.
 * @throws {TypeError} When a finding has no `artifactIds` array, or the
 * context does not make a valid payload (an invalid namespace, an empty
 * hash); the message names the finding's index and the field.
 *
 * @example
 * ```ts
 * import { driftPayloads } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = { project_uuid: "p", feature_slug: "f", target_branch: "main",
 *   mission_key: "m", manifest_version: "1", step_id: null };
 * const identity = { mission_key: "m", path: "plan.md", artifact_class: "workflow", run_id: null, wp_id: null } as const;
 * const [payload] = driftPayloads(
 *   [{ driftKind: "artifact_added", artifactIds: [identity], manifestSteps: [], manifestVersions: null }],
 *   { namespace, expectedHash: "sha256:aa", actualHash: "sha256:bb", detectedAt: "2026-02-21T14:12:00Z" },
 * );
 * assert.equal(payload.drift_kind, "artifact_added");
 * assert.deepEqual(payload.artifact_ids_changed, [identity]);
 * assert.match(payload.rebuild_hint ?? "", /plan\.md/);
 * ```
 */
export const driftPayloads: (
  findings: readonly DriftFinding[],
  context: DriftPayloadContext,
) => MissionDossierParityDriftDetectedPayload[] = api.driftPayloads;

/**
 * Splits a stream that holds several namespaces (a project's journal holds
 * every mission of the project) into one group per namespace identity (the
 * first five fields of the namespace; `step_id` is not part of it), each
 * of which {@linkcode reduceMissionDossier} replays without a
 * {@linkcode NamespaceMixedStreamError}. An event's namespace is read as
 * the reducer's guard reads it: the payload's `namespace`, parsed with
 * {@linkcode LocalNamespaceTupleSchema}.
 *
 * Pure: the events are not copied, changed or checked again (they are what
 * {@linkcode parseEvent} returned), and each keeps its place within its
 * group.
 *
 * @param events Parsed envelopes, in any order.
 * @returns The groups, in the order of each identity's first event, and
 * what could not be assigned: dossier events whose payload has no valid
 * namespace (`withoutNamespace`) and events of other types (`otherTypes`),
 * each in input order.
 * @throws {TypeError} When `events` is not an iterable, an item is not an
 * object with a string `event_type`, or reading one throws.
 *
 * @example Reduce a journal that holds two missions
 * ```ts
 * import { parseEvent, partitionByNamespace, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const snapshot = (clock: number, slug: string) => parseEvent({
 *   event_id: `01HV7KA8TQ3R0W2M9X6C4B5N0${clock}`, event_type: "MissionDossierSnapshotComputed",
 *   aggregate_id: slug, timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N00",
 *   payload: { namespace: { ...namespace, feature_slug: slug }, snapshot_hash: `sha256:${clock}`,
 *     artifact_count: 0, anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" },
 * });
 * const journal = [snapshot(1, "042-dossier"), snapshot(2, "043-other"), snapshot(3, "042-dossier")];
 *
 * assert.throws(() => reduceMissionDossier(journal), /Namespace mismatch/);
 * const { groups, withoutNamespace, otherTypes } = partitionByNamespace(journal);
 * assert.deepEqual(groups.map((group) => group.namespace.feature_slug), ["042-dossier", "043-other"]);
 * assert.deepEqual(groups[0].events, [journal[0], journal[2]]);
 * assert.equal(reduceMissionDossier(groups[0].events).latest_snapshot?.snapshot_hash, "sha256:3");
 * assert.equal(withoutNamespace.length + otherTypes.length, 0);
 * ```
 */
export const partitionByNamespace: <E extends Event>(
  events: Iterable<E>,
) => NamespacePartition<E> = api.partitionByNamespace;
