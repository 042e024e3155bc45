// validateEvent of ./v3/conformance with and without the cutover gate:
// by default the verdict of spec-kitty-events 6.1.0 (the gate runs), with
// `cutoverGate: false` the verdict of 8.0.0 and later (to 10.0.1), which
// removed the gate and kept the models and schemas (docs/contract.md, "The
// cutover gate and 8.0.0 and later").
import assert from "node:assert/strict";
import * as conformanceV2 from "../conformance/mod.ts";
import * as conformanceV3 from "../conformance/v3.ts";
import { realStreams } from "./_edge_kit.ts";

const NAMESPACE = {
  project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
  mission_slug: "008-mission-dossier-parity-event-contracts",
  target_branch: "2.x",
  mission_type: "software-dev",
  manifest_version: "1",
};
const SNAPSHOT = {
  namespace: NAMESPACE,
  snapshot_hash: "sha256:ff",
  artifact_count: 0,
  anomaly_count: 0,
  computed_at: "2026-12-01T20:56:31+00:00",
};
const ENVELOPE = {
  event_id: "01M8SPA3JNY34W2D07E7F7X2CM",
  event_type: "MissionDossierSnapshotComputed",
  aggregate_id: "008-mission-dossier-parity-event-contracts:snapshot",
  payload: SNAPSHOT,
  timestamp: "2026-12-01T20:56:31+00:00",
  build_id: "spec-kitty-cli-3.1.0",
  node_id: "b805cd5cee74",
  lamport_clock: 2,
  project_uuid: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
  correlation_id: "01M8SPA3JNY34W2D07E7F7X2CM",
  schema_version: "3.0.0",
};

/** Envelopes the gate refuses, each for one of its reasons, all else valid. */
const GATE_FAILURES: [string, Record<string, unknown>][] = [
  ["schema_version 2.4.0", { ...ENVELOPE, schema_version: "2.4.0" }],
  ["schema_version 3.1.0", { ...ENVELOPE, schema_version: "3.1.0" }],
  ["no schema_version", { ...ENVELOPE, schema_version: undefined }],
  ["a legacy key", { ...ENVELOPE, feature_number: 8 }],
  ["a legacy aggregate", { ...ENVELOPE, aggregate_id: "feature/008" }],
];

Deno.test("validateEvent() runs the cutover gate by default, as spec-kitty-events 6.1.0 does (3.0.0)", async (t) => {
  for (const [name, envelope] of GATE_FAILURES) {
    await t.step(name, () => {
      for (const options of [undefined, {}, { cutoverGate: true }]) {
        for (const eventType of [envelope.event_type as string, "Event"]) {
          const result = conformanceV3.validateEvent(
            envelope,
            eventType,
            options,
          );
          assert.equal(result.valid, false, `${eventType} ${options}`);
          assert.deepEqual(
            result.modelViolations.map(({ path, type }) => ({ path, type })),
            [{ path: "schema_version", type: "cutover_policy" }],
          );
          assert.deepEqual(result.schemaViolations, []);
        }
      }
    });
  }
});

Deno.test("validateEvent() with cutoverGate: false gives the verdict of spec-kitty-events 8.0.0 and later (3.0.0)", async (t) => {
  for (const [name, envelope] of GATE_FAILURES) {
    await t.step(name, () => {
      for (const eventType of [envelope.event_type as string, "Event"]) {
        const result = conformanceV3.validateEvent(envelope, eventType, {
          cutoverGate: false,
        });
        assert.deepEqual(result, {
          valid: true,
          modelViolations: [],
          schemaViolations: [],
          schemaCheckSkipped: false,
          eventType,
        });
      }
    });
  }
});

Deno.test("validateEvent() with cutoverGate: false still unwraps an envelope and checks its payload (3.0.0)", async (t) => {
  await t.step("a bad payload inside a gate-failing envelope", () => {
    const envelope = {
      ...ENVELOPE,
      schema_version: "2.4.0",
      payload: { ...SNAPSHOT, artifact_count: -1, feature_slug: "008" },
    };
    const withGate = conformanceV3.validateEvent(
      envelope,
      "MissionDossierSnapshotComputed",
    );
    const withoutGate = conformanceV3.validateEvent(
      envelope,
      "MissionDossierSnapshotComputed",
      { cutoverGate: false },
    );
    // The payload's own problems, by their paths inside the payload.
    assert.deepEqual(
      withoutGate.modelViolations.map(({ path, type }) => ({ path, type })),
      [
        { path: "artifact_count", type: "min_value" },
        { path: "feature_slug", type: "unknown_key" },
      ],
    );
    // The gate's verdict is the only difference.
    assert.deepEqual(
      withoutGate.modelViolations,
      withGate.modelViolations.filter(({ type }) => type !== "cutover_policy"),
    );
    assert.deepEqual(withoutGate.schemaViolations, withGate.schemaViolations);
    assert.ok(withoutGate.schemaViolations.length > 0);
  });
  await t.step("an envelope of another type is checked as a payload", () => {
    const result = conformanceV3.validateEvent(
      ENVELOPE,
      "MissionDossierArtifactMissing",
      { cutoverGate: false },
    );
    assert.equal(result.valid, false);
    assert.ok(
      result.modelViolations.some(({ path }) => path === "expected_identity"),
    );
  });
  await t.step("Event checks the envelope schema, build_id included", () => {
    const { build_id: _, ...noBuildId } = ENVELOPE;
    const result = conformanceV3.validateEvent(noBuildId, "Event", {
      cutoverGate: false,
    });
    assert.deepEqual(
      result.modelViolations.map(({ path, type }) => ({ path, type })),
      [{ path: "build_id", type: "missing" }],
    );
  });
  await t.step("acceptEmptyBuildId still applies", () => {
    const cli = { ...ENVELOPE, build_id: "", schema_version: "2.4.0" };
    assert.equal(
      conformanceV3.validateEvent(cli, "Event", { cutoverGate: false }).valid,
      false,
    );
    assert.equal(
      conformanceV3.validateEvent(cli, "Event", {
        cutoverGate: false,
        acceptEmptyBuildId: true,
      }).valid,
      true,
    );
  });
});

Deno.test("validateEvent() agrees on every real stream line with and without the gate (3.0.0)", () => {
  // Every line the spec-kitty CLI wrote carries schema_version "3.0.0" and
  // no legacy key: the gate passes it, so both references agree on it.
  const lines = [...realStreams().values()].flat().map((line) =>
    JSON.parse(line) as Record<string, unknown>
  );
  assert.ok(lines.length > 100, `only ${lines.length} real lines`);
  for (const envelope of lines) {
    for (const eventType of [envelope.event_type as string, "Event"]) {
      const options = { acceptEmptyBuildId: true };
      assert.deepEqual(
        conformanceV3.validateEvent(envelope, eventType, {
          ...options,
          cutoverGate: false,
        }),
        conformanceV3.validateEvent(envelope, eventType, options),
      );
    }
  }
});

Deno.test("validateEvent() refuses a cutoverGate that is not a boolean (3.0.0)", async (t) => {
  for (const value of ["no", 0, null]) {
    await t.step(JSON.stringify(value), () => {
      assert.throws(
        () =>
          conformanceV3.validateEvent(ENVELOPE, "Event", {
            cutoverGate: value as unknown as boolean,
          }),
        (error) =>
          error instanceof TypeError &&
          error.message.startsWith(
            'Cannot validate event: option "cutoverGate" must be a boolean: received ',
          ),
      );
    });
  }
});

Deno.test("validateEvent() of contract 2.4.0 has no gate and ignores its options", () => {
  const payload = {
    namespace: {
      project_uuid: "p",
      feature_slug: "f",
      target_branch: "main",
      mission_key: "software-dev",
      manifest_version: "1",
    },
    snapshot_hash: "sha256:ff",
    artifact_count: 0,
    anomaly_count: 0,
    computed_at: "2026-02-21T14:00:00Z",
  };
  const verdict = conformanceV2.validateEvent(
    payload,
    "MissionDossierSnapshotComputed",
  );
  assert.equal(verdict.valid, true);
  for (const options of [{ cutoverGate: false }, { cutoverGate: "no" }]) {
    assert.deepEqual(
      conformanceV2.validateEvent(
        payload,
        "MissionDossierSnapshotComputed",
        options as never,
      ),
      verdict,
    );
  }
});
