import assert from "node:assert/strict";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import {
  buildDossierView,
  type DriftPoint,
  shortHash,
  type SnapshotPoint,
} from "../src/view/dossier_view_model.ts";
import { readDossierStream } from "../src/view/read_dossier_stream.ts";
import { VIEW_CONTRACTS } from "../src/view/view_contracts.ts";
import { V2, V3 } from "./_builders.ts";
import {
  jsonl,
  rawLines,
  realStream,
  realStreamNames,
  TWO_RUNS,
  wire,
} from "./_view_kit.ts";

async function viewOf(text: string) {
  const read = readDossierStream(text);
  return await buildDossierView(read.namespaces[0].events, read.api);
}

Deno.test("buildDossierView() ends on the state and verdict of the package's own functions, on every real stream", async (t) => {
  for (const name of realStreamNames()) {
    await t.step(name, async () => {
      const text = realStream(name);
      const view = await viewOf(text);
      const state = v3.reduceMissionDossier(
        v3.parseEventStream(text, { acceptEmptyBuildId: true }),
      );
      assert.equal(
        v3.serializeDossierState(
          view.state as unknown as v3.MissionDossierState,
        ),
        v3.serializeDossierState(state),
      );
      assert.deepEqual(view.parity, await v3.evaluateParity(state));
      assert.deepEqual(view.artifacts.map((row) => row.path), [
        ...state.artifacts.keys(),
      ]);
      assert.equal(view.slug, state.namespace?.mission_slug);
      // Every snapshot event of the stream is on the timeline, with its hash.
      const recorded = rawLines(text).filter((line) =>
        line.event_type === "MissionDossierSnapshotComputed"
      ).map((line) =>
        (line.payload as { snapshot_hash: string }).snapshot_hash
      );
      assert.deepEqual(
        view.snapshots.map((point) => point.snapshot.snapshot_hash),
        recorded,
      );
      for (const point of view.snapshots) {
        assert.equal(point.verdict.status, "clean");
        assert.equal(point.shortHash.length, 12);
        assert.ok(point.snapshot.snapshot_hash.includes(point.shortHash));
      }
    });
  }
});

Deno.test("buildDossierView() gives each run of the two-run real stream its verdict, the drift and the stale artifact", async () => {
  const text = realStream(TWO_RUNS);
  const view = await viewOf(text);
  assert.deepEqual(view.timeline.map((point) => point.kind), [
    "snapshot",
    "snapshot",
    "drift",
  ]);
  const drift = view.timeline[2] as DriftPoint;
  assert.equal(drift.afterSnapshot, 2);
  assert.deepEqual(drift.record, view.state.drift_history[0]);
  assert.equal(view.state.parity_status, "drifted");
  assert.equal(view.parity.status, "clean");
  assert.deepEqual(view.parity.staleArtifacts, ["spec.md"]);
  const standing = new Map(
    view.artifacts.map((row) => [row.path, row.standing]),
  );
  assert.equal(standing.get("spec.md"), "stale");
  assert.equal(
    [...standing.values()].filter((value) => value === "current").length,
    view.artifacts.length - 1,
  );
  // The first run's state is the state of the first run alone.
  const firstRun = rawLines(text);
  const cut = firstRun.findIndex((line) =>
    line.event_type === "MissionDossierSnapshotComputed"
  );
  const first = v3.reduceMissionDossier(
    v3.parseEventStream(jsonl(firstRun.slice(0, cut + 1)), {
      acceptEmptyBuildId: true,
    }),
  );
  assert.equal(
    v3.serializeDossierState(
      view.snapshots[0].state as unknown as v3.MissionDossierState,
    ),
    v3.serializeDossierState(first),
  );
  assert.deepEqual(view.snapshots[0].verdict, await v3.evaluateParity(first));
  assert.deepEqual(view.namespace.map(([name]) => name), [
    "mission_slug",
    "mission_type",
    "target_branch",
    "manifest_version",
    "project_uuid",
  ]);
});

Deno.test("buildDossierView() shows superseded, pending and anomalies from contract 2.4.0", async () => {
  const w = wire(V2);
  const text = jsonl([
    w.indexed(1, "spec.md", { step_id: "specify" }),
    w.indexed(2, "plan.md", {
      supersedes: V2.identity("spec.md"),
      content_ref: { hash: "ab", algorithm: "sha256", size_bytes: 12 },
    }),
    w.missing(3, "tasks.md", { remediation_hint: "run tasks" }),
    w.snapshot(4),
    w.indexed(5, "late.md"),
  ]);
  const view = await viewOf(text);
  assert.deepEqual(
    view.artifacts.map((row) => [row.path, row.standing, row.step, row.size]),
    [
      ["spec.md", "superseded", "specify", null],
      ["plan.md", "current", null, 12],
      ["late.md", "pending", null, null],
    ],
  );
  assert.deepEqual(view.anomalies, [{
    path: "tasks.md",
    artifactClass: "input",
    manifestStep: "required_always",
    checkedAt: "2026-02-21T14:05:00Z",
    remediationHint: "run tasks",
  }]);
  const state = v2.reduceMissionDossier(v2.parseEventStream(text));
  assert.deepEqual(view.parity, await v2.evaluateParity(state));
  assert.equal(view.namespace[0][0], "feature_slug");
  assert.equal(view.slug, "042-dossier");
});

Deno.test("buildDossierView() takes a snapshot once: not a duplicate, not a payload the fold skipped", async () => {
  const w = wire(V3);
  const snapshot = w.snapshot(2);
  const text = jsonl([
    w.indexed(1, "spec.md"),
    snapshot,
    { ...snapshot, lamport_clock: 3 },
    w.snapshot(4, { snapshot_hash: "" }),
    w.drift(5),
    w.drift(6, { drift_kind: "nonsense" }),
  ]);
  const view = await viewOf(text);
  assert.equal(view.snapshots.length, 1);
  assert.equal((view.timeline[0] as SnapshotPoint).ordinal, 1);
  assert.deepEqual(view.timeline.map((point) => point.kind), [
    "snapshot",
    "drift",
  ]);
  assert.equal(view.state.drift_history.length, 1);
});

Deno.test("buildDossierView() replays out-of-order input in sort order", async () => {
  const w = wire(V3);
  const events = [
    w.indexed(1, "a.md"),
    w.snapshot(2),
    w.indexed(3, "b.md"),
    w.snapshot(4),
  ];
  const inOrder = await viewOf(jsonl(events));
  const reversed = await viewOf(jsonl([...events].reverse()));
  assert.deepEqual(
    reversed.snapshots.map((point) => point.eventId),
    inOrder.snapshots.map((point) => point.eventId),
  );
  assert.deepEqual(reversed.artifacts, inOrder.artifacts);
});

Deno.test("buildDossierView() of a stream without a namespace shows none", async () => {
  const view = await buildDossierView(
    [],
    VIEW_CONTRACTS["3.0.0"],
  );
  assert.deepEqual(view.namespace, []);
  assert.equal(view.slug, null);
  assert.equal(view.parity.status, "unknown");
  assert.deepEqual(view.timeline, []);
});

Deno.test("shortHash() keeps the first 12 hex digits, with or without a prefix", () => {
  assert.equal(shortHash("sha256:294e91388fc804948ce2"), "294e91388fc8");
  assert.equal(shortHash("294e91388fc804948ce2"), "294e91388fc8");
  assert.equal(shortHash("ab"), "ab");
});
