// `deno task bench`: one table per log size (10k, 100k, 1M events) with the
// time and rate of each stage of the pipeline, the whole pipeline against
// JSON.parse alone measured in the same run, dual-layer validation, and the
// time and peak memory of the CLI reducing and validating the file (validate
// against reduce: the target is at most 2×). See docs/performance.md.
//
//   deno task bench [sizes…]
import { _readLines } from "../src/cli/_input.ts";
import {
  DOSSIER_EVENT_TYPES,
  type Event,
  EventSchema,
  parseEvent,
  reduceMissionDossier,
} from "../mod.ts";
import { validateEvent } from "../conformance/mod.ts";
import { _parseEventLine } from "../src/envelope/event_stream.ts";
import { generate } from "./generate.ts";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

async function readLines(file: URL): Promise<string[]> {
  const lines: string[] = [];
  for await (const batch of _readLines((await Deno.open(file)).readable)) {
    for (const line of batch) lines.push(line.text);
  }
  return lines;
}

/** Median wall time of `runs` runs, in milliseconds, after a GC each. */
function time(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    gc();
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
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

function pipeline(lines: readonly string[]): unknown {
  const events: Event[] = [];
  for (let index = 0; index < lines.length; index++) {
    events.push(_parseEventLine(EventSchema, lines[index], index + 1));
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

/**
 * Peak RSS (MB) and wall time (ms) of the CLI running a command on the
 * file, in a subprocess (the median time of `runs`, the largest peak).
 */
async function cliPeak(
  file: URL,
  command: readonly string[],
  runs: number,
): Promise<{ megabytes: number; ms: number }> {
  const cli = new URL("../cli.ts", import.meta.url).pathname;
  const times: number[] = [];
  let megabytes = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const output = await new Deno.Command("/usr/bin/time", {
      args: [
        "-v",
        Deno.execPath(),
        "run",
        "-A",
        cli,
        ...command,
        file.pathname,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    times.push(performance.now() - start);
    const report = new TextDecoder().decode(output.stderr);
    const kilobytes = /Maximum resident set size \(kbytes\): (\d+)/.exec(
      report,
    );
    if (!output.success || kilobytes === null) {
      throw new Error(`Cannot measure the CLI: ${report.slice(0, 500)}`);
    }
    megabytes = Math.max(megabytes, Number(kilobytes[1]) / 1024);
  }
  times.sort((a, b) => a - b);
  return { megabytes, ms: times[Math.floor(times.length / 2)] };
}

function row(name: string, events: number, ms: number, note = ""): string {
  const rate = Math.round(events / (ms / 1000)).toLocaleString("en-US");
  return `| ${name} | ${ms.toFixed(1)} ms | ${rate} | ${note} |`;
}

async function bench(size: number): Promise<void> {
  const file = await generate(size);
  const lines = await readLines(file);
  const runs = size <= 10_000 ? 7 : size <= 100_000 ? 3 : 1;
  const count = lines.length;

  let values: unknown[] = [];
  const parseMs = time(runs, () => {
    values = lines.map((line) => JSON.parse(line));
  });
  let events: Event[] = [];
  const envelopeMs = time(runs, () => {
    events = values.map((value) => parseEvent(value));
  });
  values = [];
  const reduceMs = time(runs, () => reduceMissionDossier(events));
  events = [];
  const pipelineMs = time(runs, () => pipeline(lines));
  const mixed = shuffled(lines);
  const shuffledMs = time(runs, () => pipeline(mixed));
  mixed.length = 0;
  const validationMs = time(runs, () => validation(lines));
  lines.length = 0;
  gc();
  const peak = await cliPeak(file, ["reduce", "--json"], runs);
  const validatePeak = await cliPeak(file, ["validate"], runs);

  console.log(
    `\n### ${size.toLocaleString("en-US")} events (${
      runs === 1 ? "1 run" : `median of ${runs} runs`
    })\n`,
  );
  console.log("| stage | time | events/s | note |");
  console.log("|---|---:|---:|---|");
  console.log(row("JSON.parse of every line", count, parseMs));
  console.log(row("envelope parsing (parseEvent)", count, envelopeMs));
  console.log(row("reduction from parsed envelopes", count, reduceMs));
  console.log(
    row(
      "pipeline text → state, in order",
      count,
      pipelineMs,
      `**${(pipelineMs / parseMs).toFixed(2)}× JSON.parse**`,
    ),
  );
  console.log(
    row(
      "pipeline text → state, shuffled",
      count,
      shuffledMs,
      `${(shuffledMs / parseMs).toFixed(2)}× JSON.parse`,
    ),
  );
  console.log(
    row(
      "validation text → both layers (validate's work)",
      count,
      validationMs,
      `${(validationMs / pipelineMs).toFixed(2)}× the pipeline`,
    ),
  );
  console.log(
    `| CLI \`reduce --json\` on the file | ${peak.ms.toFixed(0)} ms | ${
      Math.round(count / (peak.ms / 1000)).toLocaleString("en-US")
    } | peak RSS **${peak.megabytes.toFixed(0)} MB** |`,
  );
  console.log(
    `| CLI \`validate\` on the file | ${validatePeak.ms.toFixed(0)} ms | ${
      Math.round(count / (validatePeak.ms / 1000)).toLocaleString("en-US")
    } | **${
      (validatePeak.ms / peak.ms).toFixed(2)
    }× reduce's time** (target ≤ 2×), peak RSS ${
      validatePeak.megabytes.toFixed(0)
    } MB |`,
  );
}

const sizes = Deno.args.length > 0
  ? Deno.args.map(Number)
  : [10_000, 100_000, 1_000_000];
// Warm the JIT on a small log first, so the first table is not the slowest.
pipeline([...(await readLines(await generate(10_000)))].slice(0, 2000));
for (const size of sizes) await bench(size);
