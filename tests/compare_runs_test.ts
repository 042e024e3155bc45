import assert from "node:assert/strict";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { compareRuns } from "../src/view/compare_runs.ts";
import { buildDossierView } from "../src/view/dossier_view_model.ts";
import { readDossierStream } from "../src/view/read_dossier_stream.ts";
import { V3 } from "./_builders.ts";
import { jsonl, realStream, TWO_RUNS, wire } from "./_view_kit.ts";

async function snapshotsOf(text: string) {
  const read = readDossierStream(text);
  const view = await buildDossierView(read.namespaces[0].events, read.api);
  return { read, snapshots: view.snapshots };
}

Deno.test("compareRuns() names what changed between the two runs of the real stream (diffDossiers)", async () => {
  const { read, snapshots } = await snapshotsOf(realStream(TWO_RUNS));
  const comparison = compareRuns(snapshots[0], snapshots[1], read.api);
  // The stream's README: plan.md edited, research.md added, spec.md made
  // unreadable (reported missing) in the second run.
  assert.deepEqual(comparison, {
    added: ["research.md"],
    removed: ["spec.md"],
    changed: ["plan.md"],
    anomaliesIntroduced: ["spec.md (default)"],
    anomaliesResolved: [],
    manifestVersions: null,
  });
  const findings = v3.diffDossiers(
    snapshots[0].state as unknown as v3.MissionDossierState,
    snapshots[1].state as unknown as v3.MissionDossierState,
  );
  assert.deepEqual(
    findings.map((finding) => finding.driftKind),
    [
      "artifact_added",
      "artifact_removed",
      "artifact_mutated",
      "anomaly_introduced",
    ],
  );
  const back = compareRuns(snapshots[1], snapshots[0], read.api);
  assert.deepEqual(back.added, ["spec.md"]);
  assert.deepEqual(back.anomaliesResolved, ["spec.md (default)"]);
  assert.deepEqual(compareRuns(snapshots[1], snapshots[1], read.api), {
    added: [],
    removed: [],
    changed: [],
    anomaliesIntroduced: [],
    anomaliesResolved: [],
    manifestVersions: null,
  });
});

Deno.test("compareRuns() tells a changed manifest version", async () => {
  const w = wire(V3);
  const next = V3.namespace({ manifest_version: "2" });
  const { read, snapshots } = await snapshotsOf(jsonl([
    w.indexed(1, "a.md"),
    w.snapshot(2),
    w.indexed(3, "a.md", { namespace: next }),
    w.snapshot(4, { namespace: next }),
  ]));
  // Two manifest versions are two namespaces: the journal has two missions.
  assert.equal(read.namespaces.length, 2);
  const second = await buildDossierView(read.namespaces[1].events, read.api);
  const comparison = compareRuns(snapshots[0], second.snapshots[0], read.api);
  assert.deepEqual(comparison.manifestVersions, ["1", "2"]);
  assert.deepEqual(comparison.changed, []);
});

Deno.test("compareRuns() compares contract 2.4.0 runs with that contract's diffDossiers", async () => {
  const text = Deno.readTextFileSync(
    new URL(
      "../conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
      import.meta.url,
    ),
  );
  const { read, snapshots } = await snapshotsOf(text);
  assert.equal(read.contract.version, "2.4.0");
  assert.equal(snapshots.length, 2);
  const findings = v2.diffDossiers(
    snapshots[0].state as unknown as v2.MissionDossierState,
    snapshots[1].state as unknown as v2.MissionDossierState,
  );
  const comparison = compareRuns(snapshots[0], snapshots[1], read.api);
  const pathsOf = (kind: string) =>
    findings.find((finding) => finding.driftKind === kind)?.artifactIds.map(
      (identity) => identity.path,
    ) ?? [];
  assert.deepEqual(comparison.added, pathsOf("artifact_added"));
  assert.deepEqual(comparison.removed, pathsOf("artifact_removed"));
  assert.deepEqual(comparison.changed, pathsOf("artifact_mutated"));
  assert.ok(findings.length > 0, "the second run replaced an artifact");
});
