/**
 * The reducer's output: what a mission dossier looks like after replay, in
 * either contract (the namespace and the artifact identities take the
 * contract's field names; nothing else differs).
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
import type { ContentHashRef, ProvenanceRef } from "./value_objects.ts";
import {
  integerSchema,
  nonEmptyTextSchema,
  nullableSchema,
  oneOfSchema,
  plainObjectSchema,
  recordOfSchema,
  textSchema,
} from "./valibot_kit.ts";

/** The latest indexed version of an artifact whose identity is `I`. Fields in canonical order. */
export interface ArtifactEntryOf<I> {
  /** The `artifact_id` of the latest indexing. */
  readonly identity: I;
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

/** A recorded anomaly about an artifact whose identity is `I`; anomalies are never removed. */
export interface AnomalyEntryOf<I> {
  /** The only kind of anomaly so far: an expected artifact was absent. */
  readonly anomaly_type: "missing_artifact";
  /** The artifact the manifest expects. */
  readonly expected_identity: I;
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
 * A reduced mission dossier of a contract whose namespace is `N` and whose
 * artifact identity is `I`. `artifacts` is keyed by path, in insertion
 * order: any path is safe, `__proto__` and `"10"` included.
 */
export interface MissionDossierStateOf<N, I> {
  /** The stream's namespace; `null` when no event carried a valid one. */
  readonly namespace: N | null;
  /** The latest entry per artifact path, in first-indexed order; superseded entries stay. */
  readonly artifacts: ReadonlyMap<string, ArtifactEntryOf<I>>;
  /** Every missing-artifact anomaly, in replay order; never removed. */
  readonly anomalies: readonly AnomalyEntryOf<I>[];
  /** The last snapshot in replay order; `null` before the first. */
  readonly latest_snapshot: SnapshotSummary | null;
  /** Every detected drift, in replay order. */
  readonly drift_history: readonly DriftRecord[];
  /**
   * The reference's field: `"drifted"` as soon as any
   * `MissionDossierParityDriftDetected` event was recorded (for good), else
   * `"clean"` once a snapshot is, else `"unknown"`. It is not the hash
   * check: `evaluateParity` recomputes that.
   */
  readonly parity_status: ParityStatus;
  /** Unique dossier events, after deduplication. */
  readonly event_count: number;
}

/** The JSON form of a {@linkcode MissionDossierStateOf}: `artifacts` is an object of path → entry. */
export interface MissionDossierStateJsonOf<N, I> {
  /** As {@linkcode MissionDossierStateOf.namespace}. */
  readonly namespace: N | null;
  /** Path → entry, in the order written. */
  readonly artifacts: Readonly<Record<string, ArtifactEntryOf<I>>>;
  /** As {@linkcode MissionDossierStateOf.anomalies}. */
  readonly anomalies: readonly AnomalyEntryOf<I>[];
  /** As {@linkcode MissionDossierStateOf.latest_snapshot}. */
  readonly latest_snapshot: SnapshotSummary | null;
  /** As {@linkcode MissionDossierStateOf.drift_history}. */
  readonly drift_history: readonly DriftRecord[];
  /** As {@linkcode MissionDossierStateOf.parity_status}. */
  readonly parity_status: ParityStatus;
  /** As {@linkcode MissionDossierStateOf.event_count}. */
  readonly event_count: number;
}

/**
 * Schema of a {@linkcode SnapshotSummary} in its JSON form (the same in both
 * contracts).
 *
 * @example
 * ```ts
 * import { SnapshotSummarySchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(SnapshotSummarySchema, { snapshot_hash: "" }).success, false);
 * ```
 */
export const SnapshotSummarySchema: v.GenericSchema<unknown, SnapshotSummary> =
  v.pipe(
    plainObjectSchema({
      snapshot_hash: nonEmptyTextSchema(),
      artifact_count: integerSchema(0),
      anomaly_count: integerSchema(0),
      computed_at: textSchema(),
      algorithm: oneOfSchema(HASH_ALGORITHMS),
    }),
    v.title("SnapshotSummary"),
  );

/**
 * Schema of a {@linkcode DriftRecord} in its JSON form (the same in both
 * contracts).
 *
 * @example
 * ```ts
 * import { DriftRecordSchema } from "@spec-kitty/dossier";
 * import * as v from "valibot";
 * import assert from "node:assert/strict";
 *
 * assert.equal(v.safeParse(DriftRecordSchema, { drift_kind: "moved" }).success, false);
 * ```
 */
export const DriftRecordSchema: v.GenericSchema<unknown, DriftRecord> = v.pipe(
  plainObjectSchema({
    expected_hash: nonEmptyTextSchema(),
    actual_hash: nonEmptyTextSchema(),
    drift_kind: oneOfSchema(DRIFT_KINDS),
    detected_at: textSchema(),
  }),
  v.title("DriftRecord"),
);

/** The value-object schemas a contract's state is made of. */
export interface StateParts {
  readonly namespace: v.GenericSchema<unknown, unknown>;
  readonly identity: v.GenericSchema<unknown, unknown>;
  readonly contentRef: v.GenericSchema<unknown, unknown>;
  readonly provenance: v.GenericSchema<unknown, unknown>;
}

/** The schemas of one contract's state in its JSON form. */
export interface StateSchemas {
  readonly artifactEntry: v.GenericSchema<unknown, unknown>;
  readonly anomalyEntry: v.GenericSchema<unknown, unknown>;
  readonly state: v.GenericSchema<unknown, unknown>;
}

/**
 * Builds the schemas of a contract's state from its value objects. The
 * state's own objects keep unknown keys out silently in both contracts
 * (contract 3.0.0 forbids them in value objects and payloads only), and
 * every field is required, as the serializer always writes it.
 */
export function stateSchemas(parts: StateParts): StateSchemas {
  const artifactEntry = v.pipe(
    plainObjectSchema({
      identity: parts.identity,
      content_ref: parts.contentRef,
      indexed_at: textSchema(),
      provenance: nullableSchema(parts.provenance),
      superseded: v.boolean("must be true or false"),
      step_id: nullableSchema(textSchema()),
    }),
    v.title("ArtifactEntry"),
  );
  const anomalyEntry = v.pipe(
    plainObjectSchema({
      anomaly_type: v.literal(
        "missing_artifact",
        'must be "missing_artifact"',
      ),
      expected_identity: parts.identity,
      manifest_step: nonEmptyTextSchema(),
      checked_at: textSchema(),
      remediation_hint: nullableSchema(textSchema()),
    }),
    v.title("AnomalyEntry"),
  );
  const state = v.pipe(
    plainObjectSchema({
      namespace: v.nullable(parts.namespace),
      artifacts: recordOfSchema(artifactEntry),
      anomalies: v.array(anomalyEntry, "must be an array"),
      latest_snapshot: v.nullable(SnapshotSummarySchema),
      drift_history: v.array(DriftRecordSchema, "must be an array"),
      parity_status: oneOfSchema(PARITY_STATUSES),
      event_count: integerSchema(0),
    }),
    v.title("MissionDossierState"),
    v.description(
      "A mission dossier reduced from its event stream: namespace, artifacts by path, anomalies, latest snapshot, drift history and parity status.",
    ),
  );
  return { artifactEntry, anomalyEntry, state };
}

/** The state of a stream with no dossier event (see `emptyDossierState`). */
export function emptyState(): MissionDossierStateOf<never, never> {
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
