// The fold at the heart of the reducer, shared by `reduceMissionDossier`, the
// incremental reducer and the accounting reducer. It takes unique dossier
// events in sort order, one at a time.
import type * as v from "valibot";
import { fastParse } from "../contract/compiled_schema.ts";
import {
  type DossierEventType,
  MISSION_DOSSIER_ARTIFACT_INDEXED,
  MISSION_DOSSIER_ARTIFACT_MISSING,
  MISSION_DOSSIER_PARITY_DRIFT_DETECTED,
  MISSION_DOSSIER_SNAPSHOT_COMPUTED,
} from "../contract/constants.ts";
import type {
  AnyIdentity,
  AnyNamespace,
  DossierContract,
} from "../contract/dossier_contract.ts";
import type {
  MissionDossierArtifactIndexedPayloadOf,
  MissionDossierArtifactMissingPayloadOf,
  MissionDossierParityDriftDetectedPayloadOf,
  MissionDossierSnapshotComputedPayloadOf,
} from "../contract/value_objects.ts";
import type {
  AnomalyEntryOf,
  ArtifactEntryOf,
  DriftRecord,
  MissionDossierStateOf,
  SnapshotSummary,
} from "../contract/dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { type FieldIssue, toFieldIssues } from "../contract/field_issue.ts";
import { IndexRuns, recordProducerView } from "./index_runs.ts";

/** A dossier event whose payload parsed, tagged by its type. */
export type DossierPayloadEvent =
  | {
    readonly type: typeof MISSION_DOSSIER_ARTIFACT_INDEXED;
    readonly payload: MissionDossierArtifactIndexedPayloadOf<
      AnyNamespace,
      AnyIdentity
    >;
  }
  | {
    readonly type: typeof MISSION_DOSSIER_ARTIFACT_MISSING;
    readonly payload: MissionDossierArtifactMissingPayloadOf<
      AnyNamespace,
      AnyIdentity
    >;
  }
  | {
    readonly type: typeof MISSION_DOSSIER_SNAPSHOT_COMPUTED;
    readonly payload: MissionDossierSnapshotComputedPayloadOf<AnyNamespace>;
  }
  | {
    readonly type: typeof MISSION_DOSSIER_PARITY_DRIFT_DETECTED;
    readonly payload: MissionDossierParityDriftDetectedPayloadOf<
      AnyNamespace,
      AnyIdentity
    >;
  };

/** A state as the pipeline holds it, whatever the contract's field names. */
export type FoldState = MissionDossierStateOf<AnyNamespace, AnyIdentity>;

/** Runs a schema, turning a throwing getter or proxy in the input into an issue. */
function _safeParse<T>(
  schema: v.GenericSchema<unknown, T>,
  input: unknown,
  path: string,
  wellFormed = false,
): { output: T; issues: null } | { output: null; issues: FieldIssue[] } {
  try {
    const result = fastParse(schema, input, wellFormed);
    return result.success
      ? { output: result.output, issues: null }
      : { output: null, issues: toFieldIssues(result.issues, path) };
  } catch {
    return {
      output: null,
      issues: [{
        path,
        message: "must be plain data (reading it threw)",
        type: "unreadable",
        input: undefined,
      }],
    };
  }
}

/**
 * The own value of `key`, or `undefined` when `object` is not an object or
 * reading it throws (a proxy trap), so that hostile input is passed over.
 */
function _ownValue(object: unknown, key: string): unknown {
  try {
    return Object.getOwnPropertyDescriptor(object, key)?.value;
  } catch {
    return undefined;
  }
}

/**
 * The mutable accumulator a fold owns. `evolve` updates it in place: copying
 * a map of thousands of artifacts for each of a million events would make
 * the reducer quadratic. Nothing outside the fold ever sees it.
 */
interface _Accumulator {
  readonly artifacts: Map<string, ArtifactEntryOf<AnyIdentity>>;
  readonly anomalies: AnomalyEntryOf<AnyIdentity>[];
  latestSnapshot: SnapshotSummary | null;
  readonly driftHistory: DriftRecord[];
}

function _assertNever(value: never): never {
  throw new TypeError(`Unexpected dossier event: ${JSON.stringify(value)}`);
}

/** Applies one parsed dossier event to the accumulator (docs/contract.md, "The reducer", step 6). */
function _evolve(state: _Accumulator, event: DossierPayloadEvent): void {
  switch (event.type) {
    case MISSION_DOSSIER_ARTIFACT_INDEXED: {
      const payload = event.payload;
      if (payload.supersedes !== null) {
        const prior = state.artifacts.get(payload.supersedes.path);
        if (prior !== undefined) {
          state.artifacts.set(payload.supersedes.path, {
            ...prior,
            superseded: true,
          });
        }
      }
      state.artifacts.set(payload.artifact_id.path, {
        identity: payload.artifact_id,
        content_ref: payload.content_ref,
        indexed_at: payload.indexed_at,
        provenance: payload.provenance,
        superseded: false,
        step_id: payload.step_id,
      });
      return;
    }
    case MISSION_DOSSIER_ARTIFACT_MISSING:
      state.anomalies.push({
        anomaly_type: "missing_artifact",
        expected_identity: event.payload.expected_identity,
        manifest_step: event.payload.manifest_step,
        checked_at: event.payload.checked_at,
        remediation_hint: event.payload.remediation_hint,
      });
      return;
    case MISSION_DOSSIER_SNAPSHOT_COMPUTED:
      state.latestSnapshot = {
        snapshot_hash: event.payload.snapshot_hash,
        artifact_count: event.payload.artifact_count,
        anomaly_count: event.payload.anomaly_count,
        computed_at: event.payload.computed_at,
        algorithm: event.payload.algorithm ?? "sha256",
      };
      return;
    case MISSION_DOSSIER_PARITY_DRIFT_DETECTED:
      state.driftHistory.push({
        expected_hash: event.payload.expected_hash,
        actual_hash: event.payload.actual_hash,
        drift_kind: event.payload.drift_kind,
        detected_at: event.payload.detected_at,
      });
      return;
    default:
      _assertNever(event);
  }
}

/** What the fold did with one event. */
export type FoldOutcome =
  | { readonly applied: true }
  | { readonly applied: false; readonly issues: readonly FieldIssue[] };

const _APPLIED: FoldOutcome = Object.freeze({ applied: true });

/**
 * Folds unique dossier events, given in sort order, into a dossier state
 * (docs/contract.md, "The reducer" steps 4 to 8), checking the namespace of each as it comes.
 */
export class DossierFold {
  readonly #contract: DossierContract;
  #namespace: AnyNamespace | null = null;
  #firstStepId: string | null = null;
  #manyStepIds = false;
  #eventCount = 0;
  readonly #state: _Accumulator = {
    artifacts: new Map(),
    anomalies: [],
    latestSnapshot: null,
    driftHistory: [],
  };
  /** The index runs beside the state, for the producer's parity verdict. */
  readonly #runs = new IndexRuns();

  constructor(contract: DossierContract) {
    this.#contract = contract;
  }

  /**
   * Applies one dossier event; `index` is its position in the input;
   * `wellFormed`: no string of its payload holds an unpaired surrogate.
   *
   * @throws {Error} The contract's `NamespaceMixedStreamError`, when its namespace's identity
   * differs from the stream's.
   */
  apply(event: Event, index: number, wellFormed = false): FoldOutcome {
    const contract = this.#contract;
    const type = event.event_type as DossierEventType;
    const parsed = _safeParse(
      contract.payloads[type],
      event.payload,
      "payload",
      wellFormed,
    );
    const namespace = parsed.issues === null
      ? (parsed.output as { namespace: AnyNamespace }).namespace
      : _safeParse(
        contract.namespace,
        _ownValue(event.payload, "namespace"),
        "payload.namespace",
      ).output;
    if (namespace !== null) this.#guard(namespace, event, index);
    this.#eventCount++;
    if (parsed.issues !== null) {
      return { applied: false, issues: parsed.issues };
    }
    const applied = { type, payload: parsed.output } as DossierPayloadEvent;
    _evolve(this.#state, applied);
    if (applied.type === MISSION_DOSSIER_ARTIFACT_INDEXED) {
      const { artifact_id, content_ref, supersedes } = applied.payload;
      this.#runs.indexed(
        artifact_id.path,
        content_ref.hash,
        supersedes?.path ?? null,
      );
    } else if (applied.type === MISSION_DOSSIER_SNAPSHOT_COMPUTED) {
      this.#runs.snapshot(event.event_id, index);
    }
    return _APPLIED;
  }

  #guard(namespace: AnyNamespace, event: Event, index: number): void {
    if (this.#namespace === null) this.#namespace = namespace;
    else if (!this.#sameIdentity(this.#namespace, namespace)) {
      throw new this.#contract.mixedStreamError(this.#namespace, namespace, {
        eventId: event.event_id,
        index,
      });
    }
    const stepId = namespace.step_id;
    if (stepId === null || this.#manyStepIds) return;
    if (this.#firstStepId === null) this.#firstStepId = stepId;
    else if (this.#firstStepId !== stepId) this.#manyStepIds = true;
  }

  /** True when two namespaces share the five identity fields. */
  #sameIdentity(a: AnyNamespace, b: AnyNamespace): boolean {
    const fields = this.#contract.namespaceFields;
    for (let index = 0; index < 5; index++) {
      if (a[fields[index]] !== b[fields[index]]) return false;
    }
    return true;
  }

  /** The state so far, as a new object that later events do not change. */
  result(): FoldState {
    const { artifacts, anomalies, latestSnapshot, driftHistory } = this.#state;
    const namespace = this.#namespace !== null && this.#manyStepIds
      ? { ...this.#namespace, step_id: null }
      : this.#namespace;
    const state: FoldState = {
      namespace,
      artifacts: new Map(artifacts),
      anomalies: [...anomalies],
      latest_snapshot: latestSnapshot,
      drift_history: [...driftHistory],
      parity_status: driftHistory.length > 0
        ? "drifted"
        : latestSnapshot !== null
        ? "clean"
        : "unknown",
      event_count: this.#eventCount,
    };
    recordProducerView(state, this.#runs.view());
    return state;
  }
}
