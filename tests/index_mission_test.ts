// indexMission() on small missions built for one rule each: the project
// side (config, uuid, org packs and their failures, ghosts), meta.json,
// the run-dependent values, unreadable files, lint staging and the
// snapshot file.

import assert from "node:assert/strict";
import {
  eventsToJsonl,
  indexMission,
  type IndexMissionResult,
  missionFromFiles,
  MissionIndexError,
  type MissionSource,
} from "../indexer.ts";
import { parseEventStream } from "../v3.ts";
import { DEFAULT_BUILD_ID } from "../src/index/index_mission.ts";

const UUID = "11111111-2222-4333-8444-555555555555";
const CONFIG = `project:\n  uuid: ${UUID}\n  node_id: 0123456789ab\n`;
const META = '{"mission_type": "software-dev", "target_branch": "main"}';

function mission(
  files: Record<string, string | Uint8Array>,
  name = "m",
): MissionSource {
  return missionFromFiles(files, { name });
}

/** A source whose listed paths in `unreadable` cannot be read (and, in `unstattable`, not stat'ed either). */
function withUnreadable(
  source: MissionSource,
  unreadable: readonly string[],
  unstattable: readonly string[] = [],
): MissionSource {
  return {
    name: source.name!,
    list: (directory) => source.list(directory),
    read: (path) =>
      unreadable.includes(path)
        ? Promise.reject(new Error("EACCES"))
        : source.read(path),
    size: (path) =>
      unstattable.includes(path)
        ? Promise.reject(new Error("EACCES"))
        : source.size(path),
  };
}

async function rejection(run: Promise<unknown>): Promise<MissionIndexError> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof MissionIndexError, String(error));
    return error;
  }
  throw new assert.AssertionError({ message: "expected a MissionIndexError" });
}

function record(result: IndexMissionResult, path: string) {
  const found = result.records.find((item) => item.relative_path === path);
  assert.ok(found, `no record for ${path}`);
  return found;
}

Deno.test("indexMission() reads the project uuid, node id and org packs through the project source", async (t) => {
  await t.step("config.yaml gives the uuid and the node id", async () => {
    const result = await indexMission(mission({ "spec.md": "s\n" }), {
      project: missionFromFiles({ ".kittify/config.yaml": CONFIG }),
    });
    assert.equal(result.namespace.project_uuid, UUID);
    assert.equal(result.events[0].node_id, "0123456789ab");
    assert.deepEqual(result.warnings, []);
  });
  await t.step(
    "no uuid: the mission is stopped, naming the file and the rule",
    async () => {
      for (
        const project of [
          missionFromFiles({ ".kittify/config.yaml": "project:\n  slug: x\n" }),
          missionFromFiles({ ".kittify/config.yaml": "project: [unclosed\n" }),
          missionFromFiles({ "other.txt": "x" }),
          undefined,
        ]
      ) {
        const error = await rejection(
          indexMission(mission({ "spec.md": "s\n" }), { project }),
        );
        assert.equal(error.rule, "no-project-uuid");
        assert.equal(error.file, ".kittify/config.yaml");
        assert.match(
          error.message,
          /^Cannot index mission "m": \.kittify\/config\.yaml: no project\.uuid/,
        );
      }
    },
  );
  await t.step(
    "a uuid written as a number is read as Python's str() of it",
    async () => {
      const result = await indexMission(mission({}), {
        project: missionFromFiles({
          ".kittify/config.yaml": "project:\n  uuid: 12345\n",
        }),
      });
      assert.equal(result.namespace.project_uuid, "12345");
    },
  );
  await t.step("options.projectUuid wins over the config", async () => {
    const result = await indexMission(mission({}), {
      projectUuid: "other",
      project: missionFromFiles({ ".kittify/config.yaml": CONFIG }),
    });
    assert.equal(result.namespace.project_uuid, "other");
  });
});

const ORG_MANIFEST = `schema_version: "1.0"
mission_type: software-dev
manifest_version: "9"
required_always:
  - artifact_key: policy.charter
    artifact_class: policy
    path_pattern: charter.md
    blocking: true
  - artifact_key: evidence.notes
    artifact_class: evidence
    path_pattern: notes.md
required_by_step:
  draft:
    - artifact_key: output.draft
      artifact_class: output
      path_pattern: draft.md
optional_always: []
`;

Deno.test("indexMission() lets the last org pack with a manifest replace the built-in one", async (t) => {
  const files = { "meta.json": META, "draft.md": "d\n", "spec.md": "s\n" };
  await t.step(
    "declared in config.yaml (local_path + subdir): its keys, required status and ghosts",
    async () => {
      const project = missionFromFiles({
        ".kittify/config.yaml":
          `${CONFIG}doctrine:\n  org:\n    packs:\n      - local_path: packs/a\n      - local_path: packs\n        subdir: b\n      - local_path: packs/missing\n      - subdir: x\n`,
        "packs/a/software-dev/expected-artifacts.yaml":
          "mission_type: software-dev\nmanifest_version: '2'\n",
        "packs/b/software-dev/expected-artifacts.yaml": ORG_MANIFEST,
      });
      const result = await indexMission(mission(files), { project });
      assert.equal(result.manifestOrigin, "org pack 1");
      assert.equal(result.manifest?.manifest_version, "9");
      assert.equal(
        result.namespace.manifest_version,
        "1",
        "the namespace's version is always the built-in one",
      );
      assert.deepEqual(
        [
          record(result, "draft.md").artifact_key,
          record(result, "draft.md").required_status,
        ],
        ["output.draft", "required"],
      );
      assert.equal(record(result, "spec.md").artifact_key, "artifact.spec");
      assert.deepEqual(
        result.records.slice(-2).map((
          ghost,
        ) => [
          ghost.relative_path,
          ghost.required_status,
          ghost.error_reason,
          ghost.hash_kind,
        ]),
        [
          ["charter.md", "required", "not_found", "ghost"],
          ["notes.md", "optional", "not_found", "ghost"],
        ],
      );
      assert.equal(result.snapshot?.completeness_status, "incomplete");
      assert.equal(result.snapshot?.required_missing, 1);
      const missing = result.events.filter((event) =>
        event.event_type === "MissionDossierArtifactMissing"
      );
      assert.deepEqual(
        missing.map((event) => event.payload.context_diagnostics),
        [
          { artifact_key: "policy.charter", reason_code: "not_found" },
        ],
      );
      assert.match(result.warnings.join("\n"), /local_path/);
    },
  );
  await t.step(
    "a pack file that is not YAML, or not a mapping, is passed over with a warning",
    async () => {
      const result = await indexMission(mission(files), {
        projectUuid: UUID,
        orgPacks: [
          missionFromFiles({
            "software-dev/expected-artifacts.yaml": ORG_MANIFEST,
          }),
          missionFromFiles({
            "software-dev/expected-artifacts.yaml": "a: [b\n",
          }),
          missionFromFiles({ "software-dev/expected-artifacts.yaml": "- a\n" }),
          missionFromFiles({
            "software-dev/expected-artifacts.yaml": new Uint8Array([0xff]),
          }),
        ],
      });
      assert.equal(result.manifestOrigin, "org pack 0");
      assert.equal(result.warnings.length, 3);
      assert.match(
        result.warnings[0],
        /^Ignored org pack 1's software-dev\/expected-artifacts\.yaml: it is not valid YAML/,
      );
      assert.match(result.warnings[1], /not a YAML mapping/);
    },
  );
  await t.step(
    "a pack file that fails the schema stops the mission",
    async () => {
      const cases: [string, RegExp][] = [
        [`${ORG_MANIFEST}extra: 1\n`, /field "extra" is not allowed/],
        [
          "mission_type: software-dev\nmanifest_version: '1'\noptional_always:\n  - {artifact_key: k, artifact_class: other, path_pattern: x}\n",
          /artifact_class" must be one of/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: '1'\noptional_always:\n  - {artifact_key: k, artifact_class: input, path_pattern: x, blocking: 'yes'}\n",
          /blocking" must be a boolean/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: '1'\noptional_always:\n  - {artifact_key: k, artifact_class: input, path_pattern: x, when: 1}\n",
          /optional_always\[0\]\.when" is not allowed/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: '1'\noptional_always: [1]\n",
          /must be a mapping/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: '1'\noptional_always: x\n",
          /must be a list/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: '1'\nrequired_by_step: [x]\n",
          /required_by_step" must be a mapping/,
        ],
        [
          "mission_type: software-dev\nmanifest_version: 1\n",
          /manifest_version" must be a string/,
        ],
      ];
      for (const [text, reason] of cases) {
        const error = await rejection(indexMission(mission(files), {
          projectUuid: UUID,
          orgPacks: [
            missionFromFiles({ "software-dev/expected-artifacts.yaml": text }),
          ],
        }));
        assert.equal(error.rule, "manifest-schema");
        assert.equal(
          error.file,
          "org pack 0: software-dev/expected-artifacts.yaml",
        );
        assert.match(error.reason, reason);
      }
    },
  );
});

Deno.test("indexMission() reads meta.json as the CLI does", async (t) => {
  const cases: [
    string,
    string | null,
    { target_branch: string; mission_type: string },
  ][] = [
    ["no meta.json", null, {
      target_branch: "main",
      mission_type: "software-dev",
    }],
    [
      "type stripped, Python whitespace",
      '{"mission_type": "\\u001c research \\u3000", "target_branch": "2.x"}',
      { target_branch: "2.x", mission_type: "research" },
    ],
    ["a number as branch", '{"target_branch": 3}', {
      target_branch: "3",
      mission_type: "software-dev",
    }],
    ["true as branch", '{"target_branch": true}', {
      target_branch: "True",
      mission_type: "software-dev",
    }],
    ["a list as branch", '{"target_branch": ["x"]}', {
      target_branch: '["x"]',
      mission_type: "software-dev",
    }],
    ["falsy branches fall back", '{"target_branch": "", "mission_type": 7}', {
      target_branch: "trunk",
      mission_type: "software-dev",
    }],
    [
      "empty list and map fall back",
      '{"target_branch": {}, "mission_type": "  "}',
      { target_branch: "trunk", mission_type: "software-dev" },
    ],
    [
      "the legacy mission field is ignored",
      '{"mission": "research", "target_branch": []}',
      { target_branch: "trunk", mission_type: "software-dev" },
    ],
  ];
  for (const [name, meta, expected] of cases) {
    await t.step(name, async () => {
      const files: Record<string, string> = meta === null
        ? {}
        : { "meta.json": meta };
      const result = await indexMission(mission(files), {
        projectUuid: UUID,
        fallbackTargetBranch: name === "no meta.json" ? undefined : "trunk",
      });
      assert.equal(result.namespace.target_branch, expected.target_branch);
      assert.equal(result.namespace.mission_type, expected.mission_type);
    });
  }
  await t.step(
    "a meta.json that is not a JSON object, not UTF-8 or unreadable stops the mission",
    async () => {
      for (
        const [bytes, reason] of [
          ["{not json", /not valid JSON/],
          ["[1]", /must hold a JSON object: received an array/],
          ["null", /received null/],
          [new Uint8Array([0x7b, 0xff, 0x7d]), /not valid JSON/],
        ] as const
      ) {
        const error = await rejection(
          indexMission(mission({ "meta.json": bytes }), { projectUuid: UUID }),
        );
        assert.equal(error.rule, "corrupt-meta-json");
        assert.equal(error.file, "meta.json");
        assert.match(error.reason, reason);
      }
      const error = await rejection(
        indexMission(
          withUnreadable(mission({ "meta.json": META }), ["meta.json"]),
          { projectUuid: UUID },
        ),
      );
      assert.match(error.reason, /cannot be read/);
    },
  );
});

Deno.test("indexMission() takes every run-dependent value from the options, and has defaults that the contract accepts", async (t) => {
  await t.step("given: the events are reproducible", async () => {
    const run = async () => {
      let id = 0;
      return await indexMission(
        mission({ "spec.md": "s\n", "plan.md": "p\n" }, "001-x"),
        {
          projectUuid: UUID,
          missionSlug: "001-y",
          buildId: "my-build",
          nodeId: "node-1",
          firstLamportClock: 41,
          clock: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0)),
          eventId: () =>
            `01J000000000000000000000${String(++id).padStart(2, "0")}`,
          snapshotId: () => "00000000-0000-4000-8000-000000000001",
        },
      );
    };
    const [first, second] = [await run(), await run()];
    assert.equal(eventsToJsonl(first.events), eventsToJsonl(second.events));
    assert.equal(first.snapshotFile, second.snapshotFile);
    assert.deepEqual(first.events.map((event) => event.lamport_clock), [
      41,
      42,
      43,
    ]);
    assert.equal(
      first.events[0].timestamp,
      "2026-01-02T03:04:05+00:00",
      "no fraction when the microseconds are 0",
    );
    assert.equal(first.events[0].build_id, "my-build");
    assert.equal(first.events[0].node_id, "node-1");
    assert.equal(first.events[0].aggregate_id, "001-y:spec.md");
    assert.equal(
      first.events[2].aggregate_id,
      "001-y:00000000-0000-4000-8000-000000000001",
    );
    assert.equal(
      first.snapshotFilePath,
      ".kittify/dossiers/001-y/snapshot-latest.json",
    );
  });
  await t.step(
    "defaults: a ULID per event, the package's build id, a uuid4 snapshot id, Python's isoformat",
    async () => {
      const result = await indexMission(mission({ "spec.md": "s\n" }), {
        projectUuid: UUID,
      });
      const [indexed, snapshot] = result.events;
      assert.match(indexed.event_id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.notEqual(indexed.event_id, snapshot.event_id);
      assert.match(indexed.build_id, /^@spec-kitty\/dossier@\d+\.\d+\.\d+$/);
      assert.equal(indexed.node_id, "000000000000");
      assert.equal(indexed.lamport_clock, 1);
      assert.match(
        result.snapshot!.snapshot_id,
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      assert.match(
        indexed.timestamp,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$/,
      );
      assert.equal(parseEventStream(eventsToJsonl(result.events)).length, 2);
    },
  );
  await t.step(
    "refused: a slug-less source, an empty build id, a bad Lamport clock",
    async () => {
      await assert.rejects(
        indexMission(missionFromFiles({}), { projectUuid: UUID }),
        TypeError,
      );
      await assert.rejects(
        indexMission(mission({}), { projectUuid: UUID, buildId: "" }),
        /buildId ""/,
      );
      for (const firstLamportClock of [-1, 1.5, Number.NaN]) {
        await assert.rejects(
          indexMission(mission({}), { projectUuid: UUID, firstLamportClock }),
          RangeError,
        );
      }
    },
  );
});

Deno.test("indexMission() marks unreadable and non-UTF-8 files not present, with the size the CLI reports", async () => {
  const source = withUnreadable(
    mission({
      "spec.md": "s\n",
      "plan.md": "p\n",
      "tasks.md": "t\n",
      "notes.md": new Uint8Array([0xc0, 0xaf]),
      "tasks/WP01-a.md": "---\nwork_package_id: WP01\n---\n",
    }),
    ["spec.md", "plan.md", "tasks/WP01-a.md"],
    ["plan.md"],
  );
  const result = await indexMission(source, { projectUuid: UUID });
  const fields = (path: string) => {
    const { is_present, error_reason, content_hash, size_bytes } = record(
      result,
      path,
    );
    return { is_present, error_reason, content_hash, size_bytes };
  };
  assert.deepEqual(fields("spec.md"), {
    is_present: false,
    error_reason: "unreadable",
    content_hash: null,
    size_bytes: 2,
  });
  assert.deepEqual(fields("plan.md"), {
    is_present: false,
    error_reason: "unreadable",
    content_hash: null,
    size_bytes: 0,
  });
  assert.deepEqual(fields("notes.md"), {
    is_present: false,
    error_reason: "invalid_utf8",
    content_hash: null,
    size_bytes: 2,
  });
  assert.deepEqual(fields("tasks/WP01-a.md"), {
    is_present: false,
    error_reason: "unreadable",
    content_hash: null,
    size_bytes: 0,
  });
  const missing = result.events.filter((event) =>
    event.event_type === "MissionDossierArtifactMissing"
  );
  assert.deepEqual(
    missing.map((
      event,
    ) => [
      event.aggregate_id,
      event.payload.manifest_step,
      event.payload.context_diagnostics,
    ]),
    [
      ["m:spec.md", "default", {
        artifact_key: "input.spec.main",
        reason_code: "unreadable",
      }],
      ["m:plan.md", "default", {
        artifact_key: "output.plan.main",
        reason_code: "unreadable",
      }],
    ],
  );
  assert.equal(result.snapshot?.completeness_status, "incomplete");
  assert.equal(result.events.at(-1)?.payload.anomaly_count, 2);
});

Deno.test("indexMission() stops a mission whose file has a key the CLI's record model refuses", async () => {
  for (const name of ["notes (1).md", "résumé.md", "a+b.md"]) {
    const error = await rejection(
      indexMission(mission({ "spec.md": "s\n", [`sub/${name}`]: "x" }), {
        projectUuid: UUID,
      }),
    );
    assert.equal(error.rule, "artifact-key");
    assert.equal(error.file, `sub/${name}`);
    assert.match(error.reason, /^artifact_key must contain only/);
  }
});

Deno.test("indexMission() writes no snapshot when a path cannot be encoded as UTF-8, as the CLI", async () => {
  const result = await indexMission(
    mission({ "\ud800/a.md": "x", "spec.md": "s\n" }),
    { projectUuid: UUID },
  );
  assert.equal(result.snapshot, null);
  assert.equal(result.snapshotFile, null);
  assert.deepEqual(result.events.map((event) => event.event_type), [
    "MissionDossierArtifactIndexed",
    "MissionDossierArtifactIndexed",
  ]);
  assert.match(result.warnings.join(), /No snapshot/);
});

Deno.test("indexMission() stages the project's lint report as the CLI does", async (t) => {
  const report = (scope: unknown) =>
    JSON.stringify({ feature_scope: scope, findings: [] });
  const files = {
    "meta.json": '{"mission_slug": "slug-x", "mission_id": "01KABCDEFGH"}',
    "sub/x.md": "x\n",
    "a.md": "a\n",
  };
  for (const scope of ["m", "slug-x", "01KABCDEFGH", "01KABCDE"]) {
    await t.step(
      `scope ${scope}: copied in, after the root's files`,
      async () => {
        const project = missionFromFiles({
          ".kittify/config.yaml": CONFIG,
          ".kittify/lint-report.json": report(scope),
        });
        const result = await indexMission(mission(files), { project });
        assert.equal(result.lintReport.action, "copy");
        assert.deepEqual(result.records.map((item) => item.relative_path), [
          "meta.json",
          "a.md",
          "lint-report.json",
          "sub/x.md",
        ]);
        assert.deepEqual(
          [
            record(result, "lint-report.json").artifact_key,
            record(result, "lint-report.json").size_bytes,
          ],
          ["runtime.charter-lint.decay", report(scope).length],
        );
      },
    );
  }
  await t.step("copied over a stale copy, in its place", async () => {
    const project = missionFromFiles({
      ".kittify/config.yaml": CONFIG,
      ".kittify/lint-report.json": report("m"),
    });
    const result = await indexMission(
      mission({ "lint-report.json": "{}", "a.md": "a\n" }),
      { project },
    );
    assert.deepEqual(
      result.records.map((item) => [item.relative_path, item.size_bytes]),
      [["lint-report.json", report("m").length], ["a.md", 2]],
    );
  });
  await t.step("another scope: a stale copy is not indexed", async () => {
    const project = missionFromFiles({
      ".kittify/config.yaml": CONFIG,
      ".kittify/lint-report.json": report(null),
    });
    const result = await indexMission(
      mission({ "lint-report.json": "{}", "a.md": "a\n" }),
      { project },
    );
    assert.equal(result.lintReport.action, "delete");
    assert.deepEqual(result.records.map((item) => item.relative_path), [
      "a.md",
    ]);
  });
  for (
    const [name, text] of [["not JSON", "{"], ["not an object", "[]"], [
      "a BOM",
      `\ufeff${report("m")}`,
    ]]
  ) {
    await t.step(`${name}: nothing changes`, async () => {
      const project = missionFromFiles({
        ".kittify/config.yaml": CONFIG,
        ".kittify/lint-report.json": text,
      });
      const result = await indexMission(mission({ "lint-report.json": "{}" }), {
        project,
      });
      assert.deepEqual(result.lintReport, { action: "none" });
      assert.equal(result.records.length, 1);
    });
  }
  await t.step(
    "stageLintReport: false leaves the folder as it is",
    async () => {
      const project = missionFromFiles({
        ".kittify/config.yaml": CONFIG,
        ".kittify/lint-report.json": report(null),
      });
      const result = await indexMission(mission({ "lint-report.json": "{}" }), {
        project,
        stageLintReport: false,
      });
      assert.deepEqual(result.lintReport, { action: "none" });
      assert.equal(result.records.length, 1);
    },
  );
});

Deno.test("indexMission() returns snapshot-latest.json as the CLI writes it", async () => {
  const result = await indexMission(
    mission({
      "tasks.md": "t\n",
      "é/x.md": "x\n",
      "bad.md": new Uint8Array([0xff]),
      "a.md": "\u2028",
    }),
    {
      projectUuid: UUID,
      clock: () => new Date(Date.UTC(2026, 4, 17, 14, 45, 6, 563)),
      snapshotId: () => "835699ed-6390-4f9b-98b6-3dc2b504ea7a",
    },
  );
  const text = result.snapshotFile!;
  const file = JSON.parse(text);
  assert.deepEqual(Object.keys(file), [
    "mission_slug",
    "snapshot_id",
    "total_artifacts",
    "required_artifacts",
    "required_present",
    "required_missing",
    "optional_artifacts",
    "optional_present",
    "completeness_status",
    "parity_hash_sha256",
    "parity_hash_components",
    "artifact_summaries",
    "computed_at",
  ]);
  assert.equal(file.parity_hash_sha256, result.snapshot?.snapshot_hash);
  assert.equal(file.computed_at, "2026-05-17 14:45:06.563000+00:00");
  assert.deepEqual(
    file.artifact_summaries.map((summary: { artifact_key: string }) =>
      summary.artifact_key
    ),
    [
      "artifact.a",
      "artifact.bad",
      "artifact.x",
      "output.tasks.list",
    ],
  );
  assert.deepEqual(Object.keys(file.artifact_summaries[0]), [
    "artifact_key",
    "artifact_class",
    "relative_path",
    "content_hash_sha256",
    "size_bytes",
    "wp_id",
    "step_id",
    "required_status",
    "is_present",
    "error_reason",
    "indexed_at",
    "provenance",
  ]);
  assert.equal(file.artifact_summaries[1].content_hash_sha256, null);
  assert.equal(
    file.artifact_summaries[0].indexed_at,
    "2026-05-17T14:45:06.563000+00:00",
  );
  assert.ok(
    text.includes('"relative_path": "\\u00e9/x.md"'),
    "non-ASCII escaped, as json.dump does",
  );
  assert.ok(text.startsWith('{\n  "mission_slug": "m",\n  "snapshot_id"'));
  assert.ok(
    text.endsWith('"computed_at": "2026-05-17 14:45:06.563000+00:00"\n}'),
  );
  assert.deepEqual(
    file.parity_hash_components,
    [...file.parity_hash_components].sort(),
  );
  assert.equal(file.parity_hash_components.length, 3);
});

Deno.test("indexMission() without a manifest: heuristic classes, all optional, completeness unknown", async () => {
  const result = await indexMission(
    mission({
      "meta.json": '{"mission_type": "erp-custom"}',
      "spec.md": "s\n",
    }),
    { projectUuid: UUID },
  );
  assert.equal(result.manifest, null);
  assert.equal(result.manifestOrigin, "none");
  assert.deepEqual([
    record(result, "spec.md").artifact_key,
    record(result, "spec.md").artifact_class,
  ], ["artifact.spec", "input"]);
  assert.equal(result.snapshot?.completeness_status, "unknown");
  assert.equal(result.snapshot?.required_artifacts, 0);
});

Deno.test("indexMission()'s default build id is the package's name and version in deno.json", async () => {
  const { name, version } = JSON.parse(
    await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
  );
  assert.equal(DEFAULT_BUILD_ID, `${name}@${version}`);
});

Deno.test("indexMission() stops a mission whose work package aborts, naming the file and the work-package rule", async () => {
  const wp = "---\nwork_package_id: WP01\ntitle: T\n---\n";
  const error = await rejection(indexMission(
    mission({ "status.events.jsonl": "not json\n", "tasks/WP01-a.md": wp }),
    { projectUuid: UUID },
  ));
  assert.equal(error.file, "tasks/WP01-a.md");
  assert.equal(error.rule, "work-package:status_events_corrupt");
  assert.match(error.reason, /^the status log beside its folder is corrupt: /);
  const fine = await indexMission(
    mission({ "status.events.jsonl": "not json\n", "spec.md": "s\n" }),
    { projectUuid: UUID },
  );
  assert.equal(
    fine.records.length,
    2,
    "without work packages a corrupt log is one more file",
  );
});
