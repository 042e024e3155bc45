// The conformance fixtures of both contracts (docs/contract.md, "Schemas, fixtures and dual-layer validation" and "Contract 3.0.0 and the divergences": the same sixteen
// ids, each contract's in its own folder and manifest) against the
// contract table, both validation layers and the reducer.
import assert from "node:assert/strict";
import { Validator } from "@cfworker/json-schema";
import fc from "fast-check";
import * as v from "valibot";
import { DRIFT_KINDS, type Event } from "../mod.ts";
import { CONTRACTS, fieldOf, V3 } from "./_builders.ts";

interface ManifestEntry {
  id: string;
  path: string;
  event_type: string;
  expected_result: string;
  notes: string;
  min_version: string;
  fixture_type?: string;
}

/** The table of docs/contract.md, "Schemas, fixtures and dual-layer validation": id → valid (true/false) or the kind of file. */
const CONTRACT_TABLE: Record<string, boolean | string> = {
  "dossier-artifact-indexed-valid": true,
  "dossier-artifact-indexed-supersedes": true,
  "dossier-artifact-indexed-with-provenance": true,
  "dossier-artifact-missing-required-always": true,
  "dossier-artifact-missing-required-by-step": true,
  "dossier-snapshot-computed-clean": true,
  "dossier-snapshot-computed-with-anomalies": true,
  "dossier-parity-drift-artifact-added": true,
  "dossier-parity-drift-artifact-mutated": true,
  "dossier-namespace-collision-coverage": true,
  "dossier-parity-drift-namespace-mismatch": false,
  "dossier-artifact-indexed-missing-path": false,
  "dossier-artifact-indexed-invalid-class": false,
  "dossier-replay-happy-path": "replay_stream",
  "dossier-replay-drift-scenario": "replay_stream",
  "dossier-canonical-output-snapshot": "reducer_output",
};

for (const c of CONTRACTS) {
  const {
    loadCanonicalOutput,
    loadFixtures,
    loadReplayStream,
    validateEvent,
  } = c.conformance;
  const {
    evaluateParity,
    MissionDossierStateSchema,
    NamespaceMixedStreamError,
    parseDossierState,
    parseEvent,
    reduceMissionDossier,
    serializeDossierState,
  } = c.api;
  const FIXTURES = c.fixtures;
  const manifest: { fixtures: ManifestEntry[] } = JSON.parse(
    await Deno.readTextFile(new URL("manifest.json", FIXTURES)),
  );

  /** The fields each invalid fixture's violations must name. */
  const INVALID_FIELDS: Record<string, { model: string[]; schema: string[] }> =
    {
      "dossier-parity-drift-namespace-mismatch": {
        model: [
          "namespace.target_branch",
          `namespace.${c.mission}`,
          "namespace.manifest_version",
        ],
        schema: ["target_branch", c.mission, "manifest_version"],
      },
      "dossier-artifact-indexed-missing-path": {
        model: ["artifact_id.path"],
        schema: ["path"],
      },
      "dossier-artifact-indexed-invalid-class": {
        model: ["artifact_id.artifact_class"],
        schema: ["artifact_class"],
      },
    };

  const cases = await loadFixtures("dossier");
  const payloadOf = (id: string) =>
    structuredClone(
      cases.find((fixture) => fixture.id === id)!.payload,
    ) as Record<
      string,
      unknown
    >;

  // Not .map(parseEvent): 3.0.0's parseEvent takes options second.
  const happyPath = (await loadReplayStream("dossier-replay-happy-path")).map(
    (raw) => parseEvent(raw),
  );
  const driftScenario =
    (await loadReplayStream("dossier-replay-drift-scenario"))
      .map((raw) => parseEvent(raw));
  const canonical = await loadCanonicalOutput();

  /** Wraps payloads into parsed envelopes with lamport clocks 1, 2, 3, … */
  const streamOf = (
    ...events: [eventType: string, payload: Record<string, unknown>][]
  ): Event[] => {
    return events.map(([event_type, payload], index) =>
      parseEvent(c.envelope({
        event_id: `01KJ0801R0CG7M8VEBJ7EKK${"ABCDEFGHJK"[index]}00`,
        event_type,
        aggregate_id: "042-mission-dossier",
        payload,
        timestamp: "2026-02-21T14:00:00+00:00",
        node_id: "spec-kitty-cli-7f3a9c",
        lamport_clock: index + 1,
        project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa",
        correlation_id: "01KJ0801R0CG7M8VEBJ7EKK4AM",
      }))
    );
  };

  const reduceToJson = (events: Iterable<Event>) =>
    serializeDossierState(reduceMissionDossier(events));

  Deno.test(`the manifest lists the sixteen fixtures of the contract (${c.version})`, async (t) => {
    const ids = manifest.fixtures.map((entry) => entry.id);
    assert.deepEqual(ids, Object.keys(CONTRACT_TABLE));
    for (const entry of manifest.fixtures) {
      await t.step(entry.id, async () => {
        const expected = CONTRACT_TABLE[entry.id];
        assert.equal(entry.min_version, c.version);
        assert.ok(entry.notes.length > 0);
        if (typeof expected === "boolean") {
          assert.equal(entry.expected_result, expected ? "valid" : "invalid");
          assert.equal(entry.fixture_type, undefined);
          assert.equal(
            entry.path,
            `dossier/${expected ? "valid" : "invalid"}/${
              entry.id.replaceAll("-", "_")
            }.json`,
          );
        } else {
          assert.equal(entry.fixture_type, expected);
          assert.equal(
            entry.path,
            `dossier/replay/${entry.id.replaceAll("-", "_")}.${
              expected === "replay_stream" ? "jsonl" : "json"
            }`,
          );
        }
        assert.ok((await Deno.stat(new URL(entry.path, FIXTURES))).isFile);
      });
    }
    await t.step("every fixture file is listed", async () => {
      const listed = new Set(manifest.fixtures.map((entry) => entry.path));
      for (const folder of ["valid", "invalid", "replay"]) {
        for await (
          const file of Deno.readDir(new URL(`dossier/${folder}/`, FIXTURES))
        ) {
          assert.ok(listed.has(`dossier/${folder}/${file.name}`), file.name);
        }
      }
    });
  });

  Deno.test(`payload fixtures get the verdict the manifest expects (${c.version})`, async (t) => {
    assert.equal(cases.length, 13);
    for (const fixture of cases) {
      await t.step(fixture.id, () => {
        const result = validateEvent(fixture.payload, fixture.eventType);
        if (fixture.expectedValid) {
          assert.deepEqual(result.modelViolations, []);
          assert.deepEqual(result.schemaViolations, []);
          assert.equal(result.valid, true);
          return;
        }
        assert.equal(result.valid, false);
        const fields = INVALID_FIELDS[fixture.id];
        assert.deepEqual(
          result.modelViolations.map((issue) => issue.path),
          fields.model,
        );
        assert.ok(result.schemaViolations.length > 0);
        for (const field of fields.schema) {
          assert.ok(
            result.schemaViolations.some((violation) =>
              violation.path.endsWith(field) ||
              violation.message.includes(field)
            ),
            `no schema violation names ${field}`,
          );
        }
      });
    }
  });

  /** The six fields of a LocalNamespaceTuple, in order. */
  const NAMESPACE_FIELDS = [
    "project_uuid",
    c.slug,
    "target_branch",
    c.mission,
    "manifest_version",
    "step_id",
  ];

  Deno.test(`valid fixtures carry full namespaces and identities (${c.version})`, async (t) => {
    const IDENTITY_FIELDS = [
      c.mission,
      "path",
      "artifact_class",
      "run_id",
      "wp_id",
    ];
    for (const fixture of cases.filter((fixture) => fixture.expectedValid)) {
      await t.step(fixture.id, () => {
        const payload = fixture.payload as Record<string, unknown>;
        assert.deepEqual(
          Object.keys(payload.namespace as object),
          NAMESPACE_FIELDS,
        );
        for (
          const key of ["artifact_id", "supersedes", "expected_identity"]
        ) {
          if (payload[key] != null) {
            assert.deepEqual(
              Object.keys(payload[key] as object),
              IDENTITY_FIELDS,
            );
          }
        }
      });
    }
    await t.step(
      "with-provenance fills every provenance field and step_id",
      () => {
        const payload = payloadOf("dossier-artifact-indexed-with-provenance");
        const provenance = payload.provenance as Record<string, unknown>;
        assert.deepEqual(Object.keys(provenance), [
          "source_event_ids",
          "git_sha",
          "git_ref",
          "actor_id",
          "actor_kind",
          "revised_at",
        ]);
        assert.ok(Object.values(provenance).every((value) => value !== null));
        assert.equal(typeof payload.step_id, "string");
      },
    );
  });

  Deno.test(`replay streams are well-formed event logs (${c.version})`, async (t) => {
    for (
      const id of ["dossier-replay-happy-path", "dossier-replay-drift-scenario"]
    ) {
      await t.step(id, async () => {
        const raw = await loadReplayStream(id);
        assert.ok(raw.length > 0);
        const events = raw.map((line) => parseEvent(line));
        assert.deepEqual(
          events.map((event) => event.lamport_clock),
          events.map((_, index) => index + 1),
        );
        for (
          const key of [
            "correlation_id",
            "project_uuid",
            "node_id",
            "aggregate_id",
          ] as const
        ) {
          assert.equal(new Set(events.map((event) => event[key])).size, 1, key);
        }
        assert.equal(
          new Set(events.map((event) => event.event_id)).size,
          events.length,
        );
        for (const [index, event] of events.entries()) {
          // ULIDs as written: already normalized, so parsing changed nothing.
          assert.equal(event.event_id, raw[index].event_id);
          assert.match(event.event_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
          assert.equal(
            event.causation_id,
            index === 0 ? null : events[index - 1].event_id,
          );
          assert.equal(validateEvent(raw[index], "Event").valid, true);
          assert.equal(
            validateEvent(event.payload, event.event_type).valid,
            true,
          );
          const namespace = event.payload.namespace as { project_uuid: string };
          assert.equal(namespace.project_uuid, event.project_uuid);
        }
      });
    }
    await t.step(
      "the happy path is Indexed ×3, Snapshot, Indexed (supersedes), Snapshot",
      () => {
        assert.deepEqual(happyPath.map((event) => event.event_type), [
          "MissionDossierArtifactIndexed",
          "MissionDossierArtifactIndexed",
          "MissionDossierArtifactIndexed",
          "MissionDossierSnapshotComputed",
          "MissionDossierArtifactIndexed",
          "MissionDossierSnapshotComputed",
        ]);
        assert.notEqual(happyPath[4].payload.supersedes, null);
      },
    );
    await t.step(
      "the drift scenario is Indexed ×2, Snapshot, Missing, Drift",
      () => {
        assert.deepEqual(driftScenario.map((event) => event.event_type), [
          "MissionDossierArtifactIndexed",
          "MissionDossierArtifactIndexed",
          "MissionDossierSnapshotComputed",
          "MissionDossierArtifactMissing",
          "MissionDossierParityDriftDetected",
        ]);
      },
    );
  });

  Deno.test(`the canonical output fixture is the reduced happy path, byte for byte (${c.version})`, async (t) => {
    await t.step("serializeDossierState of the happy path", () => {
      assert.equal(reduceToJson(happyPath), canonical);
      assert.ok(!canonical.endsWith("\n"));
    });
    await t.step("it reads back exactly", () => {
      assert.equal(
        serializeDossierState(parseDossierState(canonical)),
        canonical,
      );
    });
    await t.step("it passes both layers of the state schema", async () => {
      const document = JSON.parse(canonical);
      assert.equal(
        v.safeParse(MissionDossierStateSchema, document).success,
        true,
      );
      const schema = JSON.parse(
        await Deno.readTextFile(
          new URL("mission_dossier_state.schema.json", c.schemas),
        ),
      );
      assert.equal(
        new Validator(schema, "2020-12").validate(document).valid,
        true,
      );
    });
    await t.step(
      "its snapshot hash is the parity hash of its artifacts",
      async () => {
        const evaluation = await evaluateParity(parseDossierState(canonical));
        assert.equal(evaluation.status, "clean");
      },
    );
    await t.step("the superseded artifact keeps its place", () => {
      const state = reduceMissionDossier(happyPath);
      assert.deepEqual(
        [...state.artifacts.values()].map((entry) => entry.superseded),
        [false, false, true, false],
      );
    });
  });

  Deno.test(`missing artifacts: both manifest_step forms validate and become anomalies (${c.version})`, async (t) => {
    for (
      const [id, step] of [
        ["dossier-artifact-missing-required-always", "required_always"],
        ["dossier-artifact-missing-required-by-step", "plan"],
      ]
    ) {
      await t.step(step, () => {
        const payload = payloadOf(id);
        assert.equal(payload.manifest_step, step);
        assert.equal(
          validateEvent(payload, "MissionDossierArtifactMissing").valid,
          true,
        );
        const state = reduceMissionDossier(
          streamOf(["MissionDossierArtifactMissing", payload]),
        );
        assert.equal(state.anomalies.length, 1);
        assert.equal(state.anomalies[0].anomaly_type, "missing_artifact");
        assert.equal(state.anomalies[0].manifest_step, step);
        assert.deepEqual(
          state.anomalies[0].expected_identity,
          payload.expected_identity,
        );
      });
    }
  });

  Deno.test(`parity drift: every drift kind validates, an unknown one fails (${c.version})`, async (t) => {
    const payload = payloadOf("dossier-parity-drift-artifact-added");
    for (const driftKind of DRIFT_KINDS) {
      await t.step(driftKind, () => {
        const result = validateEvent(
          { ...payload, drift_kind: driftKind },
          "MissionDossierParityDriftDetected",
        );
        assert.equal(result.valid, true);
      });
    }
    await t.step("artifact_moved", () => {
      const result = validateEvent(
        { ...payload, drift_kind: "artifact_moved" },
        "MissionDossierParityDriftDetected",
      );
      assert.equal(result.valid, false);
      assert.equal(result.modelViolations[0].path, "drift_kind");
      assert.equal(result.schemaViolations[0].keyword, "enum");
    });
    await t.step("after a drift event the dossier is drifted", () => {
      const state = reduceMissionDossier(driftScenario);
      assert.equal(state.parity_status, "drifted");
      assert.equal(state.drift_history[0].drift_kind, "anomaly_introduced");
      assert.equal(state.anomalies.length, 1);
      const mutated = reduceMissionDossier(streamOf(
        [
          "MissionDossierSnapshotComputed",
          payloadOf("dossier-snapshot-computed-clean"),
        ],
        [
          "MissionDossierParityDriftDetected",
          payloadOf("dossier-parity-drift-artifact-mutated"),
        ],
      ));
      assert.equal(mutated.parity_status, "drifted");
    });
  });

  Deno.test(`namespace collision: identity keys are the five identity fields (${c.version})`, async (t) => {
    const base = payloadOf("dossier-artifact-indexed-valid");
    const baseNamespace = base.namespace as Record<string, unknown>;

    await t.step(`the two fixture namespaces differ in ${c.slug} only`, () => {
      const other = payloadOf("dossier-namespace-collision-coverage")
        .namespace as Record<string, unknown>;
      assert.deepEqual(
        NAMESPACE_FIELDS.filter((field) =>
          other[field] !== baseNamespace[field]
        ),
        [c.slug],
      );
    });

    await t.step("the two fixture namespaces never share a stream", () => {
      const stream = streamOf(
        ["MissionDossierArtifactIndexed", base],
        [
          "MissionDossierArtifactIndexed",
          payloadOf("dossier-namespace-collision-coverage"),
        ],
      );
      assert.throws(() => reduceMissionDossier(stream), (error: unknown) => {
        assert.ok(error instanceof NamespaceMixedStreamError);
        assert.equal(fieldOf(error.expected, c.slug), "042-mission-dossier");
        assert.equal(fieldOf(error.got, c.slug), "043-mission-dossier-sync");
        return true;
      });
    });

    // Every subset of the six fields: change those, keep the rest.
    for (let mask = 1; mask < 1 << NAMESPACE_FIELDS.length; mask++) {
      const changed = NAMESPACE_FIELDS.filter((_, bit) => mask & (1 << bit));
      const identityChanged = changed.some((field) => field !== "step_id");
      await t.step(`changing ${changed.join(", ")}`, () => {
        const namespace: Record<string, unknown> = { ...baseNamespace };
        for (const field of changed) {
          namespace[field] = `${namespace[field] ?? ""}-other`;
        }
        const stream = streamOf(
          ["MissionDossierArtifactIndexed", base],
          ["MissionDossierArtifactIndexed", { ...base, namespace }],
        );
        if (identityChanged) {
          assert.throws(
            () => reduceMissionDossier(stream),
            NamespaceMixedStreamError,
          );
        } else {
          const state = reduceMissionDossier(stream);
          assert.equal(
            fieldOf(state.namespace, c.slug),
            baseNamespace[c.slug],
          );
        }
      });
    }
  });

  Deno.test(`replay is deterministic: permutations and duplicates give the canonical result (${c.version})`, async (t) => {
    for (
      const [name, events] of [
        ["dossier-replay-happy-path", happyPath],
        ["dossier-replay-drift-scenario", driftScenario],
      ] as const
    ) {
      const expected = reduceToJson(events);
      if (name === "dossier-replay-happy-path") {
        assert.equal(expected, canonical);
      }
      await t.step(`${name}: any order`, () => {
        fc.assert(
          fc.property(
            fc.shuffledSubarray([...events], {
              minLength: events.length,
              maxLength: events.length,
            }),
            (shuffled) => {
              assert.equal(reduceToJson(shuffled), expected);
            },
          ),
          { numRuns: 200 },
        );
      });
      await t.step(`${name}: any order with duplicates`, () => {
        fc.assert(
          fc.property(
            fc.array(fc.nat({ max: events.length - 1 }), {
              minLength: 1,
              maxLength: 8,
            }).chain((copies) => {
              const withCopies = [
                ...events,
                ...copies.map((index) => events[index]),
              ];
              return fc.shuffledSubarray(withCopies, {
                minLength: withCopies.length,
                maxLength: withCopies.length,
              });
            }),
            (stream) => {
              assert.ok(stream.length > events.length);
              assert.equal(reduceToJson(stream), expected);
            },
          ),
          { numRuns: 200 },
        );
      });
    }
  });
}

Deno.test("the 3.0.0 fixtures wrapped in their envelopes pass the cutover gate (3.0.0)", async (t) => {
  for (
    const id of ["dossier-replay-happy-path", "dossier-replay-drift-scenario"]
  ) {
    await t.step(id, async () => {
      for (const raw of await V3.conformance.loadReplayStream(id)) {
        const result = V3.conformance.validateEvent(
          raw,
          raw.event_type as string,
        );
        assert.deepEqual(
          [result.valid, result.modelViolations, result.schemaViolations],
          [true, [], []],
        );
      }
    });
  }
  for (const fixture of await V3.conformance.loadFixtures("dossier")) {
    await t.step(fixture.id, () => {
      const wrapped = V3.envelope({
        event_type: fixture.eventType,
        payload: fixture.payload,
      });
      const result = V3.conformance.validateEvent(wrapped, fixture.eventType);
      assert.equal(result.valid, fixture.expectedValid);
      // The verdict is the payload's: the envelope passes the gate.
      assert.ok(
        result.modelViolations.every((issue) =>
          issue.type !== "cutover_policy"
        ),
      );
      assert.deepEqual(
        result,
        V3.conformance.validateEvent(fixture.payload, fixture.eventType),
      );
    });
  }
});
