// The public API, written once for any contract: `dossierApi(contract)`
// binds the one pipeline to a contract and types it with that contract's
// namespace `N`, artifact identity `I` and envelope `E`. The entry points
// (`mod.ts` for 2.4.0, `v3.ts` for 3.0.0) are typed maps over its result.
import type * as v from "valibot";
import type { MissionDossierParityDriftDetectedPayloadOf } from "../contract/value_objects.ts";
import type { MissionDossierStateOf } from "../contract/dossier_state.ts";
import { emptyState } from "../contract/dossier_state.ts";
import {
  type Event,
  type SafeParseEventResultOf,
  safeParseEventWith,
} from "../envelope/event_envelope.ts";
import { parseEventStreamWith } from "../envelope/event_stream.ts";
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import {
  createDossierReducerFor,
  type CreateDossierReducerOptions,
  type DossierReducerOf,
  type DossierReportingReducerOf,
} from "../replay/create_dossier_reducer.ts";
import {
  parseDossierStateFor,
  serializeDossierStateFor,
} from "../replay/dossier_state_json.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import {
  type NamespacePartitionOf,
  partitionByNamespaceFor,
} from "../replay/partition_by_namespace.ts";
import { reduceEventStreamWith } from "../replay/reduce_event_stream.ts";
import { replayDossier } from "../replay/reduce_mission_dossier.ts";
import {
  type DossierReduceResultOf,
  type ReduceMissionDossierWithReportOptions,
  reduceWithReport,
} from "../replay/reduce_mission_dossier_with_report.ts";
import {
  type DriftFindingOf,
  type DriftIdentity,
  type DriftPayloadContextOf,
  driftPayloadsFor,
} from "../parity/drift.ts";
import { booleanOption } from "../contract/boolean_option.ts";

/** Options of a contract 3.0.0 parser; contract 2.4.0 has none. */
export interface ParseEventOptions {
  /**
   * Read `build_id: ""` as `"unknown"`, as the spec-kitty CLI's own
   * validator does before validating (the CLI writes `""` on every event;
   * the 3.0.0 reference rejects it). Default `false`: an empty `build_id`
   * is an error that says so.
   */
  readonly acceptEmptyBuildId?: boolean;
}

/**
 * `createDossierReducer` of a contract whose state is `S` and whose
 * envelope is `E`: with `report: true` the reducer also accounts for every
 * event pushed.
 */
export interface CreateDossierReducerOf<S, E> {
  /**
   * Creates a reducer that also accounts for every event pushed.
   *
   * @param options `report: true`, and optionally `assumeSorted`.
   * @returns A reducer with `push(event)`, `finish()` and `finishWithReport()`.
   */
  (
    options: CreateDossierReducerOptions & { readonly report: true },
  ): DossierReportingReducerOf<S, E>;
  /**
   * Creates a reducer that folds events as they arrive.
   *
   * @param options `assumeSorted` to hold only the fold state, `report` to account for every event.
   * @returns A reducer with `push(event)` and `finish()`.
   */
  (options?: CreateDossierReducerOptions): DossierReducerOf<S, E>;
}

/** The public functions, bound to one contract and typed with its types. */
export interface DossierApi<N, I extends DriftIdentity, E extends Event> {
  readonly safeParseEvent: (
    input: unknown,
    options?: ParseEventOptions | number,
  ) => SafeParseEventResultOf<E>;
  readonly parseEvent: (
    input: unknown,
    options?: ParseEventOptions | number,
  ) => E;
  readonly parseEventStream: (
    jsonl: string,
    options?: ParseEventOptions,
  ) => E[];
  readonly reduceEventStream: (
    jsonl: string,
    options?: ParseEventOptions,
  ) => MissionDossierStateOf<N, I>;
  readonly emptyDossierState: () => MissionDossierStateOf<N, I>;
  readonly reduceMissionDossier: (
    events: Iterable<E>,
  ) => MissionDossierStateOf<N, I>;
  readonly reduceMissionDossierWithReport: (
    events: Iterable<E>,
    options?: ReduceMissionDossierWithReportOptions,
  ) => DossierReduceResultOf<MissionDossierStateOf<N, I>>;
  readonly createDossierReducer: CreateDossierReducerOf<
    MissionDossierStateOf<N, I>,
    E
  >;
  readonly serializeDossierState: (
    state: MissionDossierStateOf<N, I>,
  ) => string;
  readonly parseDossierState: (json: string) => MissionDossierStateOf<N, I>;
  readonly driftPayloads: (
    findings: readonly DriftFindingOf<I>[],
    context: DriftPayloadContextOf<N>,
  ) => MissionDossierParityDriftDetectedPayloadOf<N, I>[];
  readonly partitionByNamespace: <T extends E>(
    events: Iterable<T>,
  ) => NamespacePartitionOf<N, T>;
}

/**
 * The envelope schema the options ask for, the options checked. A contract
 * with no `build_id` has no options: whatever is passed is ignored, as
 * 2.4.0's parsers always did. A number stands for no options: it is the
 * index `events.map(parseEvent)` passes.
 */
function _envelopeFor<E extends Event>(
  contract: ParsingContract<unknown, unknown, E>,
  options: unknown,
  action: string,
): v.GenericSchema<unknown, E> {
  if (contract.envelopeRules.buildId === "absent") return contract.envelope;
  const accept = typeof options !== "number" &&
    booleanOption(options, "acceptEmptyBuildId", action) === true;
  return accept ? contract.envelopeAcceptingEmptyBuildId : contract.envelope;
}

/**
 * Binds the pipeline to a contract. The states the pipeline builds are the
 * contract's own (its schemas parsed them), so each is given the contract's
 * state type here, once.
 */
export function dossierApi<N, I extends DriftIdentity, E extends Event>(
  contract: ParsingContract<N, I, E>,
): DossierApi<N, I, E> {
  type S = MissionDossierStateOf<N, I>;
  const typed = (state: FoldState): S => state as unknown as S;
  const safeParseEvent = (
    input: unknown,
    options?: ParseEventOptions | number,
  ): SafeParseEventResultOf<E> =>
    safeParseEventWith(
      _envelopeFor(contract, options, "Cannot parse event"),
      input,
    );
  return {
    safeParseEvent,
    parseEvent: (input, options) => {
      const result = safeParseEvent(input, options);
      if (result.success) return result.output;
      throw result.error;
    },
    parseEventStream: (jsonl, options) =>
      parseEventStreamWith(
        _envelopeFor(contract, options, "Cannot parse event stream"),
        jsonl,
      ),
    reduceEventStream: (jsonl, options) =>
      typed(reduceEventStreamWith(
        contract,
        _envelopeFor(contract, options, "Cannot reduce event stream"),
        jsonl,
      )),
    emptyDossierState: () => emptyState(),
    reduceMissionDossier: (events) =>
      typed(replayDossier(contract, events, null)),
    reduceMissionDossierWithReport: (events, options) => {
      const { state, report } = reduceWithReport(contract, events, options);
      return { state: typed(state), report };
    },
    createDossierReducer:
      ((options?: CreateDossierReducerOptions) =>
        createDossierReducerFor(
          contract,
          options,
        )) as unknown as CreateDossierReducerOf<S, E>,
    serializeDossierState: (state) =>
      serializeDossierStateFor(contract, state as unknown as FoldState),
    parseDossierState: (json) => typed(parseDossierStateFor(contract, json)),
    driftPayloads: (findings, context) =>
      driftPayloadsFor(contract, findings, context),
    partitionByNamespace: <T extends E>(events: Iterable<T>) =>
      partitionByNamespaceFor(
        contract,
        events,
      ) as unknown as NamespacePartitionOf<
        N,
        T
      >,
  };
}
