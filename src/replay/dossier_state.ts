/**
 * The reducer's output: what a mission dossier looks like after replay.
 *
 * @module
 */
import * as v from "valibot";
import {
  DRIFT_KINDS,
  type DriftKind,
  HASH_ALGORITHMS,
  type HashAlgorithm,
  PARITY_STATUSES,
  type ParityStatus,
} from "../contract/constants.ts";
import {
  type ArtifactIdentity,
  ArtifactIdentitySchema,
  type ContentHashRef,
  ContentHashRefSchema,
  type LocalNamespaceTuple,
  LocalNamespaceTupleSchema,
  type ProvenanceRef,
  ProvenanceRefSchema,
} from "../contract/dossier_contract.ts";
import {
  _integer,
  _nonEmptyText,
  _nullable,
  _oneOf,
  _plainObject,
  _recordOf,
  _text,
} from "../contract/_valibot_kit.ts";

/** The latest indexed version of an artifact. Fields in canonical order. */
export interface ArtifactEntry {
  /** The `artifact_id` of the latest indexing. */
  readonly identity: ArtifactIdentity;
  /** The hash of the latest indexed content. */
  readonly content_ref: ContentHashRef;
  /** When it was last indexed, as the payload said. */
  readonly indexed_at: string;
  /** Where the latest revision came from; `null` when the payload gave none. */
  readonly provenance: ProvenanceRef | null;
  /** True once a later artifact named this path in `supersedes`. */
  readonly superseded: boolean;
  /** The indexing payload's own `step_id`, not the namespace's. */
  readonly step_id: string | null;
}

/** A recorded anomaly; anomalies are never removed. */
export interface AnomalyEntry {
  /** The only kind of anomaly so far: an expected artifact was absent. */
  readonly anomaly_type: "missing_artifact";
  /** The artifact the manifest expects. */
  readonly expected_identity: ArtifactIdentity;
  /** The manifest entry that requires it: `"required_always"` or a step id. */
  readonly manifest_step: string;
  /** When it was found missing, as the payload said. */
  readonly checked_at: string;
  /** How to restore the artifact; `null` when the payload gave none. */
  readonly remediation_hint: string | null;
}

/** The latest snapshot the local runtime computed. */
export interface SnapshotSummary {
  /** The dossier's hash as the local runtime computed it. */
  readonly snapshot_hash: string;
  /** Artifacts the snapshot covers. */
  readonly artifact_count: number;
  /** Anomalies recorded when it was computed. */
  readonly anomaly_count: number;
  /** When it was computed, as the payload said. */
  readonly computed_at: string;
  /** `"sha256"` when the event named none. */
  readonly algorithm: HashAlgorithm;
}

/** One detected parity drift. */
export interface DriftRecord {
  /** The hash the dossier should have had. */
  readonly expected_hash: string;
  /** The hash it had. */
  readonly actual_hash: string;
  /** What changed, one of {@linkcode DRIFT_KINDS}. */
  readonly drift_kind: DriftKind;
  /** When the drift was detected, as the payload said. */
  readonly detected_at: string;
}

/**
 * A reduced mission dossier. `artifacts` is keyed by path, in insertion
 * order: any path is safe, `__proto__` and `"10"` included.
 */
export interface MissionDossierState {
  /** The stream's namespace; `null` when no event carried a valid one. */
  readonly namespace: LocalNamespaceTuple | null;
  /** The latest entry per artifact path, in first-indexed order; superseded entries stay. */
  readonly artifacts: ReadonlyMap<string, ArtifactEntry>;
  /** Every missing-artifact anomaly, in replay order; never removed. */
  readonly anomalies: readonly AnomalyEntry[];
  /** The last snapshot in replay order; `null` before the first. */
  readonly latest_snapshot: SnapshotSummary | null;
  /** Every detected drift, in replay order. */
  readonly drift_history: readonly DriftRecord[];
  /** `"drifted"` once any drift is recorded, else `"clean"` once a snapshot is, else `"unknown"`. */
  readonly parity_status: ParityStatus;
  /** Unique dossier events, after deduplication. */
  readonly event_count: number;
}

/** Schema of an {@linkcode ArtifactEntry} in its JSON form. */
export const ArtifactEntrySchema: v.GenericSchema<unknown, ArtifactEntry> = v
  .pipe(
    _plainObject({
      identity: ArtifactIdentitySchema,
      content_ref: ContentHashRefSchema,
      indexed_at: _text(),
      provenance: _nullable(ProvenanceRefSchema),
      superseded: v.boolean("must be true or false"),
      step_id: _nullable(_text()),
    }),
    v.title("ArtifactEntry"),
  );

/** Schema of an {@linkcode AnomalyEntry} in its JSON form. */
export const AnomalyEntrySchema: v.GenericSchema<unknown, AnomalyEntry> = v
  .pipe(
    _plainObject({
      anomaly_type: v.literal(
        "missing_artifact",
        'must be "missing_artifact"',
      ),
      expected_identity: ArtifactIdentitySchema,
      manifest_step: _nonEmptyText(),
      checked_at: _text(),
      remediation_hint: _nullable(_text()),
    }),
    v.title("AnomalyEntry"),
  );

/** Schema of a {@linkcode SnapshotSummary} in its JSON form. */
export const SnapshotSummarySchema: v.GenericSchema<unknown, SnapshotSummary> =
  v.pipe(
    _plainObject({
      snapshot_hash: _nonEmptyText(),
      artifact_count: _integer(0),
      anomaly_count: _integer(0),
      computed_at: _text(),
      algorithm: _oneOf(HASH_ALGORITHMS),
    }),
    v.title("SnapshotSummary"),
  );

/** Schema of a {@linkcode DriftRecord} in its JSON form. */
export const DriftRecordSchema: v.GenericSchema<unknown, DriftRecord> = v.pipe(
  _plainObject({
    expected_hash: _nonEmptyText(),
    actual_hash: _nonEmptyText(),
    drift_kind: _oneOf(DRIFT_KINDS),
    detected_at: _text(),
  }),
  v.title("DriftRecord"),
);

/** The JSON form of a {@linkcode MissionDossierState}: `artifacts` is an object of path → entry. */
export interface MissionDossierStateJson {
  /** As {@linkcode MissionDossierState.namespace}. */
  readonly namespace: LocalNamespaceTuple | null;
  /** Path → entry, in the order written. */
  readonly artifacts: Readonly<Record<string, ArtifactEntry>>;
  /** As {@linkcode MissionDossierState.anomalies}. */
  readonly anomalies: readonly AnomalyEntry[];
  /** As {@linkcode MissionDossierState.latest_snapshot}. */
  readonly latest_snapshot: SnapshotSummary | null;
  /** As {@linkcode MissionDossierState.drift_history}. */
  readonly drift_history: readonly DriftRecord[];
  /** As {@linkcode MissionDossierState.parity_status}. */
  readonly parity_status: ParityStatus;
  /** As {@linkcode MissionDossierState.event_count}. */
  readonly event_count: number;
}

/**
 * Schema of the canonical JSON form of a {@linkcode MissionDossierState}
 * (what {@linkcode serializeDossierState} writes). It checks the document;
 * {@linkcode parseDossierState} also keeps the written order of `artifacts`.
 * Every field is required, as the serializer always writes it.
 */
export const MissionDossierStateSchema: v.GenericSchema<
  unknown,
  MissionDossierStateJson
> = v.pipe(
  _plainObject({
    namespace: v.nullable(LocalNamespaceTupleSchema),
    artifacts: _recordOf(ArtifactEntrySchema),
    anomalies: v.array(AnomalyEntrySchema, "must be an array"),
    latest_snapshot: v.nullable(SnapshotSummarySchema),
    drift_history: v.array(DriftRecordSchema, "must be an array"),
    parity_status: _oneOf(PARITY_STATUSES),
    event_count: _integer(0),
  }),
  v.title("MissionDossierState"),
  v.description(
    "A mission dossier reduced from its event stream: namespace, artifacts by path, anomalies, latest snapshot, drift history and parity status.",
  ),
);

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
export function emptyDossierState(): MissionDossierState {
  return {
    namespace: null,
    artifacts: new Map(),
    anomalies: [],
    latest_snapshot: null,
    drift_history: [],
    parity_status: "unknown",
    event_count: 0,
  };
}
