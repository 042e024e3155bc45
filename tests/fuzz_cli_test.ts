// Hostile input for the `dossier` command line: in-process through
// `runCli` with a fake terminal, and a few runs of the real process
// (docs/robustness.md).
import fc from "fast-check";
import assert from "node:assert/strict";
import {
  memoryFiles,
  type Run,
  runCliInProcess,
  runCliProcess,
} from "./_cli_kit.ts";
import {
  damagedStream,
  eventLines,
  FUZZ_SEED,
  fuzzParameters,
  jsonish,
  jsonLine,
} from "./_fuzz_kit.ts";

const HAPPY = new URL(
  "../conformance/fixtures/dossier/replay/dossier_replay_happy_path.jsonl",
  import.meta.url,
).pathname;
const CANONICAL = Deno.readTextFileSync(
  new URL(
    "../conformance/fixtures/dossier/replay/dossier_canonical_output_snapshot.json",
    import.meta.url,
  ),
).trim();
const HAPPY_TEXT = Deno.readTextFileSync(HAPPY);
const encoder = new TextEncoder();

// ------------------------------------------------------------------ inputs

/** A stream as bytes: JSONL text, damaged or not, or raw garbage. */
const streamBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: damagedStream.map((text) => encoder.encode(text)) },
  {
    weight: 3,
    arbitrary: eventLines.map((lines) => encoder.encode(lines.join("\n"))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      // Not UTF-8, a lone NUL, a BOM, a 1 MB line, a 1 MB string in an event.
      new Uint8Array([0xff, 0xfe, 0x0a, 0xc3]),
      new Uint8Array([0]),
      encoder.encode(`\ufeff${HAPPY_TEXT}`),
      encoder.encode(`${"x".repeat(1 << 20)}\n`),
      encoder.encode(HAPPY_TEXT.replace("spec.md", "x".repeat(1 << 20))),
      encoder.encode(HAPPY_TEXT + HAPPY_TEXT),
      encoder.encode(HAPPY_TEXT.split("\n").reverse().join("\r\n")),
    ),
  },
);

/** Where the bytes are cut into chunks (a line, a character may be split). */
const chunking: fc.Arbitrary<number[]> = fc.array(fc.nat({ max: 4096 }), {
  maxLength: 4,
});

/** A baseline file's text: the canonical state, damaged, or missing. */
const baselineText: fc.Arbitrary<string | null> = fc.oneof(
  fc.constant(CANONICAL),
  fc.nat({ max: CANONICAL.length }).map((end) => CANONICAL.slice(0, end)),
  fc.constant(CANONICAL.replace('"namespace":{', '"namespace":{"x":1,')),
  jsonish.map(jsonLine),
  fc.constant(null),
);

const COMMANDS: readonly (readonly string[])[] = [
  ["validate", "-"],
  ["reduce", "-"],
  ["reduce", "--json", "-"],
  ["reduce", "--report", "-"],
  ["reduce", "--json", "--report", "-"],
  ["reduce", "--report", "in.jsonl"],
  ["reduce", "--json", "in.jsonl"],
  ["parity", "-"],
  ["parity", "in.jsonl"],
  ["drift", "--baseline", "base.json", "-"],
  ["drift", "--payloads", "--baseline=base.json", "in.jsonl"],
  ["validate", "--json", "-"],
  ["validate", "--allow-empty", "in.jsonl"],
  ["reduce", "--allow-empty", "-"],
  ["reduce", "--by-namespace", "-"],
  ["reduce", "--by-namespace", "--json", "in.jsonl"],
  ["parity", "--by-namespace", "-"],
  ["partition", "--out", "out", "-"],
  ["partition", "--out=out", "--write-unassigned", "--json", "in.jsonl"],
  ["version"],
  ["help", "partition"],
];

const TOKENS = [
  "validate",
  "reduce",
  "parity",
  "drift",
  "help",
  "-",
  "-h",
  "--help",
  "--json",
  "--json=1",
  "--report",
  "--payloads",
  "--baseline",
  "--baseline=",
  "--baseline=base.json",
  "base.json",
  "partition",
  "version",
  "--version",
  "-V",
  "--by-namespace",
  "--allow-empty",
  "--out",
  "--out=out",
  "--write-unassigned",
  "out",
  "in.jsonl",
  "missing.jsonl",
  "--",
  "--bogus",
  "__proto__",
  "constructor",
  "toString",
];

/** Arguments: mostly a well-formed command, sometimes any list of words. */
const cliArgs: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMMANDS).map((a) => [...a]) },
  {
    weight: 1,
    arbitrary: fc.array(
      fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })),
      { maxLength: 5 },
    ),
  },
);

// --------------------------------------------------------------- the run

function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))]
    .sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    if (point > start) chunks.push(bytes.subarray(start, point));
    start = point;
  }
  return chunks;
}

function streamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index < chunks.length) controller.enqueue(chunks[index++].slice());
      else controller.close();
    },
  });
}

/** Runs the command line in-process: files are `in.jsonl` and `base.json`. */
function runInProcess(
  args: readonly string[],
  chunks: readonly Uint8Array[],
  baseline: string | null,
): Promise<Run> {
  const missing = (path: string) =>
    Promise.reject(
      new Deno.errors.NotFound(`No such file or directory: ${path}`),
    );
  return runCliInProcess(args, {
    stdin: streamOf(chunks),
    stdoutIsTerminal: false,
    stderrIsTerminal: false,
    noColor: true,
    open: (path) =>
      path === "in.jsonl" ? Promise.resolve(streamOf(chunks)) : missing(path),
    fileSize: (path) =>
      Promise.resolve(
        path === "in.jsonl"
          ? chunks.reduce((sum, chunk) => sum + chunk.length, 0)
          : null,
      ),
    files: memoryFiles().files,
    readTextFile: (path) =>
      path === "base.json" && baseline !== null
        ? Promise.resolve(baseline)
        : missing(path),
    now: () => new Date("2026-02-21T15:00:00Z"),
  });
}

/** How our own error messages start; anything else leaked from below. */
const OWN_ERROR =
  /^dossier (validate|reduce|parity|drift|partition): Cannot (open|read|parse|build|apply|reduce|partition|write|pass)[ :]/;
const USAGE_ERROR = /^dossier: .+ \(run dossier( \w+)? --help\)$/;
const LEAKED =
  /Cannot read propert|is not a function|is not iterable|is not defined|call stack|\[object \w+\]|\bundefined\b/;

// deno-lint-ignore no-control-regex -- raw control characters are what is looked for
const RAW_C0 = /[\u0000-\u0009\u000b-\u001f]/;
const RAW_C1 = /[\u007f-\u009f]/;

/** The contract of every run, in-process or not. */
function checkOutput(run: Run, args: readonly string[]): void {
  assert.ok([0, 1, 2].includes(run.code), `exit code ${run.code}`);
  assert.doesNotMatch(run.stderr, /\n\s+at /, "a stack trace");
  // Nothing from the input reaches a terminal raw; the canonical state
  // (reduce --json) keeps DEL and C1 as the reference writes them.
  assert.doesNotMatch(
    run.stdout + run.stderr,
    RAW_C0,
    "a raw control character",
  );
  if (!(args.includes("reduce") && args.includes("--json"))) {
    assert.doesNotMatch(run.stdout + run.stderr, RAW_C1, "a raw C1 control");
  }
  const reportOnStderr = args.includes("--json") && args.includes("--report");
  if (run.stderr === "" || (run.code === 0 && reportOnStderr)) return;
  assert.notEqual(run.code, 0, `stderr on success: ${run.stderr}`);
  assert.ok(run.stderr.endsWith("\n"), run.stderr);
  const message = run.stderr.slice(0, -1);
  assert.ok(!message.includes("\n"), `more than one line: ${run.stderr}`);
  assert.match(
    message,
    run.code === 2 ? USAGE_ERROR : OWN_ERROR,
    `not one of our messages: ${message}`,
  );
  // The input quoted back may hold anything; our own words may not.
  assert.doesNotMatch(message.replace(/"(?:[^"\\]|\\.)*"/g, '""'), LEAKED);
}

Deno.test("dossier survives hostile input in-process (fuzz)", async () => {
  const codes = [0, 0, 0];
  await fc.assert(
    fc.asyncProperty(
      cliArgs,
      streamBytes,
      chunking,
      baselineText,
      async (args, bytes, cuts, baseline) => {
        const chunks = chunked(bytes, cuts);
        const first = await runInProcess(args, chunks, baseline);
        checkOutput(first, args);
        const second = await runInProcess(args, chunks, baseline);
        assert.deepEqual(second, first, "the run is not deterministic");
        codes[first.code]++;
      },
    ),
    fuzzParameters,
  );
  if (Deno.env.get("FUZZ_VERBOSE")) {
    console.log(`fuzz dossier in-process: exit codes 0/1/2 ${codes}`);
  }
  assert.ok(codes.every((count) => count > 0), `exit codes ${codes}`);
});

/** Runs `deno run -A cli.ts …` with the bytes on standard input; `out` is a fresh directory. */
async function runProcess(
  args: readonly string[],
  bytes: Uint8Array,
): Promise<Run> {
  const out = await Deno.makeTempDir();
  try {
    // The process may exit before it reads everything (a usage error).
    return await runCliProcess(
      args.map((arg) =>
        arg === "out"
          ? `${out}/parts`
          : arg.replace("--out=out", `--out=${out}/parts`)
      ),
      { stdin: bytes, mayExitEarly: true },
    );
  } finally {
    await Deno.remove(out, { recursive: true });
  }
}

/** Subprocess runs: few, they cost a Deno start each. */
const PROCESS_RUNS = 20;

Deno.test("dossier survives hostile input as a process (fuzz)", async () => {
  const stdinCommands = COMMANDS.filter((args) => args.at(-1) === "-")
    .map((args) => args.map((arg) => arg === "base.json" ? HAPPY : arg));
  const cases = fc.sample(
    fc.tuple(
      fc.constantFrom(...stdinCommands).map((args) =>
        args.map((arg) =>
          // A baseline that is JSONL, not a state: a clear error too.
          arg.startsWith("--baseline=") ? `--baseline=${HAPPY}` : arg
        )
      ),
      streamBytes,
    ),
    { numRuns: PROCESS_RUNS, seed: FUZZ_SEED },
  );
  const codes = [0, 0, 0];
  // Four at a time.
  for (let start = 0; start < cases.length; start += 4) {
    const batch = cases.slice(start, start + 4);
    const runs = await Promise.all(
      batch.map(([args, bytes]) => runProcess(args, bytes)),
    );
    runs.forEach((run, index) => {
      checkOutput(run, batch[index][0]);
      codes[run.code]++;
    });
  }
  if (Deno.env.get("FUZZ_VERBOSE")) {
    console.log(`fuzz dossier process: exit codes 0/1/2 ${codes}`);
  }
  assert.equal(codes[0] + codes[1] + codes[2], PROCESS_RUNS);
});
