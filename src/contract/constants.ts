/**
 * The names and closed value lists of the Mission Dossier Parity contract
 * (spec-kitty-events 2.4.0), exactly as they travel on the wire.
 *
 * @module
 */

/** Event type of an artifact that the local runtime indexed. */
export const MISSION_DOSSIER_ARTIFACT_INDEXED = "MissionDossierArtifactIndexed";
/** Event type of an artifact that the manifest expects but is absent. */
export const MISSION_DOSSIER_ARTIFACT_MISSING = "MissionDossierArtifactMissing";
/** Event type of a dossier snapshot hash computed by the local runtime. */
export const MISSION_DOSSIER_SNAPSHOT_COMPUTED =
  "MissionDossierSnapshotComputed";
/** Event type of a parity drift between the local and the cloud dossier. */
export const MISSION_DOSSIER_PARITY_DRIFT_DETECTED =
  "MissionDossierParityDriftDetected";

/** One of the four dossier event types. */
export type DossierEventType =
  | typeof MISSION_DOSSIER_ARTIFACT_INDEXED
  | typeof MISSION_DOSSIER_ARTIFACT_MISSING
  | typeof MISSION_DOSSIER_SNAPSHOT_COMPUTED
  | typeof MISSION_DOSSIER_PARITY_DRIFT_DETECTED;

/**
 * A set whose contents are fixed when it is made: `add`, `delete` and `clear`
 * throw, so that no caller can change which events the reducer keeps.
 */
class _FixedSet<T> extends Set<T> {
  constructor(values: Iterable<T>) {
    super();
    for (const value of values) super.add(value);
  }
  override add(value: T): this {
    throw new TypeError(
      `Cannot add to a read-only set: received ${JSON.stringify(value)}`,
    );
  }
  override delete(value: T): boolean {
    throw new TypeError(
      `Cannot delete from a read-only set: received ${JSON.stringify(value)}`,
    );
  }
  override clear(): void {
    throw new TypeError("Cannot clear a read-only set");
  }
}

/**
 * The four dossier event types; the reducer ignores every other type. The
 * set is read-only, at run time too: `add`, `delete` and `clear` throw a
 * `TypeError`.
 *
 * @example Check whether an event belongs to the dossier
 * ```ts
 * import { DOSSIER_EVENT_TYPES } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * assert.equal(DOSSIER_EVENT_TYPES.has("MissionDossierArtifactIndexed"), true);
 * assert.equal(DOSSIER_EVENT_TYPES.has("WPStatusChanged"), false);
 * assert.throws(() => (DOSSIER_EVENT_TYPES as Set<string>).add("WPStatusChanged"), TypeError);
 * ```
 */
export const DOSSIER_EVENT_TYPES: ReadonlySet<string> = new _FixedSet<string>([
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
]);

/** The classes an artifact can belong to, in contract order. */
export const ARTIFACT_CLASSES = [
  "input",
  "workflow",
  "output",
  "evidence",
  "policy",
  "runtime",
] as const;
/** One of {@linkcode ARTIFACT_CLASSES}. */
export type ArtifactClass = typeof ARTIFACT_CLASSES[number];

/** The kinds of parity drift, in contract order. */
export const DRIFT_KINDS = [
  "artifact_added",
  "artifact_removed",
  "artifact_mutated",
  "anomaly_introduced",
  "anomaly_resolved",
  "manifest_version_changed",
] as const;
/** One of {@linkcode DRIFT_KINDS}. */
export type DriftKind = typeof DRIFT_KINDS[number];

/** The hash algorithms a content hash or a snapshot may name. */
export const HASH_ALGORITHMS = ["sha256", "sha512", "md5"] as const;
/** One of {@linkcode HASH_ALGORITHMS}. */
export type HashAlgorithm = typeof HASH_ALGORITHMS[number];

/** Who produced an artifact revision. */
export const ACTOR_KINDS = ["human", "llm", "system"] as const;
/** One of {@linkcode ACTOR_KINDS}. */
export type ActorKind = typeof ACTOR_KINDS[number];

/** The parity verdicts of a reduced dossier. */
export const PARITY_STATUSES = ["clean", "drifted", "unknown"] as const;
/** One of {@linkcode PARITY_STATUSES}. */
export type ParityStatus = typeof PARITY_STATUSES[number];
