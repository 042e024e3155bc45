// Expected JSON texts are written by hand from docs/contract.md, "The reducer" and "Canonical JSON"; every
// test runs against both contracts (docs/contract.md, "Contract 3.0.0 and the divergences": the same canonical JSON, other field
// names), the 3.0.0 texts derived from the 2.4.0 ones by the renames of docs/contract.md, "Contract 3.0.0 and the divergences".
import assert from "node:assert/strict";
import type { ArtifactEntry, MissionDossierState } from "../mod.ts";
import { CONTRACTS } from "./_builders.ts";
import { recordOfSchema } from "../src/contract/valibot_kit.ts";

const EMPTY_JSON =
  '{"namespace":null,"artifacts":{},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}';

for (const c of CONTRACTS) {
  const { drift, identity, indexed, missing, namespace, snapshot } = c;
  const {
    ArtifactEntrySchema,
    emptyDossierState,
    parseDossierState,
    reduceMissionDossier,
    serializeDossierState,
  } = c.api;

  const NS = c.stateNamespace();
  const NS_JSON = c.rename(
    '{"project_uuid":"6f1c2b8e-5a4d-4c3b-9e2f-1a0b9c8d7e6f","feature_slug":"042-dossier","target_branch":"main","mission_key":"software-dev","manifest_version":"1","step_id":null}',
  );

  const entry = (path: string, hash = "ab12"): ArtifactEntry => {
    return {
      identity: c.identity(path, {
        run_id: null,
        wp_id: null,
      }) as unknown as ArtifactEntry["identity"],
      content_ref: {
        hash,
        algorithm: "sha256",
        size_bytes: null,
        encoding: null,
      },
      indexed_at: "2026-02-21T14:00:00Z",
      provenance: null,
      superseded: false,
      step_id: null,
    };
  };

  const entryJson = (path: string, hash = "ab12"): string => {
    return `{"identity":{${c.rename('"mission_key"')}:"software-dev","path":${
      JSON.stringify(path)
    },"artifact_class":"input","run_id":null,"wp_id":null},"content_ref":{"hash":"${hash}","algorithm":"sha256","size_bytes":null,"encoding":null},"indexed_at":"2026-02-21T14:00:00Z","provenance":null,"superseded":false,"step_id":null}`;
  };

  const state = (
    overrides: Partial<MissionDossierState>,
  ): MissionDossierState => {
    return { ...emptyDossierState(), ...overrides };
  };

  /** A full state, in canonical JSON, written by hand. */
  const FULL_JSON = `{"namespace":${NS_JSON},"artifacts":{"b.md":${
    entryJson("b.md")
  },"10":${entryJson("10")},"__proto__":${entryJson("__proto__")},"2":${
    entryJson("2")
  }},"anomalies":[{"anomaly_type":"missing_artifact","expected_identity":${
    c.rename(
      '{"mission_key":"software-dev","path":"plan.md","artifact_class":"output","run_id":"run-1","wp_id":"WP01"}',
    )
  },"manifest_step":"plan","checked_at":"2026-02-21T14:05:00Z","remediation_hint":null}],"latest_snapshot":{"snapshot_hash":"sha256:ff","artifact_count":4,"anomaly_count":1,"computed_at":"2026-02-21T14:10:00Z","algorithm":"sha512"},"drift_history":[{"expected_hash":"sha256:aa","actual_hash":"sha256:bb","drift_kind":"manifest_version_changed","detected_at":"2026-02-21T14:20:00Z"}],"parity_status":"drifted","event_count":7}`;

  const FULL_STATE: MissionDossierState = {
    namespace: NS,
    artifacts: new Map([
      ["b.md", entry("b.md")],
      ["10", entry("10")],
      ["__proto__", entry("__proto__")],
      ["2", entry("2")],
    ]),
    anomalies: [{
      anomaly_type: "missing_artifact",
      expected_identity: c.identity("plan.md", {
        artifact_class: "output",
        run_id: "run-1",
        wp_id: "WP01",
      }) as unknown as ArtifactEntry["identity"],
      manifest_step: "plan",
      checked_at: "2026-02-21T14:05:00Z",
      remediation_hint: null,
    }],
    latest_snapshot: {
      snapshot_hash: "sha256:ff",
      artifact_count: 4,
      anomaly_count: 1,
      computed_at: "2026-02-21T14:10:00Z",
      algorithm: "sha512",
    },
    drift_history: [{
      expected_hash: "sha256:aa",
      actual_hash: "sha256:bb",
      drift_kind: "manifest_version_changed",
      detected_at: "2026-02-21T14:20:00Z",
    }],
    parity_status: "drifted",
    event_count: 7,
  };

  Deno.test(`serializeDossierState() writes the empty state of the contract (${c.version})`, () => {
    assert.equal(serializeDossierState(emptyDossierState()), EMPTY_JSON);
  });

  Deno.test(`serializeDossierState() writes every field in contract order, artifacts in insertion order (${c.version})`, () => {
    assert.equal(serializeDossierState(FULL_STATE), FULL_JSON);
  });

  Deno.test(`serializeDossierState() does not depend on the key order of the objects it is given (${c.version})`, () => {
    const shuffled = Object.fromEntries(
      Object.entries(FULL_STATE).reverse(),
    ) as unknown as MissionDossierState;
    const reversedEntry = Object.fromEntries(
      Object.entries(entry("b.md")).reverse(),
    ) as unknown as ArtifactEntry;
    assert.equal(
      serializeDossierState({
        ...shuffled,
        artifacts: new Map([
          ["b.md", reversedEntry],
          ...[...FULL_STATE.artifacts].slice(1),
        ]),
      }),
      FULL_JSON,
    );
  });

  Deno.test(`serializeDossierState() writes every provenance and content field (${c.version})`, () => {
    const withAll: ArtifactEntry = {
      ...entry("a.md"),
      content_ref: {
        hash: "ab",
        algorithm: "md5",
        size_bytes: 0,
        encoding: "utf-8",
      },
      provenance: {
        source_event_ids: ["01hv7ka8tq3r0w2m9x6c4b5n1p", "x"],
        git_sha: "abc",
        git_ref: "refs/heads/main",
        actor_id: "ada",
        actor_kind: "llm",
        revised_at: "2026-02-21",
      },
      superseded: true,
      step_id: "",
    };
    const json = serializeDossierState(
      state({ artifacts: new Map([["a.md", withAll]]) }),
    );
    assert.equal(
      json,
      c.rename(
        '{"namespace":null,"artifacts":{"a.md":{"identity":{"mission_key":"software-dev","path":"a.md","artifact_class":"input","run_id":null,"wp_id":null},' +
          '"content_ref":{"hash":"ab","algorithm":"md5","size_bytes":0,"encoding":"utf-8"},"indexed_at":"2026-02-21T14:00:00Z",' +
          '"provenance":{"source_event_ids":["01hv7ka8tq3r0w2m9x6c4b5n1p","x"],"git_sha":"abc","git_ref":"refs/heads/main","actor_id":"ada","actor_kind":"llm","revised_at":"2026-02-21"},' +
          '"superseded":true,"step_id":""}},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}',
      ),
    );
    assert.equal(serializeDossierState(parseDossierState(json)), json);
  });

  Deno.test(`serializeDossierState() escapes as JSON requires and writes non-ASCII as itself (${c.version})`, async (t) => {
    const cases: [string, string][] = [
      ['quote " and backslash \\', '"quote \\" and backslash \\\\"'],
      ["\b\f\n\r\t", '"\\b\\f\\n\\r\\t"'],
      ["\u0000\u0001\u001f", '"\\u0000\\u0001\\u001f"'],
      ["\u001b[0m", '"\\u001b[0m"'],
      ["é ü 中 😀", '"é ü 中 😀"'],
      ["\u2028\u2029\u007f/", '"\u2028\u2029\u007f/"'],
    ];
    for (const [path, written] of cases) {
      await t.step(written, () => {
        const json = serializeDossierState(
          state({ artifacts: new Map([[path, entry(path)]]) }),
        );
        assert.ok(json.includes(`"artifacts":{${written}:{"identity"`));
        assert.ok(json.includes(`"path":${written},`));
        assert.equal(serializeDossierState(parseDossierState(json)), json);
      });
    }
  });

  Deno.test(`serializeDossierState() of a reduced stream puts integer-like paths where they were indexed (${c.version})`, () => {
    const reduced = reduceMissionDossier([
      indexed(1, "b.md"),
      indexed(2, "10"),
      indexed(3, "__proto__"),
      indexed(4, "2"),
    ]);
    const json = serializeDossierState(reduced);
    assert.ok(
      json.startsWith(
        `{"namespace":${NS_JSON},"artifacts":{"b.md":${
          entryJson("b.md", "hash-of-b.md")
        },"10":${entryJson("10", "hash-of-10")},"__proto__":${
          entryJson("__proto__", "hash-of-__proto__")
        },"2":${entryJson("2", "hash-of-2")}},"anomalies":[]`,
      ),
    );
  });

  Deno.test(`parseDossierState() reads canonical JSON back, keeping the artifacts order as written (${c.version})`, () => {
    const parsed = parseDossierState(FULL_JSON);
    assert.deepEqual(parsed, FULL_STATE);
    assert.deepEqual([...parsed.artifacts.keys()], [
      "b.md",
      "10",
      "__proto__",
      "2",
    ]);
    assert.equal(parsed.artifacts.get("__proto__")?.identity.path, "__proto__");
    assert.equal(serializeDossierState(parsed), FULL_JSON);
  });

  Deno.test(`parseDossierState() serialize → parse → serialize is the identity (${c.version})`, async (t) => {
    const streams = {
      "empty": [],
      "indexed, missing, snapshot, drift": [
        indexed(1, "spec.md", { provenance: { actor_kind: "system" } }),
        missing(2, "plan.md", { remediation_hint: "write it" }),
        snapshot(3),
        drift(4),
      ],
      "supersedes and odd paths": [
        indexed(1, "constructor"),
        indexed(2, "0"),
        indexed(3, "new", { supersedes: identity("constructor") }),
        indexed(4, 'a "quoted" \\ path'),
      ],
      "no valid namespace": [snapshot(1, { namespace: {} })],
    };
    for (const [name, events] of Object.entries(streams)) {
      await t.step(name, () => {
        const reduced = reduceMissionDossier(events);
        const json = serializeDossierState(reduced);
        const parsed = parseDossierState(json);
        assert.deepEqual(parsed, reduced);
        assert.equal(serializeDossierState(parsed), json);
      });
    }
  });

  Deno.test(`parseDossierState() reads JSON with whitespace and keys that look like JSON (${c.version})`, () => {
    const pretty = `{
    "namespace" : null,
    "artifacts" : {
      "9" : ${entryJson("9")},
      "a\\"}{b" :
        ${entryJson('a"}{b')},
      "1" : ${entryJson("1")}
    },
    "anomalies" : [ ],
    "latest_snapshot" : null,
    "drift_history" : [ ],
    "parity_status" : "unknown",
    "event_count" : 0
  }`;
    const parsed = parseDossierState(pretty);
    assert.deepEqual([...parsed.artifacts.keys()], ["9", 'a"}{b', "1"]);
    assert.equal(
      serializeDossierState(parsed),
      `{"namespace":null,"artifacts":{"9":${entryJson("9")},"a\\"}{b":${
        entryJson('a"}{b')
      },"1":${
        entryJson("1")
      }},"anomalies":[],"latest_snapshot":null,"drift_history":[],"parity_status":"unknown","event_count":0}`,
    );
  });

  Deno.test(`parseDossierState() drops unknown keys, even ones named artifacts deeper down (${c.version})`, () => {
    const json = EMPTY_JSON.replace(
      '"artifacts":{}',
      `"extra":{"artifacts":{"x":1}},"artifacts":{"2":${entryJson("2")},"1":${
        entryJson("1")
      }},"more":["artifacts",{"artifacts":{}}]`,
    );
    const parsed = parseDossierState(json);
    assert.deepEqual([...parsed.artifacts.keys()], ["2", "1"]);
    assert.deepEqual(Object.keys(parsed), [
      "namespace",
      "artifacts",
      "anomalies",
      "latest_snapshot",
      "drift_history",
      "parity_status",
      "event_count",
    ]);
  });

  /** FULL_JSON with `"<key>":<value>,` written first in the object that `opening` opens. */
  const fullWith = (opening: string, key: string, value = "1") => {
    assert.ok(FULL_JSON.includes(opening), opening);
    return FULL_JSON.replace(opening, `${opening}"${key}":${value},`);
  };

  Deno.test(`parseDossierState() drops unknown keys of the state's own entries, anomalies, snapshot and drift records (${c.version})`, async (t) => {
    for (
      const opening of [
        '"b.md":{',
        '"anomalies":[{',
        '"latest_snapshot":{',
        '"drift_history":[{',
      ]
    ) {
      await t.step(opening, () => {
        assert.deepEqual(
          parseDossierState(fullWith(opening, c.otherMission)),
          FULL_STATE,
        );
      });
    }
  });

  /** The value objects inside the state, as `[name, opening, field path]`. */
  const valueObjects: readonly (readonly [string, string, string])[] = [
    ["the namespace", '"namespace":{', "namespace"],
    ["an identity", '"b.md":{"identity":{', 'artifacts["b.md"].identity'],
    ["a content_ref", '"content_ref":{', 'artifacts["b.md"].content_ref'],
    [
      "an anomaly's identity",
      '"expected_identity":{',
      "anomalies[0].expected_identity",
    ],
  ];

  if (c.version === "2.4.0") {
    Deno.test("parseDossierState() drops an unknown key inside a value object of the state (2.4.0)", async (t) => {
      for (const [name, opening] of valueObjects) {
        await t.step(name, () => {
          assert.deepEqual(
            parseDossierState(fullWith(opening, "mission_slug", '"x"')),
            FULL_STATE,
          );
        });
      }
      await t.step("a provenance", () => {
        const provenance = (text: string) =>
          FULL_JSON.replace('"provenance":null', `"provenance":${text}`);
        assert.deepEqual(
          parseDossierState(provenance('{"extra":1}')),
          parseDossierState(provenance("{}")),
        );
      });
    });
  } else {
    Deno.test("parseDossierState() rejects an unknown key inside a value object of the state, naming it (3.0.0)", async (t) => {
      for (const [name, opening, path] of valueObjects) {
        await t.step(name, () => {
          assert.throws(() => parseDossierState(fullWith(opening, "extra")), {
            name: "TypeError",
            message:
              `Cannot parse dossier state: field "${path}.extra" is not allowed: contract 3.0.0 rejects unknown keys: received 1`,
          });
        });
      }
      await t.step("a legacy name in an identity", () => {
        assert.throws(
          () =>
            parseDossierState(
              fullWith('"b.md":{"identity":{', "mission_key", '"m"'),
            ),
          {
            name: "TypeError",
            message:
              'Cannot parse dossier state: field "artifacts["b.md"].identity.mission_key" is not allowed: contract 3.0.0 renamed it to "mission_type": received "m"',
          },
        );
      });
      await t.step("a provenance", () => {
        assert.throws(
          () =>
            parseDossierState(
              FULL_JSON.replace(
                '"provenance":null',
                '"provenance":{"extra":1}',
              ),
            ),
          /: field "artifacts\["b\.md"\]\.provenance\.extra" is not allowed: contract 3\.0\.0 rejects unknown keys: received 1$/,
        );
      });
    });
  }

  Deno.test(`parseDossierState() keeps the first place and the last value of a duplicated path (${c.version})`, () => {
    const json = EMPTY_JSON.replace(
      '"artifacts":{}',
      `"artifacts":{"a":${entryJson("a", "old")},"b":${entryJson("b")},"a":${
        entryJson("a", "new")
      }}`,
    );
    const parsed = parseDossierState(json);
    assert.deepEqual([...parsed.artifacts.keys()], ["a", "b"]);
    assert.equal(parsed.artifacts.get("a")?.content_ref.hash, "new");
  });

  Deno.test(`parseDossierState() rejects text that is not JSON with a SyntaxError (${c.version})`, async (t) => {
    for (const text of ["", "{", "{'namespace': null}", "nul"]) {
      await t.step(JSON.stringify(text), () => {
        assert.throws(
          () => parseDossierState(text),
          (error: Error) =>
            error instanceof SyntaxError &&
            error.message.startsWith(
              "Cannot parse dossier state: the text is not JSON (",
            ),
        );
      });
    }
  });

  Deno.test(`parseDossierState() rejects an argument that is not text (${c.version})`, async (t) => {
    const cases: [unknown, string][] = [
      [undefined, "undefined"],
      [{}, "object"],
      [42, "number"],
    ];
    for (const [input, shown] of cases) {
      await t.step(shown, () => {
        assert.throws(() => parseDossierState(input as string), {
          name: "TypeError",
          message:
            `Cannot parse dossier state: the input must be JSON text: received ${shown}`,
        });
      });
    }
  });

  Deno.test(`parseDossierState() names the field of a document that is not a state (${c.version})`, async (t) => {
    const swap = (from: string, to: string) => EMPTY_JSON.replace(from, to);
    const withEntry = (text: string) =>
      EMPTY_JSON.replace('"artifacts":{}', `"artifacts":${text}`);
    const cases: [string, string, string, string][] = [
      [
        "an array",
        "[]",
        "TypeError",
        "the input must be an object: received an array of 0 items",
      ],
      [
        "null",
        "null",
        "TypeError",
        "the input must be an object: received null",
      ],
      [
        "a missing field",
        EMPTY_JSON.replace(',"event_count":0', ""),
        "TypeError",
        'field "event_count" is required: received nothing',
      ],
      [
        "an unknown parity_status",
        swap('"unknown"', '"dirty"'),
        "TypeError",
        'field "parity_status" must be one of "clean", "drifted", "unknown": received "dirty"',
      ],
      [
        "a negative event_count",
        swap('"event_count":0', '"event_count":-1'),
        "RangeError",
        'field "event_count" must be an integer of at least 0 and at most 2^53−1 (9007199254740991), the largest JavaScript holds exactly: received -1',
      ],
      [
        "an event_count above 2^53−1",
        swap('"event_count":0', '"event_count":9007199254740992'),
        "RangeError",
        'field "event_count" must be an integer of at least 0 and at most 2^53−1 (9007199254740991), the largest JavaScript holds exactly: received 9007199254740992',
      ],
      [
        "artifacts as an array",
        withEntry("[]"),
        "TypeError",
        'field "artifacts" must be an object: received an array of 0 items',
      ],
      [
        "an artifact entry that is not an object",
        withEntry('{"a.md":"x"}'),
        "TypeError",
        'field "artifacts["a.md"]" must be an object: received "x"',
      ],
      [
        "an artifact entry with a wrong superseded",
        withEntry(
          `{"a.md":${
            entryJson("a.md").replace('"superseded":false', '"superseded":"no"')
          }}`,
        ),
        "TypeError",
        'field "artifacts["a.md"].superseded" must be true or false: received "no"',
      ],
      [
        "a __proto__ entry that is invalid",
        withEntry(
          `{"__proto__":${
            entryJson("__proto__").replace(
              '"algorithm":"sha256"',
              '"algorithm":"crc32"',
            )
          }}`,
        ),
        "TypeError",
        'field "artifacts.__proto__.content_ref.algorithm" must be one of "sha256", "sha512", "md5": received "crc32"',
      ],
      [
        "a path with a lone surrogate",
        withEntry(`{"\\ud800":${entryJson("x")}}`),
        "TypeError",
        'field "artifacts["\\ud800"]" must have well-formed Unicode keys (this one holds an unpaired surrogate): received "\\ud800"',
      ],
      [
        "a value with a lone surrogate",
        swap(
          '"namespace":null',
          NS_JSON.replace('"main"', '"ma\\udfffin"').replace(
            "{",
            '"namespace":{',
          ),
        ),
        "TypeError",
        'field "namespace.target_branch" must be well-formed Unicode (it holds an unpaired surrogate): received "ma\\udfffin"',
      ],
      [
        "an anomaly of another type",
        swap(
          '"anomalies":[]',
          c.rename(
            '"anomalies":[{"anomaly_type":"extra_artifact","expected_identity":{"mission_key":"m","path":"p","artifact_class":"input"},"manifest_step":"plan","checked_at":""}]',
          ),
        ),
        "TypeError",
        'field "anomalies[0].anomaly_type" must be "missing_artifact": received "extra_artifact"',
      ],
      [
        "a snapshot without an algorithm",
        swap(
          '"latest_snapshot":null',
          '"latest_snapshot":{"snapshot_hash":"h","artifact_count":0,"anomaly_count":0,"computed_at":""}',
        ),
        "TypeError",
        'field "latest_snapshot.algorithm" is required: received nothing',
      ],
      [
        "a drift record with an empty hash",
        swap(
          '"drift_history":[]',
          '"drift_history":[{"expected_hash":"","actual_hash":"b","drift_kind":"artifact_added","detected_at":""}]',
        ),
        "TypeError",
        'field "drift_history[0].expected_hash" must be a non-empty string: received ""',
      ],
    ];
    for (const [name, json, errorName, detail] of cases) {
      await t.step(name, () => {
        assert.throws(() => parseDossierState(json), {
          name: errorName,
          message: `Cannot parse dossier state: ${detail}`,
        });
      });
    }
  });

  Deno.test(`parseDossierState() counts the other problems (${c.version})`, () => {
    assert.throws(
      () =>
        parseDossierState(
          EMPTY_JSON.replace('"unknown"', '"dirty"').replace(
            '"event_count":0',
            '"event_count":"0"',
          ),
        ),
      /: received "dirty" \(and 1 more problem\)$/,
    );
  });

  Deno.test(`parseDossierState() accepts a state the reducer could not produce, as long as its shape is right (${c.version})`, () => {
    // Consistency (parity_status against drift_history) is the reducer's job.
    const json = EMPTY_JSON.replace('"unknown"', '"clean"').replace(
      '"event_count":0',
      '"event_count":9007199254740991',
    );
    assert.equal(serializeDossierState(parseDossierState(json)), json);
    assert.deepEqual(
      parseDossierState(`{"namespace":${NS_JSON}${EMPTY_JSON.slice(17)}`)
        .namespace,
      {
        ...namespace(),
        step_id: null,
      },
    );
  });

  Deno.test(`recordOfSchema() validates through Standard Schema with every key as data (${c.version})`, async (t) => {
    // The schema behind `artifacts` (and `context_diagnostics`), used alone.
    const schema = recordOfSchema(ArtifactEntrySchema)["~standard"];
    await t.step("a __proto__ path is kept as an own key", async () => {
      const input = JSON.parse(
        `{"__proto__":${entryJson("__proto__")},"10":${entryJson("10")}}`,
      );
      const result = await schema.validate(input);
      assert.ok(!("issues" in result && result.issues));
      const value = (result as { value: Record<string, ArtifactEntry> }).value;
      assert.deepEqual(Object.keys(value), ["10", "__proto__"]);
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.equal(
        Object.getOwnPropertyDescriptor(value, "__proto__")?.value.identity
          .path,
        "__proto__",
      );
    });
    await t.step(
      "a lone surrogate key and an invalid value are issues",
      async () => {
        const result = await schema.validate(
          JSON.parse(`{"\\udc00":${entryJson("x")},"b":{"superseded":1}}`),
        );
        const issues =
          (result as { issues: readonly { message: string }[] }).issues;
        assert.equal(
          issues[0].message,
          "must have well-formed Unicode keys (this one holds an unpaired surrogate)",
        );
        assert.ok(issues.length > 1);
      },
    );
    await t.step(
      "a value that is not a plain object is one issue",
      async () => {
        const result = await schema.validate(new Map());
        assert.deepEqual(
          (result as { issues: readonly { message: string }[] }).issues.map((
            issue,
          ) => issue.message),
          ["must be an object"],
        );
      },
    );
  });
}
