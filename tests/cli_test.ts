import assert from "node:assert/strict";
import type { CliIo } from "../src/cli/cli_io.ts";
import { type Run, runCliInProcess, runCliProcess } from "./_cli_kit.ts";
import { readLines } from "../src/cli/read_lines.ts";
import { Progress } from "../src/cli/progress.ts";
import {
  parseEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "../mod.ts";
import { validateEvent } from "../conformance/mod.ts";
import { EventSchema } from "../mod.ts";
import { parseEventLine } from "../src/envelope/event_stream.ts";

const ROOT = new URL("../", import.meta.url);
const REPLAY = new URL("conformance/fixtures/dossier/replay/", ROOT);
const HAPPY = new URL("dossier_replay_happy_path.jsonl", REPLAY).pathname;
const DRIFT = new URL("dossier_replay_drift_scenario.jsonl", REPLAY).pathname;
const CANONICAL = new URL("dossier_canonical_output_snapshot.json", REPLAY)
  .pathname;
const ESC = "\x1b";
const HAPPY_LINES = Deno.readTextFileSync(HAPPY).trim().split("\n");
const DRIFT_LINES = Deno.readTextFileSync(DRIFT).trim().split("\n");

/** Runs `deno run -A cli.ts …` as a subprocess, NO_COLOR set. */
function cli(args: string[], stdin?: string): Promise<Run> {
  return runCliProcess(args, {
    stdin: stdin === undefined ? undefined : new TextEncoder().encode(stdin),
  });
}

async function tempFile(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  await Deno.writeTextFile(path, text);
  return path;
}

/** A happy-path line with one field of its payload changed. */
function withPayload(
  index: number,
  change: (payload: Record<string, unknown>) => void,
): string {
  const event = JSON.parse(HAPPY_LINES[index]);
  change(event.payload);
  return JSON.stringify(event);
}

function assertOneLineError(run: Run, pattern: RegExp): void {
  assert.ok(run.stderr.endsWith("\n"));
  assert.match(run.stderr.slice(0, -1), pattern);
  assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

Deno.test("dossier validate accepts both replay fixtures", async (t) => {
  for (const path of [HAPPY, DRIFT]) {
    await t.step(path.split("/").at(-1)!, async () => {
      const run = await cli(["validate", path]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(
        run.stdout,
        /^all \d lines valid \(contract 2\.4\.0, detected from line 1\)\n$/,
      );
    });
  }
});

Deno.test("dossier validate lists every problem by line and exits 1", async () => {
  const path = await tempFile(
    [
      HAPPY_LINES[0],
      "{not json",
      withPayload(1, (payload) => {
        delete (payload.artifact_id as Record<string, unknown>).path;
      }),
      "",
      HAPPY_LINES[2].replace('"lamport_clock":3', '"lamport_clock":"3"'),
      withPayload(4, (payload) => {
        (payload.artifact_id as Record<string, unknown>).artifact_class =
          "draft";
      }),
    ].join("\n"),
  );
  const run = await cli(["validate", path]);
  assert.equal(run.code, 1);
  const lines = run.stdout.trim().split("\n");
  assert.match(lines[0], /^line 2: not JSON \(/);
  assert.equal(lines[1], "line 3: payload.artifact_id.path: is required");
  assert.match(
    lines[2],
    /^line 5: lamport_clock: must be an integer .*: received "3"$/,
  );
  assert.match(
    lines[3],
    /^line 6: payload\.artifact_id\.artifact_class: must be one of "input".*: received "draft"$/,
  );
  assert.equal(
    lines[4],
    "4 invalid lines of 5 (4 problems) (contract 2.4.0, detected from line 1)",
  );
  assert.equal(lines.length, 5);
  await Deno.remove(path);
});

Deno.test("dossier reduce --json prints the canonical output of the happy path", async () => {
  const run = await cli(["reduce", "--json", HAPPY]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, `${Deno.readTextFileSync(CANONICAL).trim()}\n`);
  assert.equal(
    run.stdout.trim(),
    serializeDossierState(
      reduceMissionDossier(parseEventStream(Deno.readTextFileSync(HAPPY))),
    ),
  );
});

Deno.test("dossier reduce gives the exact state for out-of-order files and stdin", async (t) => {
  const expected = (await cli(["reduce", "--json", HAPPY])).stdout;
  const reversed = [...HAPPY_LINES].reverse().join("\r\n") + "\r\n";
  await t.step("a reversed file", async () => {
    const path = await tempFile(reversed);
    const run = await cli(["reduce", "--json", path]);
    assert.equal(run.stdout, expected);
    await Deno.remove(path);
  });
  await t.step("reversed standard input", async () => {
    const run = await cli(["reduce", "--json", "-"], reversed);
    assert.equal(run.stdout, expected);
  });
});

Deno.test("dossier reduce prints a readable dossier", async () => {
  const run = await cli(["reduce", DRIFT]);
  assert.equal(run.code, 0);
  assert.match(
    run.stdout,
    /^Mission dossier {2}042-mission-dossier · software-dev · main · manifest 1\.0\.0\n/,
  );
  assert.match(
    run.stdout,
    /Artifacts \(2\)\n {2}PATH +CLASS +HASH +STEP +STATE\n {2}kitty-specs\/042-mission-dossier\/spec\.md +input +513663639ae8… +specify +current\n/,
  );
  assert.match(
    run.stdout,
    /Anomalies \(1\)\n {2}missing kitty-specs\/042-mission-dossier\/tasks\.md \(workflow, step tasks\)/,
  );
  assert.match(
    run.stdout,
    /Drift history \(1\)\n {2}2026-02-21T14:12:00\+00:00 {2}anomaly_introduced/,
  );
  const count = DRIFT_LINES.length;
  assert.ok(
    run.stdout.endsWith(
      // The two notions apart: the drift event recorded, the hash check clean.
      `\nRecorded drift events: 1 (parity_status: drifted)\nHash check: clean (dossier parity for the details)\n\nEvents: ${count} read · ${count} applied · 0 duplicates · 0 ignored · 0 rejected\n`,
    ),
    run.stdout,
  );
  assert.ok(!run.stdout.includes(ESC), run.stdout);
});

Deno.test("dossier reduce reports broken input on stderr as one line, exit 1", async (t) => {
  const cases: [string, string, RegExp][] = [
    [
      "a line that is not JSON",
      `${HAPPY_LINES[0]}\n{"event_id": \n`,
      /^dossier reduce: Cannot parse line 2: it is not JSON \(/,
    ],
    [
      "an invalid envelope",
      HAPPY_LINES[0].replace(
        '"node_id":"spec-kitty-cli-7f3a9c"',
        '"node_id":""',
      ),
      /^dossier reduce: Cannot parse event "01KJ081WB0FPRQTH76601A63DA" on line 1: field "node_id"/,
    ],
    [
      "mixed namespaces",
      [
        HAPPY_LINES[0],
        withPayload(1, (payload) => {
          (payload.namespace as Record<string, unknown>).feature_slug = "other";
        }),
      ].join("\n"),
      /^dossier reduce: Cannot reduce the stream: it mixes namespaces: the event on line 2 \("01KJ083PY09JYH2816MXGBV451"\) differs from the namespace met first in replay order in feature_slug \("042-mission-dossier" → "other"\); dossier partition splits it into one file per namespace, and --by-namespace reads each on its own$/,
    ],
  ];
  for (const [name, text, pattern] of cases) {
    await t.step(name, async () => {
      const path = await tempFile(text);
      const run = await cli(["reduce", path]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, "");
      assertOneLineError(run, pattern);
      await Deno.remove(path);
    });
  }
  await t.step("a missing file", async () => {
    const run = await cli(["reduce", "no/such/file.jsonl"]);
    assert.equal(run.code, 1);
    assertOneLineError(
      run,
      /^dossier reduce: Cannot open input "no\/such\/file\.jsonl": /,
    );
  });
});

Deno.test("dossier reduce skips an invalid payload but counts it", async () => {
  const path = await tempFile(
    [
      HAPPY_LINES[0],
      withPayload(1, (payload) => {
        payload.content_ref = null;
      }),
    ].join("\n"),
  );
  const run = await cli(["reduce", "--json", path]);
  assert.equal(run.code, 0);
  const state = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(state.artifacts), [
    "kitty-specs/042-mission-dossier/spec.md",
  ]);
  assert.equal(state.event_count, 2);
  await Deno.remove(path);
});

/**
 * The happy path with a rejected payload (line 2), a blank line, an event of
 * another type (line 4) and, on line 7, a later copy of line 5's event id
 * with a higher clock, which puts the file out of sort order.
 */
function accountedStream(): {
  text: string;
  rejectedId: string;
  copyId: string;
} {
  const rejected = JSON.parse(HAPPY_LINES[1]);
  rejected.payload.content_ref = null;
  const other = JSON.parse(HAPPY_LINES[0]);
  other.event_type = "WPStatusChanged";
  other.event_id = "01KJ081WB0FPRQTH76601A6300";
  const copy = JSON.parse(HAPPY_LINES[2]);
  copy.lamport_clock = 99;
  const text = [
    HAPPY_LINES[0],
    JSON.stringify(rejected),
    "",
    JSON.stringify(other),
    HAPPY_LINES[2],
    HAPPY_LINES[3],
    JSON.stringify(copy),
    HAPPY_LINES[4],
    HAPPY_LINES[5],
  ].join("\n") + "\n";
  return { text, rejectedId: rejected.event_id, copyId: copy.event_id };
}

const ACCOUNT =
  "Events: 8 read · 5 applied · 1 duplicate · 1 ignored · 1 rejected";

Deno.test("dossier reduce ends with a one-line account of every event", async (t) => {
  const { text } = accountedStream();
  const path = await tempFile(text);
  for (
    const [name, args, stdin] of [
      ["a file", ["reduce", path], undefined],
      ["standard input", ["reduce", "-"], text],
    ] as const
  ) {
    await t.step(name, async () => {
      const run = await cli([...args], stdin);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, "");
      assert.ok(
        run.stdout.endsWith(
          // The rejected event was plan.md of the snapshot's run.
          `\nRecorded drift events: 0 (parity_status: clean)\nHash check: drifted (dossier parity for the details)\n\n${ACCOUNT} (--report lists them)\n`,
        ),
        run.stdout,
      );
    });
  }
  await Deno.remove(path);
});

Deno.test("dossier reduce --report lists the rejected events and why, the duplicates and the ignored types", async (t) => {
  const { text, rejectedId, copyId } = accountedStream();
  const path = await tempFile(text);
  const expected = [
    ACCOUNT,
    "Rejected (1): dossier events whose payload does not validate, skipped",
    `  line 2: ${rejectedId} MissionDossierArtifactIndexed`,
    "    payload.content_ref: must be an object: received null",
    "Duplicates (1): later copies of an event id, dropped",
    `  line 7: ${copyId} MissionDossierArtifactIndexed (lamport_clock 99): the copy on line 5 (lamport_clock 3) was kept`,
    "Ignored (1): events of other types",
    "  WPStatusChanged: 1",
    "",
  ].join("\n");
  for (
    const [name, args, stdin] of [
      ["a file out of order", ["reduce", "--report", path], undefined],
      ["standard input", ["reduce", "--report", "-"], text],
    ] as const
  ) {
    await t.step(name, async () => {
      const run = await cli([...args], stdin);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(
        run.stdout.endsWith(
          `\nRecorded drift events: 0 (parity_status: clean)\nHash check: drifted (dossier parity for the details)\n\n${expected}`,
        ),
        run.stdout,
      );
    });
  }
  await t.step(
    "--json keeps stdout canonical and puts the account on stderr",
    async () => {
      const run = await cli(["reduce", "--json", "--report", path]);
      assert.equal(run.code, 0);
      assert.equal(run.stderr, expected);
      const plain = await cli(["reduce", "--json", path]);
      assert.equal(plain.stderr, "");
      assert.equal(run.stdout, plain.stdout);
      assert.equal(
        run.stdout,
        `${
          serializeDossierState(reduceMissionDossier(parseEventStream(text)))
        }\n`,
      );
    },
  );
  await t.step("nothing to list", async () => {
    const run = await cli(["reduce", "--report", HAPPY]);
    const count = HAPPY_LINES.length;
    assert.ok(
      run.stdout.endsWith(
        `\nEvents: ${count} read · ${count} applied · 0 duplicates · 0 ignored · 0 rejected\n` +
          "Rejected (0): dossier events whose payload does not validate, skipped\n  none\n" +
          "Duplicates (0): later copies of an event id, dropped\n  none\n" +
          "Ignored (0): events of other types\n  none\n",
      ),
      run.stdout,
    );
  });
  await Deno.remove(path);
});

Deno.test("dossier rejects wrong usage with exit 2 and a one-line reason", async (t) => {
  const cases: [string[], RegExp][] = [
    [[], /^dossier: missing command \(run dossier --help\)$/],
    [
      ["frobnicate"],
      /^dossier: unknown command "frobnicate"; the commands are index, reconcile, validate, reduce, parity, drift/,
    ],
    [
      ["reduce", "--bogus", HAPPY],
      /^dossier: unknown option "--bogus" for reduce \(run dossier reduce --help\)$/,
    ],
    [
      ["validate", "--report", HAPPY],
      /^dossier: unknown option "--report" for validate/,
    ],
    [["reduce"], /^dossier: missing input file \(or - for stdin\) for reduce/],
    [["reduce", HAPPY, DRIFT], /^dossier: expected one input, received 2: /],
    [
      ["reduce", "--json=yes", HAPPY],
      /^dossier: option --json takes no value for reduce/,
    ],
    [["drift", HAPPY], /^dossier: drift needs --baseline <state\.json>/],
    [["drift", HAPPY, "--baseline"], /^dossier: --baseline needs a file path/],
    [
      ["--version", HAPPY],
      /^dossier: --version takes no argument but --json: received "/,
    ],
    [
      ["-V", "reduce"],
      /^dossier: -V takes no argument but --json: received "reduce"/,
    ],
    [
      ["version", "--all"],
      /^dossier: version takes no option but --json: received "--all"/,
    ],
  ];
  for (const [args, pattern] of cases) {
    await t.step(args.join(" ") || "(no arguments)", async () => {
      const run = await cli(args);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
      assertOneLineError(run, pattern);
    });
  }
});

Deno.test("dossier --help describes the command and each subcommand", async (t) => {
  const cases: [string[], RegExp][] = [
    [["--help"], /^dossier — check, replay and compare/],
    [
      ["help"],
      /Commands:\n {2}index .*\n.*\n {2}reconcile .*\n.*\n {2}validate/,
    ],
    [
      ["validate", "--help"],
      /^Usage: dossier validate \[--json\] \[--contract <v>\]/,
    ],
    [["reduce", "-h"], /^Usage: dossier reduce \[--json\]/],
    [
      ["parity", "--help"],
      /^Usage: dossier parity \[--json\] \[--allow-rejected\] \[--by-namespace\] \[--contract <v>\]/,
    ],
    [["drift", "--help"], /^Usage: dossier drift --baseline <state\.json>/],
  ];
  for (const [args, pattern] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await cli(args);
      assert.equal(run.code, 0);
      assert.match(run.stdout, pattern);
      assert.equal(run.stderr, "");
    });
  }
});

Deno.test("dossier --version prints the version of deno.json and both contracts'", async (t) => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("deno.json", ROOT)),
  );
  const expected =
    `dossier ${config.version} (Mission Dossier Parity contracts 2.4.0, 3.0.0)\n`;
  for (const flag of ["--version", "-V"]) {
    await t.step(flag, async () => {
      const run = await runInProcess([flag]);
      assert.deepEqual(run, { code: 0, stdout: expected, stderr: "" });
    });
  }
  await t.step("as a process", async () => {
    assert.deepEqual(await cli(["--version"]), {
      code: 0,
      stdout: expected,
      stderr: "",
    });
  });
});

Deno.test("dossier parity checks the latest snapshot against what its run indexed", async (t) => {
  await t.step("clean: exit 0", async () => {
    const run = await cli(["parity", HAPPY]);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /\nHash check: clean \(the latest snapshot's hash is the hash of what its index run indexed\)\n {2}snapshot {4}sha256:01a81244aca6.* {2}event 01KJ08B1A03EB0HJSHPX92NCJ3, line 6\n {2}recomputed {2}sha256:01a81244aca6.* {2}current formula\n/,
    );
  });
  await t.step("drifted: exit 1", async () => {
    // The second run's indexing event is lost: its snapshot does not match.
    const path = await tempFile(
      [...HAPPY_LINES.slice(0, 4), HAPPY_LINES[5]].join("\n"),
    );
    const run = await cli(["parity", path]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /\nHash check: drifted /);
    assert.match(run.stdout, /snapshot {4}sha256:01a81244aca6/);
    await Deno.remove(path);
  });
  await t.step(
    "a run under way: the latest snapshot still holds, its successor pending",
    async () => {
      const path = await tempFile(HAPPY_LINES.slice(0, 5).join("\n"));
      const run = await cli(["parity", path]);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /\nHash check: clean /);
      assert.match(run.stdout, /snapshot {4}sha256:5daafc2e259f8817/);
      assert.match(
        run.stdout,
        /\n {2}pending {5}kitty-specs\/042-mission-dossier\/contracts\/dossier-events\.v2\.json \(indexed after the latest snapshot\)\n/,
      );
      await Deno.remove(path);
    },
  );
  await t.step("no snapshot: unknown, exit 0", async () => {
    const run = await cli(["parity", "-"], HAPPY_LINES[0]);
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /\nHash check: unknown \(no snapshot to compare with yet\)\n {2}snapshot {4}none\n {2}recomputed {2}sha256:[0-9a-f]{64}\nRecorded drift events: 0\n {2}contract {4}2\.4\.0, detected from line 1 \(no 3\.0\.0 marker\)\n$/,
    );
  });
});

Deno.test("dossier drift lists the findings against a baseline", async (t) => {
  const baseline = await tempFile(
    (await cli(["reduce", "--json", HAPPY])).stdout,
  );
  await t.step("drift found: exit 1", async () => {
    const run = await cli(["drift", "--baseline", baseline, DRIFT]);
    assert.equal(run.code, 1);
    assert.equal(
      run.stdout,
      [
        "Drift found: 2 kinds of change since the baseline",
        "  artifact_removed (1 artifact)",
        "    kitty-specs/042-mission-dossier/contracts/dossier-events.v2.json",
        "  anomaly_introduced (1 artifact)",
        "    kitty-specs/042-mission-dossier/tasks.md (step tasks)",
        "",
      ].join("\n"),
    );
  });
  await t.step("--payloads prints valid drift payloads as JSONL", async () => {
    const run = await cli([
      "drift",
      `--baseline=${baseline}`,
      "--payloads",
      DRIFT,
    ]);
    assert.equal(run.code, 1);
    const payloads = run.stdout.trim().split("\n").map((line) =>
      JSON.parse(line)
    );
    assert.deepEqual(
      payloads.map((payload) => payload.drift_kind),
      ["artifact_removed", "anomaly_introduced"],
    );
    for (const payload of payloads) {
      assert.equal(
        validateEvent(payload, "MissionDossierParityDriftDetected").valid,
        true,
      );
      assert.match(payload.expected_hash, /^sha256:01a81244aca6/);
    }
  });
  await t.step("no drift: exit 0", async () => {
    const run = await cli(["drift", "--baseline", baseline, HAPPY]);
    assert.equal(run.code, 0);
    assert.equal(
      run.stdout,
      "No drift: the stream's dossier matches the baseline\n",
    );
    const quiet = await cli([
      "drift",
      "--payloads",
      "--baseline",
      baseline,
      HAPPY,
    ]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, "");
  });
  await t.step("a baseline that is not a state: exit 1", async () => {
    const run = await cli(["drift", "--baseline", HAPPY, DRIFT]);
    assert.equal(run.code, 1);
    assertOneLineError(
      run,
      /^dossier drift: Cannot read baseline ".*dossier_replay_happy_path\.jsonl": /,
    );
    const missing = await cli(["drift", "--baseline", "nope.json", DRIFT]);
    assertOneLineError(
      missing,
      /^dossier drift: Cannot open baseline "nope\.json": /,
    );
  });
  await Deno.remove(baseline);
});

/** An in-process run, for what a subprocess without a terminal cannot show. */
function runInProcess(
  args: string[],
  options: Partial<CliIo> & { input?: string } = {},
): Promise<Run> {
  const bytes = new TextEncoder().encode(options.input ?? "");
  return runCliInProcess(args, {
    stdin: new Blob([bytes]).stream(),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: false,
    open: (path) =>
      Promise.resolve(new Blob([Deno.readFileSync(path)]).stream()),
    readTextFile: (path) => Deno.readTextFile(path),
    now: () => new Date("2026-02-21T15:00:00Z"),
    ...options,
  });
}

Deno.test("dossier colours its output only on a terminal without NO_COLOR", async (t) => {
  await t.step("terminal", async () => {
    const run = await runInProcess(["reduce", HAPPY], {
      stdoutIsTerminal: true,
    });
    assert.ok(run.stdout.includes(
      `\nHash check: ${ESC}[32m${ESC}[1mclean${ESC}[22m${ESC}[39m${ESC}[2m (dossier parity for the details)${ESC}[22m\n\nEvents: `,
    ));
  });
  await t.step("terminal with NO_COLOR", async () => {
    const run = await runInProcess(["reduce", HAPPY], {
      stdoutIsTerminal: true,
      noColor: true,
    });
    assert.ok(!run.stdout.includes(ESC), run.stdout);
  });
  await t.step("pipe", async () => {
    const run = await runInProcess(["validate", "-"], { input: "[]\n" });
    assert.equal(run.code, 1);
    assert.ok(!run.stdout.includes(ESC), run.stdout);
    assert.match(
      run.stdout,
      /^line 1: \(envelope\): must be an object: received an array of 0 items\n/,
    );
  });
});

Deno.test("dossier drift --payloads dates each payload with the clock", async () => {
  const baseline = await tempFile(
    (await cli(["reduce", "--json", HAPPY])).stdout,
  );
  const run = await runInProcess([
    "drift",
    "--payloads",
    "--baseline",
    baseline,
    DRIFT,
  ]);
  assert.equal(
    JSON.parse(run.stdout.split("\n")[0]).detected_at,
    "2026-02-21T15:00:00.000Z",
  );
  await Deno.remove(baseline);
});

Deno.test("dossier drift --payloads needs a namespace on one side", async () => {
  const state = JSON.parse((await cli(["reduce", "--json", HAPPY])).stdout);
  const baseline = await tempFile(
    JSON.stringify({ ...state, namespace: null }),
  );
  const run = await runInProcess(
    ["drift", "--payloads", "--allow-empty", "--baseline", baseline, "-"],
    { input: "" },
  );
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    "dossier drift: Cannot build drift payloads: neither the baseline nor the stream has a valid namespace\n",
  );
  await Deno.remove(baseline);
});

Deno.test("readLines() splits a byte stream into numbered lines across chunks", async () => {
  const chunks = ['{"a":', '1}\r\n\n  \n{"b"', ":2}\n", "last"].map((text) =>
    new TextEncoder().encode(text)
  );
  let counted = 0;
  const stream = ReadableStream.from(chunks);
  const lines = [];
  for await (const batch of readLines(stream, (count) => counted += count)) {
    lines.push(...batch);
  }
  assert.deepEqual(lines, [
    { text: '{"a":1}', number: 1 },
    { text: '{"b":2}', number: 4 },
    { text: "last", number: 5 },
  ]);
  assert.equal(counted, 25);
});

Deno.test("readLines() drops a byte order mark at the start by the rule parseEventStream applies", async (t) => {
  const bom = "\ufeff";
  const encoder = new TextEncoder();
  /** The outcome of parseEventStream: event ids, or the error message. */
  const parsed = (text: string): string[] | string => {
    try {
      return parseEventStream(text).map((event) => event.event_id);
    } catch (error) {
      return (error as Error).message;
    }
  };
  /** The same, reading the bytes as the command line does, one byte per chunk. */
  const read = async (text: string): Promise<string[] | string> => {
    const bytes = encoder.encode(text);
    const chunks = [...bytes].map((byte) => new Uint8Array([byte]));
    const ids: string[] = [];
    try {
      for await (const batch of readLines(ReadableStream.from(chunks))) {
        for (const { text, number } of batch) {
          ids.push(parseEventLine(EventSchema, text, number).event_id);
        }
      }
    } catch (error) {
      return (error as Error).message;
    }
    return ids;
  };
  const cases: [string, string][] = [
    ["no mark", HAPPY_LINES.join("\n")],
    ["one mark", `${bom}${HAPPY_LINES.join("\n")}`],
    ["two marks", `${bom}${bom}${HAPPY_LINES[0]}`],
    ["a mark on line 2", `${HAPPY_LINES[0]}\n${bom}${HAPPY_LINES[1]}`],
    ["a mark alone", bom],
  ];
  for (const [name, text] of cases) {
    await t.step(name, async () => {
      assert.deepEqual(await read(text), parsed(text));
    });
  }
  assert.equal((await read(cases[1][1])).length, HAPPY_LINES.length);
  assert.match(String(await read(cases[2][1])), /^Cannot parse line 1: /);
});

Deno.test("Progress draws a line only after half a second, at most four times a second", () => {
  let now = 0;
  const writes: string[] = [];
  const drawn = (): string => writes.join("");
  const progress = new Progress((text) => writes.push(text), true, () => now);
  progress.addBytes(3 * 1_048_576);
  progress.update(10);
  assert.equal(drawn(), "");
  now = 1000;
  progress.update(50_000);
  assert.equal(drawn(), "\r\x1b[K3.0 MiB read, 50,000 events, 50,000 events/s");
  now = 1100;
  progress.update(60_000);
  assert.equal(drawn().split("\r").length, 2);
  progress.clear();
  assert.ok(drawn().endsWith("\r\x1b[K"));
  const off = new Progress((text) => writes.push(text), false, () => now);
  now = 5000;
  off.update(1);
  off.clear();
  assert.ok(drawn().endsWith("events/s\r\x1b[K"));
});

Deno.test("Progress counts items done, with the time left, on the same terms", () => {
  let now = 0;
  const writes: string[] = [];
  const progress = new Progress((text) => writes.push(text), true, () => now);
  progress.updateItems(0, 4, "missions");
  assert.deepEqual(writes, []);
  now = 600;
  progress.updateItems(0, 4, "missions");
  now = 1000;
  progress.updateItems(1, 4, "missions");
  assert.deepEqual(writes, [
    "\r\x1b[K0 of 4 missions",
    "\r\x1b[K1 of 4 missions, 3s left",
  ]);
  now = 1100;
  progress.updateItems(2, 4, "missions");
  assert.equal(writes.length, 2);
});

/** A stream of `count` indexed artifacts and `count` missing ones, plus an event of another type. */
function largeStream(count: number): string {
  const indexed = JSON.parse(HAPPY_LINES[0]);
  const missing = JSON.parse(DRIFT_LINES[3]);
  const lines = [JSON.stringify({ ...indexed, event_type: "WPStatusChanged" })];
  for (let n = 0; n < count; n++) {
    const id = `01KJ08EPG04S3TEE33D7C2${String(1000 + n).padStart(4, "0")}`;
    lines.push(JSON.stringify({
      ...indexed,
      event_id: id,
      lamport_clock: n + 1,
      payload: {
        ...indexed.payload,
        artifact_id: { ...indexed.payload.artifact_id, path: `docs/${n}.md` },
      },
    }));
    lines.push(JSON.stringify({
      ...missing,
      event_id: id.replace("EPG", "EPH"),
      lamport_clock: n + 1,
    }));
  }
  return lines.join("\n");
}

Deno.test("dossier shows the first 50 rows of long lists and says how many more", async (t) => {
  const input = largeStream(60);
  await t.step("validate counts events of other types as valid", async () => {
    const run = await runInProcess(["validate", "-"], { input });
    assert.equal(
      run.stdout,
      "all 121 lines valid (contract 2.4.0, detected from line 2)\n",
    );
  });
  await t.step("reduce", async () => {
    const run = await runInProcess(["reduce", "-"], { input });
    assert.match(
      run.stdout,
      /\n {2}docs\/49\.md .*\n {2}… and 10 more \(--json prints all\)\n/,
    );
    assert.match(
      run.stdout,
      /\n {2}… and 10 more\n\nLatest snapshot\n {2}none yet\n/,
    );
  });
  await t.step("drift", async () => {
    const empty = await tempFile(
      serializeDossierState(reduceMissionDossier([])),
    );
    const run = await runInProcess(["drift", "--baseline", empty, "-"], {
      input,
    });
    assert.match(
      run.stdout,
      /^Drift found: 2 kinds of change since the baseline\n {2}artifact_added \(60 artifacts\)\n/,
    );
    assert.match(
      run.stdout,
      /\n {4}… and 10 more\n {2}anomaly_introduced \(1 artifact\)\n/,
    );
    await Deno.remove(empty);
  });
  await t.step("an empty log, with --allow-empty", async () => {
    const run = await runInProcess(["reduce", "--allow-empty", "-"], {
      input: "\n",
    });
    assert.match(
      run.stdout,
      /^Mission dossier {2}\(no valid namespace\)\n {2}contract 2\.4\.0, no event to detect it from\n {2}0 dossier events\n\nArtifacts \(0\)\n {2}none\n/,
    );
    assert.match(
      run.stdout,
      /Recorded drift events: 0 \(parity_status: unknown\)\nHash check: unknown \(dossier parity for the details\)\n\nEvents: 0 read · 0 applied · 0 duplicates · 0 ignored · 0 rejected\n$/,
    );
  });
});
