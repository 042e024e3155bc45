import { DOSSIER_EVENT_TYPES } from "./constants.ts";
import { _DossierFold } from "./_dossier_fold.ts";
import type { MissionDossierState } from "./dossier_state.ts";
import type { Event } from "./event_envelope.ts";
import {
  _compareSortKeys,
  type StatusEventSortKey,
  statusEventSortKey,
} from "./event_order.ts";
import { reduceMissionDossier } from "./reduce_mission_dossier.ts";

/** A reducer fed one event at a time; see {@linkcode createDossierReducer}. */
export interface DossierReducer {
  /**
   * Adds one parsed envelope. Other event types are ignored, as
   * {@linkcode reduceMissionDossier} ignores them.
   *
   * @throws {RangeError} With `assumeSorted`, when the event sorts below the
   * last one folded.
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
}

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
 * @param options `assumeSorted` to hold only the fold state (see
 * {@linkcode CreateDossierReducerOptions}).
 * @returns A reducer with `push(event)` and `finish()`.
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
  options: CreateDossierReducerOptions = {},
): DossierReducer {
  const assumeSorted = options.assumeSorted === true;
  const seen = new Set<string>();
  let fold = new _DossierFold();
  let lastKey: StatusEventSortKey | null = null;
  // Set when the fold threw: the error is final only if no late event can
  // still change which namespace comes first.
  let foldError: unknown = null;
  // Every dossier event pushed, in arrival order (default mode only).
  const kept: Event[] = [];
  let disordered = false;

  return {
    push(event: Event): void {
      if (!DOSSIER_EVENT_TYPES.has(event.event_type)) return;
      if (!assumeSorted) kept.push(event);
      if (disordered) return;
      const key = statusEventSortKey(event);
      const order = lastKey === null ? 1 : _compareSortKeys(key, lastKey);
      if (order < 0) {
        if (assumeSorted) {
          throw new RangeError(
            `Cannot fold event ${
              JSON.stringify(event.event_id)
            } out of order: it sorts before the last event folded (lamport_clock ${
              lastKey![0]
            }, timestamp ${lastKey![1]}, event_id ${
              lastKey![2]
            }); reduce without assumeSorted: received lamport_clock ${
              key[0]
            }, timestamp ${key[1]}`,
          );
        }
        disordered = true;
        fold = new _DossierFold();
        seen.clear();
        return;
      }
      lastKey = key;
      // A copy of an id folded before sorts after it (or equal, and then
      // the stable sort keeps the first arrival): the folded copy wins.
      if (seen.has(event.event_id)) return;
      seen.add(event.event_id);
      if (foldError !== null) return;
      try {
        fold.apply(event);
      } catch (error) {
        foldError = error;
      }
    },
    finish(): MissionDossierState {
      if (disordered) return reduceMissionDossier(kept);
      if (foldError !== null) throw foldError;
      return fold.result();
    },
  };
}
