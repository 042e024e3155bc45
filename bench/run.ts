// `deno task bench`: for each log size (10k, 100k, 1M events), every
// pipeline from text to dossier state timed against JSON.parse in the same
// run: the package's streaming path (the CLI's), its batch paths, the peers
// in bench/peers/ (the floor, hand-written checks, TypeBox, ajv, Zod, each
// with the same fold and checked to produce the package's canonical output)
// and dual-layer validation; then the stages alone, the model of the Python
// reference (bench/reference/model.py) and the CLI in a subprocess, with its
// peak memory. See docs/performance.md.
//
//   deno task bench [sizes…]
//
// Paired runs: each round times every pipeline once, in a rotating order,
// each after a forced GC, and each ratio is the median over the rounds of
// that pipeline's time over the yardstick's time in the same round. Two
// yardsticks: JSON.parse of every line with the value discarded (what the
// targets are set against), and with every value retained until the end of
// the run (what a pipeline that holds its events pays on top in GC).
import { PARSING_CONTRACT_2_4_0 } from "../src/envelope/parsing_contracts.ts";
import { readLines } from "../src/cli/read_lines.ts";
import {
  DOSSIER_EVENT_TYPES,
  type Event,
  EventSchema,
  type MissionDossierState,
  parseEvent,
  reduceEventStream,
  reduceMissionDossier,
  serializeDossierState,
} from "../mod.ts";
import { validateEvent } from "../conformance/mod.ts";
import {
  eventOfLine,
  jsonOfLine,
  parseEventLine,
  wellFormedJson,
} from "../src/envelope/event_stream.ts";
import {
  createDossierReducerFor,
  PUSH_WELL_FORMED,
} from "../src/replay/create_dossier_reducer.ts";
import { generate } from "./generate.ts";
import type { Peer } from "./peers/_fold.ts";
import { floor } from "./peers/floor.ts";
import { handWritten } from "./peers/hand_written.ts";
import { typebox } from "./peers/typebox.ts";
import { ajvPeer } from "./peers/ajv.ts";
import { zodPeer } from "./peers/zod.ts";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const decoder = new TextDecoder();

/** V8 holds no string longer than this (2^29 − 24 code units). */
const _LONGEST_STRING = 2 ** 29 - 24;

async function readFileLines(file: URL): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of readLines((await Deno.open(file)).readable)) {
    for (const line of batch) lines.push(line.text);
  }
  return lines;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timed(work: () => unknown): number {
  gc();
  const start = performance.now();
  work();
  return performance.now() - start;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  let seed = 42;
  for (let index = copy.length - 1; index > 0; index--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const other = seed % (index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

// ── The pipelines ────────────────────────────────────────────────────────

/** The CLI's path: each line parsed and folded at once, nothing else held. */
function streaming(lines: readonly string[]): MissionDossierState {
  // What the CLI's fold does with each line it has read (src/cli/reduce_input.ts):
  // JSON.parse, the well-formedness proof, the envelope, then the push that
  // passes the proof on to the payload.
  const reducer = createDossierReducerFor(PARSING_CONTRACT_2_4_0, {
    assumeSorted: true,
  });
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const wellFormed = wellFormedJson(line);
    const event = eventOfLine(
      EventSchema,
      jsonOfLine(line, index + 1),
      index + 1,
      wellFormed,
    );
    reducer[PUSH_WELL_FORMED](event, wellFormed);
  }
  return reducer.finish() as unknown as MissionDossierState;
}

/** `parseEventStream` (one line at a time), then `reduceMissionDossier`. */
function batch(lines: readonly string[]): MissionDossierState {
  const events: Event[] = [];
  for (let index = 0; index < lines.length; index++) {
    events.push(parseEventLine(EventSchema, lines[index], index + 1));
  }
  return reduceMissionDossier(events);
}

/** Every line through JSON.parse, the envelope, and both layers for a dossier payload: validate's work. */
function validation(lines: readonly string[]): number {
  let invalid = 0;
  for (const line of lines) {
    const event = parseEvent(JSON.parse(line));
    if (!DOSSIER_EVENT_TYPES.has(event.event_type)) continue;
    if (!validateEvent(event.payload, event.event_type).valid) invalid++;
  }
  return invalid;
}

interface Pipeline {
  readonly name: string;
  readonly run: () => unknown;
  /** The canonical JSON of what it computes, checked before timing. */
  readonly output?: () => string;
}

const DISCARDED = "JSON.parse of every line, value discarded";
const RETAINED = "JSON.parse of every line, values retained";

function pipelines(
  lines: readonly string[],
  text: string | null,
): Pipeline[] {
  const mixed = shuffled(lines);
  const peer = (p: Peer): Pipeline => ({
    name: `peer: ${p.name}, same fold`,
    run: () => p.reduceLines(lines),
    output: () => serializeDossierState(p.reduceLines(lines)),
  });
  const list: Pipeline[] = [
    {
      name: DISCARDED,
      run: () => {
        let last: unknown;
        for (let index = 0; index < lines.length; index++) {
          last = JSON.parse(lines[index]);
        }
        return last;
      },
    },
    {
      name: RETAINED,
      run: () => {
        const values = new Array(lines.length);
        for (let index = 0; index < lines.length; index++) {
          values[index] = JSON.parse(lines[index]);
        }
        return values;
      },
    },
    peer(floor),
    peer(handWritten),
    peer(typebox),
    peer(ajvPeer),
    peer(zodPeer),
    {
      name: "**package, streaming** (the CLI's path)",
      run: () => streaming(lines),
      output: () => serializeDossierState(streaming(lines)),
    },
    {
      name:
        "**package, batch** (`parseEventStream` then `reduceMissionDossier`)",
      run: () => batch(lines),
      output: () => serializeDossierState(batch(lines)),
    },
  ];
  if (text !== null) {
    list.push({
      name: "package, `reduceEventStream(text)`",
      run: () => reduceEventStream(text),
      output: () => serializeDossierState(reduceEventStream(text)),
    });
  }
  list.push(
    {
      name: "package, batch, lines shuffled (sorts)",
      run: () => batch(mixed),
      output: () => serializeDossierState(batch(mixed)),
    },
    {
      name: "package, `validate`'s work (envelope + both layers)",
      run: () => {
        if (validation(lines) !== 0) throw new Error("an invalid payload");
      },
    },
  );
  return list;
}

/** Times every pipeline `rounds` times, in rotating order. */
function pairedRounds(
  list: readonly Pipeline[],
  rounds: number,
): Map<string, number[]> {
  const times = new Map(list.map((p) => [p.name, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (let step = 0; step < list.length; step++) {
      const pipeline = list[(step + round) % list.length];
      times.get(pipeline.name)!.push(timed(pipeline.run));
    }
  }
  return times;
}

function ratio(times: readonly number[], yardstick: readonly number[]) {
  return median(times.map((time, round) => time / yardstick[round]));
}

// ── The Python reference model ───────────────────────────────────────────

interface PythonRun {
  readonly python: string;
  readonly pydantic: string;
  readonly envelope_reduce_ms: number;
  readonly end_to_end_ms: number;
  readonly json_loads_ms: number;
  readonly identical: boolean;
}

async function pythonVersions(): Promise<string | null> {
  try {
    const { success, stdout } = await new Deno.Command("python3", {
      args: [
        "-c",
        "import sys, pydantic; print(sys.version.split()[0], pydantic.VERSION)",
      ],
      stdout: "piped",
      stderr: "null",
    }).output();
    return success ? decoder.decode(stdout).trim() : null;
  } catch {
    return null;
  }
}

async function runReference(
  file: URL,
  canonical: string,
  runs: number,
): Promise<PythonRun> {
  const model = new URL("reference/model.py", import.meta.url).pathname;
  const output = `${file.pathname}.reference.json`;
  const { success, stdout, stderr } = await new Deno.Command("python3", {
    args: [model, file.pathname, output, String(runs)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(`The reference model failed: ${decoder.decode(stderr)}`);
  }
  const result = JSON.parse(decoder.decode(stdout));
  const identical = Deno.readTextFileSync(output) === canonical;
  await Deno.remove(output);
  return { ...result, identical };
}

// ── The CLI ──────────────────────────────────────────────────────────────

/**
 * Peak RSS (MB) and wall time (ms) of a Deno script run on the file in a
 * subprocess (the median time of `runs`, the largest peak).
 */
async function subprocess(
  file: URL,
  args: readonly string[],
  runs: number,
): Promise<{ megabytes: number; ms: number }> {
  const times: number[] = [];
  let megabytes = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const output = await new Deno.Command("/usr/bin/time", {
      args: ["-v", Deno.execPath(), "run", "-A", ...args, file.pathname],
      stdout: "null",
      stderr: "piped",
    }).output();
    times.push(performance.now() - start);
    const report = decoder.decode(output.stderr);
    const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(
      report,
    );
    if (!output.success || kilobytes === null) {
      throw new Error(`Cannot measure ${args[0]}: ${report.slice(0, 500)}`);
    }
    megabytes = Math.max(megabytes, Number(kilobytes[1]) / 1024);
  }
  return { megabytes, ms: median(times) };
}

// ── Output ───────────────────────────────────────────────────────────────

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const rate = (events: number, ms: number) =>
  Math.round(events / (ms / 1000)).toLocaleString("en-US");

async function header(python: string | null): Promise<void> {
  let cpu = "unknown CPU";
  try {
    const info = await Deno.readTextFile("/proc/cpuinfo");
    cpu = /model name\s*:\s*(.+)/.exec(info)?.[1] ?? cpu;
  } catch {
    // Not Linux.
  }
  const memory = Deno.systemMemoryInfo().total / 2 ** 30;
  const load = Deno.loadavg().map((value) => value.toFixed(2)).join(", ");
  console.log("## Bench run\n");
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(
    `- machine: ${navigator.hardwareConcurrency} vCPUs (${cpu}), ${
      memory.toFixed(0)
    } GiB RAM, ${Deno.build.os} ${Deno.osRelease()}`,
  );
  console.log(
    `- runtimes: Deno ${Deno.version.deno} (V8 ${Deno.version.v8}, TypeScript ${Deno.version.typescript}); ${
      python === null
        ? "no python3 with pydantic (reference model skipped)"
        : `Python ${python.split(" ")[0]} with pydantic ${
          python.split(" ")[1]
        } (reference model)`
    }`,
  );
  console.log(
    "- peers: @sinclair/typebox 0.34.52, ajv 8.20.0, zod 4.6.7 (exact pins in deno.json)",
  );
  console.log(`- load average at start: ${load}`);
  console.log(
    "- V8 flags: --expose-gc --max-old-space-size=12000; a forced GC before each timed run",
  );
}

async function bench(size: number, python: string | null): Promise<void> {
  const file = await generate(size);
  const lines = await readFileLines(file);
  const count = lines.length;
  const rounds = size <= 10_000 ? 9 : size <= 100_000 ? 5 : 3;
  const totalLength = lines.reduce((sum, line) => sum + line.length + 1, 0);
  const text = totalLength < _LONGEST_STRING ? lines.join("\n") : null;

  // Every pipeline that computes a state must compute the package's.
  const canonical = serializeDossierState(streaming(lines));
  const list = pipelines(lines, text);
  for (const pipeline of list) {
    if (pipeline.output !== undefined && pipeline.output() !== canonical) {
      throw new Error(`${pipeline.name} does not give the canonical output`);
    }
  }
  // Warm the JIT on every pipeline before timing.
  const warm = pipelines(lines.slice(0, 5000), lines.slice(0, 5000).join("\n"));
  for (const pipeline of warm) pipeline.run();

  const times = pairedRounds(list, rounds);
  const discarded = times.get(DISCARDED)!;
  const retained = times.get(RETAINED)!;

  console.log(
    `\n### ${size.toLocaleString("en-US")} events (${
      (totalLength / 1e6).toFixed(0)
    } MB; paired, median of ${rounds} rounds)\n`,
  );
  console.log(
    "| pipeline, text → dossier state | time | events/s | × JSON.parse, value discarded | × JSON.parse, values retained |",
  );
  console.log("|---|---:|---:|---:|---:|");
  for (const pipeline of list) {
    const own = times.get(pipeline.name)!;
    const ms = median(own);
    console.log(
      `| ${pipeline.name} | ${fmt(ms, 1)} ms | ${rate(count, ms)} | ${
        fmt(ratio(own, discarded))
      } | ${fmt(ratio(own, retained))} |`,
    );
  }
  if (text === null) {
    console.log(
      `\n\`reduceEventStream(text)\` is not timed: the log's text (${
        (totalLength / 1e6).toFixed(0)
      } MB) is longer than V8's longest string.`,
    );
  }
  mixedRelease(list);

  // The stages alone, and the envelope + reduction the reference is
  // compared on (from JSON values, as the reference's model_validate is).
  let values: unknown[] = lines.map((line) => JSON.parse(line));
  let events: Event[] = [];
  const envelopeTimes: number[] = [];
  const reduceTimes: number[] = [];
  const bothTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    envelopeTimes.push(timed(() => events = values.map((v) => parseEvent(v))));
    reduceTimes.push(timed(() => reduceMissionDossier(events)));
    events = [];
    bothTimes.push(
      timed(() => reduceMissionDossier(values.map((v) => parseEvent(v)))),
    );
  }
  values = [];
  const envelopeMs = median(envelopeTimes);
  const reduceMs = median(reduceTimes);
  const bothMs = median(bothTimes);
  console.log("\n| stage, from JSON values | time | events/s |");
  console.log("|---|---:|---:|");
  console.log(
    `| envelope parsing (\`parseEvent\` of each value) | ${
      fmt(envelopeMs, 1)
    } ms | ${rate(count, envelopeMs)} |`,
  );
  console.log(
    `| reduction (\`reduceMissionDossier\` of the envelopes) | ${
      fmt(reduceMs, 1)
    } ms | ${rate(count, reduceMs)} |`,
  );
  console.log(
    `| envelope parsing + reduction | ${fmt(bothMs, 1)} ms | ${
      rate(count, bothMs)
    } |`,
  );

  if (size <= 100_000) {
    if (python === null) {
      console.error(
        "\n!!! SKIPPED: the reference comparison needs python3 with pydantic; none was found !!!",
      );
      console.log(
        "\n**The comparison with the reference was skipped: no python3 with pydantic.**",
      );
    } else if (text !== null) {
      const endToEndMs = median(
        Array.from({ length: rounds }, () =>
          timed(() =>
            serializeDossierState(
              reduceEventStream(Deno.readTextFileSync(file)),
            )
          )),
      );
      const reference = await runReference(
        file,
        canonical,
        Math.min(rounds, 3),
      );
      console.log(
        `\nAgainst the model of the Python reference (bench/reference/model.py, Python ${reference.python}, pydantic ${reference.pydantic}; median of ${
          Math.min(rounds, 3)
        }); its output is ${
          reference.identical
            ? "byte for byte the package's canonical output"
            : "**not** the package's canonical output"
        }:\n`,
      );
      console.log("| measure | reference model | package | × faster |");
      console.log("|---|---:|---:|---:|");
      console.log(
        `| envelope parsing + reduction, from JSON values | ${
          fmt(reference.envelope_reduce_ms, 0)
        } ms | ${fmt(bothMs, 1)} ms | **${
          fmt(reference.envelope_reduce_ms / bothMs, 1)
        }×** |`,
      );
      console.log(
        `| end to end: read the file, parse, reduce, canonical JSON | ${
          fmt(reference.end_to_end_ms, 0)
        } ms | ${fmt(endToEndMs, 1)} ms | **${
          fmt(reference.end_to_end_ms / endToEndMs, 1)
        }×** |`,
      );
    }
  }
  lines.length = 0;
  gc();

  const cliRuns = size <= 10_000 ? 5 : 3;
  const cli = new URL("../cli.ts", import.meta.url).pathname;
  const yardstick = await subprocess(
    file,
    [new URL("cli_yardstick.ts", import.meta.url).pathname],
    cliRuns,
  );
  const reduce = await subprocess(file, [cli, "reduce", "--json"], cliRuns);
  const validate = await subprocess(file, [cli, "validate"], cliRuns);
  console.log(
    `\n| command line, in a subprocess (median of ${cliRuns}) | wall time | events/s | × the yardstick | peak RSS |`,
  );
  console.log("|---|---:|---:|---:|---:|");
  console.log(
    `| yardstick: read the file as the CLI does, JSON.parse each line | ${
      fmt(yardstick.ms, 0)
    } ms | ${rate(count, yardstick.ms)} | 1.00 | ${
      fmt(yardstick.megabytes, 0)
    } MB |`,
  );
  console.log(
    `| \`dossier reduce --json\` | ${fmt(reduce.ms, 0)} ms | ${
      rate(count, reduce.ms)
    } | ${fmt(reduce.ms / yardstick.ms)} | **${
      fmt(reduce.megabytes, 0)
    } MB** |`,
  );
  console.log(
    `| \`dossier validate\` (${
      fmt(validate.ms / reduce.ms)
    }× reduce's time) | ${fmt(validate.ms, 0)} ms | ${
      rate(count, validate.ms)
    } | ${fmt(validate.ms / yardstick.ms)} | ${
      fmt(validate.megabytes, 0)
    } MB |`,
  );
  console.log(
    `\nload average after this size: ${
      Deno.loadavg().map((value) => value.toFixed(2)).join(", ")
    }`,
  );
}

/** Lets the pipelines' shuffled copy go before the next measurements. */
function mixedRelease(list: Pipeline[]): void {
  list.length = 0;
  gc();
}

const sizes = Deno.args.length > 0
  ? Deno.args.map(Number)
  : [10_000, 100_000, 1_000_000];
const python = await pythonVersions();
await header(python);
for (const size of sizes) await bench(size, python);
