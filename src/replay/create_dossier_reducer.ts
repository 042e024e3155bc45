// The incremental reducer, for either contract: the batch replay's steps,
// fed one event at a time.
import type { DossierContract } from "../contract/dossier_contract.ts";
import type { FoldState } from "./dossier_fold.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { compareEvents, statusEventSortKey } from "./event_order.ts";
import { describeValue, unreadableMessage } from "../contract/field_issue.ts";
import { EventOutOfOrderError } from "./reread_out_of_order.ts";
import {
  DossierReplay,
  envelopeOf,
  replayDossier,
} from "./reduce_mission_dossier.ts";
import {
  type DossierReduceResultOf,
  reportCollector,
} from "./reduce_mission_dossier_with_report.ts";

/**
 * A reducer fed one event at a time (see `createDossierReducer`), for a
 * contract whose state is `S` and whose envelope is `E`.
 */
export interface DossierReducerOf<S, E> {
  /**
   * Adds one parsed envelope. Other event types are ignored, as
   * {@linkcode reduceMissionDossier} ignores them. An event that throws is
   * not taken, and the reducer stays usable.
   *
   * @throws {TypeError} When the event is not an event object (no string
   * `event_type`; for a dossier event, no string `event_id`, or a timestamp
   * that is neither a string nor a number, or, when its clock ties with the
   * last event's, one that is not a datetime), or reading it throws; the
   * message names `events[i]`, `i` the number of events taken before, and
   * the field.
   * @throws {RangeError} When a dossier event's `lamport_clock` is not an
   * integer from 0 to 2^53−1 (or a timestamp read to break a tie lies outside
   * the years 0001–9999); with `assumeSorted`, when it sorts below the last
   * one folded.
   */
  push(event: E): void;
  /**
   * Returns the state of everything pushed so far.
   *
   * @throws {NamespaceMixedStreamError} When the events pushed mix two
   * namespaces, exactly as `reduceMissionDossier` would throw.
   */
  finish(): S;
}

/**
 * A reducer created with `report: true`: it also accounts for every event
 * pushed, as {@linkcode reduceMissionDossierWithReport} does.
 */
export interface DossierReportingReducerOf<S, E>
  extends DossierReducerOf<S, E> {
  /**
   * Returns the state of everything pushed so far and the report of where
   * each event went, both equal to what
   * {@linkcode reduceMissionDossierWithReport} returns for the same events
   * (`index` is the position in the order pushed). Invalid payloads are
   * skipped and listed, never thrown.
   *
   * @throws {NamespaceMixedStreamError} As {@linkcode DossierReducerOf.finish}.
   */
  finishWithReport(): DossierReduceResultOf<S>;
}

/** Options of `createDossierReducer`. */
export interface CreateDossierReducerOptions {
  /**
   * Promise that events arrive in sort order (`lamport_clock`, timestamp
   * sort text, `event_id`), as in an append-only log. The reducer then holds
   * only the fold state and the ids seen, whatever the stream's length, and
   * an event that breaks the promise is an error. Default `false`: any
   * arrival order gives the exact result, at the cost of keeping the dossier
   * events pushed.
   */
  readonly assumeSorted?: boolean;
  /**
   * Account for every event pushed, and add
   * {@linkcode DossierReportingReducer.finishWithReport}. Default `false`.
   * The report costs, per unique dossier event, a reference without its
   * payload (for a duplicate to name the copy that won), and, without
   * `assumeSorted`, the events of other types too.
   */
  readonly report?: boolean;
}

/**
 * The key of a reducer's internal `push` for an event parsed from a line at
 * this moment, with the line's proof that no string in it holds an unpaired
 * surrogate (see `wellFormedJson`): `reducer[PUSH_WELL_FORMED](event, true)`.
 */
export const PUSH_WELL_FORMED: unique symbol = Symbol("push well-formed");

/** A reducer's internal `push` (see {@linkcode PUSH_WELL_FORMED}). */
export interface WellFormedPush {
  readonly [PUSH_WELL_FORMED]: (event: Event, wellFormed: boolean) => void;
}

/** Creates an incremental reducer (see `createDossierReducer`). */
export function createDossierReducerFor(
  contract: DossierContract,
  options: unknown = {},
): DossierReportingReducerOf<FoldState, Event> & WellFormedPush {
  const { assumeSorted, report } = _options(options);
  let collector = report ? reportCollector(contract, "skip") : null;
  let replay = new DossierReplay(contract, collector?.observer ?? null);
  let last: Event | null = null;
  // Set when the fold threw: the error is final only if no late event can
  // still change which namespace comes first.
  let foldError: unknown = null;
  // Every event pushed, as given, in arrival order (default mode only):
  // the dossier events, and the others too when a report is kept, so that
  // a replay from scratch sees the same input positions.
  const kept: unknown[] = [];
  let disordered = false;
  let count = 0;

  // `wellFormed`: the event was parsed from a line this very moment, and the
  // line passed wellFormedJson, so its payload's strings need no check.
  const pushEvent = (event: Event, wellFormed: boolean): void => {
    const index = count;
    const envelope = envelopeOf(event, index);
    if (typeof envelope === "string") {
      count++;
      if (!assumeSorted && report) kept.push(event);
      collector?.observer.ignored(envelope, index);
      return;
    }
    if (disordered) {
      count++;
      kept.push(event);
      return;
    }
    // Sort texts are computed only to break a tie on the clock, as the
    // batch reducer does.
    const order = last === null
      ? 1
      : envelope.lamport_clock - last.lamport_clock ||
        compareEvents(envelope, last);
    if (order < 0 && assumeSorted) {
      const [clock, text, id] = statusEventSortKey(last!);
      const key = statusEventSortKey(envelope);
      throw new EventOutOfOrderError(
        `Cannot fold event ${
          JSON.stringify(envelope.event_id)
        } out of order: it sorts before the last event folded (lamport_clock ${clock}, timestamp ${text}, event_id ${id}); reduce without assumeSorted: received lamport_clock ${
          key[0]
        }, timestamp ${key[1]}`,
      );
    }
    count++;
    if (!assumeSorted) kept.push(event);
    if (order < 0) {
      // Only a replay from scratch at finish() can place it.
      disordered = true;
      replay = new DossierReplay(contract, null);
      collector = null;
      return;
    }
    last = envelope;
    if (foldError !== null) return;
    try {
      // A copy of an id folded before sorts after it (or equal, and then
      // the stable sort keeps the first arrival): the folded copy wins.
      replay.next({ index, envelope, wellFormed });
    } catch (error) {
      foldError = error;
    }
  };
  const reducer: DossierReducerOf<FoldState, Event> & WellFormedPush = {
    push(event: Event): void {
      pushEvent(event, false);
    },
    [PUSH_WELL_FORMED]: pushEvent,
    finish(): FoldState {
      if (disordered) return replayDossier(contract, kept as Event[], null);
      if (foldError !== null) throw foldError;
      return replay.result();
    },
  };
  if (!report) {
    return reducer as
      & DossierReportingReducerOf<FoldState, Event>
      & WellFormedPush;
  }
  return {
    push: reducer.push,
    [PUSH_WELL_FORMED]: pushEvent,
    finish: reducer.finish,
    finishWithReport(): DossierReduceResultOf<FoldState> {
      if (disordered) {
        const fresh = reportCollector(contract, "skip");
        const state = replayDossier(contract, kept as Event[], fresh.observer);
        return { state, report: fresh.report() };
      }
      if (foldError !== null) throw foldError;
      return { state: replay.result(), report: collector!.report() };
    },
  };
}

/** Reads the options once, each checked, as the other reducers do. */
function _options(
  options: unknown,
): { assumeSorted: boolean; report: boolean } {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot create a dossier reducer: the options must be an object: received ${
        describeValue(options)
      }`,
    );
  }
  const read = (key: keyof CreateDossierReducerOptions): boolean => {
    let value: unknown;
    try {
      value = (options as Record<string, unknown>)[key];
    } catch (error) {
      throw new TypeError(
        `Cannot create a dossier reducer: option "${key}" ${
          unreadableMessage(error)
        }`,
      );
    }
    if (value === undefined || typeof value === "boolean") {
      return value === true;
    }
    throw new TypeError(
      `Cannot create a dossier reducer: option "${key}" must be a boolean: received ${
        describeValue(value)
      }`,
    );
  };
  return { assumeSorted: read("assumeSorted"), report: read("report") };
}
