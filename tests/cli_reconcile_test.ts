// `dossier reconcile` gives the spec-kitty CLI's verdicts on the five
// recorded snapshots of tests/data/real-missions (truth.jsonl), in its
// human and --json forms and exit codes; `dossier index --write-snapshot`
// writes a snapshot-latest.json in the CLI's shape that reconcile accepts
// (parity); --events and --snapshot take the record from elsewhere.

import assert from "node:assert/strict";
import { runCliInProcess, runCliOnDisk, runCliProcess } from "./_cli_kit.ts";
import { type Json, PROJECT_ROOT, readCliResults } from "./_indexer_kit.ts";

const truth = await readCliResults("truth.jsonl");
const recorded = truth.filter((mission) => mission.recorded_snapshot);
const MISSIONS = `${PROJECT_ROOT}kitty-specs`;

function snapshotPath(folder: string, slug: string): string {
  return `${folder}/.kittify/dossiers/${slug}/snapshot-latest.json`;
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) {
      await copyTree(`${from}/${entry.name}`, `${to}/${entry.name}`);
    } else await Deno.copyFile(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

/** A copy of the project with the given missions, in a new temporary folder. */
async function projectCopy(missions: readonly Json[]): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "dossier-reconcile-" });
  await copyTree(`${PROJECT_ROOT}.kittify`, `${root}/.kittify`);
  for (const mission of missions) {
    await copyTree(
      `${MISSIONS}/${mission.mission}`,
      `${root}/kitty-specs/${mission.mission}`,
    );
  }
  return root;
}

Deno.test("dossier reconcile gives the CLI's verdicts on the five recorded snapshots, human and --json", async (t) => {
  assert.equal(recorded.length, 5);
  for (const mission of recorded) {
    const want: Json = mission.recorded_snapshot.reconcile;
    await t.step(`${mission.mission}: ${want.status}`, async () => {
      const folder = `${MISSIONS}/${mission.mission}`;
      const json = await runCliOnDisk(["reconcile", "--json", folder]);
      assert.equal(json.code, want.exit_code);
      assert.equal(json.stderr, "");
      const verdict = JSON.parse(json.stdout);
      assert.deepEqual(Object.keys(verdict), [
        "mission",
        "status",
        "rebuilt_hash",
        "recorded_hash",
        "differing_artifacts",
        "error",
      ]);
      for (
        const field of ["mission", "status", "rebuilt_hash", "recorded_hash"]
      ) {
        assert.equal(verdict[field], want[field], field);
      }
      assert.deepEqual(verdict.differing_artifacts, want.differing_artifacts);
      const human = await runCliOnDisk(["reconcile", folder]);
      assert.equal(human.code, want.exit_code);
      if (want.status === "error") {
        assert.match(
          verdict.error,
          new RegExp(
            `^could not load recorded snapshot for ${mission.mission}: .*"mission_slug" is required`,
          ),
        );
        assert.equal(
          human.stdout,
          `ERROR ${mission.mission} — ${verdict.error}\n`,
        );
        return;
      }
      assert.equal(verdict.error, null);
      assert.equal(
        human.stdout,
        [
          `DIVERGENCE ${mission.mission} — ${want.differing_artifacts.length} artifact(s) differ:`,
          ...want.differing_artifacts.map((difference: Json) =>
            `  • ${difference.artifact_path} (${difference.kind})`
          ),
          "",
        ].join("\n"),
      );
    });
  }
});

Deno.test("dossier reconcile exits 1 on divergence as a process too", async () => {
  const mission = recorded.find((mission) =>
    mission.recorded_snapshot.reconcile.status === "divergence"
  )!;
  const run = await runCliProcess([
    "reconcile",
    `${MISSIONS}/${mission.mission}`,
  ]);
  assert.equal(run.code, 1);
  assert.match(run.stdout, new RegExp(`^DIVERGENCE ${mission.mission} — `));
});

Deno.test("dossier index --write-snapshot writes snapshot-latest.json as the CLI does, and reconcile finds parity", async (t) => {
  const root = await projectCopy(recorded);
  try {
    for (const mission of recorded) {
      await t.step(mission.mission, async () => {
        const folder = `${root}/kitty-specs/${mission.mission}`;
        const file = snapshotPath(folder, mission.mission);
        const before = JSON.parse(await Deno.readTextFile(file));
        const run = await runCliOnDisk(["index", "--write-snapshot", folder]);
        assert.equal(run.code, 0);
        const text = await Deno.readTextFile(file);
        const written = JSON.parse(text);
        // json.dump(indent=2) with ASCII escapes, byte for byte.
        const python = await new Deno.Command("python3", {
          args: [
            "-c",
            "import json,sys; sys.stdout.write(json.dumps(json.load(open(sys.argv[1])), indent=2))",
            file,
          ],
          stdout: "piped",
        }).output();
        assert.equal(new TextDecoder().decode(python.stdout), text);
        // The shape of the CLI's recorded files (the legacy one aside).
        if ("mission_slug" in before) {
          assert.deepEqual(Object.keys(written), Object.keys(before));
          assert.deepEqual(
            Object.keys(written.artifact_summaries[0]),
            Object.keys(before.artifact_summaries[0]),
          );
        }
        assert.equal(written.mission_slug, mission.mission);
        assert.equal(written.parity_hash_sha256, mission.snapshot_hash);
        assert.match(written.computed_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
        const { parity_hash_components: components, ...counts } =
          mission.snapshot;
        for (const [field, value] of Object.entries(counts)) {
          assert.equal(written[field], value, field);
        }
        assert.equal(written.parity_hash_components.length, components);
        // Every summary is the CLI's record, the time aside.
        const summaries = written.artifact_summaries.map((
          { indexed_at: _, ...summary }: Json,
        ) => summary);
        const keys = summaries.map((summary: Json) => summary.artifact_key);
        assert.deepEqual(keys, [...keys].sort());
        const byPath = new Map(
          mission.artifacts.map((artifact: Json) => [artifact.path, artifact]),
        );
        for (const summary of summaries) {
          const artifact: Json = byPath.get(summary.relative_path);
          assert.deepEqual(summary, {
            artifact_key: artifact.artifact_key,
            artifact_class: artifact.artifact_class,
            relative_path: artifact.path,
            content_hash_sha256: artifact.content_hash,
            size_bytes: artifact.size_bytes,
            wp_id: null,
            step_id: null,
            required_status: artifact.required_status,
            is_present: artifact.is_present,
            error_reason: artifact.error_reason,
            provenance: null,
          });
        }
        assert.equal(summaries.length, mission.artifacts.length);
        const verdict = await runCliOnDisk(["reconcile", "--json", folder]);
        assert.equal(verdict.code, 0);
        const parity = JSON.parse(verdict.stdout);
        assert.equal(parity.status, "parity");
        assert.equal(parity.rebuilt_hash, mission.snapshot_hash);
        const human = await runCliOnDisk(["reconcile", folder]);
        assert.equal(
          human.stdout,
          `PARITY ${mission.mission} — dossier matches the recorded snapshot\n`,
        );
        // --snapshot reads the same file from anywhere.
        await Deno.copyFile(file, `${root}/elsewhere.json`);
        const given = await runCliOnDisk([
          "reconcile",
          "--snapshot",
          `${root}/elsewhere.json`,
          folder,
        ]);
        assert.equal(given.code, 0);
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("dossier reconcile --events compares with the mission's latest snapshot run in a journal", async (t) => {
  const missions = truth.slice(0, 3);
  const root = await projectCopy(missions);
  const journal = `${root}/journal.jsonl`;
  const [first] = missions;
  const folder = `${root}/kitty-specs/${first.mission}`;
  try {
    const index = await runCliOnDisk([
      "index",
      "--out",
      journal,
      ...missions.map((mission) => `${root}/kitty-specs/${mission.mission}`),
    ]);
    assert.equal(index.code, 0);
    await t.step("parity right after indexing", async () => {
      const run = await runCliOnDisk([
        "reconcile",
        "--events",
        journal,
        folder,
      ]);
      assert.equal(run.code, 0, run.stdout);
      assert.match(run.stdout, /^PARITY /);
    });
    await t.step("divergence once a file changes", async () => {
      await Deno.writeTextFile(`${folder}/spec.md`, "changed\n");
      const run = await runCliOnDisk([
        "reconcile",
        "--json",
        "--events",
        journal,
        folder,
      ]);
      assert.equal(run.code, 1);
      const verdict = JSON.parse(run.stdout);
      assert.deepEqual(
        verdict.differing_artifacts.map((d: Json) => [d.artifact_path, d.kind]),
        [["spec.md", "content_mismatch"]],
      );
    });
    await t.step(
      "no run of the mission in the stream: an error (exit 2)",
      async () => {
        await Deno.writeTextFile(`${root}/other.jsonl`, "");
        const run = await runCliOnDisk([
          "reconcile",
          "--events",
          `${root}/other.jsonl`,
          folder,
        ]);
        assert.equal(run.code, 2);
        assert.equal(
          run.stdout,
          `ERROR ${first.mission} — no recorded snapshot to reconcile against for ${first.mission} (no snapshot run of it in the --events stream "${root}/other.jsonl")\n`,
        );
      },
    );
    await t.step(
      "a stream that cannot be read: an error naming it (exit 2)",
      async () => {
        const run = await runCliOnDisk([
          "reconcile",
          "--json",
          "--events",
          `${root}/missing.jsonl`,
          folder,
        ]);
        assert.equal(run.code, 2);
        const verdict = JSON.parse(run.stdout);
        assert.equal(verdict.status, "error");
        assert.equal(
          verdict.error,
          `could not load recorded snapshot for ${first.mission}: Cannot read the --events stream "${root}/missing.jsonl": no such file or directory`,
        );
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("dossier reconcile errors, in the CLI's words, exit 2", async (t) => {
  const root = await projectCopy([truth[0]]);
  const slug = truth[0].mission;
  const folder = `${root}/kitty-specs/${slug}`;
  const outside = await Deno.makeTempDir();
  await Deno.writeFile(`${root}/latin1.json`, new Uint8Array([0x7b, 0xe9]));
  await Deno.writeTextFile(`${root}/feature.json`, '{"feature_slug": "x"}');
  const cases: [string, string[], string][] = [
    [
      "no recorded snapshot",
      [folder],
      `no recorded snapshot to reconcile against for ${slug}`,
    ],
    [
      "no project above the folder",
      [outside],
      "not in a spec-kitty project (no project root resolved)",
    ],
    [
      "a --project-root that is not a folder",
      ["--project-root", `${root}/latin1.json`, folder],
      `Cannot read --project-root "${root}/latin1.json": it is not a directory`,
    ],
    [
      "no such mission folder",
      [`${root}/kitty-specs/nope`],
      "mission dossier not found: nope",
    ],
    [
      "a --snapshot that is missing",
      ["--snapshot", `${root}/none.json`, folder],
      `could not load recorded snapshot for ${slug}: Cannot read "${root}/none.json": no such file or directory`,
    ],
    [
      "a --snapshot that is not UTF-8",
      ["--snapshot", `${root}/latin1.json`, folder],
      `could not load recorded snapshot for ${slug}: Cannot read "${root}/latin1.json": it is not valid UTF-8`,
    ],
    [
      "a legacy --snapshot",
      ["--snapshot", `${root}/feature.json`, folder],
      `could not load recorded snapshot for ${slug}: Cannot read the recorded snapshot: field "mission_slug" is required (a string): received null (a legacy snapshot, which names the mission "feature_slug")`,
    ],
  ];
  try {
    for (const [name, args, error] of cases) {
      await t.step(name, async () => {
        const run = await runCliOnDisk(["reconcile", "--json", ...args]);
        assert.equal(run.code, 2);
        assert.equal(JSON.parse(run.stdout).error, error);
        const human = await runCliOnDisk(["reconcile", ...args]);
        assert.equal(human.code, 2);
        assert.match(human.stdout, new RegExp(`^ERROR \\S+ — `));
      });
    }
    await t.step(
      "the project found above the folder (--project-root too)",
      async () => {
        const run = await runCliOnDisk([
          "reconcile",
          "--project-root",
          root,
          outside,
        ]);
        assert.equal(run.code, 2);
        assert.match(run.stdout, /no recorded snapshot to reconcile against/);
      },
    );
  } finally {
    await Deno.remove(root, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("dossier reconcile usage errors exit 2, and a runtime without folders is an error verdict", async (t) => {
  const cases: [string[], RegExp][] = [
    [["reconcile"], /^dossier: missing mission folder for reconcile/],
    [
      ["reconcile", "a", "b"],
      /^dossier: reconcile takes one mission folder, received 2: a b/,
    ],
    [
      ["reconcile", "--snapshot", "s", "--events", "e", "m"],
      /^dossier: --snapshot and --events each name the record/,
    ],
    [
      ["reconcile", "--strict", "m"],
      /^dossier: unknown option "--strict" for reconcile/,
    ],
  ];
  for (const [args, message] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await runCliOnDisk(args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    });
  }
  const { denoIo } = await import("../src/cli/deno_io.ts");
  const { folders: _folders, ...bare } = denoIo();
  const run = await runCliInProcess(["reconcile", "--json", "m"], bare);
  assert.equal(run.code, 2);
  assert.equal(
    JSON.parse(run.stdout).error,
    "Cannot read mission folders: reconcile needs a file system, and this runtime gives none",
  );
});
