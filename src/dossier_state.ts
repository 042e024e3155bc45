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
} from "./constants.ts";
import {
  type ArtifactIdentity,
  ArtifactIdentitySchema,
  type ContentHashRef,
  ContentHashRefSchema,
  type LocalNamespaceTuple,
  LocalNamespaceTupleSchema,
  type ProvenanceRef,
  ProvenanceRefSchema,
} from "./dossier_contract.ts";
import {
  _integer,
  _nonEmptyText,
  _nullable,
  _oneOf,
  _plainObject,
  _recordOf,
  _text,
} from "./_valibot_kit.ts";

/** The latest indexed version of an artifact. Fields in canonical order. */
export interface ArtifactEntry {
  readonly identity: ArtifactIdentity;
  readonly content_ref: ContentHashRef;
  readonly indexed_at: string;
  readonly provenance: ProvenanceRef | null;
  /** True once a later artifact named this path in `supersedes`. */
  readonly superseded: boolean;
  /** The indexing payload's own `step_id`, not the namespace's. */
  readonly step_id: string | null;
}

/** A recorded anomaly; anomalies are never removed. */
export interface AnomalyEntry {
  readonly anomaly_type: "missing_artifact";
  readonly expected_identity: ArtifactIdentity;
  readonly manifest_step: string;
  readonly checked_at: string;
  readonly remediation_hint: string | null;
}

/** The latest snapshot the local runtime computed. */
export interface SnapshotSummary {
  readonly snapshot_hash: string;
  readonly artifact_count: number;
  readonly anomaly_count: number;
  readonly computed_at: string;
  /** `"sha256"` when the event named none. */
  readonly algorithm: HashAlgorithm;
}

/** One detected parity drift. */
export interface DriftRecord {
  readonly expected_hash: string;
  readonly actual_hash: string;
  readonly drift_kind: DriftKind;
  readonly detected_at: string;
}

/**
 * A reduced mission dossier. `artifacts` is keyed by path, in insertion
 * order: any path is safe, `__proto__` and `"10"` included.
 */
export interface MissionDossierState {
  /** The stream's namespace; `null` when no event carried a valid one. */
  readonly namespace: LocalNamespaceTuple | null;
  readonly artifacts: ReadonlyMap<string, ArtifactEntry>;
  readonly anomalies: readonly AnomalyEntry[];
  readonly latest_snapshot: SnapshotSummary | null;
  readonly drift_history: readonly DriftRecord[];
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
  readonly namespace: LocalNamespaceTuple | null;
  readonly artifacts: Readonly<Record<string, ArtifactEntry>>;
  readonly anomalies: readonly AnomalyEntry[];
  readonly latest_snapshot: SnapshotSummary | null;
  readonly drift_history: readonly DriftRecord[];
  readonly parity_status: ParityStatus;
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
