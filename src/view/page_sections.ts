/// <reference lib="dom" />
// The sections of the page, each drawn from the view model: the namespace
// and the contract read, the hash check, the recorded status, the
// anomalies, the timeline and the comparison of two runs. (The artifact
// table, which redraws as it is sorted and filtered, is page_table.ts.)
import type { ParityEvaluation } from "../../mod.ts";
import { compareRuns } from "./compare_runs.ts";
import type {
  DossierView,
  DriftPoint,
  SnapshotPoint,
} from "./dossier_view_model.ts";
import {
  code,
  definitions,
  h,
  hashDetails,
  pathList,
  pill,
  replaceChildren,
} from "./page_dom.ts";
import type { DossierStreamRead } from "./read_dossier_stream.ts";
import { shortHash } from "./dossier_view_model.ts";

/** A section with a heading. */
export function section(
  id: string,
  title: string,
  ...children: (Node | null)[]
): HTMLElement {
  return h(
    "section",
    { id, class: "card", "aria-label": title },
    h("h2", null, title),
    ...children,
  );
}

/** The notes about how the stream was read: empty `build_id`s, events set aside. */
export function readNotes(read: DossierStreamRead): HTMLElement | null {
  const notes: string[] = [];
  const { emptyBuildIds } = read.contract;
  if (emptyBuildIds > 0) {
    notes.push(
      `${emptyBuildIds} of ${read.eventCount} envelopes carry build_id "" (what the spec-kitty CLI writes), read as "unknown" as the CLI's own validator does; the 3.0.0 reference rejects them.`,
    );
  }
  if (read.otherTypes > 0) {
    notes.push(
      `${read.otherTypes} events of other types than the four dossier ones: the reducer ignores them.`,
    );
  }
  if (read.withoutNamespace > 0) {
    notes.push(
      `${read.withoutNamespace} dossier events without a valid namespace belong to no mission of this journal: left out.`,
    );
  }
  if (notes.length === 0) return null;
  const list = h("ul", { class: "notes", id: "read-notes" });
  for (const note of notes) list.appendChild(h("li", null, note));
  return list;
}

/** The namespace and the contract read. */
export function namespaceSection(
  view: DossierView,
  read: DossierStreamRead,
): HTMLElement {
  const fields = view.namespace.map(([name, value]) =>
    [name, code(value)] as const
  );
  return section(
    "namespace",
    "Namespace",
    fields.length === 0
      ? h("p", { class: "muted" }, "No event carries a valid namespace.")
      : definitions(fields),
    definitions([
      ["contract", `${read.contract.version}, ${read.contract.how}`],
      ["events", `${view.state.event_count} unique dossier events`],
    ]),
  );
}

/** The hash check as the producer sees it (`evaluateParity`). */
export function paritySection(parity: ParityEvaluation): HTMLElement {
  const formula = parity.formula === null
    ? "none (no snapshot)"
    : parity.formula === "current"
    ? "current: sha256 of one path<TAB>hash line per artifact, by path"
    : "legacy: sha256 of the content hashes, sorted and concatenated";
  return section(
    "parity",
    "Hash check",
    h(
      "p",
      { class: "verdict" },
      pill(parity.status),
      " ",
      {
        clean: "The latest snapshot is the hash of what its run indexed.",
        drifted:
          "The latest snapshot is not the hash of what its run indexed: an event of that run is lost or altered.",
        unknown: "No snapshot yet: nothing to check.",
      }[parity.status],
    ),
    definitions([
      [
        "recorded",
        parity.recordedHash === null ? "none" : code(parity.recordedHash),
      ],
      ["recomputed", code(parity.actualHash)],
      ["formula", formula],
      [
        "basis",
        parity.basis === "run"
          ? "the artifacts the latest snapshot's run indexed"
          : "the state's live artifacts",
      ],
    ]),
    h("h3", null, `Stale artifacts (${parity.staleArtifacts.length})`),
    pathList(
      parity.staleArtifacts,
      "None: every live artifact was indexed by the latest run.",
    ),
    h("h3", null, `Pending artifacts (${parity.pendingArtifacts.length})`),
    pathList(
      parity.pendingArtifacts,
      "None indexed after the latest snapshot.",
    ),
  );
}

/** The reducer's own status and counts. */
export function statusSection(view: DossierView): HTMLElement {
  const { state } = view;
  return section(
    "status",
    "Recorded status",
    h(
      "p",
      { class: "verdict" },
      pill(state.parity_status),
      " ",
      state.drift_history.length === 0
        ? "No drift event recorded."
        : `${state.drift_history.length} drift event${
          state.drift_history.length === 1 ? "" : "s"
        } recorded by the producer (the reducer's parity_status stays drifted for good).`,
    ),
    definitions([
      ["artifacts", String(view.artifacts.length)],
      ["anomalies", String(view.anomalies.length)],
      ["snapshots", String(view.snapshots.length)],
    ]),
  );
}

/** The anomalies, in replay order. */
export function anomaliesSection(view: DossierView): HTMLElement {
  if (view.anomalies.length === 0) {
    return section(
      "anomalies",
      "Anomalies (0)",
      h("p", { class: "muted" }, "No missing artifact reported."),
    );
  }
  const body = h("tbody", null);
  for (const anomaly of view.anomalies) {
    body.appendChild(h(
      "tr",
      { "data-path": anomaly.path },
      h("td", null, code(anomaly.path)),
      h("td", null, anomaly.artifactClass),
      h("td", null, anomaly.manifestStep),
      h("td", null, anomaly.checkedAt),
      h("td", null, anomaly.remediationHint ?? "—"),
    ));
  }
  const head = h("tr", null);
  for (const title of ["Path", "Class", "Manifest step", "Checked", "Hint"]) {
    head.appendChild(h("th", { scope: "col" }, title));
  }
  return section(
    "anomalies",
    `Anomalies (${view.anomalies.length})`,
    h(
      "div",
      { class: "scroll" },
      h("table", null, h("thead", null, head), body),
    ),
  );
}

function _snapshotItem(point: SnapshotPoint): HTMLElement {
  const { snapshot, verdict } = point;
  return h(
    "li",
    { class: "snapshot", "data-kind": "snapshot" },
    h("span", { class: "when" }, snapshot.computed_at),
    h(
      "span",
      { class: "what" },
      `Snapshot ${point.ordinal} `,
      hashDetails(snapshot.snapshot_hash, point.shortHash),
      ` ${snapshot.artifact_count} artifacts, ${snapshot.anomaly_count} anomalies; its run: `,
      pill(verdict.status),
    ),
  );
}

function _driftItem(point: DriftPoint): HTMLElement {
  const { record } = point;
  return h(
    "li",
    { class: "drift", "data-kind": "drift" },
    h("span", { class: "when" }, record.detected_at),
    h(
      "span",
      { class: "what" },
      "Drift recorded ",
      pill("drifted", record.drift_kind),
      " expected ",
      code(shortHash(record.expected_hash)),
      ", found ",
      code(shortHash(record.actual_hash)),
    ),
  );
}

/** The snapshots and recorded drift events, in replay order. */
export function timelineSection(view: DossierView): HTMLElement {
  if (view.timeline.length === 0) {
    return section(
      "timeline",
      "Timeline",
      h("p", { class: "muted" }, "No snapshot or drift event yet."),
    );
  }
  const list = h("ol", { class: "timeline" });
  for (const point of view.timeline) {
    list.appendChild(
      point.kind === "snapshot" ? _snapshotItem(point) : _driftItem(point),
    );
  }
  return section("timeline", "Timeline", list);
}

function _snapshotSelect(
  id: string,
  label: string,
  snapshots: readonly SnapshotPoint[],
  chosen: number,
): [HTMLElement, HTMLSelectElement] {
  const select = h("select", { id });
  for (const point of snapshots) {
    const option = h(
      "option",
      null,
      `Snapshot ${point.ordinal}: ${point.shortHash} (${point.snapshot.computed_at})`,
    );
    option.value = String(point.ordinal - 1);
    select.appendChild(option);
  }
  select.selectedIndex = chosen;
  return [h("label", { for: id }, label), select];
}

/** What changed between two chosen snapshots (`diffDossiers`), the last two at first. */
export function compareSection(
  view: DossierView,
  read: DossierStreamRead,
): HTMLElement {
  const { snapshots } = view;
  if (snapshots.length < 2) {
    return section(
      "compare",
      "Compare runs",
      h(
        "p",
        { class: "muted" },
        snapshots.length === 0
          ? "No snapshot: nothing to compare."
          : "One snapshot: nothing to compare it with.",
      ),
    );
  }
  const [fromLabel, from] = _snapshotSelect(
    "compare-from",
    "From",
    snapshots,
    snapshots.length - 2,
  );
  const [toLabel, to] = _snapshotSelect(
    "compare-to",
    "To",
    snapshots,
    snapshots.length - 1,
  );
  const result = h("div", { id: "compare-result", "aria-live": "polite" });
  const draw = (): void => {
    const comparison = compareRuns(
      snapshots[from.selectedIndex],
      snapshots[to.selectedIndex],
      read.api,
    );
    const block = (id: string, title: string, paths: readonly string[]) =>
      h(
        "div",
        { class: "change", id },
        h("h3", null, `${title} (${paths.length})`),
        pathList(paths, "None."),
      );
    replaceChildren(
      result,
      h(
        "div",
        { class: "changes" },
        block("compare-added", "Added", comparison.added),
        block("compare-removed", "Removed", comparison.removed),
        block("compare-changed", "Changed", comparison.changed),
        block(
          "compare-missing",
          "Newly missing",
          comparison.anomaliesIntroduced,
        ),
        block(
          "compare-restored",
          "No longer missing",
          comparison.anomaliesResolved,
        ),
      ),
      comparison.manifestVersions === null ? null : h(
        "p",
        null,
        `Manifest version changed from ${comparison.manifestVersions[0]} to ${
          comparison.manifestVersions[1]
        }.`,
      ),
    );
  };
  from.addEventListener("change", draw);
  to.addEventListener("change", draw);
  draw();
  return section(
    "compare",
    "Compare runs",
    h("div", { class: "pickers" }, fromLabel, from, toLabel, to),
    result,
  );
}
