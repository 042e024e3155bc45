// The parity verdict as one JSON object: what `dossier parity --json`
// prints and what the edge answers for GET /dossiers/{key}/parity, built in
// one place so that the two stay the same shape (docs/parity.md).
import type { ContractVersion } from "../contract/dossier_contract.ts";
import type { ParityStatus } from "../contract/constants.ts";
import type {
  DossierReduceCounts,
  DossierReduceReport,
} from "../replay/reduce_mission_dossier_with_report.ts";
import type { ParityEvaluation } from "./parity_hash.ts";

/** How the contract of a stream was chosen, as the JSON outputs write it. */
export interface _ContractJson {
  readonly version: ContractVersion;
  /** `--contract 3.0.0`, `detected from line 1`, or how else it was chosen. */
  readonly how: string;
  /** What told it, when detected: `a build_id`; `null` otherwise. */
  readonly reason: string | null;
}

/** One rejected event, as the JSON outputs write it. */
export interface _RejectedJson {
  /** Its line in the input; `null` where the input has no lines. */
  readonly line: number | null;
  readonly eventId: string;
  readonly eventType: string;
  readonly issues: readonly {
    readonly path: string;
    readonly message: string;
    readonly type: string;
  }[];
}

/** The parity verdict as one JSON object (see docs/parity.md). */
export interface _ParityJson {
  readonly status: ParityStatus;
  readonly formula: ParityEvaluation["formula"];
  readonly basis: ParityEvaluation["basis"];
  readonly expectedHash: string | null;
  readonly actualHash: string;
  readonly recordedHash: string | null;
  readonly snapshot: {
    readonly eventId: string;
    readonly line: number | null;
  } | null;
  readonly staleArtifacts: readonly string[];
  readonly pendingArtifacts: readonly string[];
  readonly recordedDriftEvents: number;
  readonly parityStatus: ParityStatus;
  readonly contract: _ContractJson;
  readonly events: DossierReduceCounts;
  readonly rejected: readonly _RejectedJson[];
}

/**
 * The rejected events of a report; `lines` maps an event's input position
 * to its line (none: `line` is `null`).
 */
export function _rejectedJson(
  report: DossierReduceReport,
  lines: readonly number[] | null,
): _RejectedJson[] {
  return report.rejected.map((event) => ({
    line: lines?.[event.index] ?? null,
    eventId: event.eventId,
    eventType: event.eventType,
    issues: event.issues.map((issue) => ({
      path: issue.path,
      message: issue.message,
      type: issue.type,
    })),
  }));
}

/** The parity verdict of a reduction as one JSON object. */
export function _parityJson(
  evaluation: ParityEvaluation,
  parityStatus: ParityStatus,
  contract: _ContractJson,
  report: DossierReduceReport,
  lines: readonly number[] | null,
): _ParityJson {
  return _parityJsonOf(evaluation, parityStatus, contract, {
    counts: report.counts,
    rejected: _rejectedJson(report, lines),
    lines,
  });
}

/**
 * The same object from the counts and the rejected events as they are
 * written, for a caller that keeps those rather than a report (the edge
 * keeps them in storage, and has no lines: `lines` is `null`).
 */
export function _parityJsonOf(
  evaluation: ParityEvaluation,
  parityStatus: ParityStatus,
  contract: _ContractJson,
  events: {
    readonly counts: DossierReduceCounts;
    readonly rejected: readonly _RejectedJson[];
    readonly lines: readonly number[] | null;
  },
): _ParityJson {
  const { counts, rejected, lines } = events;
  return {
    status: evaluation.status,
    formula: evaluation.formula,
    basis: evaluation.basis,
    expectedHash: evaluation.expectedHash,
    actualHash: evaluation.actualHash,
    recordedHash: evaluation.recordedHash,
    snapshot: evaluation.snapshotEventId === null ? null : {
      eventId: evaluation.snapshotEventId,
      line: evaluation.snapshotIndex === null
        ? null
        : lines?.[evaluation.snapshotIndex] ?? null,
    },
    staleArtifacts: evaluation.staleArtifacts,
    pendingArtifacts: evaluation.pendingArtifacts,
    recordedDriftEvents: evaluation.recordedDriftEvents,
    parityStatus,
    contract,
    events: counts,
    rejected,
  };
}
