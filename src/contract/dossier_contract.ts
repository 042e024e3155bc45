// What a contract is to the pipeline: what differs between 2.4.0 and 3.0.0,
// held as data (docs/contract.md, "Contract 3.0.0 and the divergences").
// Every step of the pipeline (envelope, order, dedup, guard, fold, report,
// canonical JSON, parity, drift) is written once and takes a
// `DossierContract`; `contract_2_4_0.ts` and `contract_3_0_0.ts` each give
// `defineContract` the few facts that tell their contract apart.
import type * as v from "valibot";
import type { DossierEventType } from "./constants.ts";
import type { ArtifactClass } from "./constants.ts";
import type { UnknownKeys } from "./valibot_kit.ts";
import {
  type ContentHashRef,
  type MissionDossierArtifactIndexedPayloadOf,
  type MissionDossierArtifactMissingPayloadOf,
  type MissionDossierParityDriftDetectedPayloadOf,
  type MissionDossierSnapshotComputedPayloadOf,
  type ProvenanceRef,
  valueObjectSchemas,
} from "./value_objects.ts";
import {
  type AnomalyEntryOf,
  type ArtifactEntryOf,
  type MissionDossierStateJsonOf,
  stateSchemas,
} from "./dossier_state.ts";

/** The versions of the Mission Dossier Parity contract this package implements. */
export const CONTRACT_VERSIONS: readonly ["2.4.0", "3.0.0"] = [
  "2.4.0",
  "3.0.0",
] as const;
/** One of {@linkcode CONTRACT_VERSIONS}. */
export type ContractVersion = typeof CONTRACT_VERSIONS[number];

/** A namespace as the pipeline reads it, whatever its field names. */
export type AnyNamespace = Readonly<Record<string, string | null>>;

/** An artifact identity as the pipeline reads it, whatever its field names. */
export interface AnyIdentity {
  readonly path: string;
  readonly artifact_class: ArtifactClass;
  readonly run_id: string | null;
  readonly wp_id: string | null;
}

/** How a contract's envelope differs: its `build_id` and its default `schema_version`. */
export interface EnvelopeRules {
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
export interface ContractSpec {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: ContractVersion;
  /** Where a library user imports this contract from, named in hints. */
  readonly entryPoint: string;
  /** The namespace's second field: `feature_slug` (2.4.0) or `mission_slug` (3.0.0). */
  readonly slugField: string;
  /** The mission field of the namespace and of the artifact identity: `mission_key` or `mission_type`. */
  readonly missionField: string;
  /** What an undeclared key of a value object or payload does: dropped (2.4.0) or an error (3.0.0). */
  readonly unknownKeys: UnknownKeys;
  /** How the namespace's identity reads in words, for the schema's description. */
  readonly identityInWords: string;
  /** The envelope's differences. */
  readonly envelope: EnvelopeRules;
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
export interface ContractSchemas<N, I> {
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
export interface DossierContract<N = unknown, I = unknown> {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: ContractVersion;
  /** Where a library user imports this contract from, named in hints. */
  readonly entryPoint: string;
  /** The envelope's differences, for the envelope layer to build its schemas from. */
  readonly envelopeRules: EnvelopeRules;
  /** Every schema of the contract, typed. */
  readonly schemas: ContractSchemas<N, I>;
  /** The LocalNamespaceTuple schema, as the pipeline reads it. */
  readonly namespace: v.GenericSchema<unknown, AnyNamespace>;
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
    expected: AnyNamespace,
    got: AnyNamespace,
    options: _MixedStreamPlace,
  ) => Error;
  /** The other contract, as far as a hint needs it (see {@linkcode ContractSpec.other}). */
  readonly other: ContractSpec["other"];
}

/**
 * Builds a contract from the facts that tell it apart: its value objects
 * and payloads, its state's schemas and the field names the pipeline reads.
 * `N` and `I` are the namespace and identity types the spec's field names
 * make; the schemas are built from the same names, so the one cast here is
 * what states it.
 */
export function defineContract<N, I>(
  spec: ContractSpec,
): DossierContract<N, I> {
  const objects = valueObjectSchemas(spec);
  const state = stateSchemas(objects);
  const schemas = {
    ...objects,
    ...state,
  } as unknown as ContractSchemas<N, I>;
  return {
    version: spec.version,
    entryPoint: spec.entryPoint,
    envelopeRules: spec.envelope,
    schemas,
    namespace: objects.namespace as v.GenericSchema<unknown, AnyNamespace>,
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
      .mixedStreamError as DossierContract["mixedStreamError"],
    other: spec.other,
  };
}
