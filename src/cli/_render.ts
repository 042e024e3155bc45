// How the command line shows a dossier, a parity verdict and drift findings
// to a person: short tables, the status words coloured when allowed.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import type { LineLookup } from "../parity/parity_report.ts";
import type { DriftFindingOf, DriftIdentity } from "../parity/drift.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import type { ParityEvaluation } from "../parity/parity_hash.ts";
import { describeValue, type FieldIssue } from "../contract/field_issue.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { _shown } from "./_text.ts";

/** Colour functions; each returns its text unchanged when colour is off. */
export interface _Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
}

/** ANSI colours when `enabled`, plain text otherwise. */
export function _style(enabled: boolean): _Style {
  const sgr = (open: number, close: number) => (text: string): string =>
    enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
  };
}

/** Shortens a hash for a table: the algorithm prefix kept, 12 hex digits. */
export function _shortHash(hash: string): string {
  const colon = hash.indexOf(":");
  const prefix = colon === -1 ? "" : hash.slice(0, colon + 1);
  const digits = colon === -1 ? hash : hash.slice(colon + 1);
  return digits.length > 12 ? `${prefix}${digits.slice(0, 12)}…` : hash;
}

/** Lays rows out in columns, the last one unpadded. */
export function _table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => [...row[column]].length))
  );
  return rows.map((row) =>
    "  " +
    row.map((cell, column) =>
      column === row.length - 1
        ? cell
        : cell + " ".repeat(widths[column] - [...cell].length)
    ).join("  ")
  );
}

/** Colours a parity status: green clean, red drifted, yellow unknown. */
export function _status(status: string, style: _Style): string {
  const word = style.bold(status);
  return status === "clean"
    ? style.green(word)
    : status === "drifted"
    ? style.red(word)
    : style.yellow(word);
}

const _MAX_ROWS = 50;

/** The readable form of a dossier: namespace, artifacts, anomalies, snapshot, drift, parity. */
export function _renderDossier(
  state: FoldState,
  contract: ParsingContract,
  style: _Style,
  /** How the contract was chosen, shown under the namespace: `3.0.0, detected from line 1 (a build_id)`. */
  contractNote: string,
  title = "Mission dossier",
): string {
  const lines: string[] = [];
  const ns = state.namespace;
  // Every value below comes from the input: escaped, and cut when long.
  const shown = (value: string | null) => _shown(String(value));
  // The slug and the mission field: the namespace's second and fourth.
  const [, slug, , mission] = contract.namespaceFields;
  lines.push(
    ns === null
      ? `${style.bold(title)}  ${style.dim("(no valid namespace)")}`
      : `${style.bold(title)}  ${shown(ns[slug])} · ${shown(ns[mission])} · ${
        shown(ns.target_branch)
      } · manifest ${shown(ns.manifest_version)}`,
  );
  if (ns !== null) {
    lines.push(
      style.dim(
        `  project ${shown(ns.project_uuid)}${
          ns.step_id === null ? "" : ` · step ${shown(ns.step_id)}`
        }`,
      ),
    );
  }
  lines.push(style.dim(`  contract ${contractNote}`));
  lines.push(`  ${state.event_count} dossier events`, "");

  lines.push(style.bold(`Artifacts (${state.artifacts.size})`));
  if (state.artifacts.size === 0) lines.push(style.dim("  none"));
  else {
    const rows: string[][] = [["PATH", "CLASS", "HASH", "STEP", "STATE"]];
    for (const [path, entry] of state.artifacts) {
      if (rows.length > _MAX_ROWS) break;
      rows.push([
        shown(path),
        entry.identity.artifact_class,
        shown(_shortHash(entry.content_ref.hash)),
        entry.step_id === null ? "-" : shown(entry.step_id),
        entry.superseded ? "superseded" : "current",
      ]);
    }
    lines.push(..._table(rows));
    if (state.artifacts.size > _MAX_ROWS) {
      lines.push(
        style.dim(
          `  … and ${
            state.artifacts.size - _MAX_ROWS
          } more (--json prints all)`,
        ),
      );
    }
  }
  lines.push("");

  lines.push(style.bold(`Anomalies (${state.anomalies.length})`));
  if (state.anomalies.length === 0) lines.push(style.dim("  none"));
  for (const anomaly of state.anomalies.slice(0, _MAX_ROWS)) {
    lines.push(
      `  ${style.yellow("missing")} ${
        shown(anomaly.expected_identity.path)
      } (${anomaly.expected_identity.artifact_class}, step ${
        shown(anomaly.manifest_step)
      })${
        anomaly.remediation_hint === null
          ? ""
          : style.dim(` · ${shown(anomaly.remediation_hint)}`)
      }`,
    );
  }
  if (state.anomalies.length > _MAX_ROWS) {
    lines.push(
      style.dim(`  … and ${state.anomalies.length - _MAX_ROWS} more`),
    );
  }
  lines.push("");

  lines.push(style.bold("Latest snapshot"));
  const snapshot = state.latest_snapshot;
  lines.push(
    snapshot === null
      ? style.dim("  none yet")
      : `  ${snapshot.algorithm} ${
        shown(_shortHash(snapshot.snapshot_hash))
      } · ${snapshot.artifact_count} artifacts · ${snapshot.anomaly_count} anomalies · computed ${
        shown(snapshot.computed_at)
      }`,
    "",
  );

  lines.push(style.bold(`Drift history (${state.drift_history.length})`));
  if (state.drift_history.length === 0) lines.push(style.dim("  none"));
  for (const drift of state.drift_history.slice(-_MAX_ROWS)) {
    lines.push(
      `  ${shown(drift.detected_at)}  ${style.red(drift.drift_kind)}  ${
        shown(_shortHash(drift.expected_hash))
      } → ${shown(_shortHash(drift.actual_hash))}`,
    );
  }
  lines.push("", _renderRecordedDrift(state, style));
  return lines.join("\n") + "\n";
}

/**
 * The state's own parity field, named for what it is: how many drift
 * events were recorded, and the `parity_status` they make (not the hash
 * check, which `dossier parity` makes).
 */
export function _renderRecordedDrift(state: FoldState, style: _Style): string {
  const count = state.drift_history.length;
  return `Recorded drift events: ${count} ${
    style.dim(`(parity_status: ${state.parity_status})`)
  }`;
}

/** `spec.md, plan.md and 3 more`. */
function _paths(paths: readonly string[], shown = 5): string {
  const listed = paths.slice(0, shown).map((path) => _shown(path)).join(", ");
  return paths.length > shown
    ? `${listed} and ${paths.length - shown} more`
    : listed;
}

/** The one line of the hash check that `reduce` shows under the dossier. */
export function _renderHashCheckLine(
  evaluation: ParityEvaluation,
  style: _Style,
): string {
  const stale = evaluation.staleArtifacts.length === 0
    ? ""
    : ` · stale: ${_paths(evaluation.staleArtifacts, 3)}`;
  return `Hash check: ${_status(evaluation.status, style)}${
    style.dim(`${stale} (dossier parity for the details)`)
  }`;
}

/** Where the hash check's snapshot was: `event 01M…, line 31`. */
export interface _SnapshotPlace {
  readonly eventId: string;
  /** Its line in the input, when known. */
  readonly line: number | null;
}

/** The readable form of a parity evaluation (`dossier parity`). */
export function _renderParity(
  evaluation: ParityEvaluation,
  style: _Style,
  snapshot: _SnapshotPlace | null,
): string {
  const over = evaluation.basis === "run"
    ? "what its index run indexed"
    : "the state's live artifacts";
  const verdict = evaluation.status === "clean"
    ? `the latest snapshot's hash is the hash of ${over}`
    : evaluation.status === "drifted"
    ? `the latest snapshot's hash is not the hash of ${over}`
    : "no snapshot to compare with yet";
  const lines = [
    `Hash check: ${_status(evaluation.status, style)} (${verdict})`,
    `  snapshot    ${evaluation.expectedHash ?? style.dim("none")}${
      snapshot === null ? "" : style.dim(
        `  event ${snapshot.eventId}${
          snapshot.line === null ? "" : `, line ${snapshot.line}`
        }`,
      )
    }`,
    `  recomputed  ${evaluation.actualHash}${
      evaluation.formula === null
        ? ""
        : style.dim(`  ${evaluation.formula} formula`)
    }`,
  ];
  if (evaluation.staleArtifacts.length > 0) {
    const count = evaluation.staleArtifacts.length;
    lines.push(
      `  stale       ${count} ${
        count === 1 ? "artifact" : "artifacts"
      } the state holds that the run did not index (deleted, renamed or unreadable): ${
        _paths(evaluation.staleArtifacts)
      }`,
    );
  }
  if (evaluation.pendingArtifacts.length > 0) {
    lines.push(
      `  pending     ${_paths(evaluation.pendingArtifacts)} ${
        style.dim("(indexed after the latest snapshot)")
      }`,
    );
  }
  lines.push(
    `Recorded drift events: ${evaluation.recordedDriftEvents}${
      style.dim(
        evaluation.recordedDriftEvents === 0
          ? ""
          : " (the state's parity_status says drifted for good; the hash check above is what the events say now)",
      )
    }`,
  );
  return lines.join("\n") + "\n";
}

/** The readable form of drift findings between a baseline and a stream. */
export function _renderFindings(
  findings: readonly DriftFindingOf<DriftIdentity>[],
  style: _Style,
): string {
  if (findings.length === 0) {
    return `${
      style.green("No drift")
    }: the stream's dossier matches the baseline\n`;
  }
  const lines = [
    `${style.red(style.bold("Drift found"))}: ${findings.length} ${
      findings.length === 1 ? "kind" : "kinds"
    } of change since the baseline`,
  ];
  for (const finding of findings) {
    const count = finding.artifactIds.length;
    lines.push(
      `  ${style.bold(finding.driftKind)} (${count} ${
        count === 1 ? "artifact" : "artifacts"
      })${
        finding.manifestVersions === null
          ? ""
          : ` manifest ${_shown(finding.manifestVersions[0])} → ${
            _shown(finding.manifestVersions[1])
          }`
      }`,
    );
    finding.artifactIds.slice(0, _MAX_ROWS).forEach((identity, index) => {
      const step = finding.manifestSteps[index];
      lines.push(
        `    ${_shown(identity.path)}${
          step === undefined ? "" : ` (step ${_shown(step)})`
        }`,
      );
    });
    if (count > _MAX_ROWS) {
      lines.push(style.dim(`    … and ${count - _MAX_ROWS} more`));
    }
  }
  return lines.join("\n") + "\n";
}

/** `payload.artifact_id.path: is required`, or `…: must be …: received …`. */
export function _issueText(issue: FieldIssue): string {
  const received = issue.type === "missing"
    ? ""
    : `: received ${describeValue(issue.input)}`;
  return _shown(`${issue.path}: ${issue.message}${received}`, 1000);
}

function _count(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * The one-line account of a reduction: every event read, and where it went.
 * `hint` points to --report when something was dropped.
 */
export function _renderAccount(
  report: DossierReduceReport,
  style: _Style,
  hint: boolean,
): string {
  const { received, applied, duplicates, ignored, rejected } = report.counts;
  const dropped = duplicates + rejected > 0;
  return `Events: ${_count(received)} read · ${_count(applied)} applied · ${
    _count(duplicates)
  } ${duplicates === 1 ? "duplicate" : "duplicates"} · ${
    _count(ignored)
  } ignored · ${
    rejected === 0 ? "0 rejected" : style.red(`${_count(rejected)} rejected`)
  }${hint && dropped ? style.dim(" (--report lists them)") : ""}\n`;
}

/**
 * The rejected events and why, as `parity` and `drift` show them before
 * their verdict; empty when none was rejected.
 */
export function _renderRejected(
  report: DossierReduceReport,
  lines: LineLookup,
  style: _Style,
): string {
  if (report.rejected.length === 0) return "";
  const out = [
    style.red(
      `${_count(report.rejected.length)} rejected ${
        report.rejected.length === 1 ? "event" : "events"
      }`,
    ) +
    style.dim(
      ": dossier events whose payload does not validate, left out of the verdict below",
    ),
  ];
  for (const event of report.rejected) {
    out.push(
      `  line ${lines.at(event.index)}: ${event.eventId} ${event.eventType}`,
    );
    for (const issue of event.issues) {
      out.push(`    ${style.red(_issueText(issue))}`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * What --report adds: each rejected event and why, each duplicate and the
 * copy kept, the ignored types. `lines` maps an event's index to its line.
 */
export function _renderReport(
  report: DossierReduceReport,
  lines: LineLookup,
  style: _Style,
): string {
  const at = (index: number): string => `line ${lines.at(index)}`;
  const out: string[] = [];
  out.push(
    style.bold(`Rejected (${_count(report.rejected.length)})`) +
      style.dim(": dossier events whose payload does not validate, skipped"),
  );
  if (report.rejected.length === 0) out.push(style.dim("  none"));
  for (const event of report.rejected) {
    out.push(
      `  ${at(event.index)}: ${_shown(event.eventId)} ${
        _shown(event.eventType)
      }`,
    );
    for (const issue of event.issues) {
      out.push(`    ${style.red(_issueText(issue))}`);
    }
  }
  out.push(
    style.bold(`Duplicates (${_count(report.duplicates.length)})`) +
      style.dim(": later copies of an event id, dropped"),
  );
  if (report.duplicates.length === 0) out.push(style.dim("  none"));
  for (const event of report.duplicates) {
    out.push(
      `  ${at(event.index)}: ${_shown(event.eventId)} ${
        _shown(event.eventType)
      } (lamport_clock ${event.lamportClock}): the copy on ${
        at(event.kept.index)
      } (lamport_clock ${event.kept.lamportClock}) was kept`,
    );
  }
  out.push(
    style.bold(`Ignored (${_count(report.counts.ignored)})`) +
      style.dim(": events of other types"),
  );
  if (report.ignored.size === 0) out.push(style.dim("  none"));
  for (const [eventType, count] of report.ignored) {
    out.push(`  ${_shown(eventType)}: ${_count(count)}`);
  }
  return out.join("\n") + "\n";
}
