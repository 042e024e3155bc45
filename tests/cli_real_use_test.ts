// The command line as a new user meets it, each case a real `deno run`
// process: corrupt bytes, terminal escapes in the input, a closed pipe,
// Ctrl-C, a directory, a missing or empty file, --version and help.
import assert from "node:assert/strict";
import { CLI, type Run, runCliProcess } from "./_cli_kit.ts";

const ROOT = new URL("../", import.meta.url);
const HAPPY = new URL(
  "conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
  ROOT,
).pathname;
const REAL = new URL(
  "tests/data/real-streams/ske-001-event-model-project-identity.jsonl",
  ROOT,
).pathname;
const BASELINE = new URL(
  "conformance/fixtures/dossier/replay/dossier_canonical_output_snapshot.json",
  ROOT,
).pathname;
const encoder = new TextEncoder();
/** Raw control characters (C0 but the line feed, DEL, C1): none may reach a terminal. */
// deno-lint-ignore no-control-regex -- raw control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function cli(args: string[], stdin?: Uint8Array): Promise<Run> {
  return runCliProcess(args, { stdin });
}

async function tempFile(bytes: Uint8Array | string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  await Deno.writeFile(
    path,
    typeof bytes === "string" ? encoder.encode(bytes) : bytes,
  );
  return path;
}

/** `text` as UTF-8, with the first `needle` replaced by `bytes`. */
function withBytes(text: string, needle: string, bytes: number[]): Uint8Array {
  const at = text.indexOf(needle);
  assert.ok(at !== -1, needle);
  return new Uint8Array([
    ...encoder.encode(text.slice(0, at)),
    ...bytes,
    ...encoder.encode(text.slice(at + needle.length)),
  ]);
}

function assertOneLine(run: Run, expected: string): void {
  assert.equal(run.stderr, `${expected}\n`);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

Deno.test("dossier refuses bytes that are not UTF-8, naming the line and the byte offset", async (t) => {
  const happy = Deno.readTextFileSync(HAPPY);
  const real = Deno.readTextFileSync(REAL);
  // An invalid byte inside an artifact's path, on line 2 of each stream.
  const second = (text: string) => text.split("\n")[1];
  const cases = [
    {
      name: "2.4.0",
      bytes: withBytes(happy, "plan.md", [0x70, 0x6c, 0xff, 0x6e]),
      line: second(happy),
      needle: "plan.md",
      flags: [] as string[],
    },
    {
      name: "3.0.0, as the spec-kitty CLI writes it",
      bytes: withBytes(real, "tasks.md", [0x74, 0x61, 0xc3]),
      line: second(real),
      needle: "tasks.md",
      flags: ["--accept-empty-build-id"],
    },
  ];
  for (const { name, bytes, line, needle, flags } of cases) {
    const path = await tempFile(bytes);
    const lineOffset = encoder.encode(line.slice(0, line.indexOf(needle)))
      .length + 2;
    const inputOffset = encoder.encode(
      (name === "2.4.0" ? happy : real).split("\n")[0],
    ).length + 1 + lineOffset;
    const received = name === "2.4.0" ? "the byte 0xFF" : "the byte 0xC3";
    const detail =
      `received ${received} at byte offset ${lineOffset} of the line (offset ${
        inputOffset.toLocaleString("en-US")
      } in the input)`;
    await t.step(`${name}: validate lists the line`, async () => {
      const run = await cli(["validate", ...flags, path]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stdout.split("\n")[0],
        `line 2: not UTF-8 text: ${detail}`,
      );
      assert.match(run.stdout, /\n1 invalid line of \d+ \(1 problem\)/);
      assert.ok(!run.stdout.includes("\ufffd"));
    });
    for (const command of ["reduce", "parity"]) {
      await t.step(
        `${name}: ${command} is an error, not a verdict`,
        async () => {
          const run = await cli([command, ...flags, path]);
          assert.equal(run.code, 1);
          assert.equal(run.stdout, "");
          assertOneLine(
            run,
            `dossier ${command}: Cannot read line 2: it must be UTF-8 text: ${detail}`,
          );
        },
      );
    }
    await t.step(`${name}: standard input too`, async () => {
      const run = await cli(["parity", ...flags, "-"], bytes);
      assert.equal(run.code, 1);
      assert.match(
        run.stderr,
        /^dossier parity: Cannot read line 2: it must be UTF-8 text: /,
      );
    });
    await Deno.remove(path);
  }
});

Deno.test("dossier never echoes a terminal escape from its input", async (t) => {
  const happy = Deno.readTextFileSync(HAPPY).trim().split("\n");
  const titled = "x\x1b]0;pwned\x07";
  await t.step("a bad line, in validate's list", async () => {
    const path = await tempFile(`${happy[0]}\n${titled}\n`);
    const run = await cli(["validate", path]);
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stdout, RAW_CONTROL);
    assert.match(
      run.stdout,
      /^line 2: not JSON \(.*x\\u001b\]0;pwned\\u0007.*\)\n/,
    );
    await Deno.remove(path);
  });
  await t.step("a bad line, in reduce's error", async () => {
    const run = await cli(["reduce", "-"], encoder.encode(`${titled}\n`));
    assert.equal(run.code, 1);
    assert.doesNotMatch(run.stderr.slice(0, -1), RAW_CONTROL);
    assert.match(
      run.stderr,
      /^dossier reduce: Cannot parse line 1: it is not JSON \(.*\\u001b\]0;pwned\\u0007/,
    );
  });
  await t.step(
    "an escape inside a path and a C1 control in an id, in the readable dossier",
    async () => {
      const event = JSON.parse(happy[0]);
      event.payload.artifact_id.path = "spec\x1b[2J\u009b31m.md";
      const run = await cli(
        ["reduce", "-"],
        encoder.encode(JSON.stringify(event)),
      );
      assert.equal(run.code, 0, run.stderr);
      assert.doesNotMatch(run.stdout, RAW_CONTROL);
      assert.match(run.stdout, /\n {2}spec\\u001b\[2J\\u009b31m\.md +input /);
      // --json is the canonical JSON, byte for byte: JSON's own escapes only.
      const json = await cli(
        ["reduce", "--json", "-"],
        encoder.encode(JSON.stringify(event)),
      );
      assert.match(json.stdout, /"spec\\u001b\[2J\u009b31m\.md"/);
    },
  );
  await t.step(
    "a line feed and an escape inside a path, in drift's findings",
    async () => {
      // A path that would forge a line of the verdict if shown raw.
      const event = JSON.parse(happy[0]);
      event.payload.artifact_id.path = "spec\x1b]0;pwned\x07\nNo drift: .md";
      const path = await tempFile(JSON.stringify(event));
      const drift = await cli(["drift", "--baseline", BASELINE, path]);
      assert.equal(drift.code, 1, drift.stderr);
      assert.doesNotMatch(drift.stdout + drift.stderr, RAW_CONTROL);
      assert.doesNotMatch(drift.stdout, /^No drift/m);
      assert.match(
        drift.stdout,
        /\n {4}spec\\u001b\]0;pwned\\u0007\\u000aNo drift: \.md\n/,
      );
      await Deno.remove(path);
    },
  );
  await t.step("a binary file", async () => {
    const bytes = new Uint8Array(4096).map((_, index) => (index * 7919) % 128);
    const path = await tempFile(bytes);
    for (const command of ["validate", "reduce"]) {
      const run = await cli([command, path]);
      assert.equal(run.code, 1);
      assert.doesNotMatch(run.stdout + run.stderr, RAW_CONTROL);
    }
    await Deno.remove(path);
  });
});

/** A log whose canonical state is a few megabytes: far more than a pipe holds. */
async function bigLog(): Promise<string> {
  const event = JSON.parse(Deno.readTextFileSync(HAPPY).split("\n")[0]);
  const lines: string[] = [];
  for (let n = 0; n < 4000; n++) {
    lines.push(JSON.stringify({
      ...event,
      event_id: `01KJ08EPG04S3TEE33D7C${String(10000 + n).padStart(5, "0")}`,
      lamport_clock: n + 1,
      payload: {
        ...event.payload,
        artifact_id: {
          ...event.payload.artifact_id,
          path: `docs/${"x".repeat(400)}/${n}.md`,
        },
      },
    }));
  }
  return await tempFile(lines.join("\n"));
}

/** Runs the CLI with stdout piped, reads `bytes` of it and closes the pipe, as `| head -c 10` does. */
async function headOf(args: string[], bytes: number) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  let read = new Uint8Array();
  while (read.length < bytes) {
    const { value, done } = await reader.read();
    if (done) break;
    read = new Uint8Array([...read, ...value]);
  }
  await reader.cancel();
  const [status, stderr] = await Promise.all([
    child.status,
    new Response(child.stderr).text(),
  ]);
  return {
    status,
    head: new TextDecoder().decode(read.subarray(0, bytes)),
    stderr,
  };
}

Deno.test("dossier ends quietly with status 0 when the reader of stdout goes away", async (t) => {
  const path = await bigLog();
  // About a megabyte of problems, written as they are found.
  const bad = await tempFile("not json\n".repeat(20_000));
  for (
    const [args, head] of [
      [["reduce", "--json", path], '{"namespac'],
      [["validate", "--contract", "2.4.0", bad], "line 1: no"],
    ] as const
  ) {
    await t.step(`${args[0]} | head -c 10`, async () => {
      const run = await headOf([...args], 10);
      assert.equal(run.head, head);
      assert.equal(run.stderr, "");
      assert.equal(run.status.code, 0);
      assert.equal(run.status.signal, null);
    });
  }
  await Deno.remove(path);
  await Deno.remove(bad);
});

Deno.test("dossier stops at once on Ctrl-C (SIGINT), with one line and status 130", async () => {
  const child = new Deno.Command(Deno.execPath(), {
    // A fixed contract: validate then reports each line as it reads it.
    args: ["run", "-A", CLI, "validate", "--contract", "2.4.0", "-"],
    env: { NO_COLOR: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(encoder.encode("not json\n"));
  // Once the first problem is out, the command is inside its loop, waiting for more input.
  const reader = child.stdout.getReader();
  let out = "";
  while (!out.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    out += new TextDecoder().decode(value);
  }
  assert.match(out, /^line 1: not JSON /);
  child.kill("SIGINT");
  const [status, stderr] = await Promise.all([
    child.status,
    new Response(child.stderr).text(),
  ]);
  await writer.close().catch(() => {});
  await reader.cancel();
  assert.equal(stderr, "dossier validate: interrupted\n");
  assert.equal(status.code, 130);
  assert.equal(status.signal, null);
});

Deno.test("dossier names a directory, a missing file and a missing baseline once", async (t) => {
  const dir = await Deno.makeTempDir();
  const missing = `${dir}/no-such.jsonl`;
  const cases: [string[], string][] = [
    [
      ["reduce", dir],
      `dossier reduce: Cannot open input "${dir}": it is a directory, not a file`,
    ],
    [
      ["validate", dir],
      `dossier validate: Cannot open input "${dir}": it is a directory, not a file`,
    ],
    [
      ["reduce", missing],
      `dossier reduce: Cannot open input "${missing}": no such file or directory`,
    ],
    [
      ["drift", "--baseline", missing, HAPPY],
      `dossier drift: Cannot open baseline "${missing}": no such file or directory`,
    ],
    [
      ["drift", "--baseline", dir, HAPPY],
      `dossier drift: Cannot open baseline "${dir}": it is a directory, not a file`,
    ],
  ];
  for (const [args, expected] of cases) {
    await t.step(args.join(" "), async () => {
      const run = await cli(args);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, "");
      assertOneLine(run, expected);
    });
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("dossier calls an empty input an error unless --allow-empty", async (t) => {
  const path = await tempFile("\n  \n");
  for (
    const command of ["validate", "reduce", "parity", "drift", "partition"]
  ) {
    const extra = command === "drift"
      ? ["--baseline", BASELINE]
      : command === "partition"
      ? ["--out", `${path}.parts`]
      : [];
    await t.step(command, async () => {
      const run = await cli([command, ...extra, path]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, "");
      assertOneLine(
        run,
        `dossier ${command}: Cannot read "${path}": it holds no events: received an empty input (--allow-empty accepts one)`,
      );
    });
  }
  await t.step("validate --allow-empty", async () => {
    const run = await cli(["validate", "--allow-empty", path]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      "all 0 lines valid (contract 2.4.0, no event to detect it from)\n",
    );
  });
  await t.step("standard input", async () => {
    const run = await cli(["reduce", "-"], new Uint8Array());
    assertOneLine(
      run,
      "dossier reduce: Cannot read standard input: it holds no events: received an empty input (--allow-empty accepts one)",
    );
  });
  await Deno.remove(path);
  await Deno.remove(`${path}.parts`, { recursive: true }).catch(() => {});
});

Deno.test("dossier --version, -V and version print the package and contract versions", async (t) => {
  const config = JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT)));
  for (const args of [["--version"], ["-V"], ["version"]]) {
    await t.step(args[0], async () => {
      const run = await cli(args);
      assert.equal(run.code, 0);
      assert.equal(
        run.stdout,
        `dossier ${config.version} (Mission Dossier Parity contracts 2.4.0, 3.0.0)\n`,
      );
    });
  }
  await t.step("version --json", async () => {
    const run = await cli(["version", "--json"]);
    assert.deepEqual(JSON.parse(run.stdout), {
      name: "@spec-kitty/dossier",
      version: config.version,
      contracts: ["2.4.0", "3.0.0"],
    });
  });
  await t.step("anything else after it is wrong usage", async () => {
    const run = await cli(["--version", "--bogus"]);
    assert.equal(run.code, 2);
    assertOneLine(
      run,
      'dossier: --version takes no option but --json: received "--bogus" (run dossier --help)',
    );
  });
});

Deno.test("dossier help <command> prints that command's help", async (t) => {
  for (
    const command of [
      "validate",
      "reduce",
      "parity",
      "drift",
      "partition",
      "version",
    ]
  ) {
    await t.step(`help ${command}`, async () => {
      const run = await cli(["help", command]);
      assert.equal(run.code, 0);
      assert.ok(
        run.stdout.startsWith(`Usage: dossier ${command} `),
        run.stdout,
      );
      assert.equal(run.stdout, (await cli([command, "--help"])).stdout);
    });
  }
  await t.step("help of an unknown command", async () => {
    const run = await cli(["help", "frobnicate"]);
    assert.equal(run.code, 2);
    assertOneLine(
      run,
      'dossier: help takes one command: received "frobnicate"; the commands are index, reconcile, validate, reduce, parity, drift, partition, view, version (run dossier --help)',
    );
  });
});
