// The fold every peer of the bench shares: the least a reducer of an
// in-order log must do (docs/contract.md, "The reducer") once its events are checked. The set of
// ids seen, the namespace guard and step_id rule, the artifacts map and the
// pushes; no sort (the bench's logs are in order, and the fold throws if one
// is not), no report. Each peer checks lines its own way and hands the
// checked envelope and payload here, so the peers differ only in checking.
import type {
  AnomalyEntry,
  ArtifactEntry,
  ArtifactIdentity,
  ContentHashRef,
  DriftRecord,
  LocalNamespaceTuple,
  MissionDossierState,
  ProvenanceRef,
  SnapshotSummary,
} from "../../mod.ts";

/** The envelope fields the fold reads. */
export interface PeerEnvelope {
  readonly event_id: string;
  readonly event_type: string;
  readonly lamport_clock: number;
}

// deno-lint-ignore no-explicit-any
type Payload = any;

/** The four dossier event types, as the fold switches on them. */
export const DOSSIER_TYPES: ReadonlySet<string> = new Set([
  "MissionDossierArtifactIndexed",
  "MissionDossierArtifactMissing",
  "MissionDossierSnapshotComputed",
  "MissionDossierParityDriftDetected",
]);

/** A fold over checked, in-order events (see the module comment). */
export class MinimalFold {
  readonly #seen = new Set<string>();
  readonly #artifacts = new Map<string, ArtifactEntry>();
  readonly #anomalies: AnomalyEntry[] = [];
  readonly #drift: DriftRecord[] = [];
  #snapshot: SnapshotSummary | null = null;
  #namespace: LocalNamespaceTuple | null = null;
  #stepIds = 0;
  #firstStepId: string | null = null;
  #count = 0;
  #clock = -1;

  /** True when the event is new (not a copy of an id seen before). */
  admit(envelope: PeerEnvelope): boolean {
    if (envelope.lamport_clock < this.#clock) {
      throw new RangeError("the bench's peers fold in-order logs only");
    }
    this.#clock = envelope.lamport_clock;
    if (this.#seen.has(envelope.event_id)) return false;
    this.#seen.add(envelope.event_id);
    return true;
  }

  /** Folds one new dossier event whose payload the peer checked. */
  apply(eventType: string, payload: Payload): void {
    this.#count++;
    this.#guard(payload.namespace);
    switch (eventType) {
      case "MissionDossierArtifactIndexed": {
        const supersedes = payload.supersedes as ArtifactIdentity | null;
        if (supersedes !== null) {
          const prior = this.#artifacts.get(supersedes.path);
          if (prior !== undefined) {
            this.#artifacts.set(supersedes.path, {
              ...prior,
              superseded: true,
            });
          }
        }
        const identity = payload.artifact_id as ArtifactIdentity;
        this.#artifacts.set(identity.path, {
          identity,
          content_ref: payload.content_ref as ContentHashRef,
          indexed_at: payload.indexed_at,
          provenance: payload.provenance as ProvenanceRef | null,
          superseded: false,
          step_id: payload.step_id,
        });
        return;
      }
      case "MissionDossierArtifactMissing":
        this.#anomalies.push({
          anomaly_type: "missing_artifact",
          expected_identity: payload.expected_identity,
          manifest_step: payload.manifest_step,
          checked_at: payload.checked_at,
          remediation_hint: payload.remediation_hint,
        });
        return;
      case "MissionDossierSnapshotComputed":
        this.#snapshot = {
          snapshot_hash: payload.snapshot_hash,
          artifact_count: payload.artifact_count,
          anomaly_count: payload.anomaly_count,
          computed_at: payload.computed_at,
          algorithm: payload.algorithm ?? "sha256",
        };
        return;
      case "MissionDossierParityDriftDetected":
        this.#drift.push({
          expected_hash: payload.expected_hash,
          actual_hash: payload.actual_hash,
          drift_kind: payload.drift_kind,
          detected_at: payload.detected_at,
        });
        return;
    }
  }

  #guard(namespace: LocalNamespaceTuple): void {
    const first = this.#namespace;
    if (first === null) this.#namespace = namespace;
    else if (
      first.project_uuid !== namespace.project_uuid ||
      first.feature_slug !== namespace.feature_slug ||
      first.target_branch !== namespace.target_branch ||
      first.mission_key !== namespace.mission_key ||
      first.manifest_version !== namespace.manifest_version
    ) {
      throw new Error("Namespace mismatch in dossier event stream");
    }
    const stepId = namespace.step_id;
    if (stepId === null || this.#stepIds > 1) return;
    if (this.#stepIds === 0) {
      this.#firstStepId = stepId;
      this.#stepIds = 1;
    } else if (this.#firstStepId !== stepId) this.#stepIds = 2;
  }

  /** The state, as the package's reducer shapes it. */
  state(): MissionDossierState {
    const namespace = this.#namespace !== null && this.#stepIds > 1
      ? { ...this.#namespace, step_id: null }
      : this.#namespace;
    return {
      namespace,
      artifacts: this.#artifacts,
      anomalies: this.#anomalies,
      latest_snapshot: this.#snapshot,
      drift_history: this.#drift,
      parity_status: this.#drift.length > 0
        ? "drifted"
        : this.#snapshot !== null
        ? "clean"
        : "unknown",
      event_count: this.#count,
    };
  }
}

/** A peer: its name, what it is, and its whole pipeline over a log's lines. */
export interface Peer {
  readonly name: string;
  /** The library and its pinned version, or what the peer is. */
  readonly what: string;
  reduceLines(lines: readonly string[]): MissionDossierState;
}

/**
 * The pipeline every peer runs: each line through JSON.parse, the peer's
 * envelope check, and, for a new dossier event, its payload check and the
 * fold. A line the peer rejects stops the run, as `parseEventStream` does.
 */
export function peerPipeline(
  lines: readonly string[],
  envelope: (value: unknown) => PeerEnvelope | null,
  payload: (eventType: string, value: unknown) => Payload | null,
): MissionDossierState {
  const fold = new MinimalFold();
  for (let index = 0; index < lines.length; index++) {
    const event = envelope(JSON.parse(lines[index]));
    if (event === null) throw new TypeError(`line ${index + 1} is invalid`);
    if (!DOSSIER_TYPES.has(event.event_type) || !fold.admit(event)) continue;
    const checked = payload(
      event.event_type,
      (event as unknown as { payload: unknown }).payload,
    );
    // The bench's logs hold no invalid payload: a peer that rejects one
    // stops here rather than skip it, so that no peer's output can match
    // the package's by two mistakes cancelling out.
    if (checked === null) throw new TypeError(`line ${index + 1}: bad payload`);
    fold.apply(event.event_type, checked);
  }
  return fold.state();
}
