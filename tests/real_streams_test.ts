// The real streams of tests/data/real-streams/ (written by the spec-kitty
// CLI, contract 3.0.0; see its README): what users will feed the package.
// Every expectation here is a fact of the streams themselves: their
// snapshot_hash, their line counts, the build_id "" the CLI writes.
import assert from "node:assert/strict";
import * as v2 from "../mod.ts";
import * as v3 from "../v3.ts";
import { runCliOnFiles, runCliProcess } from "./_cli_kit.ts";

const FOLDER = new URL("./data/real-streams/", import.meta.url);

interface RealStream {
  readonly name: string;
  readonly path: string;
  readonly text: string;
  readonly lines: readonly Record<string, unknown>[];
}

async function realStreams(): Promise<RealStream[]> {
  const streams: RealStream[] = [];
  for await (const entry of Deno.readDir(FOLDER)) {
    if (!entry.name.endsWith(".jsonl")) continue;
    const url = new URL(entry.name, FOLDER);
    const text = await Deno.readTextFile(url);
    streams.push({
      name: entry.name,
      path: url.pathname,
      text,
      lines: text.split("\n").filter((line) => line.trim() !== "").map((
        line,
      ) => JSON.parse(line)),
    });
  }
  return streams.sort((a, b) => a.name < b.name ? -1 : 1);
}

const STREAMS = await realStreams();
/** The one stream of two index runs; every other file is one run. */
const TWO_RUNS =
  "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl";

/** The snapshot_hash of the last SnapshotComputed line, as written. */
function lastSnapshotHash(stream: RealStream): string {
  const snapshots = stream.lines.filter((line) =>
    line.event_type === "MissionDossierSnapshotComputed"
  );
  return (snapshots.at(-1)!.payload as { snapshot_hash: string })
    .snapshot_hash;
}

const cliInProcess = (args: string[]) => runCliOnFiles(args);

Deno.test('the real streams are all here, 13 of them, contract 3.0.0 with build_id ""', () => {
  assert.equal(STREAMS.length, 13);
  for (const stream of STREAMS) {
    assert.ok(stream.lines.length >= 15, stream.name);
    for (const line of stream.lines) {
      assert.equal(line.schema_version, "3.0.0", stream.name);
      assert.equal(line.build_id, "", stream.name);
    }
  }
});

Deno.test('parseEventStream() of ./v3 refuses build_id "" by default and says what accepts it', () => {
  for (const stream of STREAMS) {
    assert.throws(
      () => v3.parseEventStream(stream.text),
      (error: unknown) =>
        error instanceof TypeError &&
        error.message.includes('on line 1: field "build_id"') &&
        error.message.includes("spec-kitty CLI writes") &&
        error.message.includes("acceptEmptyBuildId") &&
        error.message.includes("--accept-empty-build-id"),
      stream.name,
    );
  }
});

Deno.test("reduceMissionDossier() of ./v3 turns every real stream into a non-empty dossier", async (t) => {
  for (const stream of STREAMS) {
    await t.step(stream.name, async () => {
      const events = v3.parseEventStream(stream.text, {
        acceptEmptyBuildId: true,
      });
      assert.ok(events.every((event) => event.build_id === "unknown"));
      const { state, report } = v3.reduceMissionDossierWithReport(events);
      assert.equal(state.event_count, stream.lines.length);
      assert.deepEqual(report.counts, {
        received: stream.lines.length,
        applied: stream.lines.length,
        duplicates: 0,
        ignored: 0,
        rejected: 0,
      });
      assert.equal(report.hint, null);
      const indexedPaths = new Set(
        stream.lines.filter((line) =>
          line.event_type === "MissionDossierArtifactIndexed"
        ).map((line) =>
          (line.payload as { artifact_id: { path: string } }).artifact_id
            .path
        ),
      );
      assert.deepEqual(new Set(state.artifacts.keys()), indexedPaths);
      const namespace = (stream.lines[0].payload as {
        namespace: Record<string, string>;
      }).namespace;
      assert.equal(state.namespace?.mission_slug, namespace.mission_slug);
      assert.equal(state.namespace?.mission_type, namespace.mission_type);
      assert.equal(
        state.latest_snapshot?.snapshot_hash,
        lastSnapshotHash(stream),
      );
      // The state holds every artifact ever indexed: for a single run that
      // is what the producer hashed; run1+run2 still holds run 1's spec.md,
      // which run 2 could not read (docs/contract.md, "Parity as the producer sees it").
      const hash = await v3.computeParityHash(state);
      if (stream.name === TWO_RUNS) {
        assert.notEqual(hash, lastSnapshotHash(stream));
      } else assert.equal(hash, lastSnapshotHash(stream));
    });
  }
});

Deno.test("reduceMissionDossierWithReport() of the 2.4.0 entry point says why a real stream reduces to nothing", () => {
  for (const stream of STREAMS) {
    const { state, report } = v2.reduceMissionDossierWithReport(
      v2.parseEventStream(stream.text),
    );
    assert.equal(state.artifacts.size, 0);
    assert.equal(report.counts.applied, 0);
    assert.equal(report.counts.rejected, stream.lines.length);
    assert.equal(
      report.hint,
      `${stream.lines.length} dossier events read, 0 applied: their payloads use mission_slug/mission_type, contract 3.0.0: read them with @spec-kitty/dossier/v3 (dossier --contract 3.0.0 on the command line)`,
    );
  }
});

Deno.test("dossier reduce --json --accept-empty-build-id (auto) prints each real stream's dossier", async (t) => {
  for (const stream of STREAMS) {
    await t.step(stream.name, async () => {
      const run = await cliInProcess([
        "reduce",
        "--json",
        "--accept-empty-build-id",
        stream.path,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, "");
      const expected = v3.serializeDossierState(
        v3.reduceMissionDossier(
          v3.parseEventStream(stream.text, { acceptEmptyBuildId: true }),
        ),
      );
      assert.equal(run.stdout, `${expected}\n`);
      assert.match(run.stdout, /"event_count":[1-9]/);
      assert.doesNotMatch(run.stdout, /"artifacts":\{\}/);
    });
  }
});

Deno.test("dossier reduce shows the contract it detected on a real stream", async () => {
  const stream = STREAMS[0];
  const run = await cliInProcess([
    "reduce",
    "--accept-empty-build-id",
    stream.path,
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    /\n {2}contract 3\.0\.0, detected from line 1 \(schema_version "3\.0\.0"\)\n/,
  );
});

Deno.test('every real stream reduces with plain `dossier reduce --json FILE` (one warning about build_id "") and is refused under --strict (real processes)', async (t) => {
  for (const stream of STREAMS) {
    await t.step(stream.name, async () => {
      const plain = await runCliProcess(["reduce", "--json", stream.path]);
      assert.equal(plain.code, 0, plain.stderr);
      const expected = v3.serializeDossierState(
        v3.reduceMissionDossier(
          v3.parseEventStream(stream.text, { acceptEmptyBuildId: true }),
        ),
      );
      assert.equal(plain.stdout, `${expected}\n`);
      assert.equal(
        plain.stderr,
        `dossier reduce: warning: ${stream.lines.length} events of ${
          JSON.stringify(stream.path)
        } carry build_id "" (what the spec-kitty CLI writes), read as "unknown" as the CLI's own validator does; the 3.0.0 reference and the old sync server reject such events, and --strict refuses them\n`,
      );
      const strict = await runCliProcess([
        "reduce",
        "--json",
        "--strict",
        stream.path,
      ]);
      assert.equal(strict.code, 1);
      assert.equal(strict.stdout, "");
      assert.equal(strict.stderr.trim().split("\n").length, 1, strict.stderr);
      // The first line in replay order is the first the reducer parses.
      assert.match(
        strict.stderr,
        new RegExp(
          `^dossier reduce: Cannot parse event "${
            stream.lines[0].event_id
          }" on line 1: field "build_id" must be a non-empty string .*: received ""\n$`,
        ),
      );
    });
  }
});

Deno.test("dossier reduce --contract 2.4.0 on a real stream exits 1 and says to read it as 3.0.0", async () => {
  const stream = STREAMS[0];
  const run = await cliInProcess([
    "reduce",
    "--json",
    "--contract",
    "2.4.0",
    stream.path,
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.equal(
    run.stderr,
    `dossier reduce: Cannot reduce the stream: ${stream.lines.length} dossier events read, 0 applied: their payloads use mission_slug/mission_type, contract 3.0.0: read them with @spec-kitty/dossier/v3 (dossier --contract 3.0.0 on the command line)\n`,
  );
});

Deno.test("dossier validate and parity --accept-empty-build-id pass every single-run real stream", async (t) => {
  for (const stream of STREAMS.filter((stream) => stream.name !== TWO_RUNS)) {
    await t.step(stream.name, async () => {
      const validate = await cliInProcess([
        "validate",
        "--accept-empty-build-id",
        stream.path,
      ]);
      assert.equal(validate.code, 0, validate.stdout);
      assert.equal(
        validate.stdout,
        `all ${stream.lines.length} lines valid (contract 3.0.0, detected from line 1)\n`,
      );
      const parity = await cliInProcess([
        "parity",
        "--accept-empty-build-id",
        stream.path,
      ]);
      assert.equal(parity.code, 0, parity.stdout);
      assert.match(parity.stdout, /\nHash check: clean /);
      assert.ok(parity.stdout.includes(lastSnapshotHash(stream)));
    });
  }
});
