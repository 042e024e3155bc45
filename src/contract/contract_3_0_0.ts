/**
 * Contract 3.0.0 (spec-kitty-events 3.0.0 to 6.1.0, what every current
 * producer writes), as data: its value objects and payloads (namespace
 * `mission_slug`/`mission_type`, artifact identity `mission_type`, unknown
 * keys rejected at every level), its envelope (a required `build_id`,
 * `schema_version` defaulting to `"3.0.0"`), its state, and the contract
 * value the pipeline takes. Everything else is contract 2.4.0's (CONTRACT §8).
 *
 * @module
 */
import type * as v from "valibot";
import type { _DossierContract } from "./dossier_contract.ts";
import { _withGeneratedValidators } from "./_specialized_schemas.ts";
import {
  _valueObjectSchemas,
  type ContentHashRef,
  type MissionDossierArtifactIndexedPayloadOf,
  type MissionDossierArtifactMissingPayloadOf,
  type MissionDossierParityDriftDetectedPayloadOf,
  type MissionDossierSnapshotComputedPayloadOf,
  type ProvenanceRef,
} from "./value_objects.ts";
import type { ArtifactClass } from "./constants.ts";
import {
  _eventSchema,
  type Event as EventOfContract2_4_0,
} from "../envelope/event_envelope.ts";
import {
  NamespaceMixedStreamError as _NamespaceMixedStreamErrorOf,
  type NamespaceMixedStreamErrorOptions,
} from "../replay/namespace_mixed_stream_error.ts";
import {
  _stateSchemas,
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type MissionDossierStateJsonOf,
  type MissionDossierStateOf,
} from "../replay/dossier_state.ts";

const _schemas = _valueObjectSchemas({
  slugField: "mission_slug",
  missionField: "mission_type",
  unknownKeys: {
    policy: "reject",
    contract: "3.0.0",
    renamed: { feature_slug: "mission_slug", mission_key: "mission_type" },
  },
  identityInWords:
    "project, mission slug, target branch, mission type and manifest version",
});

// ── LocalNamespaceTuple ──────────────────────────────────────────────────

/**
 * The collision-safe key of a dossier (contract 3.0.0). Its identity is the
 * first five fields; `step_id` is not part of it. Unknown keys are rejected.
 */
export interface LocalNamespaceTuple {
  /** The project's id: any non-empty string, kept as given (unlike the envelope's `project_uuid`, not normalized). */
  readonly project_uuid: string;
  /** The mission's slug, e.g. `"008-mission-dossier-parity-event-contracts"` (2.4.0: `feature_slug`). */
  readonly mission_slug: string;
  /** The git branch the mission's work targets. */
  readonly target_branch: string;
  /** The mission's type, e.g. `"software-dev"` (2.4.0: `mission_key`). */
  readonly mission_type: string;
  /** Version of the manifest that says which artifacts the mission expects. */
  readonly manifest_version: string;
  /** The mission step the producer was at, not part of the identity; `null` when not given (the empty string is a value). */
  readonly step_id: string | null;
}

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
export const LocalNamespaceTupleSchema: v.GenericSchema<
  unknown,
  LocalNamespaceTuple
> = _schemas.namespace as v.GenericSchema<unknown, LocalNamespaceTuple>;

// ── ArtifactIdentity ─────────────────────────────────────────────────────

/** Which artifact an event is about (contract 3.0.0); `artifact_class` lives only here. */
export interface ArtifactIdentity {
  /** The type of the mission the artifact belongs to (2.4.0: `mission_key`). */
  readonly mission_type: string;
  /** The artifact's repository-relative path. */
  readonly path: string;
  /** The artifact's role, one of `ARTIFACT_CLASSES`. */
  readonly artifact_class: ArtifactClass;
  /** The run that produced it; `null` when not given. */
  readonly run_id: string | null;
  /** The work package that produced it; `null` when not given. */
  readonly wp_id: string | null;
}

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
export const ArtifactIdentitySchema: v.GenericSchema<
  unknown,
  ArtifactIdentity
> = _schemas.identity as v.GenericSchema<unknown, ArtifactIdentity>;

// ── ContentHashRef and ProvenanceRef ─────────────────────────────────────

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
export const ContentHashRefSchema: v.GenericSchema<unknown, ContentHashRef> =
  _schemas.contentRef;

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
export const ProvenanceRefSchema: v.GenericSchema<unknown, ProvenanceRef> =
  _schemas.provenance;

// ── The four payloads ────────────────────────────────────────────────────

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
export const MissionDossierArtifactIndexedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
> = _schemas.indexed as v.GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
>;

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
export const MissionDossierArtifactMissingPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
> = _schemas.missing as v.GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
>;

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
export const MissionDossierSnapshotComputedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
> = _schemas.snapshot as v.GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
>;

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
export const MissionDossierParityDriftDetectedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
> = _schemas.drift as v.GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
>;

// ── The envelope ─────────────────────────────────────────────────────────

/**
 * A parsed event envelope of contract 3.0.0: contract 2.4.0's fields, plus
 * `build_id` after `timestamp`, and `schema_version` defaulting to `"3.0.0"`.
 */
export interface Event extends EventOfContract2_4_0 {
  /** The producer's build, a non-empty string (the spec-kitty CLI writes `""`; see `acceptEmptyBuildId`). */
  readonly build_id: string;
  /** Version of the event schema, three dot-separated numbers; `"3.0.0"` when absent. */
  readonly schema_version: string;
}

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
export const EventSchema: v.GenericSchema<unknown, Event> = _eventSchema({
  buildId: "required",
  schemaVersionDefault: "3.0.0",
}) as v.GenericSchema<unknown, Event>;

// ── The state ────────────────────────────────────────────────────────────

const _state = _stateSchemas({
  namespace: LocalNamespaceTupleSchema,
  identity: ArtifactIdentitySchema,
  contentRef: ContentHashRefSchema,
  provenance: ProvenanceRefSchema,
});

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
export const ArtifactEntrySchema: v.GenericSchema<unknown, ArtifactEntry> =
  _state.artifactEntry as v.GenericSchema<unknown, ArtifactEntry>;

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
export const AnomalyEntrySchema: v.GenericSchema<unknown, AnomalyEntry> = _state
  .anomalyEntry as v.GenericSchema<unknown, AnomalyEntry>;

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
export const MissionDossierStateSchema: v.GenericSchema<
  unknown,
  MissionDossierStateJson
> = _state.state as v.GenericSchema<unknown, MissionDossierStateJson>;

// ── The namespace guard's error ──────────────────────────────────────────

/**
 * Thrown by the reducer when one event stream holds two namespaces whose
 * identity (project, mission slug, branch, mission type, manifest version)
 * differs; `expected` and `got` are contract 3.0.0 namespaces. No state is
 * returned: partition streams by namespace before reducing.
 *
 * @example Catch a mixed stream and read both namespaces
 * ```ts
 * import { NamespaceMixedStreamError } from "@spec-kitty/dossier/v3";
 * import assert from "node:assert/strict";
 *
 * const a = { project_uuid: "p", mission_slug: "m1", target_branch: "main", mission_type: "software-dev", manifest_version: "1", step_id: null };
 * const error = new NamespaceMixedStreamError(a, { ...a, mission_slug: "m2" });
 * assert.equal(error.got.mission_slug, "m2");
 * assert.deepEqual(error.differingFields, ["mission_slug"]);
 * ```
 */
export class NamespaceMixedStreamError
  extends _NamespaceMixedStreamErrorOf<LocalNamespaceTuple> {
  /**
   * Builds the error; its message names both namespaces as compact JSON.
   *
   * @param expected The stream's namespace.
   * @param got The namespace that differs from it.
   * @param options Where the event that carried `got` was.
   */
  constructor(
    expected: LocalNamespaceTuple,
    got: LocalNamespaceTuple,
    options?: NamespaceMixedStreamErrorOptions,
  ) {
    super(expected, got, options);
  }
}

// ── The contract, as the pipeline takes it ───────────────────────────────

/** Contract 3.0.0 for the pipeline. */
export const _CONTRACT_3_0_0: _DossierContract = _withGeneratedValidators({
  version: "3.0.0",
  entryPoint: "@spec-kitty/dossier/v3",
  envelope: EventSchema,
  envelopeAcceptingEmptyBuildId: _eventSchema({
    buildId: "empty-as-unknown",
    schemaVersionDefault: "3.0.0",
  }),
  namespace: _schemas.namespace as _DossierContract["namespace"],
  payloads: {
    MissionDossierArtifactIndexed: _schemas.indexed,
    MissionDossierArtifactMissing: _schemas.missing,
    MissionDossierSnapshotComputed: _schemas.snapshot,
    MissionDossierParityDriftDetected: _schemas.drift,
  },
  namespaceFields: [
    "project_uuid",
    "mission_slug",
    "target_branch",
    "mission_type",
    "manifest_version",
    "step_id",
  ],
  identityFields: [
    "mission_type",
    "path",
    "artifact_class",
    "run_id",
    "wp_id",
  ],
  stateSchema: _state.state,
  mixedStreamError: NamespaceMixedStreamError as unknown as _DossierContract[
    "mixedStreamError"
  ],
  other: {
    version: "2.4.0",
    entryPoint: "@spec-kitty/dossier",
    slugField: "feature_slug",
    missionField: "mission_key",
  },
});
