// The compiled fast path against Valibot itself, for the schemas of both
// contracts: 2.4.0's objects drop unknown keys, 3.0.0's reject them (docs/contract.md, "Contract 3.0.0 and the divergences"),
// and the fast path must agree with Valibot on both, field by field.
import assert from "node:assert/strict";
import fc from "fast-check";
import * as v from "valibot";
import {
  compiledOutput,
  fastParse,
  fastPathAccepts,
} from "../src/contract/compiled_schema.ts";
import { type ContractKit, CONTRACTS } from "./_builders.ts";

/** One valid document per schema of contract `c`, to be mutated field by field. */
function samples(
  c: ContractKit,
): ReadonlyArray<[string, v.GenericSchema<unknown, unknown>, unknown]> {
  const {
    ArtifactIdentitySchema,
    ArtifactEntrySchema,
    EventSchema,
    LocalNamespaceTupleSchema,
    MissionDossierArtifactIndexedPayloadSchema,
    MissionDossierArtifactMissingPayloadSchema,
    MissionDossierParityDriftDetectedPayloadSchema,
    MissionDossierSnapshotComputedPayloadSchema,
    MissionDossierStateSchema,
  } = c.api;
  const namespace = c.namespace({
    [c.slug]: "042-mission-dossier",
    step_id: "plan",
  });
  const identity = c.identity("kitty-specs/042/spec.md", {
    run_id: "run-1",
    wp_id: null,
  });
  const entry = {
    identity,
    content_ref: { hash: "ab", algorithm: "sha256" },
    indexed_at: "2026-02-21T14:00:00Z",
    provenance: { git_sha: "abc" },
    superseded: false,
    step_id: null,
  };
  return [
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
    ["ArtifactEntry", ArtifactEntrySchema, entry],
    ["Event", EventSchema, {
      ...(c.version === "3.0.0" ? { build_id: "build-1" } : {}),
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
      artifacts: { "spec.md": entry },
      anomalies: [],
      latest_snapshot: null,
      drift_history: [],
      parity_status: "unknown",
      event_count: 0,
    }],
  ];
}

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

/** Paths to every object inside a document, the document's own included. */
function objectPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [];
  return [
    prefix,
    ...Object.keys(value).flatMap((key) =>
      objectPaths((value as Record<string, unknown>)[key], [...prefix, key])
    ),
  ];
}

/** The document with one more key in the object at `path`. */
function withKey(
  document: unknown,
  path: string[],
  key: string,
  value: unknown,
): unknown {
  const copy = structuredClone(document);
  let target = copy as Record<string, unknown>;
  for (const step of path) target = target[step] as Record<string, unknown>;
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}

/** Keys that no object declares, legacy and special ones included. */
const EXTRA_KEYS = fc.constantFrom(
  "extra",
  "feature_slug",
  "mission_key",
  "mission_slug",
  "mission_type",
  "__proto__",
  "constructor",
  "10",
  "",
);

/** Asserts that the fast path gives Valibot's verdict and output for `input`. */
function assertAgrees(schema: v.GenericSchema, input: unknown): boolean {
  const expected = v.safeParse(schema, input);
  const actual = fastParse(schema, input);
  assert.equal(actual.success, expected.success);
  // The fast path must not give up on valid input either.
  assert.equal(fastPathAccepts(schema, input), expected.success);
  if (expected.success) assert.deepEqual(actual.output, expected.output);
  // The compiled closures too, where a generated validator runs first.
  const compiled = compiledOutput(schema, input);
  assert.equal(compiled !== null, expected.success);
  if (expected.success) assert.deepEqual(compiled!.output, expected.output);
  return expected.success;
}

for (const c of CONTRACTS) {
  Deno.test(`fastParse() gives exactly Valibot's verdict and output (${c.version})`, async (t) => {
    for (const [name, schema, sample] of samples(c)) {
      await t.step(name, () => {
        const sampleParse = v.safeParse(schema, sample);
        assert.equal(sampleParse.success, true, `the ${name} sample is valid`);
        fc.assert(
          fc.property(
            fc.constantFrom(...paths(sample)),
            REPLACEMENTS,
            (path, value) => {
              assertAgrees(schema, replaced(sample, path, value));
            },
          ),
          { numRuns: 500 },
        );
      });
    }
  });

  Deno.test(`fastParse() gives exactly Valibot's verdict and output for an added key (${c.version})`, async (t) => {
    for (const [name, schema, sample] of samples(c)) {
      await t.step(name, () => {
        const verdicts = new Set<boolean>();
        fc.assert(
          fc.property(
            fc.constantFrom(...objectPaths(sample)),
            EXTRA_KEYS,
            REPLACEMENTS,
            (path, key, value) => {
              if (value === undefined) return;
              const input = withKey(sample, path, key, value);
              verdicts.add(assertAgrees(schema, input));
            },
          ),
          { numRuns: 200 },
        );
        // 2.4.0 drops added keys, and so does the envelope of 3.0.0; its
        // value objects and payloads reject them.
        const strict = c.version === "3.0.0" && name !== "Event";
        assert.ok(verdicts.has(!strict));
      });
    }
  });
}
