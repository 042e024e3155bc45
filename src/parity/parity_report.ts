// The parity verdict as one JSON object: what `dossier parity --json`
// prints and what the edge answers for GET /dossiers/{key}/parity, built in
// one place so that the two stay the same shape (docs/parity.md). Field
// names are snake_case, as on the wire and in every other JSON output of
// the command line.
import type { ContractVersion } from "../contract/dossier_contract.ts";
import type { ParityStatus } from "../contract/constants.ts";
import type {
  DossierReduceCounts,
  DossierReduceReport,
} from "../replay/reduce_mission_dossier_with_report.ts";
import type { ParityEvaluation } from "./parity_hash.ts";

/** How the contract of a stream was chosen, as the JSON outputs write it. */
export interface ContractJson {
  readonly version: ContractVersion;
  /** `--contract 3.0.0`, `detected from line 1`, or how else it was chosen. */
  readonly how: string;
  /** What told it, when detected: `a build_id`; `null` otherwise. */
  readonly reason: string | null;
}

/** One rejected event, as the JSON outputs write it. */
export interface RejectedJson {
  /** Its line in the input; `null` where the input has no lines. */
  readonly line: number | null;
  readonly event_id: string;
  readonly event_type: string;
  readonly issues: readonly {
    readonly path: string;
    readonly message: string;
    readonly type: string;
  }[];
}

/** The verdict of {@linkcode evaluateParity}, as the JSON outputs write it. */
export interface VerdictJson {
  readonly status: ParityStatus;
  readonly formula: ParityEvaluation["formula"];
  readonly basis: ParityEvaluation["basis"];
  readonly expected_hash: string | null;
  readonly actual_hash: string;
  readonly recorded_hash: string | null;
  readonly snapshot: {
    readonly event_id: string;
    readonly line: number | null;
  } | null;
  readonly stale_artifacts: readonly string[];
  readonly pending_artifacts: readonly string[];
  readonly recorded_drift_events: number;
  readonly parity_status: ParityStatus;
}

/** The parity verdict as one JSON object (see docs/parity.md). */
export interface ParityJson extends VerdictJson {
  readonly contract: ContractJson;
  readonly events: DossierReduceCounts;
  readonly rejected: readonly RejectedJson[];
}

/**
 * Line numbers by an event's input position: an array, or the command
 * line's compact record of them (`src/cli/line_numbers.ts`).
 */
export interface LineLookup {
  at(index: number): number | undefined;
}

/**
 * The rejected events of a report; `lines` maps an event's input position
 * to its line (none: `line` is `null`).
 */
export function rejectedJson(
  report: DossierReduceReport,
  lines: LineLookup | null,
): RejectedJson[] {
  return report.rejected.map((event) => ({
    line: lines?.at(event.index) ?? null,
    event_id: event.eventId,
    event_type: event.eventType,
    issues: event.issues.map((issue) => ({
      path: issue.path,
      message: issue.message,
      type: issue.type,
    })),
  }));
}

/** A drift finding as the JSON outputs write it. */
export interface FindingJson {
  readonly drift_kind: string;
  readonly artifact_ids: readonly unknown[];
  readonly manifest_steps: readonly string[];
  readonly manifest_versions: readonly [string, string] | null;
}

/** The findings of `diffDossiers`, as the JSON outputs write them. */
export function findingsJson(
  findings: readonly {
    readonly driftKind: string;
    readonly artifactIds: readonly unknown[];
    readonly manifestSteps: readonly string[];
    readonly manifestVersions: readonly [string, string] | null;
  }[],
): FindingJson[] {
  return findings.map((finding) => ({
    drift_kind: finding.driftKind,
    artifact_ids: finding.artifactIds,
    manifest_steps: finding.manifestSteps,
    manifest_versions: finding.manifestVersions,
  }));
}

/** The parity verdict of a reduction as one JSON object. */
export function parityJson(
  evaluation: ParityEvaluation,
  parityStatus: ParityStatus,
  contract: ContractJson,
  report: DossierReduceReport,
  lines: LineLookup | null,
): ParityJson {
  return parityJsonOf(evaluation, parityStatus, contract, {
    counts: report.counts,
    rejected: rejectedJson(report, lines),
    lines,
  });
}

/**
 * The same object from the counts and the rejected events as they are
 * written, for a caller that keeps those rather than a report (the edge
 * keeps them in storage, and has no lines: `lines` is `null`).
 */
export function parityJsonOf(
  evaluation: ParityEvaluation,
  parityStatus: ParityStatus,
  contract: ContractJson,
  events: {
    readonly counts: DossierReduceCounts;
    readonly rejected: readonly RejectedJson[];
    readonly lines: LineLookup | null;
  },
): ParityJson {
  const { counts, rejected, lines } = events;
  return {
    ...verdictJson(evaluation, parityStatus, lines),
    contract,
    events: counts,
    rejected,
  };
}

/**
 * The verdict alone; `lines` maps an event's position in the fold to its
 * input line (none: the snapshot's `line` is `null`).
 */
export function verdictJson(
  evaluation: ParityEvaluation,
  parityStatus: ParityStatus,
  lines: LineLookup | null,
): VerdictJson {
  return {
    status: evaluation.status,
    formula: evaluation.formula,
    basis: evaluation.basis,
    expected_hash: evaluation.expectedHash,
    actual_hash: evaluation.actualHash,
    recorded_hash: evaluation.recordedHash,
    snapshot: evaluation.snapshotEventId === null ? null : {
      event_id: evaluation.snapshotEventId,
      line: evaluation.snapshotIndex === null
        ? null
        : lines?.at(evaluation.snapshotIndex) ?? null,
    },
    stale_artifacts: evaluation.staleArtifacts,
    pending_artifacts: evaluation.pendingArtifacts,
    recorded_drift_events: evaluation.recordedDriftEvents,
    parity_status: parityStatus,
  };
}
