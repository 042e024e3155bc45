// What a contract is to the pipeline: what differs between 2.4.0 and 3.0.0,
// held as data (docs/contract.md, "Contract 3.0.0 and the divergences").
// Every step of the pipeline (envelope, order, dedup, guard, fold, report,
// canonical JSON, parity, drift) is written once and takes a
// `_DossierContract`; `contract_2_4_0.ts` and `contract_3_0_0.ts` each give
// `_defineContract` the few facts that tell their contract apart.
import type * as v from "valibot";
import type { DossierEventType } from "./constants.ts";
import type { ArtifactClass } from "./constants.ts";
import type { _UnknownKeys } from "./_valibot_kit.ts";
import {
  _valueObjectSchemas,
  type ContentHashRef,
  type MissionDossierArtifactIndexedPayloadOf,
  type MissionDossierArtifactMissingPayloadOf,
  type MissionDossierParityDriftDetectedPayloadOf,
  type MissionDossierSnapshotComputedPayloadOf,
  type ProvenanceRef,
} from "./value_objects.ts";
import {
  _stateSchemas,
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type MissionDossierStateJsonOf,
} from "./dossier_state.ts";

/** The versions of the Mission Dossier Parity contract this package implements. */
export const CONTRACT_VERSIONS: readonly ["2.4.0", "3.0.0"] = [
  "2.4.0",
  "3.0.0",
] as const;
/** One of {@linkcode CONTRACT_VERSIONS}. */
export type ContractVersion = typeof CONTRACT_VERSIONS[number];

/** A namespace as the pipeline reads it, whatever its field names. */
export type _Namespace = Readonly<Record<string, string | null>>;

/** An artifact identity as the pipeline reads it, whatever its field names. */
export interface _Identity {
  readonly path: string;
  readonly artifact_class: ArtifactClass;
  readonly run_id: string | null;
  readonly wp_id: string | null;
}

/** How a contract's envelope differs: its `build_id` and its default `schema_version`. */
export interface _EnvelopeRules {
  /** `"absent"` (2.4.0: no such field) or `"required"` (3.0.0: a non-empty string). */
  readonly buildId: "absent" | "required";
  /** `schema_version` when absent: `"1.0.0"` (2.4.0) or `"3.0.0"`. */
  readonly schemaVersionDefault: string;
}

/** Where the event whose namespace differs was found, as the guard's error takes it. */
interface _MixedStreamPlace {
  readonly eventId?: string | null;
  readonly index?: number | null;
}

/** The facts that tell one contract from the other; everything else is derived. */
export interface _ContractSpec {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: ContractVersion;
  /** Where a library user imports this contract from, named in hints. */
  readonly entryPoint: string;
  /** The namespace's second field: `feature_slug` (2.4.0) or `mission_slug` (3.0.0). */
  readonly slugField: string;
  /** The mission field of the namespace and of the artifact identity: `mission_key` or `mission_type`. */
  readonly missionField: string;
  /** What an undeclared key of a value object or payload does: dropped (2.4.0) or an error (3.0.0). */
  readonly unknownKeys: _UnknownKeys;
  /** How the namespace's identity reads in words, for the schema's description. */
  readonly identityInWords: string;
  /** The envelope's differences. */
  readonly envelope: _EnvelopeRules;
  /** The `NamespaceMixedStreamError` of this contract, typed with its namespace. */
  readonly mixedStreamError: new (
    expected: never,
    got: never,
    options?: _MixedStreamPlace,
  ) => Error;
  /**
   * The other contract, as far as a hint needs it: its version, entry point
   * and the namespace fields that tell a payload written for it (2.4.0 sees
   * `mission_slug` and `mission_type` of 3.0.0, and the other way round).
   */
  readonly other: {
    readonly version: ContractVersion;
    readonly entryPoint: string;
    readonly slugField: string;
    readonly missionField: string;
  };
}

/** A contract's schemas, typed with its namespace `N` and artifact identity `I`. */
export interface _ContractSchemas<N, I> {
  readonly namespace: v.GenericSchema<unknown, N>;
  readonly identity: v.GenericSchema<unknown, I>;
  readonly contentRef: v.GenericSchema<unknown, ContentHashRef>;
  readonly provenance: v.GenericSchema<unknown, ProvenanceRef>;
  readonly indexed: v.GenericSchema<
    unknown,
    MissionDossierArtifactIndexedPayloadOf<N, I>
  >;
  readonly missing: v.GenericSchema<
    unknown,
    MissionDossierArtifactMissingPayloadOf<N, I>
  >;
  readonly snapshot: v.GenericSchema<
    unknown,
    MissionDossierSnapshotComputedPayloadOf<N>
  >;
  readonly drift: v.GenericSchema<
    unknown,
    MissionDossierParityDriftDetectedPayloadOf<N, I>
  >;
  readonly artifactEntry: v.GenericSchema<unknown, ArtifactEntryOf<I>>;
  readonly anomalyEntry: v.GenericSchema<unknown, AnomalyEntryOf<I>>;
  readonly state: v.GenericSchema<unknown, MissionDossierStateJsonOf<N, I>>;
}

/**
 * One contract, as the pipeline needs it; `N` and `I` type its schemas for
 * the entry point that binds it.
 */
export interface _DossierContract<N = unknown, I = unknown> {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: ContractVersion;
  /** Where a library user imports this contract from, named in hints. */
  readonly entryPoint: string;
  /** The envelope's differences, for the envelope layer to build its schemas from. */
  readonly envelopeRules: _EnvelopeRules;
  /** Every schema of the contract, typed. */
  readonly schemas: _ContractSchemas<N, I>;
  /** The LocalNamespaceTuple schema, as the pipeline reads it. */
  readonly namespace: v.GenericSchema<unknown, _Namespace>;
  /** The payload schema of each dossier event type. */
  readonly payloads: Readonly<
    Record<DossierEventType, v.GenericSchema<unknown, unknown>>
  >;
  /** The namespace's six field names in contract order; the first five are its identity. */
  readonly namespaceFields: readonly [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  /** The artifact identity's five field names in contract order. */
  readonly identityFields: readonly [string, string, string, string, string];
  /** The schema of the state's canonical JSON form. */
  readonly stateSchema: v.GenericSchema<unknown, unknown>;
  /** The `NamespaceMixedStreamError` of this contract, typed with its namespace. */
  readonly mixedStreamError: new (
    expected: _Namespace,
    got: _Namespace,
    options: _MixedStreamPlace,
  ) => Error;
  /** The other contract, as far as a hint needs it (see {@linkcode _ContractSpec.other}). */
  readonly other: _ContractSpec["other"];
}

/**
 * Builds a contract from the facts that tell it apart: its value objects
 * and payloads, its state's schemas and the field names the pipeline reads.
 * `N` and `I` are the namespace and identity types the spec's field names
 * make; the schemas are built from the same names, so the one cast here is
 * what states it.
 */
export function _defineContract<N, I>(
  spec: _ContractSpec,
): _DossierContract<N, I> {
  const objects = _valueObjectSchemas(spec);
  const state = _stateSchemas(objects);
  const schemas = {
    ...objects,
    ...state,
  } as unknown as _ContractSchemas<N, I>;
  return {
    version: spec.version,
    entryPoint: spec.entryPoint,
    envelopeRules: spec.envelope,
    schemas,
    namespace: objects.namespace as v.GenericSchema<unknown, _Namespace>,
    payloads: {
      MissionDossierArtifactIndexed: objects.indexed,
      MissionDossierArtifactMissing: objects.missing,
      MissionDossierSnapshotComputed: objects.snapshot,
      MissionDossierParityDriftDetected: objects.drift,
    },
    namespaceFields: [
      "project_uuid",
      spec.slugField,
      "target_branch",
      spec.missionField,
      "manifest_version",
      "step_id",
    ],
    identityFields: [
      spec.missionField,
      "path",
      "artifact_class",
      "run_id",
      "wp_id",
    ],
    stateSchema: state.state,
    mixedStreamError: spec
      .mixedStreamError as _DossierContract["mixedStreamError"],
    other: spec.other,
  };
}
