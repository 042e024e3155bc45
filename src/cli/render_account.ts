// How the command line accounts for the events of a reduction: one line
// with every event read and where it went, then (with --report or on a
// gate) each rejected event with its line and every field's problem, each
// duplicate and the ignored types.
import type { LineLookup } from "../parity/parity_report.ts";
import { describeValue, type FieldIssue } from "../contract/field_issue.ts";
import type { DossierReduceReport } from "../replay/reduce_mission_dossier_with_report.ts";
import { shown } from "./terminal_text.ts";
import type { Style } from "./style.ts";

/** `payload.artifact_id.path: is required`, or `…: must be …: received …`. */
export function issueText(issue: FieldIssue): string {
  const received = issue.type === "missing"
    ? ""
    : `: received ${describeValue(issue.input)}`;
  return shown(`${issue.path}: ${issue.message}${received}`, 1000);
}

function _count(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * The one-line account of a reduction: every event read, and where it went.
 * `hint` points to --report when something was dropped.
 */
export function renderAccount(
  report: DossierReduceReport,
  style: Style,
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
export function renderRejected(
  report: DossierReduceReport,
  lines: LineLookup,
  style: Style,
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
      out.push(`    ${style.red(issueText(issue))}`);
    }
  }
  return out.join("\n") + "\n";
}

/**
 * What --report adds: each rejected event and why, each duplicate and the
 * copy kept, the ignored types. `lines` maps an event's index to its line.
 */
export function renderReport(
  report: DossierReduceReport,
  lines: LineLookup,
  style: Style,
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
      `  ${at(event.index)}: ${shown(event.eventId)} ${shown(event.eventType)}`,
    );
    for (const issue of event.issues) {
      out.push(`    ${style.red(issueText(issue))}`);
    }
  }
  out.push(
    style.bold(`Duplicates (${_count(report.duplicates.length)})`) +
      style.dim(": later copies of an event id, dropped"),
  );
  if (report.duplicates.length === 0) out.push(style.dim("  none"));
  for (const event of report.duplicates) {
    out.push(
      `  ${at(event.index)}: ${shown(event.eventId)} ${
        shown(event.eventType)
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
    out.push(`  ${shown(eventType)}: ${_count(count)}`);
  }
  return out.join("\n") + "\n";
}
