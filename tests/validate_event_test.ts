// Dual-layer validation (docs/contract.md, "Schemas, fixtures and dual-layer validation") of both contracts; the envelope unwrapping,
// the cutover gate and acceptEmptyBuildId at the end are 3.0.0's (docs/contract.md, "Contract 3.0.0 and the divergences").
import assert from "node:assert/strict";
import { DOSSIER_EVENT_TYPES } from "../mod.ts";
import * as conformanceV3 from "../conformance/v3.ts";
import {
  type ContractKit,
  CONTRACTS,
  type Json,
  keyLevels,
  V2,
  V3,
} from "./_builders.ts";

/** A valid Indexed payload and an envelope carrying it, in `c`'s names. */
function samples(c: ContractKit) {
  const NAMESPACE = {
    project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa",
    [c.slug]: "042-mission-dossier",
    target_branch: "main",
    [c.mission]: "software-dev",
    manifest_version: "1.0.0",
  };

  const INDEXED = {
    namespace: NAMESPACE,
    artifact_id: {
      [c.mission]: "software-dev",
      path: "kitty-specs/042-mission-dossier/spec.md",
      artifact_class: "input",
    },
    content_ref: {
      hash: "513663639ae8cb04cefec199eab87988413a4c3f24147b787ba8f726a1a6e112",
      algorithm: "sha256",
    },
    indexed_at: "2026-02-21T14:01:00+00:00",
  };

  const ENVELOPE = {
    event_id: "01KJ081WB0FPRQTH76601A63DA",
    event_type: "MissionDossierArtifactIndexed",
    aggregate_id: "042-mission-dossier",
    payload: INDEXED,
    timestamp: "2026-02-21T14:01:00+00:00",
    node_id: "spec-kitty-cli-7f3a9c",
    lamport_clock: 1,
    project_uuid: "bef12780-fc81-4e02-85a3-a3181ce8f3aa",
    correlation_id: "01KJ0801R0CG7M8VEBJ7EKK4AM",
    ...(c.version === "3.0.0"
      ? { build_id: "spec-kitty-cli-0.14.2", schema_version: "3.0.0" }
      : {}),
  };
  return { NAMESPACE, INDEXED, ENVELOPE };
}

for (const c of CONTRACTS) {
  const { validateEvent } = c.conformance;
  const { NAMESPACE, INDEXED, ENVELOPE } = samples(c);

  Deno.test(`validateEvent() passes a valid payload through both layers (${c.version})`, () => {
    assert.deepEqual(validateEvent(INDEXED, "MissionDossierArtifactIndexed"), {
      valid: true,
      modelViolations: [],
      schemaViolations: [],
      schemaCheckSkipped: false,
      eventType: "MissionDossierArtifactIndexed",
    });
  });

  Deno.test(`validateEvent() checks the envelope under the name Event (${c.version})`, () => {
    assert.equal(validateEvent(ENVELOPE, "Event").valid, true);
    const result = validateEvent({ ...ENVELOPE, lamport_clock: "3" }, "Event");
    assert.equal(result.valid, false);
    assert.equal(result.eventType, "Event");
    assert.deepEqual(
      result.modelViolations.map((issue) => issue.path),
      ["lamport_clock"],
    );
    assert.deepEqual(result.schemaViolations, [{
      path: "lamport_clock",
      message: 'Instance type "string" is invalid. Expected "integer".',
      keyword: "type",
      schemaPath: "#/properties/lamport_clock/type",
    }]);
  });

  Deno.test(`validateEvent() reports a missing field from both layers (${c.version})`, () => {
    const { path: _, ...identity } = INDEXED.artifact_id;
    const { artifact_id: _identity, ...rest } = INDEXED;
    const result = validateEvent(
      { ...rest, artifact_id: identity },
      "MissionDossierArtifactIndexed",
    );
    assert.equal(result.valid, false);
    assert.deepEqual(result.modelViolations, [{
      path: "artifact_id.path",
      message: "is required",
      type: "missing",
      input: undefined,
    }]);
    assert.deepEqual(result.schemaViolations, [{
      path: "artifact_id",
      message: 'Instance does not have required property "path".',
      keyword: "required",
      schemaPath: "#/properties/artifact_id/required",
    }]);
  });

  Deno.test(`validateEvent() gives each model violation its path, message, type and input (${c.version})`, () => {
    const result = validateEvent(
      {
        ...INDEXED,
        content_ref: { hash: "", algorithm: "sha1", size_bytes: -1 },
      },
      "MissionDossierArtifactIndexed",
    );
    assert.deepEqual(
      result.modelViolations.map(({ path, type, input }) => ({
        path,
        type,
        input,
      })),
      [
        { path: "content_ref.hash", type: "min_length", input: "" },
        { path: "content_ref.algorithm", type: "picklist", input: "sha1" },
        { path: "content_ref.size_bytes", type: "min_value", input: -1 },
      ],
    );
    assert.match(result.modelViolations[1].message, /must be one of "sha256"/);
    assert.deepEqual(
      result.schemaViolations.map(({ path, keyword }) => ({ path, keyword })),
      [
        { path: "content_ref.hash", keyword: "minLength" },
        { path: "content_ref.algorithm", keyword: "enum" },
        { path: "content_ref.size_bytes", keyword: "anyOf" },
        { path: "content_ref.size_bytes", keyword: "minimum" },
      ],
    );
  });

  Deno.test(`validateEvent() writes schema paths like field paths (${c.version})`, async (t) => {
    await t.step("array items get an index", () => {
      const result = validateEvent({
        namespace: NAMESPACE,
        expected_hash: "a",
        actual_hash: "b",
        drift_kind: "artifact_added",
        detected_at: "2026-02-21T14:11:00+00:00",
        artifact_ids_changed: [INDEXED.artifact_id, { path: "x" }],
      }, "MissionDossierParityDriftDetected");
      assert.ok(
        result.schemaViolations.some((violation) =>
          violation.path === "artifact_ids_changed[1]" &&
          violation.keyword === "required"
        ),
      );
      assert.ok(
        result.modelViolations.some((issue) =>
          issue.path === `artifact_ids_changed[1].${c.mission}`
        ),
      );
    });
    await t.step("odd keys are quoted, __proto__ included", () => {
      const diagnostics = JSON.parse(
        '{"__proto__": 1, "a/b~c": "ok", "x y": 2}',
      );
      const result = validateEvent(
        { ...INDEXED, context_diagnostics: diagnostics },
        "MissionDossierArtifactIndexed",
      );
      assert.deepEqual(
        result.schemaViolations.filter((violation) =>
          violation.keyword === "type"
        )
          .map((violation) => violation.path),
        ["context_diagnostics.__proto__", 'context_diagnostics["x y"]'],
      );
      assert.deepEqual(
        result.modelViolations.map((issue) => issue.path),
        ["context_diagnostics.__proto__", 'context_diagnostics["x y"]'],
      );
    });
    await t.step(
      "keys with # and non-ASCII characters come back as written",
      () => {
        const diagnostics = JSON.parse('{"#1 é": 1}');
        const result = validateEvent(
          { ...INDEXED, context_diagnostics: diagnostics },
          "MissionDossierArtifactIndexed",
        );
        assert.equal(
          result.schemaViolations.find((violation) =>
            violation.keyword === "type"
          )
            ?.path,
          'context_diagnostics["#1 é"]',
        );
      },
    );
    await t.step(
      "a key with an unpaired surrogate is a propertyNames violation",
      () => {
        const result = validateEvent(
          { ...INDEXED, context_diagnostics: { ok: "yes", "bad\uD800": "x" } },
          "MissionDossierArtifactIndexed",
        );
        assert.equal(result.valid, false);
        assert.match(result.modelViolations[0].message, /unpaired surrogate/);
        assert.deepEqual(result.schemaViolations, [{
          path: "context_diagnostics",
          message:
            'Property name "bad\\ud800" does not match schema (it holds an unpaired surrogate).',
          keyword: "propertyNames",
          schemaPath: "#",
        }]);
      },
    );
    await t.step("a nullable field does not report its null branch", () => {
      const result = validateEvent(
        { ...INDEXED, provenance: { actor_kind: "robot" } },
        "MissionDossierArtifactIndexed",
      );
      assert.ok(
        !result.schemaViolations.some((violation) =>
          violation.message.endsWith('Expected "null".')
        ),
      );
      assert.ok(
        result.schemaViolations.some((violation) =>
          violation.path === "provenance.actor_kind" &&
          violation.keyword === "enum"
        ),
      );
    });
  });

  Deno.test(`validateEvent() rejects what is not an object in both layers (${c.version})`, async (t) => {
    for (
      const [label, value] of [
        ["null", null],
        ["an array", []],
        ["a string", "payload"],
        ["a number", 7],
      ] as const
    ) {
      await t.step(label, () => {
        const result = validateEvent(value, "MissionDossierSnapshotComputed");
        assert.equal(result.valid, false);
        assert.equal(result.modelViolations[0].path, "");
        assert.equal(result.schemaViolations[0].path, "");
        assert.equal(result.schemaViolations[0].keyword, "type");
      });
    }
  });

  Deno.test(`validateEvent() checks the JSON form of values that are not JSON data (${c.version})`, async (t) => {
    await t.step("undefined has no JSON form", () => {
      const result = validateEvent(undefined, "Event");
      assert.equal(result.valid, false);
      assert.match(
        result.schemaViolations[0].message,
        /^Instance is not JSON data \(it has no JSON form\): nothing$/,
      );
    });
    await t.step("a BigInt cannot be written as JSON", () => {
      const result = validateEvent({ ...ENVELOPE, extra: 1n }, "Event");
      assert.deepEqual(result.modelViolations, []);
      assert.equal(result.valid, false);
      assert.equal(result.schemaViolations[0].keyword, "type");
      assert.match(result.schemaViolations[0].message, /BigInt/);
    });
    await t.step("a Date where an object belongs fails both layers", () => {
      const result = validateEvent(
        { ...INDEXED, provenance: new Date(0) },
        "MissionDossierArtifactIndexed",
      );
      assert.equal(result.modelViolations[0].path, "provenance");
      assert.equal(result.schemaViolations[0].path, "provenance");
    });
    await t.step("a field set to undefined counts as absent", () => {
      const result = validateEvent(
        { ...INDEXED, provenance: undefined },
        "MissionDossierArtifactIndexed",
      );
      assert.equal(result.valid, true);
    });
  });

  Deno.test(`validateEvent() reports input that throws while read, never leaks it (${c.version})`, () => {
    const hostile = new Proxy({}, {
      getPrototypeOf() {
        return Object.prototype;
      },
      ownKeys() {
        throw new Error("trap");
      },
      get() {
        throw new Error("trap");
      },
    });
    const result = validateEvent(hostile, "MissionDossierArtifactIndexed");
    assert.equal(result.valid, false);
    assert.equal(result.modelViolations[0].type, "unreadable");
    assert.match(result.modelViolations[0].message, /reading it threw Error/);
    assert.match(
      result.schemaViolations[0].message,
      /^Instance is not JSON data/,
    );
  });

  Deno.test(`validateEvent() accepts { strict: true } and it changes nothing (${c.version})`, () => {
    for (const strict of [true, false]) {
      const result = validateEvent(INDEXED, "MissionDossierArtifactIndexed", {
        strict,
      });
      assert.equal(result.valid, true);
      assert.equal(result.schemaCheckSkipped, false);
    }
  });

  Deno.test(`validateEvent() knows the four dossier event types and Event (${c.version})`, async (t) => {
    for (const eventType of [...DOSSIER_EVENT_TYPES, "Event"]) {
      await t.step(eventType, () => {
        assert.equal(validateEvent({}, eventType).eventType, eventType);
      });
    }
  });

  Deno.test(`validateEvent() throws for an unknown event type, listing the known ones (${c.version})`, async (t) => {
    for (const eventType of ["WPStatusChanged", "event", "", "__proto__"]) {
      await t.step(JSON.stringify(eventType), () => {
        assert.throws(() => validateEvent(INDEXED, eventType), {
          name: "TypeError",
          message:
            `Cannot validate event: event type must be one of "MissionDossierArtifactIndexed", "MissionDossierArtifactMissing", "MissionDossierSnapshotComputed", "MissionDossierParityDriftDetected", "Event": received ${
              JSON.stringify(eventType)
            }`,
        });
      });
    }
    await t.step("a value that is not a string", () => {
      assert.throws(
        () => validateEvent(INDEXED, 42 as unknown as string),
        /: received 42$/,
      );
    });
  });

  Deno.test(`validateEvent() does not touch the committed schema modules (${c.version})`, async () => {
    const { default: schema } = await import(
      new URL("event.schema.json", c.schemas).href,
      { with: { type: "json" } }
    );
    validateEvent(ENVELOPE, "Event");
    assert.deepEqual(
      Object.keys(schema).filter((key) => key.startsWith("__")),
      [],
    );
  });
}

// ── Unknown keys: allowed by 2.4.0, rejected by both layers of 3.0.0 ─────

Deno.test("validateEvent() passes a payload with an unknown key at any level (2.4.0)", async (t) => {
  for (const level of keyLevels(V2)) {
    for (const key of ["extra", "mission_slug", "mission_type"]) {
      await t.step(`${key} in ${level.name}`, () => {
        const result = V2.conformance.validateEvent(
          level.payload({ [key]: "x" }),
          level.eventType,
        );
        assert.deepEqual(
          [result.valid, result.modelViolations, result.schemaViolations],
          [true, [], []],
        );
      });
    }
  }
});

/** The value a JSON Pointer fragment (`#/properties/x`) points at. */
function pointed(document: unknown, fragment: string): unknown {
  let value = document;
  for (const token of fragment.replace(/^#\/?/, "").split("/")) {
    if (token === "") continue;
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The committed 3.0.0 JSON Schema of a dossier event type. */
async function schemaOf(eventType: string): Promise<unknown> {
  const name = eventType.replace(/^MissionDossier/, "mission_dossier_")
    .replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  return JSON.parse(
    await Deno.readTextFile(
      new URL(`${name}_payload.schema.json`, V3.schemas),
    ),
  );
}

Deno.test("validateEvent() reports an unknown key at any level in both layers (3.0.0)", async (t) => {
  const keys: [string, string][] = [
    ["extra", "is not allowed: contract 3.0.0 rejects unknown keys"],
    [
      "feature_slug",
      'is not allowed: contract 3.0.0 renamed it to "mission_slug"',
    ],
    [
      "mission_key",
      'is not allowed: contract 3.0.0 renamed it to "mission_type"',
    ],
  ];
  for (const level of keyLevels(V3)) {
    const schema = await schemaOf(level.eventType);
    for (const [key, message] of keys) {
      await t.step(`${key} in ${level.name}`, () => {
        const result = V3.conformance.validateEvent(
          level.payload({ [key]: "x" }),
          level.eventType,
        );
        assert.equal(result.valid, false);
        assert.deepEqual(result.modelViolations, [{
          path: level.path === "" ? key : `${level.path}.${key}`,
          message,
          type: "unknown_key",
          input: "x",
        }]);
        // As for a missing field, the schema layer names the object (and,
        // for a nullable one, that it matches neither branch).
        const [violation, ...others] = result.schemaViolations.filter((
          violation,
        ) => violation.keyword !== "anyOf");
        assert.deepEqual(others, []);
        assert.ok(
          result.schemaViolations.every((other) =>
            level.path.startsWith(other.path)
          ),
        );
        assert.deepEqual(
          { path: violation.path, keyword: violation.keyword },
          { path: level.path, keyword: "additionalProperties" },
        );
        assert.equal(
          violation.message,
          `Property "${key}" does not match additional properties schema.`,
        );
        assert.match(violation.schemaPath, /\/additionalProperties$/);
        assert.equal(pointed(schema, violation.schemaPath), false);
      });
    }
  }
  await t.step("context_diagnostics takes any key", () => {
    for (const level of keyLevels(V3).filter((level) => level.path === "")) {
      const result = V3.conformance.validateEvent(
        level.payload({
          context_diagnostics: {
            feature_slug: "a",
            mission_key: "b",
            feature_number: "c",
            extra: "d",
          },
        }),
        level.eventType,
      );
      assert.equal(result.valid, true, level.eventType);
    }
  });
});

// ── Envelopes: 3.0.0 unwraps them and runs the cutover gate (docs/contract.md, "Contract 3.0.0 and the divergences") ─────────

Deno.test("validateEvent() checks an envelope as the payload it is given (2.4.0)", () => {
  const { ENVELOPE } = samples(V2);
  const result = V2.conformance.validateEvent(
    ENVELOPE,
    "MissionDossierArtifactIndexed",
  );
  assert.equal(result.valid, false);
  assert.ok(result.modelViolations.some((issue) => issue.path === "namespace"));
});

const V3_SAMPLES = samples(V3);
const INDEXED_3 = V3_SAMPLES.INDEXED;
const ENVELOPE_3: Readonly<Json> = V3_SAMPLES.ENVELOPE;
const INDEXED_TYPE = "MissionDossierArtifactIndexed";

Deno.test("validateEvent() checks the payload of an envelope of the type asked for (3.0.0)", async (t) => {
  await t.step("a valid payload", () => {
    assert.deepEqual(
      conformanceV3.validateEvent(ENVELOPE_3, INDEXED_TYPE),
      conformanceV3.validateEvent(INDEXED_3, INDEXED_TYPE),
    );
    assert.equal(
      conformanceV3.validateEvent(ENVELOPE_3, INDEXED_TYPE).valid,
      true,
    );
  });
  await t.step("an invalid payload: paths are the payload's", () => {
    const { path: _, ...identity } = INDEXED_3.artifact_id;
    const result = conformanceV3.validateEvent(
      { ...ENVELOPE_3, payload: { ...INDEXED_3, artifact_id: identity } },
      INDEXED_TYPE,
    );
    assert.deepEqual(
      result.modelViolations.map(({ path, type }) => ({ path, type })),
      [{ path: "artifact_id.path", type: "missing" }],
    );
    assert.deepEqual(
      result.schemaViolations.map(({ path, keyword }) => ({ path, keyword })),
      [{ path: "artifact_id", keyword: "required" }],
    );
  });
  await t.step("the envelope itself is not checked", () => {
    const result = conformanceV3.validateEvent(
      { ...ENVELOPE_3, lamport_clock: "3", build_id: "" },
      INDEXED_TYPE,
    );
    assert.equal(result.valid, true);
  });
  await t.step("an envelope of another type is checked as it stands", () => {
    const result = conformanceV3.validateEvent(
      ENVELOPE_3,
      "MissionDossierSnapshotComputed",
    );
    assert.equal(result.valid, false);
    assert.ok(
      result.modelViolations.some((issue) =>
        issue.path === "event_id" && issue.type === "unknown_key"
      ),
    );
    assert.ok(
      result.modelViolations.every((issue) => issue.type !== "cutover_policy"),
    );
  });
  for (
    const [name, payload] of [
      ["an array", [INDEXED_3]],
      ["null", null],
      ["a string", "{}"],
    ] as const
  ) {
    await t.step(
      `a payload that is ${name}: the input is checked as it stands`,
      () => {
        const result = conformanceV3.validateEvent(
          { ...ENVELOPE_3, payload },
          INDEXED_TYPE,
        );
        assert.equal(result.valid, false);
        assert.ok(
          result.modelViolations.some((issue) =>
            issue.path === "payload" && issue.type === "unknown_key"
          ),
        );
      },
    );
  }
});

/** The gate's violation, or `null`, for a payload type and for "Event". */
function gateOf(envelope: Json): {
  payload: readonly unknown[];
  event: readonly unknown[];
  eventSchemaViolations: readonly unknown[];
} {
  const cutover = (violations: readonly { type: string }[]) =>
    violations.filter((issue) => issue.type === "cutover_policy");
  const asPayload = conformanceV3.validateEvent(envelope, INDEXED_TYPE);
  const asEvent = conformanceV3.validateEvent(envelope, "Event");
  return {
    payload: cutover(asPayload.modelViolations),
    event: cutover(asEvent.modelViolations),
    eventSchemaViolations: asEvent.schemaViolations,
  };
}

Deno.test("validateEvent() fails the cutover gate with one violation on schema_version (3.0.0)", async (t) => {
  const without = { ...ENVELOPE_3 };
  delete without.schema_version;
  const cases: [string, Json, unknown, RegExp][] = [
    ["an absent schema_version", without, undefined, /must be present/],
    [
      "a null schema_version",
      { ...ENVELOPE_3, schema_version: null },
      null,
      /must be present/,
    ],
    [
      "a numeric schema_version",
      { ...ENVELOPE_3, schema_version: 3 },
      3,
      /must be a string/,
    ],
    ...["2.4.0", "1.0.0", "30.0.0", "03.0.0", "4.0.0"].map((version) =>
      [
        `major version other than 3: ${version}`,
        { ...ENVELOPE_3, schema_version: version },
        version,
        /must have major version 3/,
      ] as [string, Json, unknown, RegExp]
    ),
    ...["3.0.1", "3.1.0", "3", "3.0.0 ", "3.0.0-rc1"].map((version) =>
      [
        `major 3 but not exactly 3.0.0: ${JSON.stringify(version)}`,
        { ...ENVELOPE_3, schema_version: version },
        version,
        /must be exactly "3\.0\.0"/,
      ] as [string, Json, unknown, RegExp]
    ),
    [
      "a legacy key in the envelope",
      { ...ENVELOPE_3, feature_slug: "042" },
      "3.0.0",
      /"feature_slug" \(at feature_slug\)/,
    ],
    [
      "a legacy key deep in the payload",
      {
        ...ENVELOPE_3,
        payload: {
          ...INDEXED_3,
          context_diagnostics: { legacy_aggregate_id: "feature/042" },
        },
      },
      "3.0.0",
      /"legacy_aggregate_id" \(at payload\.context_diagnostics\.legacy_aggregate_id\)/,
    ],
    [
      "a legacy key in an object inside an array",
      { ...ENVELOPE_3, tags: ["a", { feature_number: 42 }] },
      "3.0.0",
      /"feature_number" \(at tags\[1\]\.feature_number\)/,
    ],
    [
      "a legacy key in an array inside an array",
      { ...ENVELOPE_3, matrix: [[{}, { mission_key: "m" }]] },
      "3.0.0",
      /"mission_key" \(at matrix\[0\]\[1\]\.mission_key\)/,
    ],
    ...["feature/042", "feature_catalog/all", "feature", "feature_catalog"]
      .map((aggregate) =>
        [
          `the aggregate ${JSON.stringify(aggregate)}`,
          { ...ENVELOPE_3, aggregate_id: aggregate },
          "3.0.0",
          new RegExp(
            `legacy aggregate "${
              aggregate.split("/")[0]
            }" \\(aggregate_id "${aggregate}"\\)`,
          ),
        ] as [string, Json, unknown, RegExp]
      ),
  ];
  for (const [name, envelope, input, message] of cases) {
    await t.step(name, () => {
      const gate = gateOf(envelope);
      assert.equal(gate.payload.length, 1);
      const [violation] = gate.payload as {
        path: string;
        type: string;
        input: unknown;
        message: string;
      }[];
      assert.deepEqual(
        { path: violation.path, type: violation.type, input: violation.input },
        { path: "schema_version", type: "cutover_policy", input },
      );
      assert.match(violation.message, message);
      // "Event" runs the same gate.
      assert.deepEqual(gate.event, gate.payload);
    });
  }
  await t.step("the legacy event types, under Event", () => {
    for (const eventType of ["FeatureCreated", "FeatureClosed"]) {
      const { event } = gateOf({ ...ENVELOPE_3, event_type: eventType });
      assert.equal(event.length, 1, eventType);
      assert.match(
        (event[0] as { message: string }).message,
        new RegExp(`legacy event type "${eventType}"`),
      );
    }
  });
  await t.step("several reasons at once are still one violation", () => {
    const { event } = gateOf({
      ...ENVELOPE_3,
      schema_version: "2.4.0",
      feature_slug: "042",
      event_type: "FeatureCreated",
      aggregate_id: "feature/042",
    });
    assert.equal(event.length, 1);
  });
});

Deno.test("validateEvent() passes the cutover gate when nothing it forbids stands (3.0.0)", async (t) => {
  const cases: [string, Json][] = [
    ["the sample envelope", ENVELOPE_3],
    [
      "legacy names as values, not keys",
      {
        ...ENVELOPE_3,
        node_id: "feature_slug",
        tags: ["mission_key", ["feature_number"]],
        payload: {
          ...INDEXED_3,
          context_diagnostics: { note: "legacy_aggregate_id" },
        },
      },
    ],
    [
      "keys that only look like legacy ones",
      { ...ENVELOPE_3, Feature_Slug: 1, feature_slug_v2: 2, mission: 3 },
    ],
    ...[
      "features/042",
      "042/feature",
      "Feature/042",
      "feature-042",
      "x/feature_catalog",
    ]
      .map((aggregate) =>
        [`the aggregate ${JSON.stringify(aggregate)}`, {
          ...ENVELOPE_3,
          aggregate_id: aggregate,
        }] as [string, Json]
      ),
    ["another event type", { ...ENVELOPE_3, event_type: "FeatureUpdated" }],
  ];
  for (const [name, envelope] of cases) {
    await t.step(name, () => {
      const gate = gateOf(envelope);
      assert.deepEqual(gate.event, []);
      if (envelope.event_type === INDEXED_TYPE) {
        assert.deepEqual(gate.payload, []);
      }
    });
  }
});

Deno.test("validateEvent() runs the gate and the envelope schema for Event (3.0.0)", async (t) => {
  await t.step("a valid envelope", () => {
    assert.deepEqual(conformanceV3.validateEvent(ENVELOPE_3, "Event"), {
      valid: true,
      modelViolations: [],
      schemaViolations: [],
      schemaCheckSkipped: false,
      eventType: "Event",
    });
  });
  await t.step("both at once", () => {
    const result = conformanceV3.validateEvent(
      { ...ENVELOPE_3, schema_version: "2.4.0", lamport_clock: "3" },
      "Event",
    );
    assert.equal(result.valid, false);
    assert.deepEqual(
      result.modelViolations.map(({ path, type }) => ({ path, type })),
      [
        { path: "lamport_clock", type: "number" },
        { path: "schema_version", type: "cutover_policy" },
      ],
    );
    // The gate is the model layer's; "2.4.0" is a well-formed version.
    assert.deepEqual(
      result.schemaViolations.map(({ path, keyword }) => ({ path, keyword })),
      [{ path: "lamport_clock", keyword: "type" }],
    );
  });
  await t.step("a missing build_id, in both layers", () => {
    const wire = { ...ENVELOPE_3 };
    delete wire.build_id;
    const result = conformanceV3.validateEvent(wire, "Event");
    assert.deepEqual(
      result.modelViolations.map(({ path, type }) => ({ path, type })),
      [{ path: "build_id", type: "missing" }],
    );
    assert.deepEqual(
      result.schemaViolations.map(({ path, keyword }) => ({ path, keyword })),
      [{ path: "", keyword: "required" }],
    );
  });
  await t.step("a gate failure alone makes it invalid", () => {
    const result = conformanceV3.validateEvent(
      { ...ENVELOPE_3, aggregate_id: "feature/042" },
      "Event",
    );
    assert.equal(result.valid, false);
    assert.deepEqual(result.schemaViolations, []);
  });
});

Deno.test("validateEvent() reads an empty build_id as unknown in both layers with acceptEmptyBuildId (3.0.0)", async (t) => {
  const cli = { ...ENVELOPE_3, build_id: "" };
  await t.step("by default, both layers reject it", () => {
    for (const options of [undefined, {}, { acceptEmptyBuildId: false }]) {
      const result = conformanceV3.validateEvent(cli, "Event", options);
      assert.equal(result.valid, false);
      assert.deepEqual(
        result.modelViolations.map(({ path, input }) => ({ path, input })),
        [{ path: "build_id", input: "" }],
      );
      assert.match(result.modelViolations[0].message, /acceptEmptyBuildId/);
      assert.deepEqual(
        result.schemaViolations.map(({ path, keyword }) => ({ path, keyword })),
        [{ path: "build_id", keyword: "minLength" }],
      );
    }
  });
  await t.step("with the option, both layers accept it", () => {
    assert.deepEqual(
      conformanceV3.validateEvent(cli, "Event", { acceptEmptyBuildId: true }),
      conformanceV3.validateEvent(ENVELOPE_3, "Event"),
    );
  });
  await t.step("the option does not lift the gate or other rules", () => {
    const result = conformanceV3.validateEvent(
      { ...cli, schema_version: "2.4.0", node_id: "" },
      "Event",
      { acceptEmptyBuildId: true },
    );
    assert.deepEqual(result.modelViolations.map(({ path }) => path), [
      "node_id",
      "schema_version",
    ]);
    const absent = { ...ENVELOPE_3 };
    delete absent.build_id;
    assert.equal(
      conformanceV3.validateEvent(absent, "Event", {
        acceptEmptyBuildId: true,
      }).valid,
      false,
    );
  });
  await t.step("the input is not changed", () => {
    const input = structuredClone(cli);
    conformanceV3.validateEvent(input, "Event", { acceptEmptyBuildId: true });
    assert.deepEqual(input, cli);
  });
  await t.step("an option that is not a boolean is a TypeError", () => {
    for (
      const [options, message] of [
        [
          { acceptEmptyBuildId: "yes" },
          'Cannot validate event: option "acceptEmptyBuildId" must be a boolean: received "yes"',
        ],
        [
          {
            get acceptEmptyBuildId() {
              throw new Error("boom");
            },
          },
          'Cannot validate event: option "acceptEmptyBuildId" must be plain data (reading it threw Error)',
        ],
        // As parseEvent refuses them: options are an object or nothing.
        [
          "strict",
          'Cannot validate event: the options must be an object: received "strict"',
        ],
        [
          null,
          "Cannot validate event: the options must be an object: received null",
        ],
      ] as const
    ) {
      assert.throws(
        () => conformanceV3.validateEvent(cli, "Event", options as never),
        { name: "TypeError", message },
      );
    }
  });
});

Deno.test("validateEvent() returns for an envelope that holds a cycle (3.0.0)", async (t) => {
  const cyclic: Record<string, unknown> = { note: "x" };
  cyclic.self = cyclic;
  const loop: unknown[] = [];
  loop.push([loop, { a: 1 }]);
  await t.step(
    "no legacy key: the gate passes, the schema layer refuses",
    () => {
      for (
        const envelope of [
          { ...ENVELOPE_3, extra: cyclic },
          { ...ENVELOPE_3, payload: { ...INDEXED_3, tags: loop } },
        ]
      ) {
        const result = conformanceV3.validateEvent(envelope, "Event");
        assert.deepEqual(result.modelViolations, []);
        assert.match(
          result.schemaViolations[0].message,
          /^Instance is not JSON data/,
        );
      }
    },
  );
  await t.step("a legacy key inside the cycle is found", () => {
    const legacy: Record<string, unknown> = { inner: { feature_number: 1 } };
    (legacy.inner as Record<string, unknown>).back = legacy;
    const [violation] = conformanceV3.validateEvent(
      { ...ENVELOPE_3, extra: legacy },
      "Event",
    ).modelViolations;
    assert.equal(violation.type, "cutover_policy");
    assert.match(
      violation.message,
      /"feature_number" \(at extra\.inner\.feature_number\)/,
    );
  });
});

Deno.test("validateEvent() finds a legacy key 20,000 levels down, naming its path (3.0.0)", () => {
  const depth = 20_000;
  let deep: Record<string, unknown> = { feature_slug: "042" };
  for (let level = 0; level < depth; level++) deep = { a: deep };
  const [violation] = conformanceV3.validateEvent(
    { ...ENVELOPE_3, extra: deep },
    "Event",
  ).modelViolations;
  assert.equal(violation.type, "cutover_policy");
  assert.ok(
    violation.message.includes(
      `"feature_slug" (at extra${".a".repeat(depth)}.feature_slug)`,
    ),
  );
});

Deno.test("validateEvent() with acceptEmptyBuildId reports an envelope that throws while read, never leaks it (3.0.0)", async (t) => {
  const boom = () => {
    throw new Error("boom");
  };
  const cases: [string, unknown][] = [
    ["a proxy whose traps throw", new Proxy({}, { get: boom, ownKeys: boom })],
    [
      "a build_id getter that throws",
      Object.defineProperty({ ...ENVELOPE_3 }, "build_id", {
        get: boom,
        enumerable: true,
      }),
    ],
  ];
  for (const [name, envelope] of cases) {
    await t.step(name, () => {
      const result = conformanceV3.validateEvent(envelope, "Event", {
        acceptEmptyBuildId: true,
      });
      assert.equal(result.valid, false);
      assert.ok(
        result.modelViolations.some((issue) => issue.type === "unreadable"),
      );
      assert.deepEqual(
        result,
        conformanceV3.validateEvent(envelope, "Event"),
      );
    });
  }
});
