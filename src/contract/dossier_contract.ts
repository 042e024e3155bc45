/**
 * The value objects and the four payloads of the Mission Dossier Parity
 * contract, top to bottom as the contract tables list them. Each parsed
 * object has every declared field, in declared order, with `null` for an
 * absent optional field, and no unknown keys.
 *
 * @module
 */
import * as v from "valibot";
import {
  ACTOR_KINDS,
  type ActorKind,
  ARTIFACT_CLASSES,
  type ArtifactClass,
  DRIFT_KINDS,
  type DriftKind,
  HASH_ALGORITHMS,
  type HashAlgorithm,
} from "./constants.ts";
import {
  _integer,
  _nonEmptyText,
  _nullable,
  _oneOf,
  _plainObject,
  _stringMap,
  _text,
} from "./_valibot_kit.ts";

// ── LocalNamespaceTuple ──────────────────────────────────────────────────

/**
 * The collision-safe key of a dossier. Its identity is the first five
 * fields; `step_id` is not part of it.
 */
export interface LocalNamespaceTuple {
  /** The project's id: any non-empty string, kept as given (unlike the envelope's `project_uuid`, not normalized). */
  readonly project_uuid: string;
  /** The feature the mission works on, e.g. `"042-dossier"`. */
  readonly feature_slug: string;
  /** The git branch the mission's work targets. */
  readonly target_branch: string;
  /** The mission's key, e.g. `"software-dev"`. */
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
> = v.pipe(
  _plainObject({
    project_uuid: _nonEmptyText(),
    feature_slug: _nonEmptyText(),
    target_branch: _nonEmptyText(),
    mission_key: _nonEmptyText(),
    manifest_version: _nonEmptyText(),
    step_id: _nullable(_text()),
  }),
  v.title("LocalNamespaceTuple"),
  v.description(
    "The collision-safe key of a mission dossier: project, feature, target branch, mission and manifest version (the identity), plus an optional step id.",
  ),
);

// ── ArtifactIdentity ─────────────────────────────────────────────────────

/** Which artifact an event is about; `artifact_class` lives only here. */
export interface ArtifactIdentity {
  /** The mission the artifact belongs to. */
  readonly mission_key: string;
  /** The artifact's repository-relative path. */
  readonly path: string;
  /** The artifact's role, one of {@linkcode ARTIFACT_CLASSES}. */
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
> = v.pipe(
  _plainObject({
    mission_key: _nonEmptyText(),
    path: _nonEmptyText(),
    artifact_class: _oneOf(ARTIFACT_CLASSES),
    run_id: _nullable(_text()),
    wp_id: _nullable(_text()),
  }),
  v.title("ArtifactIdentity"),
  v.description(
    "Identifies one artifact of a mission: its repository-relative path and its class, optionally the run and work package that produced it.",
  ),
);

// ── ContentHashRef ───────────────────────────────────────────────────────

/** A reference to artifact content by its hash; never the content itself. */
export interface ContentHashRef {
  /** The content's digest, in hex. */
  readonly hash: string;
  /** The algorithm that produced `hash`. */
  readonly algorithm: HashAlgorithm;
  /** Size of the content in bytes; `null` when not given. */
  readonly size_bytes: number | null;
  /** Encoding of the content, e.g. `"utf-8"`; `null` when not given. */
  readonly encoding: string | null;
}

/**
 * Schema of a {@linkcode ContentHashRef}.
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
export const ContentHashRefSchema: v.GenericSchema<unknown, ContentHashRef> = v
  .pipe(
    _plainObject({
      hash: _nonEmptyText(),
      algorithm: _oneOf(HASH_ALGORITHMS),
      size_bytes: _nullable(_integer(0)),
      encoding: _nullable(_text()),
    }),
    v.title("ContentHashRef"),
    v.description(
      "A reference to artifact content by its hash, with the algorithm and optionally the size and encoding.",
    ),
  );

// ── ProvenanceRef ────────────────────────────────────────────────────────

/** Where an artifact revision came from; every field is optional. */
export interface ProvenanceRef {
  /** Ids of the events the revision came from, kept as given (not normalized); `null` when not given. */
  readonly source_event_ids: readonly string[] | null;
  /** Commit of the revision; `null` when not given. */
  readonly git_sha: string | null;
  /** Branch or tag of the revision; `null` when not given. */
  readonly git_ref: string | null;
  /** Who made the revision; `null` when not given. */
  readonly actor_id: string | null;
  /** What kind of actor `actor_id` is; `null` when not given. */
  readonly actor_kind: ActorKind | null;
  /** When the revision was made (ISO 8601 by convention, not checked); `null` when not given. */
  readonly revised_at: string | null;
}

/**
 * Schema of a {@linkcode ProvenanceRef}.
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
export const ProvenanceRefSchema: v.GenericSchema<unknown, ProvenanceRef> = v
  .pipe(
    _plainObject({
      source_event_ids: _nullable(v.array(_text(), "must be an array")),
      git_sha: _nullable(_text()),
      git_ref: _nullable(_text()),
      actor_id: _nullable(_text()),
      actor_kind: _nullable(_oneOf(ACTOR_KINDS)),
      revised_at: _nullable(_text()),
    }),
    v.title("ProvenanceRef"),
    v.description(
      "Where an artifact revision came from: source events, git commit and ref, and the actor.",
    ),
  );

// ── The four payloads ────────────────────────────────────────────────────

/** Payload of `MissionDossierArtifactIndexed`. */
export interface MissionDossierArtifactIndexedPayload {
  /** The dossier the event belongs to. */
  readonly namespace: LocalNamespaceTuple;
  /** The artifact indexed; its `path` keys the state's `artifacts`. */
  readonly artifact_id: ArtifactIdentity;
  /** The hash of the indexed content. */
  readonly content_ref: ContentHashRef;
  /** When it was indexed (ISO 8601 by convention, not checked). */
  readonly indexed_at: string;
  /** Where this revision came from; `null` when not given. */
  readonly provenance: ProvenanceRef | null;
  /** The step that indexed it, copied to the artifact entry; `null` when not given. */
  readonly step_id: string | null;
  /** An earlier artifact this one replaces: the entry at its `path` becomes superseded; `null` when not given. */
  readonly supersedes: ArtifactIdentity | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

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
> = v.pipe(
  _plainObject({
    namespace: LocalNamespaceTupleSchema,
    artifact_id: ArtifactIdentitySchema,
    content_ref: ContentHashRefSchema,
    indexed_at: _text(),
    provenance: _nullable(ProvenanceRefSchema),
    step_id: _nullable(_text()),
    supersedes: _nullable(ArtifactIdentitySchema),
    context_diagnostics: _nullable(_stringMap()),
  }),
  v.title("MissionDossierArtifactIndexedPayload"),
  v.description(
    "An artifact of the mission was indexed: its identity, content hash and provenance, and optionally the artifact it supersedes.",
  ),
);

/** Payload of `MissionDossierArtifactMissing`. */
export interface MissionDossierArtifactMissingPayload {
  /** The dossier the event belongs to. */
  readonly namespace: LocalNamespaceTuple;
  /** The artifact the manifest expects. */
  readonly expected_identity: ArtifactIdentity;
  /** The manifest entry that requires it: `"required_always"` or a step id. */
  readonly manifest_step: string;
  /** When it was found missing (ISO 8601 by convention, not checked). */
  readonly checked_at: string;
  /** Provenance of the last version seen; `null` when not given. */
  readonly last_known_ref: ProvenanceRef | null;
  /** How to restore the artifact; `null` when not given. */
  readonly remediation_hint: string | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

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
> = v.pipe(
  _plainObject({
    namespace: LocalNamespaceTupleSchema,
    expected_identity: ArtifactIdentitySchema,
    manifest_step: _nonEmptyText(),
    checked_at: _text(),
    last_known_ref: _nullable(ProvenanceRefSchema),
    remediation_hint: _nullable(_text()),
    context_diagnostics: _nullable(_stringMap()),
  }),
  v.title("MissionDossierArtifactMissingPayload"),
  v.description(
    "An artifact that the manifest requires (always, or at a step) was not found.",
  ),
);

/** Payload of `MissionDossierSnapshotComputed`. */
export interface MissionDossierSnapshotComputedPayload {
  /** The dossier the event belongs to. */
  readonly namespace: LocalNamespaceTuple;
  /** The dossier's hash as the local runtime computed it (see {@linkcode computeParityHash}). */
  readonly snapshot_hash: string;
  /** Artifacts the snapshot covers. */
  readonly artifact_count: number;
  /** Anomalies recorded when it was computed. */
  readonly anomaly_count: number;
  /** When it was computed (ISO 8601 by convention, not checked). */
  readonly computed_at: string;
  /** The algorithm of `snapshot_hash`; `null` when not given, which the reducer reads as `"sha256"`. */
  readonly algorithm: HashAlgorithm | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

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
> = v.pipe(
  _plainObject({
    namespace: LocalNamespaceTupleSchema,
    snapshot_hash: _nonEmptyText(),
    artifact_count: _integer(0),
    anomaly_count: _integer(0),
    computed_at: _text(),
    algorithm: _nullable(_oneOf(HASH_ALGORITHMS)),
    context_diagnostics: _nullable(_stringMap()),
  }),
  v.title("MissionDossierSnapshotComputedPayload"),
  v.description(
    "The local runtime computed a snapshot hash over the dossier, with its artifact and anomaly counts.",
  ),
);

/** Payload of `MissionDossierParityDriftDetected`. */
export interface MissionDossierParityDriftDetectedPayload {
  /** The dossier the event belongs to. */
  readonly namespace: LocalNamespaceTuple;
  /** The hash the dossier should have. */
  readonly expected_hash: string;
  /** The hash it has. */
  readonly actual_hash: string;
  /** What changed, one of {@linkcode DRIFT_KINDS}. */
  readonly drift_kind: DriftKind;
  /** When the drift was detected (ISO 8601 by convention, not checked). */
  readonly detected_at: string;
  /** The artifacts involved; `null` when not given. */
  readonly artifact_ids_changed: readonly ArtifactIdentity[] | null;
  /** How to restore parity; `null` when not given. */
  readonly rebuild_hint: string | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

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
> = v.pipe(
  _plainObject({
    namespace: LocalNamespaceTupleSchema,
    expected_hash: _nonEmptyText(),
    actual_hash: _nonEmptyText(),
    drift_kind: _oneOf(DRIFT_KINDS),
    detected_at: _text(),
    artifact_ids_changed: _nullable(
      v.array(ArtifactIdentitySchema, "must be an array"),
    ),
    rebuild_hint: _nullable(_text()),
    context_diagnostics: _nullable(_stringMap()),
  }),
  v.title("MissionDossierParityDriftDetectedPayload"),
  v.description(
    "The cloud projection and the local dossier disagree: the expected and actual hashes, the kind of drift and the artifacts involved.",
  ),
);
