// Every test of the envelope's rules runs against both contracts; the
// build_id tests at the end are contract 3.0.0's own (docs/contract.md, "Contract 3.0.0 and the divergences").
import assert from "node:assert/strict";
import * as v from "valibot";
import * as v3 from "../v3.ts";
import {
  CONTRACTS,
  CORRELATION_ID,
  PROJECT_UUID,
  REQUIRED_EVENT_FIELDS,
  ulid,
  V2,
  V3,
} from "./_builders.ts";

const ID = ulid(1);

for (const c of CONTRACTS) {
  const { envelope } = c;
  const { EventSchema, parseEvent, safeParseEvent } = c.api;

  /** The envelope without one field. */
  const without = (field: string): Record<string, unknown> => {
    const wire = envelope();
    delete wire[field];
    return wire;
  };

  /** 3.0.0's build_id, after timestamp (docs/contract.md, "Contract 3.0.0 and the divergences"); nothing in 2.4.0. */
  const buildId = c.version === "3.0.0" ? { build_id: "build-1" } : {};

  Deno.test(`parseEvent() fills in the defaults of absent optional fields (${c.version})`, () => {
    const wire = without("payload");
    // 3.0.0's kit writes schema_version "3.0.0"; leave it out to see the default.
    delete wire.schema_version;
    assert.deepEqual(parseEvent(wire), {
      event_id: ID,
      event_type: "MissionDossierArtifactIndexed",
      aggregate_id: "mission-042",
      payload: {},
      timestamp: "2026-02-21T14:00:00Z",
      ...buildId,
      node_id: "laptop-1",
      lamport_clock: 1,
      causation_id: null,
      project_uuid: PROJECT_UUID,
      project_slug: null,
      correlation_id: CORRELATION_ID,
      schema_version: c.version === "3.0.0" ? "3.0.0" : "1.0.0",
      data_tier: 0,
    });
  });

  Deno.test(`parseEvent() returns the fields in contract order (${c.version})`, () => {
    const wire = envelope({ project_slug: "dossier", causation_id: ulid(9) });
    const shuffled = Object.fromEntries(Object.entries(wire).reverse());
    assert.deepEqual(Object.keys(parseEvent(shuffled)), [
      "event_id",
      "event_type",
      "aggregate_id",
      "payload",
      "timestamp",
      ...Object.keys(buildId),
      "node_id",
      "lamport_clock",
      "causation_id",
      "project_uuid",
      "project_slug",
      "correlation_id",
      "schema_version",
      "data_tier",
    ]);
  });

  Deno.test(`parseEvent() drops unknown keys (${c.version})`, () => {
    const event = parseEvent(
      envelope({ extra: 1, __proto__: null, "odd key": "x" }),
    );
    assert.equal(Object.hasOwn(event, "extra"), false);
    assert.equal(Object.hasOwn(event, "odd key"), false);
    assert.equal(
      Object.keys(event).length,
      c.version === "3.0.0" ? 14 : 13,
    );
  });

  Deno.test(`parseEvent() keeps the payload and the timestamp as received (${c.version})`, () => {
    const wire = JSON.parse(
      JSON.stringify(envelope({ timestamp: 1700000000.5 })).replace(
        '"payload":{}',
        '"payload":{"anything":[1,{"nested":true}],"__proto__":3}',
      ),
    );
    const event = parseEvent(wire);
    assert.deepEqual(Object.keys(event.payload), ["anything", "__proto__"]);
    assert.deepEqual(event.payload.anything, [1, { nested: true }]);
    assert.equal(
      Object.getOwnPropertyDescriptor(event.payload, "__proto__")?.value,
      3,
    );
    assert.equal(event.timestamp, 1700000000.5);
    assert.equal(
      parseEvent(envelope({ timestamp: "2026-02-21 14:00" })).timestamp,
      "2026-02-21 14:00",
    );
  });

  Deno.test(`parseEvent() normalizes event ids and the project UUID (${c.version})`, () => {
    const event = parseEvent(envelope({
      event_id: "01hv7ka8tq3r0w2m9x6c4b5n1p",
      causation_id: "0F2A6C1E9B8D4F7A8C3B5D6E7F8091A2",
      correlation_id: "0F2A6C1E-9B8D-4F7A-8C3B-5D6E7F8091A3",
      project_uuid: "6F1C2B8E5A4D4C3B9E2F1A0B9C8D7E6F",
    }));
    assert.equal(event.event_id, "01HV7KA8TQ3R0W2M9X6C4B5N1P");
    assert.equal(event.causation_id, "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a2");
    assert.equal(event.correlation_id, "0f2a6c1e-9b8d-4f7a-8c3b-5d6e7f8091a3");
    assert.equal(event.project_uuid, PROJECT_UUID);
  });

  Deno.test(`parseEvent() accepts every project UUID form and lowercases it (${c.version})`, async (t) => {
    for (
      const input of [
        "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
        "6F1C2B8E-5A4D-4C3B-9E2F-1A0B9C8D7E6F",
        "6f1c2b8e5a4d4c3b9e2f1a0b9c8d7e6f",
        "{6F1C2B8E-5A4D-4C3B-9E2F-1A0B9C8D7E6F}",
        "urn:uuid:6f1c2b8e-5a4d-4c3b-9e2f-1A0B9C8D7E6F",
      ]
    ) {
      await t.step(input, () => {
        assert.equal(
          parseEvent(envelope({ project_uuid: input })).project_uuid,
          PROJECT_UUID,
        );
      });
    }
  });

  Deno.test(`parseEvent() rejects other project UUID spellings (${c.version})`, async (t) => {
    for (
      const input of [
        "URN:UUID:6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
        "urn:uuid:6f1c2b8e5a4d4c3b9e2f1a0b9c8d7e6f",
        "{6f1c2b8e5a4d4c3b9e2f1a0b9c8d7e6f}",
        "{6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
        " 6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f",
        "6f1c2b8e-5a4d4c3b-9e2f-1a0b9c8d7e6f",
        "6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6g",
        "",
      ]
    ) {
      await t.step(JSON.stringify(input), () => {
        assert.throws(() => parseEvent(envelope({ project_uuid: input })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "project_uuid" must be a UUID: hyphenated or 32 hex digits, optionally in braces or after urn:uuid:: received ${
              JSON.stringify(input)
            }`,
        });
      });
    }
  });

  Deno.test(`parseEvent() rejects a lamport_clock above 2^53−1 (${c.version})`, async (t) => {
    await t.step("2^53−1 is the largest accepted", () => {
      assert.equal(
        parseEvent(envelope({ lamport_clock: 2 ** 53 - 1, event_id: ID }))
          .lamport_clock,
        9007199254740991,
      );
    });
    for (const clock of [2 ** 53, 2 ** 64, -1]) {
      await t.step(String(clock), () => {
        assert.throws(
          () => parseEvent(envelope({ lamport_clock: clock, event_id: ID })),
          {
            name: "RangeError",
            message:
              `Cannot parse event "${ID}": field "lamport_clock" must be an integer of at least 0 and at most 2^53−1 (9007199254740991), the largest JavaScript holds exactly: received ${clock}`,
          },
        );
      });
    }
  });

  Deno.test(`parseEvent() rejects a lamport_clock that is a string, a boolean or a fraction (${c.version})`, async (t) => {
    const cases: [unknown, string][] = [
      ["3", '"3"'],
      [true, "true"],
      [false, "false"],
      [1.5, "1.5"],
      [null, "null"],
      [Number.NaN, "NaN"],
    ];
    for (const [clock, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(
          () => parseEvent(envelope({ lamport_clock: clock, event_id: ID })),
          {
            name: "TypeError",
            message:
              `Cannot parse event "${ID}": field "lamport_clock" must be an integer of at least 0 and at most 2^53−1 (9007199254740991), the largest JavaScript holds exactly: received ${shown}`,
          },
        );
      });
    }
  });

  Deno.test(`parseEvent() rejects an explicit null for a field with a default (${c.version})`, async (t) => {
    const cases: [string, string][] = [
      ["payload", "must be an object"],
      ["schema_version", 'must be a version string such as "1.0.0"'],
      ["data_tier", "must be an integer from 0 to 4"],
    ];
    for (const [field, expected] of cases) {
      await t.step(field, () => {
        assert.throws(() => parseEvent(envelope({ [field]: null })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "${field}" ${expected}: received null`,
        });
      });
    }
  });

  Deno.test(`parseEvent() accepts only a plain object as payload (${c.version})`, async (t) => {
    const cases: [unknown, string][] = [
      [[], "an array of 0 items"],
      ["{}", '"{}"'],
      [new Date(0), "a Date"],
      [new Map(), "an instance of Map"],
    ];
    for (const [payload, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(() => parseEvent(envelope({ payload })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "payload" must be an object: received ${shown}`,
        });
      });
    }
    await t.step("an object with no prototype", () => {
      const payload = Object.assign(Object.create(null), { a: 1 });
      assert.equal(parseEvent(envelope({ payload })).payload.a, 1);
    });
  });

  Deno.test(`parseEvent() requires every required field (${c.version})`, async (t) => {
    for (
      const field of [...REQUIRED_EVENT_FIELDS, ...Object.keys(buildId)]
    ) {
      await t.step(field, () => {
        const label = field === "event_id" ? "" : ` "${ID}"`;
        assert.throws(() => parseEvent(without(field)), {
          name: "TypeError",
          message:
            `Cannot parse event${label}: field "${field}" is required: received nothing`,
        });
      });
    }
  });

  Deno.test(`parseEvent() rejects empty text where the contract says length ≥ 1 (${c.version})`, async (t) => {
    for (const field of ["event_type", "aggregate_id", "node_id"]) {
      await t.step(field, () => {
        assert.throws(() => parseEvent(envelope({ [field]: "" })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "${field}" must be a non-empty string: received ""`,
        });
      });
    }
  });

  Deno.test(`parseEvent() rejects text with an unpaired surrogate (${c.version})`, async (t) => {
    for (
      const field of [
        "event_type",
        "aggregate_id",
        "node_id",
        "project_slug",
        ...Object.keys(buildId),
      ]
    ) {
      await t.step(field, () => {
        assert.throws(() => parseEvent(envelope({ [field]: "a\uD800b" })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "${field}" must be well-formed Unicode (it holds an unpaired surrogate): received "a\\ud800b"`,
        });
      });
    }
  });

  Deno.test(`parseEvent() reports an id that is not an event id (${c.version})`, async (t) => {
    await t.step("causation_id with a forbidden letter", () => {
      assert.throws(
        () =>
          parseEvent(envelope({ causation_id: "01HV7KA8TQ3R0W2M9X6C4B5NUP" })),
        {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "causation_id" must be a ULID in Crockford base32, which has no I, L, O or U (found "U"): received "01HV7KA8TQ3R0W2M9X6C4B5NUP"`,
        },
      );
    });
    await t.step("correlation_id that is a number", () => {
      assert.throws(() => parseEvent(envelope({ correlation_id: 7 })), {
        name: "TypeError",
        message:
          `Cannot parse event "${ID}": field "correlation_id" must be an event id (a ULID or a UUID) as a string: received 7`,
      });
    });
    await t.step("event_id too short: the label quotes it as received", () => {
      assert.throws(() => parseEvent(envelope({ event_id: "short" })), {
        name: "TypeError",
        message:
          `Cannot parse event "short": field "event_id" must be a 26-character ULID, a 36-character hyphenated UUID or a 32-character hex UUID, not 5 characters long: received "short"`,
      });
    });
    await t.step(
      "an event_id too long to quote is left out of the label",
      () => {
        const long = "x".repeat(65);
        assert.throws(
          () => parseEvent(envelope({ event_id: long })),
          (error: Error) =>
            error.message.startsWith('Cannot parse event: field "event_id"') &&
            error.message.includes("not 65 characters long"),
        );
      },
    );
  });

  Deno.test(`parseEvent() checks the schema_version form (${c.version})`, async (t) => {
    await t.step("any Unicode decimal digits", () => {
      assert.equal(
        parseEvent(envelope({ schema_version: "١.٢.٣" })).schema_version,
        "١.٢.٣",
      );
      assert.equal(
        parseEvent(envelope({ schema_version: "10.20.30" })).schema_version,
        "10.20.30",
      );
      assert.equal(
        parseEvent(envelope({ schema_version: "𝟏.𝟐.𝟑" })).schema_version,
        "𝟏.𝟐.𝟑",
      );
    });
    for (
      const version of [
        "1.0",
        "v1.0.0",
        "1.0.0-rc1",
        "1..0",
        "1.0.0\n",
        " 1.0.0",
        "a.b.c",
      ]
    ) {
      await t.step(JSON.stringify(version), () => {
        assert.throws(() => parseEvent(envelope({ schema_version: version })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "schema_version" must be a version of three dot-separated numbers such as "1.0.0": received ${
              JSON.stringify(version)
            }`,
        });
      });
    }
  });

  Deno.test(`parseEvent() accepts a data_tier from 0 to 4 only (${c.version})`, async (t) => {
    for (const tier of [0, 4]) {
      await t.step(`${tier} is accepted`, () => {
        assert.equal(parseEvent(envelope({ data_tier: tier })).data_tier, tier);
      });
    }
    for (const tier of [5, -1]) {
      await t.step(`${tier} is out of range`, () => {
        assert.throws(() => parseEvent(envelope({ data_tier: tier })), {
          name: "RangeError",
          message:
            `Cannot parse event "${ID}": field "data_tier" must be an integer from 0 to 4: received ${tier}`,
        });
      });
    }
    await t.step("a fraction is the wrong shape", () => {
      assert.throws(() => parseEvent(envelope({ data_tier: 2.5 })), TypeError);
    });
  });

  Deno.test(`parseEvent() checks the timestamp (${c.version})`, async (t) => {
    await t.step("a form that is not a datetime", () => {
      assert.throws(
        () => parseEvent(envelope({ timestamp: "2026-02-21T14" })),
        {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "timestamp" must be a datetime (YYYY-MM-DD, optionally T or space, HH:MM, :SS, a fraction and an offset Z or ±HH:MM) or a Unix time: received "2026-02-21T14"`,
        },
      );
    });
    await t.step("a date that does not exist", () => {
      assert.throws(() => parseEvent(envelope({ timestamp: "2026-02-30" })), {
        name: "RangeError",
        message:
          `Cannot parse event "${ID}": field "timestamp" must be a real datetime: there is no day 30 in 2026-02: received "2026-02-30"`,
      });
    });
    await t.step("neither text nor a number", () => {
      assert.throws(() => parseEvent(envelope({ timestamp: true })), {
        name: "TypeError",
        message:
          `Cannot parse event "${ID}": field "timestamp" must be a datetime string or a Unix time number: received true`,
      });
    });
  });

  Deno.test(`parseEvent() rejects an input that is not an object (${c.version})`, async (t) => {
    const cases: [unknown, string][] = [
      [null, "null"],
      [undefined, "nothing"],
      ["{}", '"{}"'],
      [[envelope()], "an array of 1 items"],
      [42, "42"],
    ];
    for (const [input, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(() => parseEvent(input), {
          name: "TypeError",
          message:
            `Cannot parse event: the input must be an object: received ${shown}`,
        });
      });
    }
  });

  Deno.test(`parseEvent() describes the value received in its message (${c.version})`, async (t) => {
    class Widget {}
    const cases: [unknown, string][] = [
      [10n, "10n (a BigInt)"],
      [Symbol("s"), "a symbol"],
      [() => 1, "a function"],
      [-0, "-0"],
      [{}, "an object"],
      [Object.create(null), "an object"],
      [new Widget(), "an instance of Widget"],
      [Object.create({ constructor: undefined }), "an object with a prototype"],
    ];
    for (const [value, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(() => parseEvent(envelope({ node_id: value })), {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "node_id" must be a non-empty string: received ${shown}`,
        });
      });
    }
  });

  Deno.test(`parseEvent() cuts a long value received at 80 characters (${c.version})`, () => {
    const long = "é".repeat(81);
    assert.throws(() => parseEvent(envelope({ lamport_clock: long })), {
      name: "TypeError",
      message:
        `Cannot parse event "${ID}": field "lamport_clock" must be an integer of at least 0 and at most 2^53−1 (9007199254740991), the largest JavaScript holds exactly: received "${
          "é".repeat(80)
        }…" (81 characters)`,
    });
  });

  Deno.test(`parseEvent() reports an input that refuses to be inspected (${c.version})`, () => {
    const proxy = new Proxy({}, {
      getPrototypeOf() {
        throw new Error("no");
      },
    });
    assert.throws(() => parseEvent(proxy), {
      name: "TypeError",
      message:
        "Cannot parse event: the input must be plain data (reading it threw Error): received a value that cannot be inspected",
    });
  });

  Deno.test(`parseEvent() counts the other problems in its message (${c.version})`, async (t) => {
    await t.step("two problems", () => {
      assert.throws(
        () => parseEvent(envelope({ node_id: "", aggregate_id: "" })),
        {
          name: "TypeError",
          message:
            `Cannot parse event "${ID}": field "aggregate_id" must be a non-empty string: received "" (and 1 more problem)`,
        },
      );
    });
    await t.step("three problems", () => {
      assert.throws(
        () =>
          parseEvent(envelope({ node_id: "", aggregate_id: "", data_tier: 9 })),
        /\(and 2 more problems\)$/,
      );
    });
  });

  Deno.test(`safeParseEvent() returns the parsed event on success (${c.version})`, () => {
    const result = safeParseEvent(envelope());
    assert.equal(result.success, true);
    assert.deepEqual(result.success && result.output, parseEvent(envelope()));
  });

  Deno.test(`safeParseEvent() returns every issue with its field path (${c.version})`, () => {
    const result = safeParseEvent(
      { ...without("event_type"), lamport_clock: "3", data_tier: 7 },
    );
    assert.equal(result.success, false);
    if (result.success) return;
    assert.deepEqual(
      result.issues.map(({ path, type, input }) => ({ path, type, input })),
      [
        { path: "event_type", type: "missing", input: undefined },
        { path: "lamport_clock", type: "number", input: "3" },
        { path: "data_tier", type: "max_value", input: 7 },
      ],
    );
    assert.ok(result.error instanceof TypeError);
    assert.equal(
      result.error.message,
      `Cannot parse event "${ID}": field "event_type" is required: received nothing (and 2 more problems)`,
    );
  });

  Deno.test(`safeParseEvent() reports an input whose reading throws, without throwing (${c.version})`, async (t) => {
    await t.step("a getter that throws", () => {
      const wire = envelope();
      Object.defineProperty(wire, "node_id", {
        enumerable: true,
        get() {
          throw new RangeError("boom");
        },
      });
      const result = safeParseEvent(wire);
      assert.equal(result.success, false);
      if (result.success) return;
      assert.deepEqual(
        result.issues.map(({ path, type }) => ({ path, type })),
        [
          { path: "", type: "unreadable" },
        ],
      );
      assert.equal(
        result.error.message,
        "Cannot parse event: the input must be plain data (reading it threw RangeError): received an object",
      );
      assert.ok(result.error instanceof TypeError);
    });
    await t.step("a thrown value that is not an Error", () => {
      const wire = envelope();
      Object.defineProperty(wire, "node_id", {
        enumerable: true,
        get() {
          throw "boom";
        },
      });
      assert.throws(() => parseEvent(wire), {
        name: "TypeError",
        message:
          "Cannot parse event: the input must be plain data (reading it threw a value): received an object",
      });
    });
  });

  Deno.test(`EventSchema parses like parseEvent() (${c.version})`, () => {
    assert.deepEqual(v.parse(EventSchema, envelope()), parseEvent(envelope()));
    assert.equal(
      v.safeParse(EventSchema, envelope({ data_tier: 5 })).success,
      false,
    );
  });
}

// ── build_id ─────────────────────────────────────────────────────────────

Deno.test("parseEvent() drops a build_id: an unknown key of the envelope (2.4.0)", () => {
  for (const build_id of ["build-1", ""]) {
    const event = V2.api.parseEvent(V2.envelope({ build_id }));
    assert.equal(Object.hasOwn(event, "build_id"), false);
  }
});

/** The start and the end of the message for `build_id: ""` (docs/contract.md, "Contract 3.0.0 and the divergences"). */
const EMPTY_BUILD_ID =
  /^Cannot parse event "01HV7KA8TQ3R0W2M9X6C4B0001"(?: on line 1)?: field "build_id" must be a non-empty string \((?=.*the spec-kitty CLI writes "")(?=.*\bacceptEmptyBuildId\b)(?=.*--accept-empty-build-id)(?=.*"unknown").*\): received ""$/;

Deno.test("parseEvent() rejects an empty build_id with a message that names the option accepting it (3.0.0)", async (t) => {
  const wire = V3.envelope({ build_id: "" });
  await t.step("parseEvent()", () => {
    assert.throws(
      () => v3.parseEvent(wire),
      (error: unknown) =>
        error instanceof TypeError && EMPTY_BUILD_ID.test(error.message),
    );
  });
  await t.step("safeParseEvent()", () => {
    const result = v3.safeParseEvent(wire);
    assert.equal(result.success, false);
    if (result.success) return;
    assert.deepEqual(
      result.issues.map(({ path, input }) => ({ path, input })),
      [{ path: "build_id", input: "" }],
    );
    assert.match(result.error.message, EMPTY_BUILD_ID);
  });
  await t.step("parseEventStream()", () => {
    assert.throws(
      () => v3.parseEventStream(JSON.stringify(wire)),
      (error: unknown) =>
        error instanceof TypeError && EMPTY_BUILD_ID.test(error.message),
    );
  });
  await t.step("the schema", () => {
    assert.equal(v.safeParse(v3.EventSchema, wire).success, false);
  });
  await t.step("acceptEmptyBuildId: false is the default", () => {
    for (const options of [{ acceptEmptyBuildId: false }, {}, undefined]) {
      assert.throws(
        () => v3.parseEvent(wire, options),
        (error: unknown) =>
          error instanceof TypeError && EMPTY_BUILD_ID.test(error.message),
      );
    }
  });
});

Deno.test("parseEvent() reads an empty build_id as unknown with { acceptEmptyBuildId: true } (3.0.0)", async (t) => {
  const options = { acceptEmptyBuildId: true } as const;
  const wire = V3.envelope({ build_id: "" });
  const expected = { ...v3.parseEvent(V3.envelope()), build_id: "unknown" };
  await t.step("parseEvent()", () => {
    const event = v3.parseEvent(wire, options);
    assert.deepEqual(event, expected);
    // Still in its place, after timestamp.
    assert.deepEqual(Object.keys(event), Object.keys(expected));
    assert.equal(Object.keys(event).indexOf("build_id"), 5);
  });
  await t.step("safeParseEvent()", () => {
    assert.deepEqual(v3.safeParseEvent(wire, options), {
      success: true,
      output: expected,
    });
  });
  await t.step("parseEventStream()", () => {
    const line = JSON.stringify(wire);
    assert.deepEqual(v3.parseEventStream(`${line}\n${line}\n`, options), [
      expected,
      expected,
    ]);
  });
  await t.step("a non-empty build_id is kept as it is", () => {
    for (const build_id of ["build-1", "unknown", " ", "0"]) {
      assert.equal(
        v3.parseEvent(V3.envelope({ build_id }), options).build_id,
        build_id,
      );
    }
  });
  await t.step("everything else about build_id still holds", () => {
    assert.throws(
      () => v3.parseEvent(V3.envelope({ build_id: 7 }), options),
      {
        name: "TypeError",
        message:
          `Cannot parse event "${ID}": field "build_id" must be a non-empty string: received 7`,
      },
    );
    const absent = V3.envelope();
    delete absent.build_id;
    assert.throws(() => v3.parseEvent(absent, options), {
      name: "TypeError",
      message:
        `Cannot parse event "${ID}": field "build_id" is required: received nothing`,
    });
    assert.throws(
      () => v3.parseEvent(V3.envelope({ build_id: "a\uD800" }), options),
      {
        name: "TypeError",
        message:
          `Cannot parse event "${ID}": field "build_id" must be well-formed Unicode (it holds an unpaired surrogate): received "a\\ud800"`,
      },
    );
  });
});

Deno.test("parseEvent() and safeParseEvent() of ./v3 take a number as no options, so events.map(parseEvent) works (3.0.0)", () => {
  const wires = [
    V3.envelope({ lamport_clock: 1 }),
    V3.envelope({ lamport_clock: 2 }),
  ];
  assert.deepEqual(
    wires.map(v3.parseEvent),
    wires.map((wire) => v3.parseEvent(wire)),
  );
  assert.deepEqual(
    wires.map(v3.safeParseEvent).map((result) => result.success),
    [true, true],
  );
  // The index does not turn acceptEmptyBuildId on.
  assert.throws(
    () => [{ ...wires[0], build_id: "" }].map(v3.parseEvent),
    /acceptEmptyBuildId/,
  );
});

Deno.test("parseEvent() refuses options that are not an object of booleans with a TypeError (3.0.0)", async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ["a string", "yes", /: the options must be an object: received "yes"$/],
    ["null", null, /: the options must be an object: received null$/],
    ["true", true, /: the options must be an object: received true$/],
    [
      "a string acceptEmptyBuildId",
      { acceptEmptyBuildId: "true" },
      /: option "acceptEmptyBuildId" must be a boolean: received "true"$/,
    ],
    [
      "a numeric acceptEmptyBuildId",
      { acceptEmptyBuildId: 1 },
      /: option "acceptEmptyBuildId" must be a boolean: received 1$/,
    ],
    [
      "a throwing getter",
      {
        get acceptEmptyBuildId() {
          throw new RangeError("no");
        },
      },
      /: option "acceptEmptyBuildId" must be plain data \(reading it threw RangeError\)$/,
    ],
  ];
  const wire = V3.envelope();
  const line = JSON.stringify(wire);
  for (const [name, options, message] of cases) {
    await t.step(name, () => {
      const calls: [string, () => unknown][] = [
        ["Cannot parse event", () => v3.parseEvent(wire, options as never)],
        [
          "Cannot parse event",
          () => v3.safeParseEvent(wire, options as never),
        ],
        [
          "Cannot parse event stream",
          () => v3.parseEventStream(line, options as never),
        ],
      ];
      for (const [action, call] of calls) {
        assert.throws(
          call,
          (error: unknown) =>
            error instanceof TypeError &&
            error.message.startsWith(`${action}: `) &&
            message.test(error.message),
        );
      }
    });
  }
});
