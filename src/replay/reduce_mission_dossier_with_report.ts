import type { MissionDossierState } from "./dossier_state.ts";
import type { Event } from "../envelope/event_envelope.ts";
import type { FieldIssue } from "../contract/_field_issue.ts";
import {
  _describeValue,
  _unreadableMessage,
} from "../contract/_field_issue.ts";
import { DossierPayloadError } from "./dossier_payload_error.ts";
import {
  _refOf,
  _replayDossier,
  type _ReplayObserver,
} from "./reduce_mission_dossier.ts";

/** Options of {@linkcode reduceMissionDossierWithReport}. */
export interface ReduceMissionDossierWithReportOptions {
  /**
   * What to do with a dossier event whose payload does not parse:
   * `"skip"` (the default, the reference's behaviour) skips it and lists it
   * in `report.rejected`; `"throw"` throws a {@linkcode DossierPayloadError}
   * for the first one in replay order, and no state is returned.
   */
  readonly onInvalidPayload?: "skip" | "throw";
}

/** One input event, located in the input. */
export interface DossierEventRef {
  /** Its position in the input (0-based). */
  readonly index: number;
  /** Its `event_id`. */
  readonly eventId: string;
  /** Its `event_type`. */
  readonly eventType: string;
  /** Its `lamport_clock`, the first part of the replay order. */
  readonly lamportClock: number;
  /** Its `timestamp` as received, the second part of the replay order. */
  readonly timestamp: string | number;
}

/** A later copy of an event id, dropped in favour of the copy that won. */
export interface DossierDuplicateEvent extends DossierEventRef {
  /** The copy with the same `event_id` that came first in replay order and was kept. */
  readonly kept: DossierEventRef;
}

/** A dossier event whose payload did not parse, and why. */
export interface DossierRejectedEvent extends DossierEventRef {
  /** Every problem found, each with its field path (`payload.…`) and message. */
  readonly issues: readonly FieldIssue[];
}

/** How many input events went each way; the four last add up to `received`. */
export interface DossierReduceCounts {
  /** Input events. */
  readonly received: number;
  /** Unique dossier events whose payload parsed and changed the state. */
  readonly applied: number;
  /** Later copies of an event id, dropped. */
  readonly duplicates: number;
  /** Events of other types. */
  readonly ignored: number;
  /** Unique dossier events whose payload did not parse, skipped (still in `event_count`). */
  readonly rejected: number;
}

/** Where every input event went, each accounted for exactly once. */
export interface DossierReduceReport {
  /** How many input events went each way. */
  readonly counts: DossierReduceCounts;
  /** The dropped copies, in replay order. */
  readonly duplicates: readonly DossierDuplicateEvent[];
  /** Ignored events by `event_type`, in order of first appearance. */
  readonly ignored: ReadonlyMap<string, number>;
  /** The skipped events, in replay order. */
  readonly rejected: readonly DossierRejectedEvent[];
}

/** The result of {@linkcode reduceMissionDossierWithReport}. */
export interface DossierReduceResult {
  /** Exactly what {@linkcode reduceMissionDossier} returns for the same input. */
  readonly state: MissionDossierState;
  /** Where every input event went. */
  readonly report: DossierReduceReport;
}

function _invalidPayloadMode(options: unknown): "skip" | "throw" {
  if (options === undefined) return "skip";
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot reduce events: the options must be an object: received ${
        _describeValue(options)
      }`,
    );
  }
  let mode: unknown;
  try {
    mode = (options as ReduceMissionDossierWithReportOptions).onInvalidPayload;
  } catch (error) {
    throw new TypeError(
      `Cannot reduce events: the options ${
        _unreadableMessage(error, "reading them")
      }`,
    );
  }
  if (mode === undefined || mode === "skip" || mode === "throw") {
    return mode ?? "skip";
  }
  throw new TypeError(
    `Cannot reduce events: option "onInvalidPayload" must be "skip" or "throw": received ${
      _describeValue(mode)
    }`,
  );
}

/** What a replay observer has seen, and the report it makes of it. */
export interface _ReportCollector {
  readonly observer: _ReplayObserver;
  /** The report so far; a fresh copy on each call. */
  report(): DossierReduceReport;
}

/**
 * Builds the report of a replay from what its observer is told; shared by
 * {@linkcode reduceMissionDossierWithReport} and the incremental reducer.
 */
export function _reportCollector(
  mode: "skip" | "throw",
): _ReportCollector {
  let received = 0;
  let applied = 0;
  const duplicates: DossierDuplicateEvent[] = [];
  const ignored = new Map<string, number>();
  const rejected: DossierRejectedEvent[] = [];
  const observer: _ReplayObserver = {
    ignored(eventType) {
      received++;
      ignored.set(eventType, (ignored.get(eventType) ?? 0) + 1);
    },
    duplicate(entry, kept) {
      received++;
      duplicates.push({ ..._refOf(entry), kept });
    },
    folded(entry, outcome) {
      received++;
      if (outcome.applied) {
        applied++;
        return;
      }
      if (mode === "throw") {
        throw new DossierPayloadError({
          eventId: entry.envelope.event_id,
          eventType: entry.envelope.event_type,
          issues: outcome.issues,
        });
      }
      rejected.push({ ..._refOf(entry), issues: outcome.issues });
    },
  };
  return {
    observer,
    report(): DossierReduceReport {
      let ignoredCount = 0;
      for (const count of ignored.values()) ignoredCount += count;
      return {
        counts: {
          received,
          applied,
          duplicates: duplicates.length,
          ignored: ignoredCount,
          rejected: rejected.length,
        },
        duplicates: duplicates.slice(),
        ignored: new Map(ignored),
        rejected: rejected.slice(),
      };
    },
  };
}

/**
 * Replays events exactly as {@linkcode reduceMissionDossier} does, and
 * accounts for every input event exactly once: applied, dropped as a
 * duplicate (with the copy that won), ignored (another event type, counted
 * by type) or rejected (a payload that does not parse, with each issue's
 * field path and message). The reference drops invalid payloads silently;
 * the report shows what was dropped and why, or `onInvalidPayload: "throw"`
 * refuses the stream.
 *
 * @param events Parsed envelopes, in any order; other event types are ignored.
 * @param options `onInvalidPayload`: `"skip"` (default) or `"throw"`.
 * @returns The state, identical to `reduceMissionDossier(events)`, and the report.
 * @throws {DossierPayloadError} With `onInvalidPayload: "throw"`, for the
 * first dossier event in replay order whose payload does not parse.
 * @throws {NamespaceMixedStreamError} When two valid namespaces differ in
 * their identity; no partial state or report is returned.
 * @throws {TypeError} When `events` is not an iterable of event objects, or
 * an option has the wrong value (see {@linkcode reduceMissionDossier}).
 * @throws {RangeError} When an event's `lamport_clock` or timestamp is out of bounds.
 *
 * @example Account for a duplicate, an ignored and a rejected event
 * ```ts
 * import { DossierPayloadError, parseEvent, reduceMissionDossier, reduceMissionDossierWithReport } from "@spec-kitty/dossier";
 * import assert from "node:assert/strict";
 *
 * const namespace = {
 *   project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f", feature_slug: "042-dossier",
 *   target_branch: "main", mission_key: "software-dev", manifest_version: "1",
 * };
 * const event = (id: string, clock: number, eventType: string, payload: object) => parseEvent({
 *   event_id: id, event_type: eventType, aggregate_id: "mission-042", timestamp: "2026-02-21T14:00:00Z",
 *   node_id: "laptop-1", lamport_clock: clock, project_uuid: namespace.project_uuid,
 *   correlation_id: "01HV7KA8TQ3R0W2M9X6C4B5N00", payload,
 * });
 * const snapshot = { namespace, snapshot_hash: "sha256:ff", artifact_count: 0, anomaly_count: 0, computed_at: "2026-02-21T14:00:00Z" };
 * const events = [
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N01", 2, "MissionDossierSnapshotComputed", snapshot),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N01", 1, "MissionDossierSnapshotComputed", snapshot),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N02", 3, "MissionDossierSnapshotComputed", { namespace }),
 *   event("01HV7KA8TQ3R0W2M9X6C4B5N03", 4, "WorkPackageClaimed", {}),
 * ];
 *
 * const { state, report } = reduceMissionDossierWithReport(events);
 * assert.deepEqual(state, reduceMissionDossier(events));
 * assert.deepEqual(report.counts, { received: 4, applied: 1, duplicates: 1, ignored: 1, rejected: 1 });
 * assert.equal(report.duplicates[0].index, 0); // the copy at clock 2 lost
 * assert.equal(report.duplicates[0].kept.index, 1); // to the copy at clock 1
 * assert.equal(report.ignored.get("WorkPackageClaimed"), 1);
 * assert.equal(report.rejected[0].issues[0].path, "payload.snapshot_hash");
 *
 * assert.throws(
 *   () => reduceMissionDossierWithReport(events, { onInvalidPayload: "throw" }),
 *   (error) => error instanceof DossierPayloadError && error.eventId === "01HV7KA8TQ3R0W2M9X6C4B5N02",
 * );
 * ```
 */
export function reduceMissionDossierWithReport(
  events: Iterable<Event>,
  options?: ReduceMissionDossierWithReportOptions,
): DossierReduceResult {
  const collector = _reportCollector(_invalidPayloadMode(options));
  const state = _replayDossier(events, collector.observer);
  return { state, report: collector.report() };
}
