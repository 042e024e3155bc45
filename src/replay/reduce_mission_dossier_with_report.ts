// Accounting for every input event of a replay, for either contract.
import type { DossierContract } from "../contract/dossier_contract.ts";
import type { FoldState } from "./dossier_fold.ts";
import type { Event } from "../envelope/event_envelope.ts";
import type { FieldIssue } from "../contract/field_issue.ts";
import {
  describeValue,
  fieldText,
  unreadableMessage,
} from "../contract/field_issue.ts";
import { DossierPayloadError } from "./dossier_payload_error.ts";
import {
  refOf,
  replayDossier,
  type ReplayObserver,
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
  /**
   * Why nothing was applied, when dossier events were read and none changed
   * the state (the reference would return an empty dossier without a word):
   * `"6 dossier events read, 0 applied: their payloads use
   * mission_slug/mission_type, contract 3.0.0: read them with
   * @spec-kitty/dossier/v3 (dossier --contract 3.0.0 on the command
   * line)"`, or the first rejection. `null` otherwise.
   */
  readonly hint: string | null;
  /** How many input events went each way. */
  readonly counts: DossierReduceCounts;
  /** The dropped copies, in replay order. */
  readonly duplicates: readonly DossierDuplicateEvent[];
  /** Ignored events by `event_type`, in order of first appearance. */
  readonly ignored: ReadonlyMap<string, number>;
  /** The skipped events, in replay order. */
  readonly rejected: readonly DossierRejectedEvent[];
}

/** The result of `reduceMissionDossierWithReport`, for a contract whose state is `S`. */
export interface DossierReduceResultOf<S> {
  /** Exactly what `reduceMissionDossier` returns for the same input. */
  readonly state: S;
  /** Where every input event went. */
  readonly report: DossierReduceReport;
}

/** Reads the `onInvalidPayload` option, checked. */
export function invalidPayloadMode(options: unknown): "skip" | "throw" {
  if (options === undefined) return "skip";
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot reduce events: the options must be an object: received ${
        describeValue(options)
      }`,
    );
  }
  let mode: unknown;
  try {
    mode = (options as ReduceMissionDossierWithReportOptions).onInvalidPayload;
  } catch (error) {
    throw new TypeError(
      `Cannot reduce events: the options ${
        unreadableMessage(error, "reading them")
      }`,
    );
  }
  if (mode === undefined || mode === "skip" || mode === "throw") {
    return mode ?? "skip";
  }
  throw new TypeError(
    `Cannot reduce events: option "onInvalidPayload" must be "skip" or "throw": received ${
      describeValue(mode)
    }`,
  );
}

/** What a replay observer has seen, and the report it makes of it. */
export interface ReportCollector {
  readonly observer: ReplayObserver;
  /** The report so far; a fresh copy on each call. */
  report(): DossierReduceReport;
}

/**
 * Why nothing was applied: `6 dossier events read, 0 applied: …`, naming
 * the other contract when every rejected payload is in its shape, else the
 * first rejection.
 */
function _noneAppliedHint(
  read: number,
  otherContract: DossierContract["other"] | null,
  first: DossierRejectedEvent,
): string {
  const head = `${read} dossier ${
    read === 1 ? "event" : "events"
  } read, 0 applied`;
  if (otherContract !== null) {
    const { slugField, missionField, version, entryPoint } = otherContract;
    return `${head}: their payloads use ${slugField}/${missionField}, contract ${version}: read them with ${entryPoint} (dossier --contract ${version} on the command line)`;
  }
  const issue = first.issues[0];
  return `${head}: the first rejected, event ${
    describeValue(first.eventId)
  } (${first.eventType}), has ${
    issue === undefined ? "an invalid payload" : fieldText(issue)
  }`;
}

/** True when a payload's namespace carries a field of the other contract. */
function _inOtherShape(
  contract: DossierContract,
  payload: unknown,
): boolean {
  try {
    const namespace = (payload as { namespace?: unknown } | null)?.namespace;
    if (namespace === null || typeof namespace !== "object") return false;
    return Object.hasOwn(namespace, contract.other.slugField) ||
      Object.hasOwn(namespace, contract.other.missionField);
  } catch {
    return false;
  }
}

/**
 * Builds the report of a replay from what its observer is told; shared by
 * `reduceMissionDossierWithReport` and the incremental reducer.
 */
export function reportCollector(
  contract: DossierContract,
  mode: "skip" | "throw",
): ReportCollector {
  let received = 0;
  let applied = 0;
  let rejectedInOtherShape = 0;
  const duplicates: DossierDuplicateEvent[] = [];
  const ignored = new Map<string, number>();
  const rejected: DossierRejectedEvent[] = [];
  const observer: ReplayObserver = {
    ignored(eventType) {
      received++;
      ignored.set(eventType, (ignored.get(eventType) ?? 0) + 1);
    },
    duplicate(entry, kept) {
      received++;
      duplicates.push({ ...refOf(entry), kept });
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
      if (_inOtherShape(contract, entry.envelope.payload)) {
        rejectedInOtherShape++;
      }
      rejected.push({ ...refOf(entry), issues: outcome.issues });
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
        hint: applied === 0 && rejected.length > 0
          ? _noneAppliedHint(
            received - ignoredCount,
            rejectedInOtherShape === rejected.length ? contract.other : null,
            rejected[0],
          )
          : null,
      };
    },
  };
}

/** Reduces with a report (see `reduceMissionDossierWithReport`). */
export function reduceWithReport(
  contract: DossierContract,
  events: Iterable<Event>,
  options: unknown,
): DossierReduceResultOf<FoldState> {
  const collector = reportCollector(contract, invalidPayloadMode(options));
  const state = replayDossier(contract, events, collector.observer);
  return { state, report: collector.report() };
}
