// A stream that holds several namespaces, as a real journal does: built
// from real streams of tests/data/real-streams/ concatenated, and read by
// validate, reduce, reduce --by-namespace, parity --by-namespace and
// partition, whose files each reduce to what the single-namespace file
// reduces to.
import assert from "node:assert/strict";
import {
  memoryFiles,
  type Run,
  runCliInProcess,
  runCliProcess,
} from "./_cli_kit.ts";
import type { CliIo } from "../src/cli/cli_io.ts";
import { partitionFileName } from "../src/cli/commands/partition.ts";
import { namespaceKey } from "../edge.ts";

const REAL = new URL("./data/real-streams/", import.meta.url);
const NAMES = [
  "ske-001-event-model-project-identity.jsonl",
  "sk-069-planning-pipeline-integrity.jsonl",
  "ske-008-mission-dossier-parity-event-contracts-run1+run2.jsonl",
];
const TEXTS = NAMES.map((name) => Deno.readTextFileSync(new URL(name, REAL)));
const PATHS = NAMES.map((name) => new URL(name, REAL).pathname);
const SLUGS = [
  "001-event-model-project-identity",
  "069-planning-pipeline-integrity",
  "008-mission-dossier-parity-event-contracts",
];
/** The three missions' lines, one file after the other. */
const JOURNAL = TEXTS.join("");
const FIRST_LINES = [1, 16, 34];
const CLI_WAY = "--accept-empty-build-id";

const HAPPY_V2 = new URL(
  "../conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
  import.meta.url,
).pathname;

function cli(args: string[], stdin?: string): Promise<Run> {
  return runCliProcess(args, {
    stdin: stdin === undefined ? undefined : new TextEncoder().encode(stdin),
  });
}

/** Runs a few processes at a time: the machine is shared. */
async function each<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += 3) {
    results.push(...await Promise.all(items.slice(start, start + 3).map(run)));
  }
  return results;
}

let journalPath = "";
async function journal(): Promise<string> {
  if (journalPath === "") {
    journalPath = await Deno.makeTempFile({ suffix: ".jsonl" });
    await Deno.writeTextFile(journalPath, JOURNAL);
  }
  return journalPath;
}

/** The canonical state of each real file, reduced alone. */
const alone = await each(
  PATHS,
  (path) => cli(["reduce", "--json", CLI_WAY, path]),
);

Deno.test("dossier validate passes a one-mission file but reports the first event of another mission", async (t) => {
  const path = await journal();
  await t.step("the journal of three missions", async () => {
    const run = await cli(["validate", CLI_WAY, path]);
    assert.equal(run.code, 1);
    const event = JSON.parse(JOURNAL.split("\n")[15]);
    assert.equal(
      run.stdout,
      `line 16: event "${event.event_id}" is in another namespace than line 1: project_uuid "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9" → "8a4a7da6-a97c-4bb4-893a-b31664abfee4", mission_slug "${
        SLUGS[0]
      }" → "${SLUGS[1]}"\n` +
        "1 invalid line of 65 (1 problem) (contract 3.0.0, detected from line 1)\n" +
        "the stream holds 3 namespaces: dossier partition splits it into one file per namespace, and reduce --by-namespace reads each\n",
    );
  });
  await t.step("--json", async () => {
    const run = await cli(["validate", "--json", CLI_WAY, path]);
    assert.equal(run.code, 1);
    const [rejected, summary] = run.stdout.trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(rejected.issues, [{
      path: "payload.namespace",
      message: "is in another namespace than line 1",
      type: "namespace_mixed",
      first_line: 1,
      fields: [
        {
          field: "project_uuid",
          value: "8a4a7da6-a97c-4bb4-893a-b31664abfee4",
          expected: "bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9",
        },
        { field: "mission_slug", value: SLUGS[1], expected: SLUGS[0] },
      ],
    }]);
    assert.equal(rejected.line, 16);
    assert.deepEqual(
      { ...summary, contract: summary.contract.version },
      {
        kind: "summary",
        lines: 65,
        valid: 64,
        invalid: 1,
        problems: 1,
        namespaces: 3,
        contract: "3.0.0",
      },
    );
  });
  await t.step("a single real mission", async () => {
    const run = await cli(["validate", CLI_WAY, PATHS[1]]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(
      run.stdout,
      "all 18 lines valid (contract 3.0.0, detected from line 1)\n",
    );
  });
});

Deno.test("dossier reduce names the line, the event and the fields of a mixed stream", async () => {
  const path = await journal();
  const run = await cli(["reduce", CLI_WAY, path]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  // Replay order is lamport_clock first: mission 008's clocks are the lowest,
  // and the first event of another mission in that order is line 1's.
  const events = JOURNAL.trim().split("\n").map((line, index) => ({
    ...JSON.parse(line),
    line: index + 1,
  }));
  const sorted = [...events].sort((a, b) => a.lamport_clock - b.lamport_clock);
  const first = sorted[0].payload.namespace;
  const other = sorted.find((event) =>
    event.payload.namespace.mission_slug !== first.mission_slug
  )!;
  assert.equal(first.mission_slug, SLUGS[2]);
  assert.equal(other.line, 1);
  assert.equal(
    run.stderr,
    `dossier reduce: Cannot reduce the stream: it mixes namespaces: the event on line ${other.line} ("${other.event_id}") differs from the namespace met first in replay order in mission_slug ("${first.mission_slug}" → "${other.payload.namespace.mission_slug}"), target_branch ("${first.target_branch}" → "${other.payload.namespace.target_branch}"); dossier partition splits it into one file per namespace, and --by-namespace reads each on its own\n`,
  );
});

Deno.test("dossier reduce --by-namespace reduces each mission of a journal as its own file reduces", async (t) => {
  const path = await journal();
  await t.step(
    "--json: one object per namespace, the state byte for byte",
    async () => {
      const run = await cli([
        "reduce",
        "--by-namespace",
        "--json",
        CLI_WAY,
        path,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stdout.trim().split("\n");
      assert.equal(lines.length, 4);
      lines.slice(0, 3).forEach((line, index) => {
        const object = JSON.parse(line);
        assert.equal(object.kind, "namespace");
        assert.equal(object.namespace.mission_slug, SLUGS[index]);
        assert.deepEqual(Object.keys(object.namespace), [
          "project_uuid",
          "mission_slug",
          "target_branch",
          "mission_type",
          "manifest_version",
        ]);
        assert.equal(object.first_line, FIRST_LINES[index]);
        assert.equal(object.lines, TEXTS[index].trim().split("\n").length);
        const state = line.slice(line.indexOf(',"state":') + 9, -1);
        assert.equal(`${state}\n`, alone[index].stdout);
      });
      assert.deepEqual(JSON.parse(lines[3]), {
        kind: "summary",
        namespaces: 3,
        without_namespace: 0,
        other_types: 0,
        contract: {
          version: "3.0.0",
          how: "detected from line 1",
          reason: 'schema_version "3.0.0"',
        },
      });
    },
  );
  await t.step("the readable table", async () => {
    const run = await cli(["reduce", "--by-namespace", CLI_WAY, path]);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.split("\n");
    assert.equal(
      lines[0],
      '3 namespaces · contract 3.0.0, detected from line 1 (schema_version "3.0.0")',
    );
    assert.match(
      lines[1],
      /^ {2}PROJECT +MISSION +TYPE +BRANCH +MANIFEST +FIRST LINE +EVENTS +ARTIFACTS +ANOMALIES +SNAPSHOT +STATUS$/,
    );
    assert.match(
      lines[2],
      /^ {2}bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9 +001-event-model-project-identity +software-dev +main +1 +1 +15 +14 +0 +sha256:[0-9a-f]{12}… +clean$/,
    );
    assert.match(
      lines[4],
      /^ {2}bebf8d60\S+ +008-mission-dossier-parity-event-contracts .* +34 +32 /,
    );
    assert.equal(
      lines[5],
      "Not in a namespace: 0 dossier events without a valid namespace · 0 events of other types",
    );
  });
  await t.step("parity --by-namespace: one verdict each", async () => {
    const run = await cli(["parity", "--by-namespace", CLI_WAY, path]);
    const lines = run.stdout.split("\n");
    assert.match(
      lines[1],
      /^ {2}PROJECT .* EVENTS +RECOMPUTED +SNAPSHOT +HASH CHECK$/,
    );
    const verdicts = await each(PATHS, (one) => cli(["parity", CLI_WAY, one]));
    verdicts.forEach((verdict, index) => {
      const status = /^Hash check: (\w+)/m.exec(verdict.stdout)![1];
      assert.match(
        lines[2 + index],
        new RegExp(`${SLUGS[index]} .* ${status}$`),
      );
    });
    assert.equal(
      run.code,
      verdicts.some((verdict) => verdict.code === 1) ? 1 : 0,
    );
    assert.match(
      lines[5],
      /^Hash check: \d clean, \d drifted, 0 without a snapshot yet$/,
    );
  });
  await t.step(
    "parity --by-namespace --json: each verdict as parity --json gives it",
    async () => {
      const run = await cli([
        "parity",
        "--by-namespace",
        "--json",
        CLI_WAY,
        path,
      ]);
      const lines = run.stdout.trimEnd().split("\n").map((line) =>
        JSON.parse(line)
      );
      assert.equal(lines.length, PATHS.length + 1);
      const verdicts = await each(
        PATHS,
        (one) => cli(["parity", "--json", CLI_WAY, one]),
      );
      let firstLine = 1;
      verdicts.forEach((verdict, index) => {
        const alone = JSON.parse(verdict.stdout);
        const { kind, namespace, first_line, lines: count, snapshot, ...rest } =
          lines[index];
        assert.equal(kind, "namespace");
        assert.equal(namespace.mission_slug, SLUGS[index]);
        assert.equal(first_line, firstLine);
        assert.equal(count, alone.events.received);
        // The snapshot's line counts in the journal, its file's in the file.
        assert.equal(snapshot.event_id, alone.snapshot.event_id);
        assert.equal(snapshot.line, alone.snapshot.line + firstLine - 1);
        for (const [key, value] of Object.entries(rest)) {
          assert.deepEqual(value, alone[key], key);
        }
        firstLine += count;
      });
      const summary = lines.at(-1);
      assert.equal(summary.kind, "summary");
      assert.equal(summary.namespaces, PATHS.length);
      assert.equal(
        summary.clean + summary.drifted + summary.unknown,
        PATHS.length,
      );
      assert.equal(run.code, summary.drifted > 0 ? 1 : 0);
    },
  );
  await t.step("--report does not combine with it", async () => {
    const run = await cli(["reduce", "--by-namespace", "--report", path]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^dossier: --report lists one stream's events; it does not combine with --by-namespace/,
    );
  });
});

Deno.test("dossier partition writes one file per mission, each reducing to what its own file does", async (t) => {
  const path = await journal();
  const dir = await Deno.makeTempDir();
  const out = `${dir}/parts`;
  const run = await cli(["partition", "--out", out, CLI_WAY, path]);
  assert.equal(run.code, 0, run.stderr);
  const index = JSON.parse(await Deno.readTextFile(`${out}/index.json`));
  await t.step("index.json lists namespace, file and event count", () => {
    assert.deepEqual(
      index.namespaces.map((entry: Record<string, unknown>) => [
        (entry.namespace as Record<string, string>).mission_slug,
        entry.events,
        entry.first_line,
      ]),
      SLUGS.map((
        slug,
        n,
      ) => [slug, TEXTS[n].trim().split("\n").length, FIRST_LINES[n]]),
    );
    for (const entry of index.namespaces) {
      assert.match(entry.file, /^[a-z0-9][A-Za-z0-9._-]*-[0-9a-f]{8}\.jsonl$/);
      assert.ok(entry.file.startsWith(entry.namespace.mission_slug));
    }
  });
  await t.step(
    "each entry's key is the edge's namespaceKey, its file named by it",
    async () => {
      for (const entry of index.namespaces) {
        assert.equal(entry.key, await namespaceKey(entry.namespace));
        assert.ok(entry.file.endsWith(`-${entry.key.slice(0, 8)}.jsonl`));
      }
      assert.equal(index.lines, 65);
      assert.deepEqual(index.without_namespace, { events: 0, file: null });
      assert.deepEqual(index.other_types, { events: 0, file: null });
      assert.equal(index.contract.version, "3.0.0");
    },
  );
  await t.step("the files hold the lines as read, in input order", async () => {
    const names = [];
    for await (const entry of Deno.readDir(out)) names.push(entry.name);
    assert.deepEqual(
      names.sort(),
      [
        "index.json",
        ...index.namespaces.map((entry: { file: string }) => entry.file),
      ].sort(),
    );
    for (const [n, entry] of index.namespaces.entries()) {
      assert.equal(await Deno.readTextFile(`${out}/${entry.file}`), TEXTS[n]);
    }
  });
  await t.step(
    "the round trip: each file reduces to what the single-namespace file reduces to",
    async () => {
      const runs = await each(
        index.namespaces,
        (entry: { file: string }) =>
          cli(["reduce", "--json", CLI_WAY, `${out}/${entry.file}`]),
      );
      runs.forEach((reduced, n) => {
        assert.equal(reduced.code, 0, reduced.stderr);
        assert.equal(reduced.stdout, alone[n].stdout);
      });
    },
  );
  await t.step("the readable summary", () => {
    const lines = run.stdout.split("\n");
    assert.equal(
      lines[0],
      `3 namespaces from "${path}" written to "${out}" · contract 3.0.0, detected from line 1 (schema_version "3.0.0")`,
    );
    assert.match(lines[1], /^ {2}FILE +EVENTS +FIRST LINE +MISSION · BRANCH$/);
    assert.match(
      lines[2],
      new RegExp(
        `^ {2}${SLUGS[0]}-[0-9a-f]{8}\\.jsonl +15 +1 +${SLUGS[0]} · main$`,
      ),
    );
    assert.equal(lines.at(-2), `${out}/index.json lists the files`);
  });
  await t.step(
    "the same names in another run, and --json is index.json",
    async () => {
      const again = await cli([
        "partition",
        "--json",
        `--out=${dir}/again`,
        CLI_WAY,
        "-",
      ], JOURNAL);
      assert.equal(again.code, 0, again.stderr);
      assert.deepEqual(JSON.parse(again.stdout), index);
      assert.deepEqual(
        JSON.parse(await Deno.readTextFile(`${dir}/again/index.json`)),
        index,
      );
    },
  );
  await t.step("a directory that is not empty is refused", async () => {
    const refused = await cli(["partition", "--out", out, CLI_WAY, path]);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      new RegExp(
        `^dossier partition: Cannot partition into "${out}": the directory must be empty or absent: received one holding 4 entries \\(`,
      ),
    );
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("dossier partition counts what no namespace takes, and writes it on request", async (t) => {
  const lines = Deno.readTextFileSync(HAPPY_V2).trim().split("\n");
  const other = JSON.parse(lines[0]);
  other.event_type = "WPStatusChanged";
  const broken = JSON.parse(lines[1]);
  broken.payload.namespace = { feature_slug: "no project" };
  const moved = JSON.parse(lines[2]);
  moved.payload.namespace.feature_slug = "../../etc/passwd";
  const stream = [
    lines[0],
    JSON.stringify(other),
    JSON.stringify(broken),
    JSON.stringify(moved),
    ...lines.slice(3),
  ]
    .join("\n") + "\n";
  const dir = await Deno.makeTempDir();
  await t.step("without --write-unassigned: counted", async () => {
    const run = await cli(["partition", "--out", `${dir}/a`, "-"], stream);
    assert.equal(run.code, 0, run.stderr);
    const index = JSON.parse(await Deno.readTextFile(`${dir}/a/index.json`));
    assert.deepEqual(index.without_namespace, { events: 1, file: null });
    assert.deepEqual(index.other_types, { events: 1, file: null });
    assert.equal(index.contract.version, "2.4.0");
    assert.deepEqual(
      index.namespaces.map((entry: { events: number }) => entry.events),
      [4, 1],
    );
    // A slug is never a path: the file stays in the directory.
    assert.match(index.namespaces[1].file, /^etc-passwd-[0-9a-f]{8}\.jsonl$/);
    assert.match(
      run.stdout,
      /\nNot in a namespace: 1 dossier event without a valid namespace · 1 event of another type \(--write-unassigned writes them to files of their own\)\n/,
    );
  });
  await t.step(
    "with --write-unassigned: written to files of their own",
    async () => {
      const run = await cli([
        "partition",
        "--write-unassigned",
        "--out",
        `${dir}/b`,
        "-",
      ], stream);
      assert.equal(run.code, 0, run.stderr);
      const index = JSON.parse(await Deno.readTextFile(`${dir}/b/index.json`));
      assert.deepEqual(index.without_namespace, {
        events: 1,
        file: "_without-namespace.jsonl",
      });
      assert.deepEqual(index.other_types, {
        events: 1,
        file: "_other-types.jsonl",
      });
      assert.equal(
        await Deno.readTextFile(`${dir}/b/_other-types.jsonl`),
        `${JSON.stringify(other)}\n`,
      );
      assert.equal(
        await Deno.readTextFile(`${dir}/b/_without-namespace.jsonl`),
        `${JSON.stringify(broken)}\n`,
      );
      assert.match(
        run.stdout,
        /\(written to _without-namespace\.jsonl and _other-types\.jsonl\)\n/,
      );
    },
  );
  await Deno.remove(dir, { recursive: true });
});

/** Bytes in 64 KiB chunks, as a file is read. */
function chunks(bytes: Uint8Array): Uint8Array[] {
  const cut: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += 65536) {
    cut.push(bytes.subarray(start, start + 65536));
  }
  return cut;
}

/** An in-process run with files in memory. */
function inProcess(args: string[], input: string, files?: CliIo["files"]) {
  return runCliInProcess(args, {
    stdin: ReadableStream.from(chunks(new TextEncoder().encode(input))),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: () => Promise.reject(new Deno.errors.NotFound("no files here")),
    readTextFile: () =>
      Promise.reject(new Deno.errors.NotFound("no files here")),
    now: () => new Date("2026-12-01T21:00:00Z"),
    ...(files === undefined ? {} : { files }),
  });
}

Deno.test("dossier partition leaves .partial files and no index when a line is bad", async () => {
  const { files, contents } = memoryFiles();
  // Enough lines that some are written before the bad one is met.
  const line = JOURNAL.split("\n")[0];
  const big = `${line}\n`.repeat(Math.ceil((5 * 1_048_576) / line.length));
  const run = await inProcess(
    ["partition", "--out", "out", CLI_WAY, "-"],
    `${big}{"oops"\n`,
    files,
  );
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    /^dossier partition: Cannot parse line \d+: it is not JSON/,
  );
  const names = [...contents.keys()];
  assert.ok(
    names.length > 0 && names.every((name) => name.endsWith(".partial")),
    String(names),
  );
  assert.ok(!contents.has("out/index.json"));
});

Deno.test("dossier partition needs an adapter that writes files, and a directory it can create", async () => {
  const run = await inProcess(["partition", "--out", "out", "-"], "{}\n");
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    "dossier partition: Cannot partition the stream: this runtime's adapter cannot write files\n",
  );
  const failing = {
    ...memoryFiles().files,
    prepareDirectory: () =>
      Promise.reject(
        new Deno.errors.PermissionDenied("denied (os error 13): mkdir 'out'"),
      ),
  };
  const denied = await inProcess(
    ["partition", "--out", "out/", "-"],
    "{}\n",
    failing,
  );
  assert.equal(
    denied.stderr,
    'dossier partition: Cannot write to "out": permission denied\n',
  );
  const { files } = memoryFiles();
  const usage = await inProcess(["partition", "-"], "{}\n", files);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /^dossier: partition needs --out <dir>/);
});

/** An in-process run of the journal with real files: what the processes above show, counted by coverage. */
function realFiles(args: string[], stdin = "") {
  return runCliInProcess(args, {
    stdin: ReadableStream.from(chunks(new TextEncoder().encode(stdin))),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: async (path) => (await Deno.open(path)).readable,
    fileSize: async (path) => (await Deno.stat(path)).size,
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date("2026-12-01T21:00:00Z"),
  });
}

Deno.test("dossier reads a journal by namespace in-process as it does as a process", async (t) => {
  const path = await journal();
  await t.step(
    "reduce --by-namespace --json, from a file and from stdin",
    async () => {
      const file = await realFiles([
        "reduce",
        "--by-namespace",
        "--json",
        CLI_WAY,
        path,
      ]);
      const stdin = await realFiles([
        "reduce",
        "--by-namespace",
        "--json",
        CLI_WAY,
        "-",
      ], JOURNAL);
      assert.equal(file.code, 0, file.stderr);
      assert.equal(stdin.stdout, file.stdout);
      const states = file.stdout.trim().split("\n").slice(0, 3).map((line) =>
        line.slice(line.indexOf(',"state":') + 9, -1)
      );
      assert.deepEqual(
        states.map((state) => `${state}\n`),
        alone.map((run) => run.stdout),
      );
    },
  );
  await t.step(
    "reduce --by-namespace of a file out of order is read again",
    async () => {
      const reversed = await Deno.makeTempFile({ suffix: ".jsonl" });
      await Deno.writeTextFile(
        reversed,
        JOURNAL.trim().split("\n").reverse().join("\n"),
      );
      const run = await realFiles([
        "reduce",
        "--by-namespace",
        "--json",
        CLI_WAY,
        reversed,
      ]);
      assert.equal(run.code, 0, run.stderr);
      const states = run.stdout.trim().split("\n").slice(0, 3).map((line) =>
        line.slice(line.indexOf(',"state":') + 9, -1)
      );
      // First appearance in the reversed file: mission 008, then 069, then 001.
      assert.deepEqual(
        states.map((state) => `${state}\n`),
        [...alone].reverse().map((r) => r.stdout),
      );
      await Deno.remove(reversed);
    },
  );
  await t.step("parity --by-namespace", async () => {
    const run = await realFiles(["parity", "--by-namespace", CLI_WAY, path]);
    assert.match(run.stdout, /^3 namespaces · contract 3\.0\.0/);
    assert.match(
      run.stdout,
      /\nHash check: \d clean, \d drifted, 0 without a snapshot yet\n/,
    );
  });
  await t.step("one project: named once above the table", async () => {
    const run = await realFiles(
      ["reduce", "--by-namespace", CLI_WAY, "-"],
      TEXTS[0] + TEXTS[2],
    );
    const lines = run.stdout.split("\n");
    assert.equal(lines[1], "  project bebf8d60-7c5d-4459-94b6-e0f3e4ad83f9");
    assert.match(lines[2], /^ {2}MISSION +TYPE +BRANCH /);
  });
  await t.step(
    "a stream with no namespace of the contract in use",
    async () => {
      const run = await realFiles([
        "reduce",
        "--by-namespace",
        "--contract",
        "2.4.0",
        path,
      ]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr,
        "dossier reduce: Cannot reduce the stream by namespace: none of its 65 dossier events has a valid contract 2.4.0 namespace (contract 2.4.0, --contract 2.4.0); dossier validate says what is wrong with them\n",
      );
    },
  );
  await t.step(
    "no dossier event at all: no namespace, and no error",
    async () => {
      const other = JSON.stringify({
        ...JSON.parse(JOURNAL.split("\n")[0]),
        event_type: "WPStatusChanged",
      });
      const run = await realFiles(
        ["reduce", "--by-namespace", CLI_WAY, "-"],
        `${other}\n`,
      );
      assert.equal(run.code, 0, run.stderr);
      assert.equal(
        run.stdout,
        '0 namespaces · contract 3.0.0, detected from line 1 (no dossier event; schema_version "3.0.0")\nNot in a namespace: 0 dossier events without a valid namespace · 1 event of another type\n',
      );
    },
  );
});

Deno.test("dossier partition in-process: the files, the index and the table", async (t) => {
  const path = await journal();
  const { files, contents } = memoryFiles();
  const run = await runCliInProcess([
    "partition",
    "--out",
    "out/",
    CLI_WAY,
    path,
  ], {
    stdin: ReadableStream.from([]),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: async (file) => (await Deno.open(file)).readable,
    readTextFile: (file) => Deno.readTextFile(file),
    now: () => new Date(0),
    files,
  });
  assert.equal(run.code, 0, run.stderr);
  const index = JSON.parse(contents.get("out/index.json")!);
  await t.step("each file is its mission's lines, as read", () => {
    for (const [n, entry] of index.namespaces.entries()) {
      assert.equal(contents.get(`out/${entry.file}`), TEXTS[n]);
    }
    assert.deepEqual(
      [...contents.keys()].sort(),
      [
        "out/index.json",
        ...index.namespaces.map((entry: { file: string }) =>
          `out/${entry.file}`
        ),
      ].sort(),
    );
  });
  await t.step("the table", () => {
    assert.match(
      run.stdout,
      /^3 namespaces from ".*" written to "out" · contract 3\.0\.0/,
    );
    assert.ok(
      run.stdout.endsWith("\nout/index.json lists the files\n"),
      run.stdout,
    );
  });
  await t.step("a directory that is not empty", async () => {
    const refused = await inProcess(
      ["partition", "--out", "out", CLI_WAY, "-"],
      JOURNAL,
      files,
    );
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^dossier partition: Cannot partition into "out": the directory must be empty or absent: received one holding 4 entries \("[^"]+", "[^"]+", "[^"]+", …\)\n$/,
    );
  });
  await t.step("a file that cannot be written, or renamed", async () => {
    const failing = {
      ...memoryFiles().files,
      appendText: () =>
        Promise.reject(new Deno.errors.PermissionDenied("denied")),
    };
    const denied = await inProcess(
      ["partition", "--out", "o", CLI_WAY, "-"],
      JOURNAL,
      failing,
    );
    assert.match(
      denied.stderr,
      /^dossier partition: Cannot write "o\/[^"]+\.partial": permission denied\n$/,
    );
    const stuck = {
      ...memoryFiles().files,
      rename: () =>
        Promise.reject(
          new Error("Device or resource busy (os error 16): rename 'a' -> 'b'"),
        ),
    };
    const busy = await inProcess(
      ["partition", "--out", "o", CLI_WAY, "-"],
      JOURNAL,
      stuck,
    );
    assert.match(
      busy.stderr,
      /^dossier partition: Cannot write "o\/[^"]+\.jsonl": Device or resource busy\n$/,
    );
  });
  await t.step("an index that cannot be renamed", async () => {
    const memory = memoryFiles();
    const stuck = {
      ...memory.files,
      rename: (from: string, to: string) =>
        to.endsWith("index.json")
          ? Promise.reject(new Deno.errors.PermissionDenied("denied"))
          : memory.files.rename(from, to),
    };
    const run = await inProcess(
      ["partition", "--json", "--out", "o", CLI_WAY, "-"],
      JOURNAL,
      stuck,
    );
    assert.equal(
      run.stderr,
      'dossier partition: Cannot write "o/index.json": permission denied\n',
    );
    assert.ok(memory.contents.has("o/index.json.partial"));
  });
  await t.step(
    "two missions with the same slug get different names",
    async () => {
      const { files, contents } = memoryFiles();
      const moved = TEXTS[0].replaceAll(
        '"target_branch":"main"',
        '"target_branch":"2.x"',
      );
      const run = await inProcess(
        ["partition", "--out", "o", CLI_WAY, "-"],
        TEXTS[0] + moved,
        files,
      );
      assert.equal(run.code, 0, run.stderr);
      const names = JSON.parse(contents.get("o/index.json")!).namespaces.map((
        entry: { file: string },
      ) => entry.file);
      assert.equal(names.length, 2);
      assert.notEqual(names[0], names[1]);
      assert.ok(names.every((name: string) => name.startsWith(`${SLUGS[0]}-`)));
    },
  );
});

Deno.test("partitionFileName() makes a slug safe and takes more of the key when a name is taken", () => {
  const key = "0123456789abcdef".repeat(4);
  const first = partitionFileName("../../x y/é", key, new Set());
  assert.equal(first, "x-y-01234567.jsonl");
  const second = partitionFileName("../../x y/é", key, new Set([first]));
  assert.equal(second, "x-y-0123456789abcdef.jsonl");
  const third = partitionFileName("x-y", key, new Set([first, second]));
  assert.equal(third, `x-y-${key}.jsonl`);
  assert.throws(
    () => partitionFileName("x-y", key, new Set([first, second, third])),
    new RegExp(`^Error: Cannot name the file of namespace ${key}$`),
  );
  assert.equal(
    partitionFileName("___", key, new Set()),
    "namespace-01234567.jsonl",
  );
});
