// Dual-layer validation (§6) of both contracts; the envelope unwrapping,
// the cutover gate and acceptEmptyBuildId at the end are 3.0.0's (§8).
import assert from "node:assert/strict";
import { DOSSIER_EVENT_TYPES } from "../mod.ts";
import { type ContractKit, CONTRACTS, keyLevels, V2, V3 } from "./_builders.ts";

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
