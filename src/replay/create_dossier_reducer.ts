import type { MissionDossierState } from "./dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import { compareEvents, statusEventSortKey } from "./event_order.ts";
import {
  _describeValue,
  _unreadableMessage,
} from "../contract/_field_issue.ts";
import {
  _DossierReplay,
  _envelopeOf,
  _replayDossier,
} from "./reduce_mission_dossier.ts";
import {
  _reportCollector,
  type DossierReduceResult,
} from "./reduce_mission_dossier_with_report.ts";

/** A reducer fed one event at a time; see {@linkcode createDossierReducer}. */
export interface DossierReducer {
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
  push(event: Event): void;
  /**
   * Returns the state of everything pushed so far.
   *
   * @throws {NamespaceMixedStreamError} When the events pushed mix two
   * namespaces, exactly as {@linkcode reduceMissionDossier} would throw.
   */
  finish(): MissionDossierState;
}

/**
 * A reducer created with `report: true`: it also accounts for every event
 * pushed, as {@linkcode reduceMissionDossierWithReport} does.
 */
export interface DossierReportingReducer extends DossierReducer {
  /**
   * Returns the state of everything pushed so far and the report of where
   * each event went, both equal to what
   * {@linkcode reduceMissionDossierWithReport} returns for the same events
   * (`index` is the position in the order pushed). Invalid payloads are
   * skipped and listed, never thrown.
   *
   * @throws {NamespaceMixedStreamError} As {@linkcode DossierReducer.finish}.
   */
  finishWithReport(): DossierReduceResult;
}

/** Options of {@linkcode createDossierReducer}. */
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
 * Creates a reducer that folds a mission's events as they arrive and
 * accounts for each one, as {@linkcode reduceMissionDossierWithReport} does:
 * `finishWithReport()` returns the state and the report (applied,
 * duplicates with the copy that won, ignored by type, rejected with each
 * issue). Everything else is as without `report` (see the other signature).
 *
 * @param options `report: true`, and optionally `assumeSorted`.
 * @returns A reducer with `push(event)`, `finish()` and `finishWithReport()`.
 * @throws {TypeError} When `options` is not an object or an option is not a boolean.
 *
 * @example Account for a log as it is read
 * ```ts
 * import { createDossierReducer, parseEvent, reduceMissionDossierWithReport } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = (clock: number, id: string, eventType: string, payload: object) => parseEvent({
 *   event_id: id, event_type: eventType, aggregate_id: "m",
 *   timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id, payload,
 * });
 * const snapshot = { namespace, snapshot_hash: "sha256:ff", artifact_count: 0,
 *   anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" };
 * const events = [
 *   event(1, "01HV7KA8TQ3R0W2M9X6C4B5N01", "MissionDossierSnapshotComputed", snapshot),
 *   event(2, "01HV7KA8TQ3R0W2M9X6C4B5N01", "MissionDossierSnapshotComputed", snapshot),
 *   event(3, "01HV7KA8TQ3R0W2M9X6C4B5N02", "MissionDossierSnapshotComputed", { namespace }),
 *   event(4, "01HV7KA8TQ3R0W2M9X6C4B5N03", "WorkPackageClaimed", {}),
 * ];
 *
 * const reducer = createDossierReducer({ assumeSorted: true, report: true });
 * for (const item of events) reducer.push(item);
 * const { state, report } = reducer.finishWithReport();
 * assert.deepEqual(report.counts, { received: 4, applied: 1, duplicates: 1, ignored: 1, rejected: 1 });
 * assert.equal(report.rejected[0].issues[0].path, "payload.snapshot_hash");
 * assert.deepEqual({ state, report }, reduceMissionDossierWithReport(events));
 * ```
 */
export function createDossierReducer(
  options: CreateDossierReducerOptions & { readonly report: true },
): DossierReportingReducer;
/**
 * Creates a reducer that folds a mission's events as they arrive, with the
 * result of {@linkcode reduceMissionDossier} over everything pushed.
 *
 * Events that arrive in sort order are folded at once. Why the default mode
 * still keeps them: a late event can sort before events already folded, and
 * a late copy of an id can even replace the copy that was folded (the first
 * copy in sort order wins), so no fold state alone can absorb it. When that
 * happens the reducer stops folding and, at {@linkcode DossierReducer.finish},
 * re-folds every event from scratch. With `assumeSorted: true` nothing but
 * the fold state and the set of ids seen is held (a 1M-event log costs the
 * ids, not the events), and an out-of-order event throws instead: re-read
 * the source without the option.
 *
 * @param options `assumeSorted` to hold only the fold state, `report` to
 * account for every event (see {@linkcode CreateDossierReducerOptions}).
 * @returns A reducer with `push(event)` and `finish()`.
 * @throws {TypeError} When `options` is not an object or an option is not a boolean.
 *
 * @example Fold a log as it is read
 * ```ts
 * import { createDossierReducer, parseEvent, reduceMissionDossier } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const snapshot = (clock: number, id: string) => parseEvent({
 *   event_id: id, event_type: "MissionDossierSnapshotComputed", aggregate_id: "m",
 *   timestamp: 1700000000 + clock, node_id: "n", lamport_clock: clock,
 *   project_uuid: namespace.project_uuid, correlation_id: id,
 *   payload: { namespace, snapshot_hash: `sha256:${clock}`, artifact_count: 0,
 *     anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" },
 * });
 * const events = [snapshot(2, "01HV7KA8TQ3R0W2M9X6C4B5N02"), snapshot(1, "01HV7KA8TQ3R0W2M9X6C4B5N01")];
 *
 * const reducer = createDossierReducer();
 * for (const event of events) reducer.push(event);
 * assert.deepEqual(reducer.finish(), reduceMissionDossier(events));
 * assert.equal(reducer.finish().latest_snapshot?.snapshot_hash, "sha256:2");
 *
 * const sorted = createDossierReducer({ assumeSorted: true });
 * sorted.push(events[0]);
 * assert.throws(() => sorted.push(events[1]), RangeError);
 * ```
 */
export function createDossierReducer(
  options?: CreateDossierReducerOptions,
): DossierReducer;
export function createDossierReducer(
  options: CreateDossierReducerOptions = {},
): DossierReducer | DossierReportingReducer {
  const { assumeSorted, report } = _options(options);
  let collector = report ? _reportCollector("skip") : null;
  let replay = new _DossierReplay(collector?.observer ?? null);
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

  const reducer: DossierReducer = {
    push(event: Event): void {
      const index = count;
      const envelope = _envelopeOf(event, index);
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
        throw new RangeError(
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
        replay = new _DossierReplay(null);
        collector = null;
        return;
      }
      last = envelope;
      if (foldError !== null) return;
      try {
        // A copy of an id folded before sorts after it (or equal, and then
        // the stable sort keeps the first arrival): the folded copy wins.
        replay.next({ event, index, envelope });
      } catch (error) {
        foldError = error;
      }
    },
    finish(): MissionDossierState {
      if (disordered) return _replayDossier(kept as Event[], null);
      if (foldError !== null) throw foldError;
      return replay.result();
    },
  };
  if (!report) return reducer;
  return {
    push: reducer.push,
    finish: reducer.finish,
    finishWithReport(): DossierReduceResult {
      if (disordered) {
        const fresh = _reportCollector("skip");
        const state = _replayDossier(kept as Event[], fresh.observer);
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
        _describeValue(options)
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
          _unreadableMessage(error)
        }`,
      );
    }
    if (value === undefined || typeof value === "boolean") {
      return value === true;
    }
    throw new TypeError(
      `Cannot create a dossier reducer: option "${key}" must be a boolean: received ${
        _describeValue(value)
      }`,
    );
  };
  return { assumeSorted: read("assumeSorted"), report: read("report") };
}
