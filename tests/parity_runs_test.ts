// The producer's parity verdict (docs/contract.md, "Parity as the producer sees it"): a snapshot is checked
// against what its index run indexed, the artifacts the state still holds
// from earlier runs are named stale, bare 64-hex hashes are checked with the
// retired formula, and the hash check is never confused with the state's
// parity_status. Expected hashes come from tests/_parity_oracle.ts
// (node:crypto), never from the code under test.
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { type ContractKit, CONTRACTS, ulid } from "./_builders.ts";
import {
  expectedLegacyParityHash,
  expectedParityHash,
  sha256Text,
} from "./_parity_oracle.ts";
import { runCliOnFiles } from "./_cli_kit.ts";

const FOLDER = new URL("./data/real-streams/", import.meta.url);
const TWO_RUNS =
  "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl";

type Json = Record<string, unknown>;

interface RealStream {
  readonly name: string;
  readonly lines: readonly Json[];
}

const REAL: RealStream[] = [];
for await (const entry of Deno.readDir(FOLDER)) {
  if (!entry.name.endsWith(".jsonl")) continue;
  const text = await Deno.readTextFile(new URL(entry.name, FOLDER));
  REAL.push({
    name: entry.name,
    lines: text.split("\n").filter((line) => line !== "").map((line) =>
      JSON.parse(line)
    ),
  });
}
REAL.sort((a, b) => a.name < b.name ? -1 : 1);

const reduceV3 = (lines: readonly Json[]) =>
  v3.reduceMissionDossier(
    lines.map((line) => v3.parseEvent(line, { acceptEmptyBuildId: true })),
  );

const isSnapshot = (line: Json) =>
  line.event_type === "MissionDossierSnapshotComputed";
const isIndexed = (line: Json) =>
  line.event_type === "MissionDossierArtifactIndexed";

/** The real stream with one line changed (or dropped, when `change` returns null). */
function tampered(
  lines: readonly Json[],
  index: number,
  change: (line: Json) => Json | null,
): Json[] {
  const out: Json[] = [];
  lines.forEach((line, at) => {
    const changed = at === index ? change(structuredClone(line)) : line;
    if (changed !== null) out.push(changed);
  });
  return out;
}

Deno.test("evaluateParity() gives the producer's verdict at every snapshot of every real stream", async (t) => {
  for (const stream of REAL) {
    await t.step(stream.name, async () => {
      let snapshots = 0;
      for (let end = 0; end < stream.lines.length; end++) {
        if (!isSnapshot(stream.lines[end])) continue;
        snapshots++;
        const evaluation = await v3.evaluateParity(
          reduceV3(stream.lines.slice(0, end + 1)),
        );
        const payload = stream.lines[end].payload as Json;
        assert.equal(evaluation.status, "clean", `snapshot on line ${end + 1}`);
        assert.equal(evaluation.basis, "run");
        assert.equal(evaluation.formula, "current");
        assert.equal(evaluation.expectedHash, payload.snapshot_hash);
        assert.equal(evaluation.actualHash, payload.snapshot_hash);
        assert.equal(evaluation.snapshotEventId, stream.lines[end].event_id);
        assert.equal(evaluation.snapshotIndex, end);
      }
      assert.ok(snapshots >= 1);
    });
  }
});

Deno.test("evaluateParity() names the artifacts the state holds that the last run did not index", async () => {
  const stream = REAL.find((stream) => stream.name === TWO_RUNS)!;
  const state = reduceV3(stream.lines);
  // The state keeps run 1's spec.md (the reference's fold; the state must
  // not change): run 2 could not read it and reported it missing.
  assert.ok(state.artifacts.has("spec.md"));
  assert.equal(state.parity_status, "drifted");
  const evaluation = await v3.evaluateParity(state);
  assert.equal(evaluation.status, "clean");
  assert.deepEqual(evaluation.staleArtifacts, ["spec.md"]);
  assert.deepEqual(evaluation.pendingArtifacts, []);
  assert.equal(evaluation.recordedDriftEvents, 1);
  assert.equal(
    evaluation.actualHash,
    expectedParityHash(
      stream.lines.slice(stream.lines.findIndex(isSnapshot) + 1).filter(
        isIndexed,
      ).map((line) => {
        const payload = line.payload as {
          artifact_id: { path: string };
          content_ref: { hash: string };
        };
        return [payload.artifact_id.path, payload.content_ref.hash];
      }),
    ),
  );
  assert.match(evaluation.actualHash, /^sha256:294e9138/);
});

Deno.test("evaluateParity() finds a real stream drifted when an event of its last run is lost or altered", async (t) => {
  for (const stream of REAL) {
    const last = stream.lines.findLastIndex(isSnapshot);
    const firstOfRun = stream.lines.slice(0, last).findLastIndex(isSnapshot) +
      1;
    const indexedOfRun = stream.lines.slice(firstOfRun, last).findIndex(
      isIndexed,
    ) + firstOfRun;
    await t.step(`${stream.name}: an indexed event dropped`, async () => {
      const lines = tampered(stream.lines, indexedOfRun, () => null);
      const evaluation = await v3.evaluateParity(reduceV3(lines));
      assert.equal(evaluation.status, "drifted");
    });
    await t.step(`${stream.name}: a content hash altered`, async () => {
      const lines = tampered(stream.lines, indexedOfRun, (line) => {
        const payload = line.payload as { content_ref: { hash: string } };
        payload.content_ref.hash = `${payload.content_ref.hash.slice(0, -1)}0`;
        if (
          payload.content_ref.hash === (stream.lines[indexedOfRun]
            .payload as typeof payload).content_ref.hash
        ) {
          payload.content_ref.hash = `${
            payload.content_ref.hash.slice(0, -1)
          }1`;
        }
        return line;
      });
      const evaluation = await v3.evaluateParity(reduceV3(lines));
      assert.equal(evaluation.status, "drifted");
    });
  }
});

Deno.test("evaluateParity() gives both hashes in one form: sha256: and lowercase hex", async () => {
  const stream = REAL[0];
  const last = stream.lines.findLastIndex(isSnapshot);
  const upper = tampered(stream.lines, last, (line) => {
    const payload = line.payload as { snapshot_hash: string };
    payload.snapshot_hash = payload.snapshot_hash.toUpperCase();
    return line;
  });
  const evaluation = await v3.evaluateParity(reduceV3(upper));
  assert.equal(evaluation.status, "clean");
  assert.equal(evaluation.expectedHash, evaluation.actualHash);
  assert.match(evaluation.expectedHash!, /^sha256:[0-9a-f]{64}$/);
  assert.equal(
    evaluation.recordedHash,
    (stream.lines[last].payload as { snapshot_hash: string }).snapshot_hash
      .toUpperCase(),
  );
});

// ── Legacy snapshot hashes ───────────────────────────────────────────────

for (const c of CONTRACTS) {
  Deno.test(`evaluateParity() checks a bare 64-hex snapshot hash with the retired formula (${c.version})`, async (t) => {
    const artifacts: [string, string][] = [
      ["spec.md", "e3b0c4"],
      ["plan.md", "7f2a"],
      ["tasks/WP01.md", "0a0b"],
    ];
    const legacy = expectedLegacyParityHash(artifacts);
    const events = (snapshotHash: string) => [
      ...artifacts.map(([path, hash], index) =>
        c.indexed(index + 1, path, {
          content_ref: { hash, algorithm: "sha256" },
        })
      ),
      c.snapshot(artifacts.length + 1, { snapshot_hash: snapshotHash }),
    ];
    await t.step(
      "the legacy hash of the run: clean, formula legacy",
      async () => {
        const evaluation = await c.api.evaluateParity(
          c.api.reduceMissionDossier(events(legacy)),
        );
        assert.equal(evaluation.status, "clean");
        assert.equal(evaluation.formula, "legacy");
        assert.equal(evaluation.expectedHash, `sha256:${legacy}`);
        assert.equal(evaluation.actualHash, `sha256:${legacy}`);
        assert.equal(evaluation.recordedHash, legacy);
      },
    );
    await t.step("in upper case too", async () => {
      const evaluation = await c.api.evaluateParity(
        c.api.reduceMissionDossier(events(legacy.toUpperCase())),
      );
      assert.equal(evaluation.status, "clean");
      assert.equal(evaluation.formula, "legacy");
    });
    await t.step(
      "another bare hash: drifted, checked with the legacy formula",
      async () => {
        const other = expectedLegacyParityHash([...artifacts, ["x", "1"]]);
        const evaluation = await c.api.evaluateParity(
          c.api.reduceMissionDossier(events(other)),
        );
        assert.equal(evaluation.status, "drifted");
        assert.equal(evaluation.formula, "legacy");
        assert.equal(evaluation.actualHash, `sha256:${legacy}`);
      },
    );
    await t.step(
      "the legacy formula ignores paths; the current one does not",
      async () => {
        const renamed = [
          ...artifacts.slice(1).map(([path, hash], index) =>
            c.indexed(index + 1, path, {
              content_ref: { hash, algorithm: "sha256" },
            })
          ),
          c.indexed(9, "docs/spec.md", {
            content_ref: { hash: artifacts[0][1], algorithm: "sha256" },
          }),
        ];
        const legacyState = c.api.reduceMissionDossier([
          ...renamed,
          c.snapshot(10, { snapshot_hash: legacy }),
        ]);
        assert.equal((await c.api.evaluateParity(legacyState)).status, "clean");
        const current = expectedParityHash(artifacts);
        const currentState = c.api.reduceMissionDossier([
          ...renamed,
          c.snapshot(10, { snapshot_hash: current }),
        ]);
        const evaluation = await c.api.evaluateParity(currentState);
        assert.equal(evaluation.status, "drifted");
        assert.equal(evaluation.formula, "current");
      },
    );
    await t.step(
      "a bare hash of the current formula reads as current",
      async () => {
        const bare = expectedParityHash(artifacts).slice("sha256:".length);
        const evaluation = await c.api.evaluateParity(
          c.api.reduceMissionDossier(events(bare)),
        );
        assert.equal(evaluation.status, "clean");
        assert.equal(evaluation.formula, "current");
      },
    );
    await t.step(
      "a state built by hand: its live artifacts, basis state",
      async () => {
        const built = c.api.reduceMissionDossier(events(legacy));
        const copy = c.api.parseDossierState(
          c.api.serializeDossierState(built),
        );
        const evaluation = await c.api.evaluateParity(copy);
        assert.equal(evaluation.basis, "state");
        assert.equal(evaluation.status, "clean");
        assert.equal(evaluation.formula, "legacy");
        const altered = await c.api.evaluateParity({
          ...copy,
          latest_snapshot: {
            ...copy.latest_snapshot!,
            snapshot_hash: expectedLegacyParityHash(artifacts.slice(1)),
          },
        });
        assert.equal(altered.status, "drifted");
      },
    );
  });
}

// ── Index runs, generated ────────────────────────────────────────────────

/** One file of a mission folder as the producer sees it between runs. */
interface MissionFile {
  readonly content: string;
  readonly readable: boolean;
  readonly required: boolean;
}

type Change =
  | { readonly kind: "edit"; readonly pick: number; readonly content: string }
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "add"; readonly name: string; readonly required: boolean }
  | { readonly kind: "unreadable"; readonly pick: number }
  | { readonly kind: "restore"; readonly pick: number }
  | { readonly kind: "rename"; readonly pick: number; readonly name: string };

const fileName = fc.constantFrom(
  "spec.md",
  "plan.md",
  "tasks.md",
  "research.md",
  "data-model.md",
  "tasks/WP01.md",
  "tasks/WP02.md",
  "checklists/requirements.md",
  "é😀.md",
);
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant("edit" as const),
    pick: fc.nat(),
    content: fc.string({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    name: fileName,
    required: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("unreadable" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("restore" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("rename" as const),
    pick: fc.nat(),
    name: fileName,
  }),
);

function apply(files: Map<string, MissionFile>, step: Change): void {
  const paths = [...files.keys()];
  if (step.kind === "add") {
    if (!files.has(step.name)) {
      files.set(step.name, {
        content: `first ${step.name}`,
        readable: true,
        required: step.required,
      });
    }
    return;
  }
  if (paths.length === 0) return;
  const path = paths[step.pick % paths.length];
  const file = files.get(path)!;
  switch (step.kind) {
    case "edit":
      files.set(path, { ...file, content: step.content });
      return;
    case "delete":
      files.delete(path);
      return;
    case "unreadable":
      files.set(path, { ...file, readable: false });
      return;
    case "restore":
      files.set(path, { ...file, readable: true });
      return;
    case "rename":
      if (!files.has(step.name)) {
        files.delete(path);
        files.set(step.name, file);
      }
  }
}

/** A mission's runs: the files at first, the changes made before each run, and the order files are indexed in. */
interface MissionRuns {
  readonly initial: readonly string[];
  readonly runs: readonly {
    readonly changes: readonly Change[];
    readonly order: number;
  }[];
}

const missionRuns: fc.Arbitrary<MissionRuns> = fc.record({
  initial: fc.uniqueArray(fileName, { minLength: 1, maxLength: 6 }),
  runs: fc.array(
    fc.record({
      changes: fc.array(change, { maxLength: 4 }),
      order: fc.nat(),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

interface Generated {
  readonly events: Json[];
  /** The position of each run's SnapshotComputed in `events`, and the paths the run indexed. */
  readonly snapshots: { readonly at: number; readonly indexed: string[] }[];
}

/** The events an index run of the producer writes, run after run (docs/contract.md, "Parity as the producer sees it"). */
function indexRuns(
  c: ContractKit,
  input: MissionRuns,
): Generated {
  const files = new Map<string, MissionFile>(
    input.initial.map((name, index) => [name, {
      content: `v0 ${name}`,
      readable: true,
      required: index % 2 === 0,
    }]),
  );
  const events: Json[] = [];
  const snapshots: Generated["snapshots"] = [];
  const event = (eventType: string, payload: Json) => {
    const clock = events.length + 1;
    events.push(c.envelope({
      event_id: ulid(clock),
      lamport_clock: clock,
      event_type: eventType,
      payload,
    }));
  };
  for (const run of input.runs) {
    for (const step of run.changes) apply(files, step);
    const present = [...files].filter(([, file]) => file.readable);
    // The producer walks the folder in some order of its own.
    const rotation = present.length === 0 ? 0 : run.order % present.length;
    const walked = [...present.slice(rotation), ...present.slice(0, rotation)];
    const indexed: [string, string][] = [];
    for (const [path, file] of walked) {
      const hash = sha256Text(file.content).slice("sha256:".length);
      indexed.push([path, hash]);
      event(
        "MissionDossierArtifactIndexed",
        c.indexedPayload(path, {
          content_ref: { hash, algorithm: "sha256" },
        }),
      );
    }
    const unreadable = [...files].filter(([, file]) =>
      !file.readable && file.required
    );
    for (const [path] of unreadable) {
      event(
        "MissionDossierArtifactMissing",
        c.missingPayload(path, {
          manifest_step: "default",
        }),
      );
    }
    event(
      "MissionDossierSnapshotComputed",
      c.snapshotPayload({
        snapshot_hash: expectedParityHash(indexed),
        artifact_count: indexed.length,
        anomaly_count: unreadable.length,
      }),
    );
    snapshots.push({
      at: events.length - 1,
      indexed: indexed.map(([path]) => path),
    });
  }
  return { events, snapshots };
}

const byCodePoint = (a: string, b: string) => {
  const x = Array.from(a, (char) => char.codePointAt(0)!);
  const y = Array.from(b, (char) => char.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
};

for (const c of CONTRACTS) {
  Deno.test(`evaluateParity() is clean at every snapshot of generated index runs, and names the stale artifacts (${c.version})`, async () => {
    await fc.assert(
      fc.asyncProperty(missionRuns, async (input) => {
        const { events, snapshots } = indexRuns(c, input);
        const everIndexed = new Set<string>();
        let start = 0;
        for (const { at, indexed } of snapshots) {
          for (const path of indexed) everIndexed.add(path);
          const state = c.api.reduceMissionDossier(
            events.slice(0, at + 1).map((event) => c.api.parseEvent(event)),
          );
          const evaluation = await c.api.evaluateParity(state);
          assert.equal(evaluation.status, "clean");
          assert.equal(evaluation.basis, "run");
          assert.deepEqual(
            evaluation.staleArtifacts,
            [...everIndexed].filter((path) => !indexed.includes(path)).sort(
              byCodePoint,
            ),
          );
          assert.deepEqual(evaluation.pendingArtifacts, []);
          start = at + 1;
        }
        assert.equal(start, events.length);
      }),
      { numRuns: 60 },
    );
  });

  Deno.test(`evaluateParity() finds tampered generated index runs drifted at that run's snapshot (${c.version})`, async () => {
    await fc.assert(
      fc.asyncProperty(
        missionRuns,
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        async (input, runPick, eventPick, drop) => {
          const { events, snapshots } = indexRuns(c, input);
          const run = runPick % snapshots.length;
          const from = run === 0 ? 0 : snapshots[run - 1].at + 1;
          const indexedAt = events.slice(from, snapshots[run].at).flatMap((
            event,
            offset,
          ) =>
            event.event_type === "MissionDossierArtifactIndexed"
              ? [from + offset]
              : []
          );
          fc.pre(indexedAt.length > 0);
          const target = indexedAt[eventPick % indexedAt.length];
          const changed = structuredClone(events);
          if (drop) changed.splice(target, 1);
          else {
            (changed[target].payload as { content_ref: { hash: string } })
              .content_ref.hash = "tampered";
          }
          const end = snapshots[run].at - (drop ? 1 : 0);
          const state = c.api.reduceMissionDossier(
            changed.slice(0, end + 1).map((event) => c.api.parseEvent(event)),
          );
          assert.equal((await c.api.evaluateParity(state)).status, "drifted");
        },
      ),
      { numRuns: 60 },
    );
  });
}

Deno.test("evaluateParity() lists the artifacts indexed after the latest snapshot as pending", async () => {
  const stream = REAL.find((stream) => stream.name === TWO_RUNS)!;
  const firstSnapshot = stream.lines.findIndex(isSnapshot);
  // Run 1, its snapshot, and the first three events of run 2.
  const evaluation = await v3.evaluateParity(
    reduceV3(stream.lines.slice(0, firstSnapshot + 4)),
  );
  assert.equal(evaluation.status, "clean");
  assert.equal(evaluation.snapshotIndex, firstSnapshot);
  assert.deepEqual(
    evaluation.pendingArtifacts,
    stream.lines.slice(firstSnapshot + 1, firstSnapshot + 4).filter(isIndexed)
      .map((line) =>
        (line.payload as { artifact_id: { path: string } })
          .artifact_id.path
      ).sort(byCodePoint),
  );
  assert.deepEqual(evaluation.staleArtifacts, []);
});

Deno.test("diffDossiers() counts an artifact the producer no longer has as removed", () => {
  const stream = REAL.find((stream) => stream.name === TWO_RUNS)!;
  const firstSnapshot = stream.lines.findIndex(isSnapshot);
  const baseline = reduceV3(stream.lines.slice(0, firstSnapshot + 1));
  const current = reduceV3(stream.lines);
  const findings = v3.diffDossiers(baseline, current);
  const kinds = Object.fromEntries(
    findings.map((finding) => [
      finding.driftKind,
      finding.artifactIds.map((identity) => identity.path),
    ]),
  );
  // spec.md is still in the state, but run 2 did not index it.
  assert.deepEqual(kinds.artifact_removed, ["spec.md"]);
  assert.deepEqual(kinds.artifact_added, ["research.md"]);
  assert.ok(kinds.artifact_mutated.includes("plan.md"));
  assert.deepEqual(kinds.anomaly_introduced, ["spec.md"]);
  // Read back from JSON, the baseline has no runs: its live artifacts count.
  const stored = v3.parseDossierState(v3.serializeDossierState(baseline));
  assert.deepEqual(
    v3.diffDossiers(stored, current).find((finding) =>
      finding.driftKind === "artifact_removed"
    )?.artifactIds.map((identity) => identity.path),
    ["spec.md"],
  );
});

// ── The command line ─────────────────────────────────────────────────────

const cli = runCliOnFiles;

const jsonl = (lines: readonly Json[]) =>
  lines.map((line) => JSON.stringify(line)).join("\n") + "\n";

Deno.test("dossier parity --json prints the producer's verdict on every real stream, and drifted on a tampered one", async (t) => {
  for (const stream of REAL) {
    await t.step(stream.name, async () => {
      const run = await cli(
        ["parity", "--json", "--accept-empty-build-id", "-"],
        jsonl(stream.lines),
      );
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      const last = stream.lines.findLastIndex(isSnapshot);
      assert.deepEqual(
        Object.keys(out),
        [
          "status",
          "formula",
          "basis",
          "expected_hash",
          "actual_hash",
          "recorded_hash",
          "snapshot",
          "stale_artifacts",
          "pending_artifacts",
          "recorded_drift_events",
          "parity_status",
          "contract",
          "events",
          "rejected",
        ],
      );
      assert.equal(out.status, "clean");
      assert.deepEqual(out.snapshot, {
        event_id: stream.lines[last].event_id,
        line: last + 1,
      });
      assert.equal(out.contract.version, "3.0.0");
      assert.equal(out.events.received, stream.lines.length);
      assert.deepEqual(
        out.stale_artifacts,
        stream.name === TWO_RUNS ? ["spec.md"] : [],
      );
      const indexedOfLast = stream.lines.slice(0, last).findLastIndex(
        isIndexed,
      );
      const dropped = await cli(
        ["parity", "--json", "--accept-empty-build-id", "-"],
        jsonl(tampered(stream.lines, indexedOfLast, () => null)),
      );
      assert.equal(dropped.code, 1);
      assert.equal(JSON.parse(dropped.stdout).status, "drifted");
    });
  }
});

Deno.test("dossier parity names the hash check and the recorded drift events apart", async () => {
  const stream = REAL.find((stream) => stream.name === TWO_RUNS)!;
  const run = await cli(
    ["parity", "--accept-empty-build-id", "-"],
    jsonl(stream.lines),
  );
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split("\n");
  assert.equal(
    lines[0],
    "Events: 32 read · 32 applied · 0 duplicates · 0 ignored · 0 rejected",
  );
  assert.equal(
    lines[1],
    "Hash check: clean (the latest snapshot's hash is the hash of what its index run indexed)",
  );
  assert.match(
    lines[2],
    /^ {2}snapshot {4}sha256:294e9138.* {2}event 01M8SPDVX1X2XTBT582C1W93Q9, line 31$/,
  );
  assert.match(
    lines[3],
    /^ {2}recomputed {2}sha256:294e9138.* {2}current formula$/,
  );
  assert.equal(
    lines[4],
    "  stale       1 artifact the state holds that the run did not index (deleted, renamed or unreadable): spec.md",
  );
  assert.match(
    lines[5],
    /^Recorded drift events: 1 \(the state's parity_status says drifted for good/,
  );
  const reduced = await cli(
    ["reduce", "--accept-empty-build-id", "-"],
    jsonl(stream.lines),
  );
  assert.match(
    reduced.stdout,
    /\nRecorded drift events: 1 \(parity_status: drifted\)\nHash check: clean · stale: spec\.md \(dossier parity for the details\)\n/,
  );
});

Deno.test("dossier parity and drift list rejected events before the verdict and fail on them unless --allow-rejected", async (t) => {
  const stream = REAL.find((stream) => stream.name === TWO_RUNS)!;
  const broken = tampered(stream.lines, 2, (line) => {
    (line.payload as Json).content_ref = null;
    return line;
  });
  await t.step("parity", async () => {
    const run = await cli(
      ["parity", "--accept-empty-build-id", "-"],
      jsonl(broken),
    );
    assert.equal(run.code, 1);
    const lines = run.stdout.split("\n");
    assert.equal(
      lines[0],
      "Events: 32 read · 31 applied · 0 duplicates · 0 ignored · 1 rejected",
    );
    assert.equal(
      lines[1],
      "1 rejected event: dossier events whose payload does not validate, left out of the verdict below",
    );
    assert.equal(
      lines[2],
      `  line 3: ${stream.lines[2].event_id} MissionDossierArtifactIndexed`,
    );
    assert.equal(
      lines[3],
      "    payload.content_ref: must be an object: received null",
    );
    assert.match(lines[4], /^Hash check: /);
    assert.equal(
      run.stderr,
      "dossier parity: Cannot pass: 1 dossier event was rejected, so the verdict covers only what could be read (--allow-rejected lets it pass)\n",
    );
    const allowed = await cli(
      ["parity", "--allow-rejected", "--accept-empty-build-id", "-"],
      jsonl(broken),
    );
    // The rejected event was indexed in run 1: run 2's verdict stands.
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(allowed.stderr, "");
  });
  await t.step("parity --json", async () => {
    const run = await cli(
      ["parity", "--json", "--accept-empty-build-id", "-"],
      jsonl(broken),
    );
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout);
    assert.equal(out.events.rejected, 1);
    assert.deepEqual(out.rejected, [{
      line: 3,
      event_id: stream.lines[2].event_id,
      event_type: "MissionDossierArtifactIndexed",
      issues: [{
        path: "payload.content_ref",
        message: "must be an object",
        type: "custom",
      }],
    }]);
  });
  await t.step("drift --json", async () => {
    const baseline = await Deno.makeTempFile({ suffix: ".json" });
    const firstSnapshot = stream.lines.findIndex(isSnapshot);
    await Deno.writeTextFile(
      baseline,
      v3.serializeDossierState(
        reduceV3(stream.lines.slice(0, firstSnapshot + 1)),
      ),
    );
    const run = await cli(
      [
        "drift",
        "--json",
        "--baseline",
        baseline,
        "--accept-empty-build-id",
        "-",
      ],
      jsonl(broken),
    );
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(out), [
      "drift",
      "findings",
      "contract",
      "events",
      "rejected",
    ]);
    assert.equal(out.drift, true);
    assert.deepEqual(
      out.findings.map((finding: { drift_kind: string }) => finding.drift_kind),
      [
        "artifact_added",
        "artifact_removed",
        "artifact_mutated",
        "anomaly_introduced",
      ],
    );
    assert.equal(out.rejected.length, 1);
    const unchanged = await cli(
      [
        "drift",
        "--json",
        "--baseline",
        baseline,
        "--accept-empty-build-id",
        "-",
      ],
      jsonl(stream.lines.slice(0, firstSnapshot + 1)),
    );
    assert.equal(unchanged.code, 0, unchanged.stderr);
    assert.deepEqual(JSON.parse(unchanged.stdout).findings, []);
    // drift --payloads: stdout the payloads, the first rejected on the one stderr line.
    {
      const args = ["drift", "--payloads", "--baseline", baseline];
      const run = await cli(
        [...args, "--accept-empty-build-id", "-"],
        jsonl(broken),
      );
      assert.equal(run.code, 1);
      const payloads = run.stdout.trimEnd().split("\n").map((line) =>
        JSON.parse(line)
      );
      assert.deepEqual(
        payloads.map((payload) => payload.drift_kind),
        out.findings.map((finding: { drift_kind: string }) =>
          finding.drift_kind
        ),
      );
      assert.equal(
        run.stderr,
        `dossier drift: Cannot pass: 1 dossier event was rejected (the first, line 3: ${
          stream.lines[2].event_id
        }: payload.content_ref: must be an object: received null), so the verdict covers only what could be read (--allow-rejected lets it pass)\n`,
      );
      const allowed = await cli(
        [...args, "--allow-rejected", "--accept-empty-build-id", "-"],
        jsonl(broken),
      );
      assert.equal(allowed.code, 1, "the drift still fails the gate");
      assert.equal(
        allowed.stdout.trimEnd().split("\n").length,
        payloads.length,
      );
      assert.equal(allowed.stderr, "");
    }
    await Deno.remove(baseline);
  });
});

Deno.test("evaluateParity() is the same function from both entry points", () => {
  assert.equal(v2.evaluateParity, v3.evaluateParity);
});
