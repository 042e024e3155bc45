// The smoke suite of the runtime matrix: the same checks on every runtime.
// It touches no runtime API (no file system, no process): the bundled
// package and every input come in as arguments, so it runs unchanged in
// Deno, Node, Bun and workerd.
//
// `pkg` is the bundle's module namespace (the package, and its conformance
// kit as `pkg.conformance`). `data` is what scripts/runtimes/run.ts reads
// and computes on the host:
//   manifest     conformance/fixtures/manifest.json, parsed
//   files        fixture path (as in the manifest) → file text
//   hashVectors  [{ name, events, expected }]: raw events and the parity
//                hash computed independently with node:crypto
//   reference    { driftScenarioOutput }: Deno's canonical output of the
//                drift stream, which every runtime must reproduce
//   v3           { manifest, files, oneRun, twoRuns }: contract 3.0.0's
//                fixtures, and two real streams the spec-kitty CLI wrote
//   indexer      { mission, files, config, fixed, truth, jsonl }: a real
//                mission folder (tests/data/real-missions, each file as
//                base64) and its project's .kittify/config.yaml, the fixed
//                run values, the CLI's own results for it (truth.jsonl:
//                snapshot hash, event counts, payloads with the volatile
//                values blanked) and the JSONL Deno's indexer wrote for it
//                with the same fixed values
//
// When `pkg.v3` and `pkg.conformanceV3` are there (contract 3.0.0's entry
// points), the suite checks them too; when `pkg.indexer` is (the producer's
// entry point), it indexes the mission.

/** A value as JSON with every object's keys sorted (Python's sort_keys). */
function sortedJson(value) {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${
      Object.keys(value).sort().map((key) =>
        `${JSON.stringify(key)}:${sortedJson(value[key])}`
      ).join(",")
    }}`;
  }
  return JSON.stringify(value);
}

/** The bytes of a base64 text. */
function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Indexes the suite's mission with the package's indexer (`pkg.indexer`),
 * every run-dependent value fixed by `data.indexer.fixed`, so that every
 * runtime writes the same events. The host calls it too, to make
 * `data.indexer.jsonl`; the npm check gives it the mission read from disk.
 */
export async function indexSuiteMission(indexer, data, folder = undefined) {
  const { mission, files, config, fixed } = data;
  const source = folder ?? indexer.missionFromFiles(
    Object.fromEntries(
      Object.entries(files).map(([path, text]) => [path, fromBase64(text)]),
    ),
    { name: mission },
  );
  let id = 0;
  return await indexer.indexMission(source, {
    project: indexer.missionFromFiles({ ".kittify/config.yaml": config }),
    clock: () => new Date(fixed.time),
    eventId: () => `${fixed.eventIdPrefix}${String(++id).padStart(4, "0")}`,
    snapshotId: () => fixed.snapshotId,
    nodeId: fixed.nodeId,
    buildId: fixed.buildId,
  });
}

/**
 * Runs every check and returns `{ passed, failed, failures }`; never throws
 * for a failing check.
 */
export async function runSmokeSuite(pkg, data) {
  const failures = [];
  let passed = 0;
  async function check(name, body) {
    try {
      await body();
      passed++;
    } catch (error) {
      failures.push(`${name}: ${error?.message ?? String(error)}`);
    }
  }
  function equal(actual, expected, what) {
    if (actual !== expected) {
      throw new Error(
        `${what}: expected ${JSON.stringify(expected)}, got ${
          JSON.stringify(actual)
        }`,
      );
    }
  }

  const entries = data.manifest.fixtures;
  const byType = (type) => entries.filter((e) => e.fixture_type === type);
  const reduce = (text) => pkg.reduceMissionDossier(pkg.parseEventStream(text));

  // 1. Replay streams: reduce, compare with the canonical outputs.
  const canonical = byType("reducer_output")[0];
  const states = {};
  for (const stream of byType("replay_stream")) {
    await check(`reduce ${stream.id}`, () => {
      const state = reduce(data.files[stream.path]);
      states[stream.id] = state;
      const json = pkg.serializeDossierState(state);
      if (stream.id === "dossier-replay-happy-path") {
        equal(json, data.files[canonical.path].trimEnd(), "canonical output");
      } else {
        equal(json, data.reference.driftScenarioOutput, "Deno's output");
      }
      equal(
        pkg.serializeDossierState(pkg.parseDossierState(json)),
        json,
        "round trip",
      );
    });
    await check(`validate the events of ${stream.id}`, () => {
      const lines = data.files[stream.path].split("\n").filter((l) =>
        l.trim() !== ""
      );
      for (const [index, line] of lines.entries()) {
        const result = pkg.conformance.validateEvent(JSON.parse(line), "Event");
        equal(result.valid, true, `line ${index + 1} valid`);
      }
    });
  }

  // 2. Every payload fixture gets its expected verdict from both layers.
  for (const fixture of entries.filter((e) => !e.fixture_type)) {
    await check(`validate ${fixture.id}`, () => {
      const result = pkg.conformance.validateEvent(
        JSON.parse(data.files[fixture.path]),
        fixture.event_type,
      );
      const expected = fixture.expected_result === "valid";
      equal(result.valid, expected, "valid");
      equal(
        result.modelViolations.length === 0,
        expected,
        "no model violations",
      );
      equal(
        result.schemaViolations.length === 0,
        expected,
        "no schema violations",
      );
    });
  }

  // 3. Parity hash vectors.
  for (const vector of data.hashVectors) {
    await check(`parity hash: ${vector.name}`, async () => {
      const state = pkg.reduceMissionDossier(
        vector.events.map((event) => pkg.parseEvent(event)),
      );
      equal(await pkg.computeParityHash(state), vector.expected, "hash");
    });
  }
  await check("evaluateParity of both replay streams", async () => {
    for (const state of Object.values(states)) {
      equal((await pkg.evaluateParity(state)).status, "clean", "status");
    }
  });

  // 4. Drift between the two streams: findings and valid payloads.
  await check("diffDossiers and driftPayloads", async () => {
    const baseline = states["dossier-replay-happy-path"];
    const current = states["dossier-replay-drift-scenario"];
    const findings = pkg.diffDossiers(baseline, current);
    equal(
      findings.map((f) => f.driftKind).join(","),
      "artifact_removed,anomaly_introduced",
      "drift kinds",
    );
    const payloads = pkg.driftPayloads(findings, {
      namespace: current.namespace,
      expectedHash: await pkg.computeParityHash(baseline),
      actualHash: await pkg.computeParityHash(current),
      detectedAt: "2026-02-21T14:12:00+00:00",
    });
    for (const payload of payloads) {
      const result = pkg.conformance.validateEvent(
        JSON.parse(JSON.stringify(payload)),
        "MissionDossierParityDriftDetected",
      );
      equal(result.valid, true, `${payload.drift_kind} payload valid`);
    }
  });

  // 5. A mixed stream is refused with both namespaces.
  await check("NamespaceMixedStreamError", () => {
    const lines = data.files[byType("replay_stream")[0].path].trim().split(
      "\n",
    );
    const other = JSON.parse(lines[1]);
    other.payload.namespace.feature_slug = "043-other";
    try {
      reduce(`${lines[0]}\n${JSON.stringify(other)}`);
    } catch (error) {
      equal(error instanceof pkg.NamespaceMixedStreamError, true, "class");
      equal(error.got.feature_slug, "043-other", "got.feature_slug");
      return;
    }
    throw new Error("a mixed stream was reduced");
  });

  // 6. Contract 3.0.0: its fixtures, canonical output and real streams.
  if (pkg.v3 && pkg.conformanceV3 && data.v3) {
    const v3 = pkg.v3;
    const fixtures = data.v3.manifest.fixtures;
    const of = (id) => fixtures.find((e) => e.id === id);
    await check("3.0.0: reduce the happy path to its canonical output", () => {
      const text = data.v3.files[of("dossier-replay-happy-path").path];
      const state = v3.reduceMissionDossier(v3.parseEventStream(text));
      equal(
        v3.serializeDossierState(state),
        data.v3.files[of("dossier-canonical-output-snapshot").path].trimEnd(),
        "canonical output",
      );
      equal(state.namespace.mission_type, "software-dev", "mission_type");
    });
    await check("3.0.0: every payload fixture's verdict", () => {
      for (const fixture of fixtures.filter((e) => !e.fixture_type)) {
        const result = pkg.conformanceV3.validateEvent(
          JSON.parse(data.v3.files[fixture.path]),
          fixture.event_type,
        );
        equal(result.valid, fixture.expected_result === "valid", fixture.id);
      }
    });
    await check(
      '3.0.0: a real stream, build_id "" read the CLI\'s way',
      async () => {
        let refused = false;
        try {
          v3.parseEventStream(data.v3.oneRun);
        } catch (error) {
          refused = error instanceof TypeError &&
            error.message.includes("acceptEmptyBuildId");
        }
        equal(refused, true, "refused by default, saying why");
        const state = v3.reduceMissionDossier(
          v3.parseEventStream(data.v3.oneRun, { acceptEmptyBuildId: true }),
        );
        equal(
          await v3.computeParityHash(state),
          state.latest_snapshot.snapshot_hash,
          "the producer's snapshot hash",
        );
      },
    );
    await check("3.0.0: the producer's verdict on two index runs", async () => {
      const state = v3.reduceMissionDossier(
        v3.parseEventStream(data.v3.twoRuns, { acceptEmptyBuildId: true }),
      );
      const evaluation = await v3.evaluateParity(state);
      equal(evaluation.status, "clean", "hash check");
      equal(evaluation.staleArtifacts.join(","), "spec.md", "stale");
      equal(evaluation.recordedDriftEvents, 1, "recorded drift events");
    });
  }

  // 7. The producer: index a real mission held in memory.
  if (pkg.indexer && data.indexer) {
    const indexed = data.indexer;
    let result = null;
    await check(
      `indexer: the CLI's snapshot hash of ${indexed.mission}`,
      async () => {
        result = await indexSuiteMission(pkg.indexer, indexed);
        equal(
          result.snapshot?.snapshot_hash,
          indexed.truth.snapshot_hash,
          "snapshot hash",
        );
        equal(
          sortedJson(result.events.reduce((counts, event) => {
            counts[event.event_type] = (counts[event.event_type] ?? 0) + 1;
            return counts;
          }, {})),
          sortedJson(indexed.truth.event_counts),
          "event counts",
        );
        equal(
          result.records.filter((record) => record.hash_kind !== "raw").length >
            0,
          true,
          "work packages hashed through their frontmatter",
        );
      },
    );
    await check("indexer: the CLI's payloads, volatile values aside", () => {
      if (result === null) throw new Error("the mission was not indexed");
      const keyOf = (event) =>
        `${event.event_type} ${
          event.payload.artifact_id?.path ??
            event.payload.expected_identity?.path ?? ""
        }`;
      const produced = new Map(
        result.events.map((event) => [keyOf(event), event]),
      );
      equal(produced.size, indexed.truth.events.length, "events");
      for (const want of indexed.truth.events) {
        const got = produced.get(keyOf(want));
        if (got === undefined) throw new Error(`no event ${keyOf(want)}`);
        const copy = JSON.parse(JSON.stringify({
          aggregate_id: got.aggregate_id,
          payload: got.payload,
        }));
        // A volatile value is "<volatile>" in the truth, or a text with
        // "<volatile>" in its place ("<slug>:<volatile>"): the produced
        // value takes the truth's when it has that shape.
        for (const path of want.volatile) {
          const parts = path.split(".");
          const last = parts.at(-1);
          const parent = parts.slice(0, -1).reduce(
            (at, part) => at?.[part],
            copy,
          );
          const wanted = parts.reduce((at, part) => at?.[part], want);
          if (!parent || !(last in parent) || typeof wanted !== "string") {
            continue;
          }
          const [before, after = ""] = wanted.split("<volatile>");
          const value = String(parent[last]);
          if (
            value.length > before.length + after.length &&
            value.startsWith(before) && value.endsWith(after)
          ) parent[last] = wanted;
        }
        equal(
          sortedJson(copy),
          sortedJson({
            aggregate_id: want.aggregate_id,
            payload: want.payload,
          }),
          keyOf(want),
        );
      }
    });
    await check("indexer: the events Deno wrote, byte for byte", () => {
      if (result === null) throw new Error("the mission was not indexed");
      equal(pkg.indexer.eventsToJsonl(result.events), indexed.jsonl, "JSONL");
    });
    await check(
      "indexer: the events replay to the snapshot's hash",
      async () => {
        if (result === null || !pkg.v3) throw new Error("nothing to replay");
        const state = pkg.v3.reduceMissionDossier(
          pkg.v3.parseEventStream(pkg.indexer.eventsToJsonl(result.events)),
        );
        equal(
          await pkg.v3.computeParityHash(state),
          indexed.truth.snapshot_hash,
          "parity hash",
        );
      },
    );
  }

  return { passed, failed: failures.length, failures };
}
