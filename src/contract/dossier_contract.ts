// What a contract is to the pipeline: the one thing that differs between
// 2.4.0 and 3.0.0, held as data. Every step of the pipeline (envelope, order,
// dedup, guard, fold, report, canonical JSON, parity, drift) is written once
// and takes a `_DossierContract`; `contract_2_4_0.ts` and
// `contract_3_0_0.ts` are the two values it takes.
import type * as v from "valibot";
import type { ArtifactClass, DossierEventType } from "./constants.ts";
import type { Event } from "../envelope/event_envelope.ts";
import type { NamespaceMixedStreamErrorOptions } from "../replay/namespace_mixed_stream_error.ts";

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

/** One contract, as the pipeline needs it. */
export interface _DossierContract {
  /** `"2.4.0"` or `"3.0.0"`. */
  readonly version: ContractVersion;
  /** Where a library user imports this contract from, named in hints. */
  readonly entryPoint: string;
  /** The envelope schema. */
  readonly envelope: v.GenericSchema<unknown, Event>;
  /** The envelope schema that reads `build_id: ""` as `"unknown"`, the spec-kitty CLI's way (2.4.0: `envelope`). */
  readonly envelopeAcceptingEmptyBuildId: v.GenericSchema<unknown, Event>;
  /** The LocalNamespaceTuple schema. */
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
    options: NamespaceMixedStreamErrorOptions,
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
