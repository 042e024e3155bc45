// reconcileMission() and its inputs: the recorded snapshot read with the
// CLI's rules or taken from an event stream, each verdict and each kind of
// difference, the CLI's errors, and the human form.

import assert from "node:assert/strict";
import {
  eventsToJsonl,
  formatReconcileResult,
  indexMission,
  missionFromFiles,
  parseRecordedSnapshot,
  readRecordedSnapshot,
  reconcileMission,
  recordedSnapshotFromEvents,
} from "../indexer.ts";
import { parseEventStream } from "../v3.ts";

const UUID = "11111111-2222-4333-8444-555555555555";
const SNAPSHOT = ".kittify/dossiers/m/snapshot-latest.json";

async function recordedFile(files: Record<string, string>): Promise<string> {
  const { snapshotFile } = await indexMission(
    missionFromFiles(files, { name: "m" }),
    { projectUuid: UUID },
  );
  return snapshotFile!;
}

Deno.test("reconcileMission() finds parity right after indexing, and each kind of divergence after changes", async () => {
  const before = { "spec.md": "s\n", "plan.md": "p\n", "tasks.md": "t\n" };
  const file = await recordedFile(before);
  const parity = await reconcileMission(
    missionFromFiles({ ...before, [SNAPSHOT]: file }, { name: "m" }),
  );
  assert.equal(parity.status, "parity");
  assert.equal(parity.rebuilt_hash, parity.recorded_hash);
  assert.equal(parity.error, null);
  assert.equal(
    formatReconcileResult(parity),
    "PARITY m — dossier matches the recorded snapshot\n",
  );

  const after = missionFromFiles({
    "spec.md": "s2\n",
    "tasks.md": "t\n",
    "notes.md": "n\n",
    [SNAPSHOT]: file,
  }, { name: "m" });
  const result = await reconcileMission(after);
  assert.equal(result.status, "divergence");
  assert.notEqual(result.rebuilt_hash, result.recorded_hash);
  assert.deepEqual(
    result.differing_artifacts.map((
      item,
    ) => [
      item.artifact_path,
      item.kind,
      item.source_hash === null,
      item.recorded_hash === null,
    ]),
    [
      ["notes.md", "missing_in_projection", false, true],
      ["plan.md", "missing_in_source", true, false],
      ["spec.md", "content_mismatch", false, false],
    ],
  );
  assert.equal(
    formatReconcileResult(result),
    "DIVERGENCE m — 3 artifact(s) differ:\n  • notes.md (missing_in_projection)\n  • plan.md (missing_in_source)\n  • spec.md (content_mismatch)\n",
  );
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(result))), [
    "mission",
    "status",
    "rebuilt_hash",
    "recorded_hash",
    "differing_artifacts",
    "error",
  ]);
});

Deno.test("reconcileMission() reports the CLI's errors as results", async (t) => {
  await t.step("no recorded snapshot", async () => {
    const result = await reconcileMission(
      missionFromFiles({ "spec.md": "s\n" }, { name: "m" }),
    );
    assert.equal(result.status, "error");
    assert.equal(
      result.error,
      "no recorded snapshot to reconcile against for m",
    );
    assert.equal(result.rebuilt_hash, null);
    assert.equal(
      formatReconcileResult(result),
      "ERROR m — no recorded snapshot to reconcile against for m\n",
    );
  });
  for (
    const [name, text, reason] of [
      ["not JSON", "{", /could not load recorded snapshot for m: .*JSON/],
      [
        "not UTF-8",
        new Uint8Array([0xff]),
        /could not load recorded snapshot for m: Cannot read .*not valid UTF-8/,
      ],
      [
        "a legacy feature_slug",
        '{"feature_slug": "m"}',
        /could not load recorded snapshot for m: .*"mission_slug" is required.*legacy/,
      ],
    ] as const
  ) {
    await t.step(name, async () => {
      const result = await reconcileMission(
        missionFromFiles({ [SNAPSHOT]: text }, { name: "m" }),
      );
      assert.equal(result.status, "error");
      assert.match(result.error!, reason);
    });
  }
  await t.step("a folder that cannot be indexed", async () => {
    const recorded = parseRecordedSnapshot(
      await recordedFile({ "spec.md": "s\n" }),
    );
    const result = await reconcileMission(
      missionFromFiles({ "notes (1).md": "x" }, { name: "m" }),
      recorded,
    );
    assert.equal(result.status, "error");
    assert.match(
      result.error!,
      /^could not rebuild dossier from source for m: Cannot index mission "m": notes \(1\)\.md: /,
    );
  });
  await t.step("a path recorded twice", async () => {
    const recorded = {
      missionSlug: "m",
      recordedHash: null,
      artifacts: [["a", "1"], ["a", "2"]] as const,
    };
    const result = await reconcileMission(
      missionFromFiles({}, { name: "m" }),
      recorded,
    );
    assert.equal(
      result.error,
      "duplicate artifact path in the recorded snapshot of m: a",
    );
  });
});

Deno.test("reconcileMission() fixes the mission type at software-dev as the CLI does, unless told otherwise", async () => {
  const files = {
    "meta.json": '{"mission_type": "research"}',
    "spec.md": "s\n",
    "research/source-register.csv": "a\n",
  };
  const recorded = parseRecordedSnapshot(
    await recordedFile({ "spec.md": "s\n" }),
  );
  const project = missionFromFiles({
    ".kittify/config.yaml":
      "doctrine:\n  org:\n    packs:\n      - local_path: packs\n",
    "packs/research/expected-artifacts.yaml":
      "mission_type: research\nmanifest_version: '1'\nextra: 1\n",
  });
  const cli = await reconcileMission(
    missionFromFiles(files, { name: "m" }),
    recorded,
    { project },
  );
  assert.equal(
    cli.status,
    "divergence",
    "the research org pack is not consulted",
  );
  const research = await reconcileMission(
    missionFromFiles(files, { name: "m" }),
    recorded,
    { project, missionType: "research" },
  );
  assert.match(research.error!, /manifest-schema/);
});

Deno.test("parseRecordedSnapshot() and readRecordedSnapshot() read snapshot-latest.json with the CLI's rules", async (t) => {
  const cases: [string, string, RegExp][] = [
    ["an array", "[]", /must be a JSON object: received an array/],
    ["a number", "1", /must be a JSON object: received 1/],
    [
      "no slug",
      "{}",
      /"mission_slug" is required \(a string\): received null$/,
    ],
    [
      "summaries not a list",
      '{"mission_slug": "m", "artifact_summaries": {}}',
      /"artifact_summaries" must be a list/,
    ],
    [
      "a summary not an object",
      '{"mission_slug": "m", "artifact_summaries": [1]}',
      /"artifact_summaries\[0\]" must be an object/,
    ],
    [
      "no path",
      '{"mission_slug": "m", "artifact_summaries": [{"is_present": true}]}',
      /relative_path" must be a string/,
    ],
    [
      "presence not a boolean",
      '{"mission_slug": "m", "artifact_summaries": [{"relative_path": "a", "is_present": 1}]}',
      /is_present" must be a boolean/,
    ],
    [
      "hash not a string",
      '{"mission_slug": "m", "artifact_summaries": [{"relative_path": "a", "is_present": true, "content_hash_sha256": 1}]}',
      /content_hash_sha256" must be a string or null/,
    ],
  ];
  for (const [name, text, message] of cases) {
    await t.step(
      name,
      () => assert.throws(() => parseRecordedSnapshot(text), message),
    );
  }
  await t.step("absent summaries, an absent hash", () => {
    assert.deepEqual(parseRecordedSnapshot('{"mission_slug": "m"}'), {
      missionSlug: "m",
      artifacts: [],
      recordedHash: null,
    });
  });
  await t.step("read from the mission folder", async () => {
    const source = missionFromFiles({
      [SNAPSHOT]: await recordedFile({ "spec.md": "s\n" }),
    });
    const recorded = await readRecordedSnapshot(source, "m");
    assert.deepEqual(recorded?.artifacts.map(([path]) => path), ["spec.md"]);
    assert.match(recorded!.recordedHash!, /^sha256:/);
  });
});

Deno.test("recordedSnapshotFromEvents() takes the latest snapshot run of a stream", async () => {
  const options = { projectUuid: UUID };
  const first = await indexMission(
    missionFromFiles({ "spec.md": "s\n", "old.md": "o\n" }, { name: "m" }),
    options,
  );
  const second = await indexMission(
    missionFromFiles({ "spec.md": "s2\n" }, { name: "m" }),
    {
      ...options,
      firstLamportClock: 10,
    },
  );
  const events = parseEventStream(
    eventsToJsonl([...first.events, ...second.events]),
  );
  const recorded = recordedSnapshotFromEvents(events)!;
  assert.deepEqual(recorded.artifacts, [[
    "spec.md",
    second.records[0].content_hash,
  ]]);
  assert.equal(recorded.recordedHash, second.snapshot?.snapshot_hash);
  const verdict = await reconcileMission(
    missionFromFiles({ "spec.md": "s2\n" }, { name: "m" }),
    recorded,
  );
  assert.equal(verdict.status, "parity");
  assert.equal(
    recordedSnapshotFromEvents(
      events.filter((event) =>
        event.event_type !== "MissionDossierSnapshotComputed"
      ),
    ),
    null,
  );
});
