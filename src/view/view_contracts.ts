// The two contracts as the page reads them: each entry point's own
// functions (mod.ts for 2.4.0, v3.ts for 3.0.0), bound once, with the names
// of the namespace fields that differ between them. The page calls these
// and nothing else to parse, split, reduce, check and compare.
import * as v24 from "../../mod.ts";
import * as v30 from "../../v3.ts";
import type {
  ContractVersion,
  DriftFindingOf,
  MissionDossierStateOf,
} from "../../mod.ts";

/** What the page reads of a namespace, in either contract (field names vary; see {@linkcode ViewContract.fields}). */
export type ViewNamespace = Readonly<Record<string, string | null>>;

/** What the page reads of an artifact identity, in either contract. */
export interface ViewIdentity {
  /** The artifact's repository-relative path. */
  readonly path: string;
  /** One of the contract's artifact classes. */
  readonly artifact_class: string;
  /** The run that produced it, when the producer said. */
  readonly run_id: string | null;
  /** The work package it belongs to, when the producer said. */
  readonly wp_id: string | null;
}

/** A reduced dossier as the page reads it. */
export type ViewState = MissionDossierStateOf<ViewNamespace, ViewIdentity>;

/** A parsed envelope as the page reads it. */
export interface ViewEvent {
  /** The event's id, normalized. */
  readonly event_id: string;
  /** The event's type. */
  readonly event_type: string;
  /** The envelope's `lamport_clock`. */
  readonly lamport_clock: number;
}

/** One contract's functions, bound to its entry point. */
export interface ViewContract {
  /** The contract's version. */
  readonly version: ContractVersion;
  /** The names of the namespace fields, in the contract's spelling. */
  readonly fields: {
    readonly slug: string;
    readonly type: string;
  };
  /** The entry point's `parseEventStream` (3.0.0 reads `build_id: ""` as `"unknown"`, as the CLI does). */
  readonly parseEventStream: (text: string) => ViewEvent[];
  /** The entry point's `partitionByNamespace`. */
  readonly partitionByNamespace: (events: readonly ViewEvent[]) => {
    readonly groups: readonly {
      readonly namespace: ViewNamespace;
      readonly events: readonly ViewEvent[];
    }[];
    readonly withoutNamespace: readonly ViewEvent[];
    readonly otherTypes: readonly ViewEvent[];
  };
  /** The entry point's `createDossierReducer`, fed in sort order. */
  readonly createSortedReducer: () => {
    push(event: ViewEvent): void;
    finish(): ViewState;
  };
  /** The entry point's `diffDossiers`. */
  readonly diffDossiers: (
    baseline: ViewState,
    current: ViewState,
  ) => DriftFindingOf<ViewIdentity>[];
}

// The casts only widen: each function takes its own contract's events and
// states, which are the ones the page hands back to it.
/** The two contracts, by version. */
export const VIEW_CONTRACTS: Readonly<Record<ContractVersion, ViewContract>> = {
  "2.4.0": {
    version: "2.4.0",
    fields: { slug: "feature_slug", type: "mission_key" },
    parseEventStream: (text) => v24.parseEventStream(text),
    partitionByNamespace: (events) =>
      v24.partitionByNamespace(events as v24.Event[]) as never,
    createSortedReducer: () =>
      v24.createDossierReducer({ assumeSorted: true }) as never,
    diffDossiers: (baseline, current) =>
      v24.diffDossiers(baseline as never, current as never) as never,
  },
  "3.0.0": {
    version: "3.0.0",
    fields: { slug: "mission_slug", type: "mission_type" },
    parseEventStream: (text) =>
      v30.parseEventStream(text, { acceptEmptyBuildId: true }),
    partitionByNamespace: (events) =>
      v30.partitionByNamespace(events as v30.Event[]) as never,
    createSortedReducer: () =>
      v30.createDossierReducer({ assumeSorted: true }) as never,
    diffDossiers: (baseline, current) =>
      v30.diffDossiers(baseline as never, current as never) as never,
  },
};
