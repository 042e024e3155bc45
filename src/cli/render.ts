// How the command line shows a dossier, a parity verdict and drift findings
// to a person: short tables, the status words coloured when allowed. The
// account of a reduction (what each event became) is in `render_account.ts`.
import type { ParsingContract } from "../envelope/parsing_contracts.ts";
import type { DriftFindingOf, DriftIdentity } from "../parity/drift.ts";
import type { FoldState } from "../replay/dossier_fold.ts";
import type { ParityEvaluation } from "../parity/parity_hash.ts";
import { shown } from "./terminal_text.ts";
import { shortHash, statusWord, type Style, tableLines } from "./style.ts";

const _MAX_ROWS = 50;

/** The readable form of a dossier: namespace, artifacts, anomalies, snapshot, drift, parity. */
export function renderDossier(
  state: FoldState,
  contract: ParsingContract,
  style: Style,
  /** How the contract was chosen, shown under the namespace: `3.0.0, detected from line 1 (a build_id)`. */
  contractNote: string,
  title = "Mission dossier",
): string {
  const lines: string[] = [];
  const ns = state.namespace;
  // Every value below comes from the input: escaped, and cut when long.
  const show = (value: string | null) => shown(String(value));
  // The slug and the mission field: the namespace's second and fourth.
  const [, slug, , mission] = contract.namespaceFields;
  lines.push(
    ns === null
      ? `${style.bold(title)}  ${style.dim("(no valid namespace)")}`
      : `${style.bold(title)}  ${show(ns[slug])} · ${show(ns[mission])} · ${
        show(ns.target_branch)
      } · manifest ${show(ns.manifest_version)}`,
  );
  if (ns !== null) {
    lines.push(
      style.dim(
        `  project ${show(ns.project_uuid)}${
          ns.step_id === null ? "" : ` · step ${show(ns.step_id)}`
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
        show(path),
        entry.identity.artifact_class,
        show(shortHash(entry.content_ref.hash)),
        entry.step_id === null ? "-" : show(entry.step_id),
        entry.superseded ? "superseded" : "current",
      ]);
    }
    lines.push(...tableLines(rows));
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
        show(anomaly.expected_identity.path)
      } (${anomaly.expected_identity.artifact_class}, step ${
        show(anomaly.manifest_step)
      })${
        anomaly.remediation_hint === null
          ? ""
          : style.dim(` · ${show(anomaly.remediation_hint)}`)
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
        show(shortHash(snapshot.snapshot_hash))
      } · ${snapshot.artifact_count} artifacts · ${snapshot.anomaly_count} anomalies · computed ${
        show(snapshot.computed_at)
      }`,
    "",
  );

  lines.push(style.bold(`Drift history (${state.drift_history.length})`));
  if (state.drift_history.length === 0) lines.push(style.dim("  none"));
  for (const drift of state.drift_history.slice(-_MAX_ROWS)) {
    lines.push(
      `  ${show(drift.detected_at)}  ${style.red(drift.drift_kind)}  ${
        show(shortHash(drift.expected_hash))
      } → ${show(shortHash(drift.actual_hash))}`,
    );
  }
  lines.push("", renderRecordedDrift(state, style));
  return lines.join("\n") + "\n";
}

/**
 * The state's own parity field, named for what it is: how many drift
 * events were recorded, and the `parity_status` they make (not the hash
 * check, which `dossier parity` makes).
 */
export function renderRecordedDrift(state: FoldState, style: Style): string {
  const count = state.drift_history.length;
  return `Recorded drift events: ${count} ${
    style.dim(`(parity_status: ${state.parity_status})`)
  }`;
}

/** `spec.md, plan.md and 3 more`. */
function _paths(paths: readonly string[], count = 5): string {
  const listed = paths.slice(0, count).map((path) => shown(path)).join(", ");
  return paths.length > count
    ? `${listed} and ${paths.length - count} more`
    : listed;
}

/** The one line of the hash check that `reduce` shows under the dossier. */
export function renderHashCheckLine(
  evaluation: ParityEvaluation,
  style: Style,
): string {
  const stale = evaluation.staleArtifacts.length === 0
    ? ""
    : ` · stale: ${_paths(evaluation.staleArtifacts, 3)}`;
  return `Hash check: ${statusWord(evaluation.status, style)}${
    style.dim(`${stale} (dossier parity for the details)`)
  }`;
}

/** Where the hash check's snapshot was: `event 01M…, line 31`. */
export interface SnapshotPlace {
  readonly eventId: string;
  /** Its line in the input, when known. */
  readonly line: number | null;
}

/** The readable form of a parity evaluation (`dossier parity`). */
export function renderParity(
  evaluation: ParityEvaluation,
  style: Style,
  snapshot: SnapshotPlace | null,
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
    `Hash check: ${statusWord(evaluation.status, style)} (${verdict})`,
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
export function renderFindings(
  findings: readonly DriftFindingOf<DriftIdentity>[],
  style: Style,
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
          : ` manifest ${shown(finding.manifestVersions[0])} → ${
            shown(finding.manifestVersions[1])
          }`
      }`,
    );
    finding.artifactIds.slice(0, _MAX_ROWS).forEach((identity, index) => {
      const step = finding.manifestSteps[index];
      lines.push(
        `    ${shown(identity.path)}${
          step === undefined ? "" : ` (step ${shown(step)})`
        }`,
      );
    });
    if (count > _MAX_ROWS) {
      lines.push(style.dim(`    … and ${count - _MAX_ROWS} more`));
    }
  }
  return lines.join("\n") + "\n";
}
