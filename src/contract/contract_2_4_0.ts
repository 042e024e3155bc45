/**
 * Contract 2.4.0 (spec-kitty-events 2.4.0), as data: its value objects and
 * payloads (namespace `feature_slug`/`mission_key`, unknown keys dropped),
 * its envelope (no `build_id`, `schema_version` defaulting to `"1.0.0"`),
 * its state, and the contract value the pipeline takes. Read top to bottom
 * like CONTRACT §1–§4.
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
import { _eventSchema, type Event } from "../envelope/event_envelope.ts";
import { NamespaceMixedStreamError } from "../replay/namespace_mixed_stream_error.ts";
import {
  _stateSchemas,
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type MissionDossierStateJsonOf,
  type MissionDossierStateOf,
} from "../replay/dossier_state.ts";

const _schemas = _valueObjectSchemas({
  slugField: "feature_slug",
  missionField: "mission_key",
  unknownKeys: { policy: "drop" },
  identityInWords:
    "project, feature, target branch, mission and manifest version",
});

// ── LocalNamespaceTuple ──────────────────────────────────────────────────

/**
 * The collision-safe key of a dossier (contract 2.4.0). Its identity is the
 * first five fields; `step_id` is not part of it.
 */
export interface LocalNamespaceTuple {
  /** The project's id: any non-empty string, kept as given (unlike the envelope's `project_uuid`, not normalized). */
  readonly project_uuid: string;
  /** The feature the mission works on, e.g. `"042-dossier"` (3.0.0: `mission_slug`). */
  readonly feature_slug: string;
  /** The git branch the mission's work targets. */
  readonly target_branch: string;
  /** The mission's key, e.g. `"software-dev"` (3.0.0: `mission_type`). */
  readonly mission_key: string;
  /** Version of the manifest that says which artifacts the mission expects. */
  readonly manifest_version: string;
  /** The mission step the producer was at, not part of the identity; `null` when not given (the empty string is a value). */
  readonly step_id: string | null;
}

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
export const LocalNamespaceTupleSchema: v.GenericSchema<
  unknown,
  LocalNamespaceTuple
> = _schemas.namespace as v.GenericSchema<unknown, LocalNamespaceTuple>;

// ── ArtifactIdentity ─────────────────────────────────────────────────────

/** Which artifact an event is about (contract 2.4.0); `artifact_class` lives only here. */
export interface ArtifactIdentity {
  /** The mission the artifact belongs to (3.0.0: `mission_type`). */
  readonly mission_key: string;
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
export const ArtifactIdentitySchema: v.GenericSchema<
  unknown,
  ArtifactIdentity
> = _schemas.identity as v.GenericSchema<unknown, ArtifactIdentity>;

// ── ContentHashRef and ProvenanceRef ─────────────────────────────────────

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
export const ContentHashRefSchema: v.GenericSchema<unknown, ContentHashRef> =
  _schemas.contentRef;

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
export const ProvenanceRefSchema: v.GenericSchema<unknown, ProvenanceRef> =
  _schemas.provenance;

// ── The four payloads ────────────────────────────────────────────────────

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
export const MissionDossierArtifactIndexedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
> = _schemas.indexed as v.GenericSchema<
  unknown,
  MissionDossierArtifactIndexedPayload
>;

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
export const MissionDossierArtifactMissingPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
> = _schemas.missing as v.GenericSchema<
  unknown,
  MissionDossierArtifactMissingPayload
>;

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
export const MissionDossierSnapshotComputedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
> = _schemas.snapshot as v.GenericSchema<
  unknown,
  MissionDossierSnapshotComputedPayload
>;

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
export const MissionDossierParityDriftDetectedPayloadSchema: v.GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
> = _schemas.drift as v.GenericSchema<
  unknown,
  MissionDossierParityDriftDetectedPayload
>;

// ── The envelope ─────────────────────────────────────────────────────────

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
export const EventSchema: v.GenericSchema<unknown, Event> = _eventSchema({
  buildId: "absent",
  schemaVersionDefault: "1.0.0",
});

// ── The state ────────────────────────────────────────────────────────────

const _state = _stateSchemas({
  namespace: LocalNamespaceTupleSchema,
  identity: ArtifactIdentitySchema,
  contentRef: ContentHashRefSchema,
  provenance: ProvenanceRefSchema,
});

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
export const ArtifactEntrySchema: v.GenericSchema<unknown, ArtifactEntry> =
  _state.artifactEntry as v.GenericSchema<unknown, ArtifactEntry>;

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
export const AnomalyEntrySchema: v.GenericSchema<unknown, AnomalyEntry> = _state
  .anomalyEntry as v.GenericSchema<unknown, AnomalyEntry>;

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
export const MissionDossierStateSchema: v.GenericSchema<
  unknown,
  MissionDossierStateJson
> = _state.state as v.GenericSchema<unknown, MissionDossierStateJson>;

// ── The contract, as the pipeline takes it ───────────────────────────────

/** Contract 2.4.0 for the pipeline. */
export const _CONTRACT_2_4_0: _DossierContract = _withGeneratedValidators({
  version: "2.4.0",
  entryPoint: "@spec-kitty/dossier",
  envelope: EventSchema,
  envelopeAcceptingEmptyBuildId: EventSchema,
  namespace: _schemas.namespace as _DossierContract["namespace"],
  payloads: {
    MissionDossierArtifactIndexed: _schemas.indexed,
    MissionDossierArtifactMissing: _schemas.missing,
    MissionDossierSnapshotComputed: _schemas.snapshot,
    MissionDossierParityDriftDetected: _schemas.drift,
  },
  namespaceFields: [
    "project_uuid",
    "feature_slug",
    "target_branch",
    "mission_key",
    "manifest_version",
    "step_id",
  ],
  identityFields: ["mission_key", "path", "artifact_class", "run_id", "wp_id"],
  stateSchema: _state.state,
  mixedStreamError: NamespaceMixedStreamError as _DossierContract[
    "mixedStreamError"
  ],
  other: {
    version: "3.0.0",
    entryPoint: "@spec-kitty/dossier/v3",
    slugField: "mission_slug",
    missionField: "mission_type",
  },
});
