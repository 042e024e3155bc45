/**
 * The value objects and the four payloads of the Mission Dossier Parity
 * contract, top to bottom as the contract tables list them (docs/contract.md, "Value objects" and "The four dossier events"),
 * for both contracts at once: 2.4.0 and 3.0.0 differ only in two field
 * names of the namespace, one of the artifact identity, and what an unknown
 * key does (docs/contract.md, "Contract 3.0.0 and the divergences"), so one factory builds each contract's schemas from those
 * differences. Each parsed object has every declared field, in declared
 * order, with `null` for an absent optional field, and no unknown keys.
 *
 * @module
 */

import * as v from "valibot";
import {
  ACTOR_KINDS,
  type ActorKind,
  ARTIFACT_CLASSES,
  DRIFT_KINDS,
  type DriftKind,
  HASH_ALGORITHMS,
  type HashAlgorithm,
} from "./constants.ts";
import {
  integerSchema,
  nonEmptyTextSchema,
  nullableSchema,
  oneOfSchema,
  plainObjectSchema,
  stringMapSchema,
  textSchema,
  type UnknownKeys,
} from "./valibot_kit.ts";

// ── The types both contracts share ───────────────────────────────────────

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
 * Payload of `MissionDossierArtifactIndexed`, for a contract whose namespace
 * is `N` and whose artifact identity is `I`.
 */
export interface MissionDossierArtifactIndexedPayloadOf<N, I> {
  /** The dossier the event belongs to. */
  readonly namespace: N;
  /** The artifact indexed; its `path` keys the state's `artifacts`. */
  readonly artifact_id: I;
  /** The hash of the indexed content. */
  readonly content_ref: ContentHashRef;
  /** When it was indexed (ISO 8601 by convention, not checked). */
  readonly indexed_at: string;
  /** Where this revision came from; `null` when not given. */
  readonly provenance: ProvenanceRef | null;
  /** The step that indexed it, copied to the artifact entry; `null` when not given. */
  readonly step_id: string | null;
  /** An earlier artifact this one replaces: the entry at its `path` becomes superseded; `null` when not given. */
  readonly supersedes: I | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

/** Payload of `MissionDossierArtifactMissing`, for a contract whose namespace is `N` and artifact identity `I`. */
export interface MissionDossierArtifactMissingPayloadOf<N, I> {
  /** The dossier the event belongs to. */
  readonly namespace: N;
  /** The artifact the manifest expects. */
  readonly expected_identity: I;
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

/** Payload of `MissionDossierSnapshotComputed`, for a contract whose namespace is `N`. */
export interface MissionDossierSnapshotComputedPayloadOf<N> {
  /** The dossier the event belongs to. */
  readonly namespace: N;
  /** The dossier's hash as the local runtime computed it (see `computeParityHash`). */
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

/** Payload of `MissionDossierParityDriftDetected`, for a contract whose namespace is `N` and artifact identity `I`. */
export interface MissionDossierParityDriftDetectedPayloadOf<N, I> {
  /** The dossier the event belongs to. */
  readonly namespace: N;
  /** The hash the dossier should have. */
  readonly expected_hash: string;
  /** The hash it has. */
  readonly actual_hash: string;
  /** What changed, one of `DRIFT_KINDS`. */
  readonly drift_kind: DriftKind;
  /** When the drift was detected (ISO 8601 by convention, not checked). */
  readonly detected_at: string;
  /** The artifacts involved; `null` when not given. */
  readonly artifact_ids_changed: readonly I[] | null;
  /** How to restore parity; `null` when not given. */
  readonly rebuild_hint: string | null;
  /** Free-form producer diagnostics, string → string; `null` when not given. */
  readonly context_diagnostics: Readonly<Record<string, string>> | null;
}

// ── What differs between the contracts ───────────────────────────────────

/** The differences between contracts that the value objects see (docs/contract.md, "Contract 3.0.0 and the divergences"). */
export interface ValueObjectSpec {
  /** The namespace's second field: `feature_slug` (2.4.0) or `mission_slug` (3.0.0). */
  readonly slugField: string;
  /** The mission field of the namespace and of the artifact identity: `mission_key` or `mission_type`. */
  readonly missionField: string;
  /** What an undeclared key does: dropped (2.4.0) or an error (3.0.0). */
  readonly unknownKeys: UnknownKeys;
  /** How the namespace's identity reads in words, for the schema's description. */
  readonly identityInWords: string;
}

/** The schemas of one contract's value objects and payloads. */
export interface ValueObjectSchemas {
  readonly namespace: v.GenericSchema<unknown, unknown>;
  readonly identity: v.GenericSchema<unknown, unknown>;
  readonly contentRef: v.GenericSchema<unknown, ContentHashRef>;
  readonly provenance: v.GenericSchema<unknown, ProvenanceRef>;
  readonly indexed: v.GenericSchema<unknown, unknown>;
  readonly missing: v.GenericSchema<unknown, unknown>;
  readonly snapshot: v.GenericSchema<unknown, unknown>;
  readonly drift: v.GenericSchema<unknown, unknown>;
}

/** Builds one contract's value objects and payloads, in contract order. */
export function valueObjectSchemas(
  spec: ValueObjectSpec,
): ValueObjectSchemas {
  const object = <const T extends v.ObjectEntries>(entries: T) =>
    plainObjectSchema(entries, spec.unknownKeys);

  // ── LocalNamespaceTuple ────────────────────────────────────────────────
  const namespace = v.pipe(
    object({
      project_uuid: nonEmptyTextSchema(),
      [spec.slugField]: nonEmptyTextSchema(),
      target_branch: nonEmptyTextSchema(),
      [spec.missionField]: nonEmptyTextSchema(),
      manifest_version: nonEmptyTextSchema(),
      step_id: nullableSchema(textSchema()),
    }),
    v.title("LocalNamespaceTuple"),
    v.description(
      `The collision-safe key of a mission dossier: ${spec.identityInWords} (the identity), plus an optional step id.`,
    ),
  );

  // ── ArtifactIdentity ───────────────────────────────────────────────────
  const identity = v.pipe(
    object({
      [spec.missionField]: nonEmptyTextSchema(),
      path: nonEmptyTextSchema(),
      artifact_class: oneOfSchema(ARTIFACT_CLASSES),
      run_id: nullableSchema(textSchema()),
      wp_id: nullableSchema(textSchema()),
    }),
    v.title("ArtifactIdentity"),
    v.description(
      "Identifies one artifact of a mission: its repository-relative path and its class, optionally the run and work package that produced it.",
    ),
  );

  // ── ContentHashRef ─────────────────────────────────────────────────────
  const contentRef = v.pipe(
    object({
      hash: nonEmptyTextSchema(),
      algorithm: oneOfSchema(HASH_ALGORITHMS),
      size_bytes: nullableSchema(integerSchema(0)),
      encoding: nullableSchema(textSchema()),
    }),
    v.title("ContentHashRef"),
    v.description(
      "A reference to artifact content by its hash, with the algorithm and optionally the size and encoding.",
    ),
  );

  // ── ProvenanceRef ──────────────────────────────────────────────────────
  const provenance = v.pipe(
    object({
      source_event_ids: nullableSchema(
        v.array(textSchema(), "must be an array"),
      ),
      git_sha: nullableSchema(textSchema()),
      git_ref: nullableSchema(textSchema()),
      actor_id: nullableSchema(textSchema()),
      actor_kind: nullableSchema(oneOfSchema(ACTOR_KINDS)),
      revised_at: nullableSchema(textSchema()),
    }),
    v.title("ProvenanceRef"),
    v.description(
      "Where an artifact revision came from: source events, git commit and ref, and the actor.",
    ),
  );

  // ── The four payloads ──────────────────────────────────────────────────
  const indexed = v.pipe(
    object({
      namespace,
      artifact_id: identity,
      content_ref: contentRef,
      indexed_at: textSchema(),
      provenance: nullableSchema(provenance),
      step_id: nullableSchema(textSchema()),
      supersedes: nullableSchema(identity),
      context_diagnostics: nullableSchema(stringMapSchema()),
    }),
    v.title("MissionDossierArtifactIndexedPayload"),
    v.description(
      "An artifact of the mission was indexed: its identity, content hash and provenance, and optionally the artifact it supersedes.",
    ),
  );

  const missing = v.pipe(
    object({
      namespace,
      expected_identity: identity,
      manifest_step: nonEmptyTextSchema(),
      checked_at: textSchema(),
      last_known_ref: nullableSchema(provenance),
      remediation_hint: nullableSchema(textSchema()),
      context_diagnostics: nullableSchema(stringMapSchema()),
    }),
    v.title("MissionDossierArtifactMissingPayload"),
    v.description(
      "An artifact that the manifest requires (always, or at a step) was not found.",
    ),
  );

  const snapshot = v.pipe(
    object({
      namespace,
      snapshot_hash: nonEmptyTextSchema(),
      artifact_count: integerSchema(0),
      anomaly_count: integerSchema(0),
      computed_at: textSchema(),
      algorithm: nullableSchema(oneOfSchema(HASH_ALGORITHMS)),
      context_diagnostics: nullableSchema(stringMapSchema()),
    }),
    v.title("MissionDossierSnapshotComputedPayload"),
    v.description(
      "The local runtime computed a snapshot hash over the dossier, with its artifact and anomaly counts.",
    ),
  );

  const drift = v.pipe(
    object({
      namespace,
      expected_hash: nonEmptyTextSchema(),
      actual_hash: nonEmptyTextSchema(),
      drift_kind: oneOfSchema(DRIFT_KINDS),
      detected_at: textSchema(),
      artifact_ids_changed: nullableSchema(
        v.array(identity, "must be an array"),
      ),
      rebuild_hint: nullableSchema(textSchema()),
      context_diagnostics: nullableSchema(stringMapSchema()),
    }),
    v.title("MissionDossierParityDriftDetectedPayload"),
    v.description(
      "The cloud projection and the local dossier disagree: the expected and actual hashes, the kind of drift and the artifacts involved.",
    ),
  );

  return {
    namespace,
    identity,
    contentRef: contentRef as v.GenericSchema<unknown, ContentHashRef>,
    provenance: provenance as v.GenericSchema<unknown, ProvenanceRef>,
    indexed,
    missing,
    snapshot,
    drift,
  };
}
