// What the page shows of one namespace, computed with the package's own
// functions: the events replayed in sort order through the entry point's
// reducer, the state taken at every snapshot (so that each run has its own
// verdict from evaluateParity, and any two runs can be compared with
// diffDossiers), and the final state's artifacts, anomalies and drift.
import {
  compareEvents,
  type DriftRecord,
  evaluateParity,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
  type ParityEvaluation,
  type SnapshotSummary,
} from "../../mod.ts";
import type {
  ViewContract,
  ViewEvent,
  ViewIdentity,
  ViewNamespace,
  ViewState,
} from "./view_contracts.ts";

/** How an artifact stands: live in the latest run, replaced, left out of the latest run, or indexed after it. */
export type ArtifactStanding = "current" | "superseded" | "stale" | "pending";

/** One artifact as the table shows it. */
export interface ArtifactRow {
  /** Its path, as written. */
  readonly path: string;
  /** Its class (`input`, `output`, …). */
  readonly artifactClass: string;
  /** The indexing payload's `step_id`; `null` when none. */
  readonly step: string | null;
  /** How it stands (see {@linkcode ArtifactStanding}). */
  readonly standing: ArtifactStanding;
  /** Its content hash, as written. */
  readonly hash: string;
  /** The hash's algorithm. */
  readonly algorithm: string;
  /** Its size in bytes; `null` when the producer did not say. */
  readonly size: number | null;
  /** When it was last indexed, as the payload said. */
  readonly indexedAt: string;
}

/** A snapshot on the timeline, with the verdict of its run. */
export interface SnapshotPoint {
  /** What it is. */
  readonly kind: "snapshot";
  /** Its place among the stream's snapshots, from 1. */
  readonly ordinal: number;
  /** The `event_id` of its `MissionDossierSnapshotComputed`. */
  readonly eventId: string;
  /** The snapshot as the state holds it. */
  readonly snapshot: SnapshotSummary;
  /** The first 12 hex digits of its hash. */
  readonly shortHash: string;
  /** `evaluateParity` of the state at this snapshot: the verdict of its run. */
  readonly verdict: ParityEvaluation;
  /** The state at this snapshot (for comparing runs). */
  readonly state: ViewState;
}

/** A recorded `MissionDossierParityDriftDetected` on the timeline. */
export interface DriftPoint {
  /** What it is. */
  readonly kind: "drift";
  /** The `event_id` of the drift event. */
  readonly eventId: string;
  /** The drift as the state holds it. */
  readonly record: DriftRecord;
  /** The ordinal of the snapshot before it; 0 when none. */
  readonly afterSnapshot: number;
}

/** An anomaly as the page shows it. */
export interface AnomalyRow {
  /** The expected artifact's path. */
  readonly path: string;
  /** The expected artifact's class. */
  readonly artifactClass: string;
  /** The manifest entry that requires it. */
  readonly manifestStep: string;
  /** When it was found missing. */
  readonly checkedAt: string;
  /** How to restore it; `null` when the producer gave none. */
  readonly remediationHint: string | null;
}

/** Everything the page shows of one namespace. */
export interface DossierView {
  /** The namespace's fields, in the contract's spelling and order; empty without a namespace. */
  readonly namespace: readonly (readonly [name: string, value: string])[];
  /** The mission slug; `null` without a namespace. */
  readonly slug: string | null;
  /** The final state, `reduceMissionDossier` of the events. */
  readonly state: ViewState;
  /** `evaluateParity` of the final state: the hash check as the producer sees it. */
  readonly parity: ParityEvaluation;
  /** Every artifact of the state, in the state's order. */
  readonly artifacts: readonly ArtifactRow[];
  /** Every anomaly, in replay order. */
  readonly anomalies: readonly AnomalyRow[];
  /** Snapshots and drift events, in replay order. */
  readonly timeline: readonly (SnapshotPoint | DriftPoint)[];
  /** The snapshots of the timeline. */
  readonly snapshots: readonly SnapshotPoint[];
}

/** The first 12 hex digits of a hash written `sha256:…` or bare. */
export function shortHash(hash: string): string {
  const colon = hash.indexOf(":");
  return hash.slice(colon + 1, colon + 13);
}

function _namespaceFields(
  namespace: ViewNamespace | null,
  api: ViewContract,
): [string, string][] {
  if (namespace === null) return [];
  const names = [
    api.fields.slug,
    api.fields.type,
    "target_branch",
    "manifest_version",
    "project_uuid",
    "step_id",
  ];
  return names.flatMap((name) => {
    const value = namespace[name];
    return value === null || value === undefined ? [] : [[name, value]];
  });
}

function _artifactRows(
  state: ViewState,
  parity: ParityEvaluation,
): ArtifactRow[] {
  const stale = new Set(parity.staleArtifacts);
  const pending = new Set(parity.pendingArtifacts);
  const rows: ArtifactRow[] = [];
  for (const [path, entry] of state.artifacts) {
    rows.push({
      path,
      artifactClass: entry.identity.artifact_class,
      step: entry.step_id,
      standing: entry.superseded
        ? "superseded"
        : stale.has(path)
        ? "stale"
        : pending.has(path)
        ? "pending"
        : "current",
      hash: entry.content_ref.hash,
      algorithm: entry.content_ref.algorithm,
      size: entry.content_ref.size_bytes ?? null,
      indexedAt: entry.indexed_at,
    });
  }
  return rows;
}

function _anomalyRows(state: ViewState): AnomalyRow[] {
  return state.anomalies.map((anomaly) => {
    const identity: ViewIdentity = anomaly.expected_identity;
    return {
      path: identity.path,
      artifactClass: identity.artifact_class,
      manifestStep: anomaly.manifest_step,
      checkedAt: anomaly.checked_at,
      remediationHint: anomaly.remediation_hint,
    };
  });
}

/**
 * Builds what the page shows of one namespace's events: the events sorted
 * with `compareEvents` and fed to the contract's reducer (`assumeSorted`),
 * its state taken after every snapshot and drift event, and the final state
 * checked with `evaluateParity`.
 *
 * @param events One namespace's parsed events, in any order.
 * @param api The contract's functions.
 * @returns The view: namespace, final state, verdict, rows and timeline.
 * @throws {NamespaceMixedStreamError} When the events mix two namespaces.
 */
export async function buildDossierView(
  events: readonly ViewEvent[],
  api: ViewContract,
): Promise<DossierView> {
  const sorted = [...events].sort(compareEvents as never);
  const reducer = api.createSortedReducer();
  const timeline: (SnapshotPoint | DriftPoint)[] = [];
  const snapshots: SnapshotPoint[] = [];
  const snapshotIds = new Set<string>();
  let drifts = 0;
  for (const event of sorted) {
    reducer.push(event);
    if (event.event_type === MISSION_DOSSIER_SNAPSHOT_COMPUTED) {
      const state = reducer.finish();
      const verdict = await evaluateParity(state);
      // Taken only when this very event became the latest snapshot: not a
      // duplicate of one taken, not a payload the fold skipped.
      if (
        verdict.snapshotEventId !== event.event_id ||
        snapshotIds.has(event.event_id)
      ) continue;
      snapshotIds.add(event.event_id);
      const snapshot = state.latest_snapshot!;
      const point: SnapshotPoint = {
        kind: "snapshot",
        ordinal: snapshots.length + 1,
        eventId: event.event_id,
        snapshot,
        shortHash: shortHash(snapshot.snapshot_hash),
        verdict,
        state,
      };
      snapshots.push(point);
      timeline.push(point);
    } else if (event.event_type === MISSION_DOSSIER_PARITY_DRIFT_DETECTED) {
      const history = reducer.finish().drift_history;
      for (; drifts < history.length; drifts++) {
        timeline.push({
          kind: "drift",
          eventId: event.event_id,
          record: history[drifts],
          afterSnapshot: snapshots.length,
        });
      }
    }
  }
  const state = reducer.finish();
  const parity = await evaluateParity(state);
  const namespace = state.namespace;
  return {
    namespace: _namespaceFields(namespace, api),
    slug: namespace === null ? null : namespace[api.fields.slug] ?? null,
    state,
    parity,
    artifacts: _artifactRows(state, parity),
    anomalies: _anomalyRows(state),
    timeline,
    snapshots,
  };
}
