// `dossier index` on the real missions and the pipeline probes of
// tests/data/real-missions: the same records, payloads and snapshot as the
// spec-kitty CLI (truth.jsonl, pipeline-probe.jsonl), keyed by path; no
// output for a mission the CLI emits nothing for; the Lamport clock across
// missions and after a journal; the emitted streams valid (strict), at
// parity, and replaying to the snapshot's hash.

import assert from "node:assert/strict";
import {
  computeParityHash,
  parseDossierState,
  parseEventStream,
} from "../v3.ts";
import {
  runCliInProcess,
  runCliOnDisk,
  runCliOnFiles,
  runCliProcess,
} from "./_cli_kit.ts";
import {
  assertAgreesWithCli,
  type Json,
  materialise,
  PROJECT_ROOT,
  readCliResults,
} from "./_indexer_kit.ts";

// The build id is the package's name and version as deno.json gives them.
const { version } = JSON.parse(
  await Deno.readTextFile(new URL("../deno.json", import.meta.url)),
);
const truth = await readCliResults("truth.jsonl");
const probes = await readCliResults("pipeline-probe.jsonl");
const MISSIONS = `${PROJECT_ROOT}kitty-specs`;
const STREAMS = new URL("./data/real-streams/", import.meta.url).pathname;

function eventsOf(jsonl: string): Json[] {
  return jsonl.split("\n").filter((line) => line !== "").map((line) =>
    JSON.parse(line)
  );
}

/**
 * Asserts that `index` and `index --json` agree with the CLI on each
 * mission of one run (records and snapshot from the JSON document, events
 * from the JSONL), in the order given.
 */
async function assertRunsAgree(
  t: Deno.TestContext,
  paths: readonly string[],
  missions: readonly Json[],
): Promise<Json[]> {
  const events = await runCliOnDisk(["index", ...paths]);
  assert.equal(events.stderr, "");
  assert.equal(events.code, 0);
  const json = await runCliOnDisk(["index", "--json", ...paths]);
  assert.equal(json.code, 0);
  const document = JSON.parse(json.stdout);
  assert.deepEqual(document.failed, []);
  assert.equal(document.missions.length, missions.length);
  const all = eventsOf(events.stdout);
  for (const [index, mission] of missions.entries()) {
    await t.step(mission.mission, () => {
      const entry = document.missions[index];
      assert.equal(entry.mission, mission.mission);
      assert.equal(entry.path, paths[index]);
      const own = all.filter((event) =>
        event.payload.namespace.mission_slug === mission.mission
      );
      // The snapshot id is the run's own: the events run's, for the
      // aggregate id the comparison checks.
      const snapshotEvent = own.at(-1);
      assertAgreesWithCli({
        namespace: entry.namespace,
        records: entry.records,
        snapshot: {
          ...entry.snapshot,
          snapshot_id: snapshotEvent.aggregate_id.slice(
            mission.mission.length + 1,
          ),
        },
        events: own,
      } as Json, mission);
    });
  }
  return all;
}

Deno.test("dossier index agrees with the spec-kitty CLI on the 23 real missions in one run, the Lamport clock running on", async (t) => {
  assert.equal(truth.length, 23);
  const paths = truth.map((mission) => `${MISSIONS}/${mission.mission}`);
  const all = await assertRunsAgree(t, paths, truth);
  assert.deepEqual(
    all.map((event) => event.lamport_clock),
    all.map((_, index) => index + 1),
  );
  assert.ok(
    all.every((event) => event.build_id === `@spec-kitty/dossier@${version}`),
  );
});

Deno.test("each mission's stream passes dossier validate --strict and parity, and reduces to the snapshot's hash", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    for (const mission of truth) {
      await t.step(mission.mission, async () => {
        const run = await runCliOnDisk([
          "index",
          `${MISSIONS}/${mission.mission}`,
        ]);
        const file = `${dir}/${mission.mission}.jsonl`;
        await Deno.writeTextFile(file, run.stdout);
        const validate = await runCliOnFiles(["validate", "--strict", file]);
        assert.equal(validate.code, 0, validate.stderr);
        assert.match(
          validate.stdout,
          /^all \d+ lines valid \(contract 3\.0\.0/,
        );
        const parity = await runCliOnFiles(["parity", file]);
        assert.equal(parity.code, 0, parity.stdout);
        assert.match(parity.stdout, /^Hash check: clean/m);
        const reduce = await runCliOnFiles(["reduce", "--json", file]);
        assert.equal(reduce.code, 0);
        const state = parseDossierState(reduce.stdout);
        assert.equal(await computeParityHash(state), mission.snapshot_hash);
        assert.equal(state.parity_status, "clean");
        assert.equal(
          parseEventStream(run.stdout).length,
          mission.events.length,
        );
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier index run as a process from the project root, as the lead's hook runs it", async (t) => {
  for (const mission of truth.slice(0, 3)) {
    await t.step(mission.mission, async () => {
      const child = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("../cli.ts", import.meta.url).pathname,
          "index",
          `kitty-specs/${mission.mission}`,
        ],
        cwd: PROJECT_ROOT,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(new TextDecoder().decode(child.stderr), "");
      assert.equal(child.code, 0);
      const events = eventsOf(new TextDecoder().decode(child.stdout));
      assert.equal(events.length, mission.events.length);
      assert.equal(events.at(-1).payload.snapshot_hash, mission.snapshot_hash);
    });
  }
  const help = await runCliProcess(["help", "index"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: dossier index /);
});

Deno.test("dossier index agrees with the CLI on the pipeline probes: no output, exit 1 and the rule where the CLI emits nothing", async (t) => {
  for (const probe of probes) {
    await t.step(probe.case, async (step) => {
      const root = await materialise(probe.fixture);
      try {
        const path = `${root}/kitty-specs/${probe.mission}`;
        if (probe.outcome === "ok") {
          await assertRunsAgree(step, [path], [probe]);
          return;
        }
        const run = await runCliOnDisk(["index", path]);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(
          run.stderr,
          new RegExp(
            `^dossier index: Cannot index mission "${probe.mission}": .*\\(rule [a-z:_-]+\\)\n$`,
          ),
        );
        if (probe.index_failed_at) {
          assert.ok(run.stderr.includes(`: ${probe.index_failed_at}: `));
        }
        const json = await runCliOnDisk(["index", "--json", path]);
        assert.equal(json.code, 1);
        const document = JSON.parse(json.stdout);
        assert.deepEqual(document.missions, []);
        assert.equal(document.failed[0].path, path);
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("dossier index --apply-lint-report changes the folder as the CLI does; without it the folder is left alone", async (t) => {
  const staged = probes.filter((probe) =>
    (probe.mission_dir_changed_by_pipeline ?? []).length > 0
  );
  assert.equal(staged.length, 2);
  for (const probe of staged) {
    await t.step(probe.case, async (step) => {
      const root = await materialise(probe.fixture);
      try {
        const path = `${root}/kitty-specs/${probe.mission}`;
        const names = async () =>
          (await Array.fromAsync(Deno.readDir(path))).map((entry) => entry.name)
            .sort();
        const before = await names();
        assert.equal((await runCliOnDisk(["index", path])).code, 0);
        assert.deepEqual(await names(), before);
        const run = await runCliOnDisk(["index", "--apply-lint-report", path]);
        assert.equal(run.code, 0);
        const copied = probe.artifacts.some((artifact: Json) =>
          artifact.path === "lint-report.json"
        );
        if (copied) {
          assert.equal(
            await Deno.readTextFile(`${path}/lint-report.json`),
            await Deno.readTextFile(`${root}/.kittify/lint-report.json`),
          );
        } else {
          assert.ok(before.includes("lint-report.json"));
          assert.ok(!(await names()).includes("lint-report.json"));
        }
        // Once applied, the folder still indexes as the CLI indexed it.
        await assertRunsAgree(step, [path], [probe]);
      } finally {
        await Deno.remove(root, { recursive: true });
      }
    });
  }
});

Deno.test("dossier index --after continues the Lamport clock of a journal", async (t) => {
  const dir = await Deno.makeTempDir();
  const [first, second] = truth;
  try {
    await t.step("after its own output, ready to be appended", async () => {
      const journal = `${dir}/journal.jsonl`;
      const a = await runCliOnDisk(["index", `${MISSIONS}/${first.mission}`]);
      await Deno.writeTextFile(journal, a.stdout);
      const b = await runCliOnDisk([
        "index",
        "--after",
        journal,
        `${MISSIONS}/${second.mission}`,
      ]);
      assert.equal(b.code, 0);
      const clocks = eventsOf(b.stdout).map((event) => event.lamport_clock);
      const start = first.events.length + 1;
      assert.deepEqual(clocks, clocks.map((_, index) => start + index));
    });
    await t.step('after a spec-kitty CLI stream (build_id "")', async () => {
      const stream = `${STREAMS}ske-001-event-model-project-identity.jsonl`;
      const highest = Math.max(
        ...eventsOf(await Deno.readTextFile(stream)).map((event) =>
          event.lamport_clock
        ),
      );
      const run = await runCliOnDisk([
        "index",
        "--after",
        stream,
        `${MISSIONS}/${first.mission}`,
      ]);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, "");
      assert.equal(eventsOf(run.stdout)[0].lamport_clock, highest + 1);
    });
    await t.step("after an empty journal: from 1", async () => {
      await Deno.writeTextFile(`${dir}/empty.jsonl`, "");
      const run = await runCliOnDisk([
        "index",
        "--after",
        `${dir}/empty.jsonl`,
        `${MISSIONS}/${first.mission}`,
      ]);
      assert.equal(eventsOf(run.stdout)[0].lamport_clock, 1);
    });
    await t.step(
      "a stream that is missing or not events is an error naming it",
      async () => {
        const missing = await runCliOnDisk([
          "index",
          "--after",
          `${dir}/missing.jsonl`,
          `${MISSIONS}/${first.mission}`,
        ]);
        assert.equal(missing.code, 1);
        assert.equal(missing.stdout, "");
        assert.equal(
          missing.stderr,
          `dossier index: Cannot read the --after stream "${dir}/missing.jsonl": no such file or directory\n`,
        );
        await Deno.writeTextFile(`${dir}/bad.jsonl`, '{"event_id": 1}\n');
        const bad = await runCliOnDisk([
          "index",
          "--after",
          `${dir}/bad.jsonl`,
          `${MISSIONS}/${first.mission}`,
        ]);
        assert.equal(bad.code, 1);
        assert.equal(bad.stdout, "");
        assert.match(
          bad.stderr,
          /^dossier index: Cannot read the --after stream ".*bad\.jsonl": .*on line 1: field "event_id"/,
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier index keeps going past a mission it cannot index, and writes nothing of it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/.kittify`);
    await Deno.writeTextFile(
      `${dir}/.kittify/config.yaml`,
      "project:\n  uuid: 11111111-2222-4333-8444-555555555555\n",
    );
    await Deno.mkdir(`${dir}/bad`);
    await Deno.writeTextFile(`${dir}/bad/meta.json`, "{not json");
    await Deno.writeTextFile(`${dir}/bad/spec.md`, "s\n");
    await Deno.mkdir(`${dir}/good`);
    await Deno.writeTextFile(`${dir}/good/spec.md`, "s\n");
    const run = await runCliOnDisk([
      "index",
      `${dir}/bad`,
      `${dir}/missing`,
      `${dir}/good`,
    ]);
    assert.equal(run.code, 1);
    const events = eventsOf(run.stdout);
    assert.deepEqual(
      events.map((
        event,
      ) => [event.payload.namespace.mission_slug, event.lamport_clock]),
      [["good", 1], ["good", 2]],
    );
    const lines = run.stderr.split("\n");
    assert.equal(lines.length, 4);
    assert.match(
      lines[0],
      /^dossier index: Cannot index mission "bad": meta\.json: .*\(rule corrupt-meta-json\)$/,
    );
    assert.equal(
      lines[1],
      `dossier index: Cannot index mission folder "${dir}/missing": no such file or directory`,
    );
    assert.equal(lines[2], "dossier index: 2 of 3 missions not indexed");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** A project root with a config (or none) and one mission `m` of one file, in a new temporary folder. */
async function smallProject(config: string | null): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "dossier-index-" });
  await Deno.mkdir(`${dir}/.kittify`);
  if (config !== null) {
    await Deno.writeTextFile(`${dir}/.kittify/config.yaml`, config);
  }
  await Deno.mkdir(`${dir}/kitty-specs/m`, { recursive: true });
  await Deno.writeTextFile(`${dir}/kitty-specs/m/spec.md`, "s\n");
  return dir;
}

const UUID = "11111111-2222-4333-8444-555555555555";

Deno.test("dossier index options: --out, --project-uuid, --project-root, --build-id, --json", async (t) => {
  const dir = await smallProject(null);
  const mission = `${dir}/kitty-specs/m`;
  try {
    await t.step(
      "no project uuid: an error naming the file and the rule",
      async () => {
        const run = await runCliOnDisk(["index", mission]);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(
          run.stderr,
          /^dossier index: Cannot index mission "m": \.kittify\/config\.yaml: no project\.uuid .*\(rule no-project-uuid\)\n$/,
        );
      },
    );
    await t.step(
      "--project-uuid gives it; a project without config.yaml is a warning",
      async () => {
        const run = await runCliOnDisk([
          "index",
          "--project-uuid",
          UUID,
          mission,
        ]);
        assert.equal(run.code, 0);
        assert.equal(
          eventsOf(run.stdout)[0].payload.namespace.project_uuid,
          UUID,
        );
        assert.equal(
          run.stderr,
          "dossier index: warning: m: No .kittify/config.yaml in the project\n",
        );
      },
    );
    await t.step(
      "a folder outside any project takes --project-uuid or --project-root",
      async () => {
        const outside = await Deno.makeTempDir();
        await Deno.writeTextFile(`${outside}/spec.md`, "s\n");
        try {
          const none = await runCliOnDisk(["index", outside]);
          assert.equal(none.code, 1);
          assert.match(
            none.stderr,
            /^dossier index: Cannot index mission ".*": no project: no folder above ".*" holds \.kittify\/ \(give --project-root or --project-uuid\)\n$/,
          );
          const byRoot = await runCliOnDisk([
            "index",
            "--project-root",
            PROJECT_ROOT,
            "--build-id",
            "ci@7",
            outside,
          ]);
          assert.equal(byRoot.code, 0, byRoot.stderr);
          const [event] = eventsOf(byRoot.stdout);
          assert.equal(
            event.payload.namespace.project_uuid,
            truth[0].namespace.project_uuid,
          );
          assert.equal(event.build_id, "ci@7");
          const badRoot = await runCliOnDisk([
            "index",
            "--project-root",
            `${outside}/spec.md`,
            outside,
          ]);
          assert.equal(badRoot.code, 1);
          assert.equal(
            badRoot.stderr,
            `dossier index: Cannot read --project-root "${outside}/spec.md": it is not a directory\n`,
          );
        } finally {
          await Deno.remove(outside, { recursive: true });
        }
      },
    );
    await t.step(
      "--out writes the file and nothing to stdout; --json too",
      async () => {
        const out = `${dir}/out.jsonl`;
        const run = await runCliOnDisk([
          "index",
          "--project-uuid",
          UUID,
          "--out",
          out,
          mission,
        ]);
        assert.equal(run.code, 0);
        assert.equal(run.stdout, "");
        assert.equal(parseEventStream(await Deno.readTextFile(out)).length, 2);
        const json = await runCliOnDisk([
          "index",
          "--json",
          "--project-uuid",
          UUID,
          "--out",
          out,
          mission,
        ]);
        assert.equal(json.stdout, "");
        const document = JSON.parse(await Deno.readTextFile(out));
        assert.equal(
          document.missions[0].records[0].artifact_key,
          "input.spec.main",
        );
        assert.equal(document.missions[0].lint_report, "none");
        const nowhere = await runCliOnDisk([
          "index",
          "--project-uuid",
          UUID,
          "--out",
          `${dir}/no/such/dir/out.jsonl`,
          mission,
        ]);
        assert.equal(nowhere.code, 1);
        assert.equal(
          nowhere.stderr.split("\n").at(-2),
          `dossier index: Cannot write --out "${dir}/no/such/dir/out.jsonl": no such file or directory`,
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("dossier index refuses options that mean nothing for it (exit 2)", async (t) => {
  const cases: [string[], RegExp][] = [
    [
      ["index"],
      /^dossier: missing mission folder for index \(run dossier index --help\)\n$/,
    ],
    [
      ["index", "--strict", "m"],
      /^dossier: unknown option "--strict" for index/,
    ],
    [
      ["index", "--contract", "3.0.0", "m"],
      /^dossier: unknown option "--contract" for index/,
    ],
    [
      ["index", "--allow-empty", "m"],
      /^dossier: unknown option "--allow-empty" for index/,
    ],
    [
      ["index", "--project-uuid", "abc", "m"],
      /^dossier: --project-uuid must be a uuid \(8-4-4-4-12 hexadecimal digits\): received "abc"/,
    ],
    [
      ["index", "--json", "--after", "j", "m"],
      /^dossier: --after numbers events and --json prints none: choose one/,
    ],
    [
      ["index", "--json", "--build-id", "b", "m"],
      /^dossier: --build-id goes into events and --json prints none/,
    ],
    [
      ["index", "--out", "j", "--after", "./j", "m"],
      /^dossier: --out would replace the stream --after reads/,
    ],
    [["index", "--out", "m"], /^dossier: missing mission folder for index/],
    [
      ["index", "--json=1", "m"],
      /^dossier: option --json takes no value for index/,
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await runCliOnDisk(args);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assert.match(run.stderr, message);
    });
  }
  const help = await runCliOnDisk(["index", "--help"]);
  assert.equal(help.code, 0);
  assert.match(
    help.stdout,
    /--json +print one JSON document instead of events/,
  );
});

Deno.test("dossier index where the runtime gives no folders or cannot write files", async () => {
  const { files: _files, folders: _folders, ...bare } = await (async () => {
    const { denoIo } = await import("../src/cli/deno_io.ts");
    return denoIo();
  })();
  const noFolders = await runCliInProcess(["index", "m"], bare);
  assert.equal(noFolders.code, 1);
  assert.equal(
    noFolders.stderr,
    "dossier index: Cannot read mission folders: index needs a file system, and this runtime gives none\n",
  );
  const noFiles = await runCliInProcess(
    ["index", "--write-snapshot", "m"],
    { ...bare, folders: _folders },
  );
  assert.equal(noFiles.code, 1);
  assert.equal(
    noFiles.stderr,
    "dossier index: Cannot write files: this runtime gives the command line no file system\n",
  );
});

Deno.test("dossier index names the mission when it cannot write its snapshot or stage its lint report, and writes none of its events", async (t) => {
  const probe = probes.find((probe) => probe.case === "lint-report-staged");
  const root = await materialise(probe.fixture);
  const path = `${root}/kitty-specs/${probe.mission}`;
  const { denoIo } = await import("../src/cli/deno_io.ts");
  const io = denoIo();
  const denied = () =>
    Promise.reject(new Deno.errors.PermissionDenied("read-only"));
  const readOnly = {
    ...io.files!,
    prepareDirectory: denied,
    writeFile: denied,
    removeFile: denied,
  };
  const { files: _files, ...rest } = io;
  try {
    const cases: [string, string][] = [
      [
        "--write-snapshot",
        `dossier index: Cannot write the snapshot of mission "${probe.mission}" to "${path}/.kittify/dossiers/${probe.mission}/snapshot-latest.json": permission denied\n`,
      ],
      [
        "--apply-lint-report",
        `dossier index: Cannot copy the lint report of mission "${probe.mission}" ("${path}/lint-report.json"): permission denied\n`,
      ],
    ];
    for (const [flag, message] of cases) {
      await t.step(flag, async () => {
        const run = await runCliInProcess(["index", flag, path], {
          ...rest,
          files: readOnly,
        });
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.equal(run.stderr, message);
      });
    }
    await t.step(
      "a snapshot written whole where the directory exists",
      async () => {
        const run = await runCliInProcess(["index", "--write-snapshot", path], {
          ...rest,
          files: { ...io.files!, writeFile: denied },
        });
        assert.equal(run.code, 1);
        assert.match(
          run.stderr,
          /^dossier index: Cannot write the snapshot of mission "probe-lint" to ".*snapshot-latest\.json": permission denied\n$/,
        );
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
