import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import {
  ArtifactIdentitySchema,
  EventSchema,
  LocalNamespaceTupleSchema,
  MissionDossierArtifactIndexedPayloadSchema,
  MissionDossierArtifactMissingPayloadSchema,
  MissionDossierParityDriftDetectedPayloadSchema,
  MissionDossierSnapshotComputedPayloadSchema,
  MissionDossierStateSchema,
} from "../mod.ts";
import {
  _fastParse,
  _fastPathAccepts,
} from "../src/contract/_compiled_schema.ts";

const namespace = {
  project_uuid: "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
  feature_slug: "042-mission-dossier",
  target_branch: "main",
  mission_key: "software-dev",
  manifest_version: "1",
  step_id: "plan",
};
const identity = {
  mission_key: "software-dev",
  path: "kitty-specs/042/spec.md",
  artifact_class: "input",
  run_id: "run-1",
  wp_id: null,
};

/** One valid document per schema, to be mutated field by field. */
const SAMPLES: ReadonlyArray<
  [string, v.GenericSchema<unknown, unknown>, unknown]
> = [
  ["LocalNamespaceTuple", LocalNamespaceTupleSchema, namespace],
  ["ArtifactIdentity", ArtifactIdentitySchema, identity],
  ["Indexed", MissionDossierArtifactIndexedPayloadSchema, {
    namespace,
    artifact_id: identity,
    content_ref: { hash: "ab", algorithm: "sha256", size_bytes: 3 },
    indexed_at: "2026-02-21T14:00:00Z",
    provenance: { source_event_ids: ["x"], actor_kind: "llm" },
    supersedes: identity,
    context_diagnostics: { __proto__: null, a: "b" },
  }],
  ["Missing", MissionDossierArtifactMissingPayloadSchema, {
    namespace,
    expected_identity: identity,
    manifest_step: "required_always",
    checked_at: "2026-02-21T14:00:00Z",
  }],
  ["Snapshot", MissionDossierSnapshotComputedPayloadSchema, {
    namespace,
    snapshot_hash: "sha256:ab",
    artifact_count: 3,
    anomaly_count: 0,
    computed_at: "2026-02-21T14:00:00Z",
    algorithm: null,
  }],
  ["Drift", MissionDossierParityDriftDetectedPayloadSchema, {
    namespace,
    expected_hash: "a",
    actual_hash: "b",
    drift_kind: "artifact_added",
    detected_at: "2026-02-21T14:00:00Z",
    artifact_ids_changed: [identity],
  }],
  ["Event", EventSchema, {
    event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
    event_type: "MissionDossierArtifactIndexed",
    aggregate_id: "m",
    timestamp: "2026-02-21 14:00",
    node_id: "n",
    lamport_clock: 1,
    project_uuid: "{6F1C2B8E-5A4D-4C3B-9E2F-1A0B9C8D7E6F}",
    correlation_id: "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
    payload: { namespace },
  }],
  ["MissionDossierState", MissionDossierStateSchema, {
    namespace,
    artifacts: {},
    anomalies: [],
    latest_snapshot: null,
    drift_history: [],
    parity_status: "unknown",
    event_count: 0,
  }],
];

const REPLACEMENTS = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    undefined,
    null,
    "",
    "\uD800",
    -1,
    1.5,
    2 ** 53,
    Number.NaN,
    [],
    {},
    true,
    "sha256",
    "input",
    "2026-02-30",
    "01HV7KA8TQ3R0W2M9X6C4B5NIL",
  ),
);

/** Paths to every value inside a document. */
function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [prefix];
  return [
    prefix,
    ...Object.keys(value).flatMap((key) =>
      paths((value as Record<string, unknown>)[key], [...prefix, key])
    ),
  ];
}

function replaced(document: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(document) as Record<string, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) {
    target = target[key] as Record<string, unknown>;
  }
  if (value === undefined) delete target[path.at(-1)!];
  else target[path.at(-1)!] = value;
  return copy;
}

Deno.test("_fastParse() gives exactly Valibot's verdict and output", async (t) => {
  for (const [name, schema, sample] of SAMPLES) {
    await t.step(name, () => {
      const sampleParse = v.safeParse(schema, sample);
      assert.equal(sampleParse.success, true, `the ${name} sample is valid`);
      fc.assert(
        fc.property(
          fc.constantFrom(...paths(sample)),
          REPLACEMENTS,
          (path, value) => {
            const input = replaced(sample, path, value);
            const expected = v.safeParse(schema, input);
            const actual = _fastParse(schema, input);
            assert.equal(actual.success, expected.success);
            // The fast path must not give up on valid input either.
            assert.equal(_fastPathAccepts(schema, input), expected.success);
            if (expected.success) {
              assert.deepEqual(actual.output, expected.output);
            }
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
