// `deno task bench:index`: the indexer (`./indexer`) timed against the
// spec-kitty CLI's own indexing work, and its hashing against SHA-256 alone.
//
//   deno task bench:index [synthetic missions (default 300)] [rounds (default 15)]
//
// 1. The 23 real missions of tests/data/real-missions, and a synthetic
//    repository of N missions made from them (each file of each real
//    mission, with a line of its own added to every text file so no two
//    missions hash alike), indexed from disk: the package, median of the
//    rounds, against (a) the CLI's own timings recorded in truth.jsonl on
//    this kind of machine (`python_seconds`: the pipeline call;
//    `index_seconds`: the indexer inside it) and (b) the Python model of
//    the same work (bench/reference/indexer_model.py: walk, read, UTF-8,
//    SHA-256, YAML frontmatter, pydantic models) timed in this run. The CLI
//    itself is not installed here, so (b) is its stand-in; its snapshot
//    hashes are checked equal to the package's.
// 2. Hashing throughput: the same bytes (every file of the synthetic
//    repository, and one 64 MiB text file) hashed by the indexer's raw rule
//    (strict UTF-8 check + SHA-256) and by SHA-256 alone, and the whole
//    in-memory index of the synthetic repository against SHA-256 alone.
import {
  indexMission,
  missionFromFiles,
  type MissionSource,
} from "../indexer.ts";
import { readMissionFolder } from "../indexer_disk.ts";
import { isUtf8, sha256Hex } from "../src/index/hash_artifact.ts";

const DATA = new URL("../tests/data/real-missions/", import.meta.url);
const PROJECT = new URL("spec-kitty-events/", DATA).pathname;
const SYNTHETIC = Number(Deno.args[0] ?? 300);
const ROUNDS = Number(Deno.args[1] ?? 15);

interface Truth {
  readonly mission: string;
  readonly python_seconds: number;
  readonly index_seconds: number;
  readonly snapshot_hash: string;
}

const truth: Truth[] = (await Deno.readTextFile(new URL("truth.jsonl", DATA)))
  .trim().split("\n").map((line) => JSON.parse(line));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(
  run: () => Promise<unknown>,
  rounds = ROUNDS,
): Promise<number> {
  await run();
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times) / 1000;
}

/** Copies the real missions into a synthetic repository of `count` missions. */
async function makeSynthetic(count: number): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "dossier-bench-index-" });
  await Deno.mkdir(`${root}/.kittify`);
  await Deno.copyFile(
    `${PROJECT}.kittify/config.yaml`,
    `${root}/.kittify/config.yaml`,
  );
  const encoder = new TextEncoder();
  const copy = async (from: string, to: string, tag: string): Promise<void> => {
    await Deno.mkdir(to, { recursive: true });
    for await (const entry of Deno.readDir(from)) {
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory) {
        await copy(`${from}/${entry.name}`, `${to}/${entry.name}`, tag);
      } else if (entry.isFile) {
        const bytes = await Deno.readFile(`${from}/${entry.name}`);
        const text = /\.(md|txt|csv|yaml)$/.test(entry.name);
        await Deno.writeFile(
          `${to}/${entry.name}`,
          text
            ? new Uint8Array([...bytes, ...encoder.encode(`\n${tag}\n`)])
            : bytes,
        );
      }
    }
  };
  for (let index = 0; index < count; index++) {
    const source = truth[index % truth.length].mission;
    const name = `syn-${String(index).padStart(4, "0")}-${source}`;
    await copy(
      `${PROJECT}kitty-specs/${source}`,
      `${root}/kitty-specs/${name}`,
      name,
    );
  }
  return root;
}

/** Paired rounds: `run` and `yardstick` timed one after the other in each round; medians, and the median of the per-round ratios. */
async function paired(
  run: () => Promise<unknown>,
  yardstick: () => Promise<unknown>,
  rounds = ROUNDS,
): Promise<{ run: number; yardstick: number; ratio: number }> {
  await run();
  await yardstick();
  const runs: number[] = [];
  const yardsticks: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    await yardstick();
    const y = performance.now() - start;
    start = performance.now();
    await run();
    const r = performance.now() - start;
    runs.push(r);
    yardsticks.push(y);
    ratios.push(r / y);
  }
  return {
    run: median(runs) / 1000,
    yardstick: median(yardsticks) / 1000,
    ratio: median(ratios),
  };
}

async function missionsOf(root: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(`${root}/kitty-specs`)) {
    names.push(entry.name);
  }
  return names.sort().map((name) => `${root}/kitty-specs/${name}`);
}

async function indexAll(
  root: string,
  missions: readonly string[],
): Promise<Map<string, string>> {
  const project = await readMissionFolder(root);
  const hashes = new Map<string, string>();
  for (const mission of missions) {
    const result = await indexMission(await readMissionFolder(mission), {
      project,
    });
    hashes.set(mission, result.snapshot!.snapshot_hash);
  }
  return hashes;
}

async function pythonModel(root: string, missions: readonly string[]): Promise<
  {
    seconds: number;
    hashes: Record<string, string>;
    yaml: string;
    python: string;
  } | null
> {
  try {
    const { success, stdout, stderr } = await new Deno.Command("python3", {
      args: [
        new URL("reference/indexer_model.py", import.meta.url).pathname,
        root,
        ...missions,
        "--runs",
        "3",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!success) throw new Error(new TextDecoder().decode(stderr));
    return JSON.parse(new TextDecoder().decode(stdout));
  } catch (error) {
    console.log(
      `!!! the Python model did not run: ${
        (error as Error).message.split("\n")[0]
      }`,
    );
    return null;
  }
}

async function sha256Alone(files: readonly Uint8Array[]): Promise<void> {
  for (const bytes of files) {
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  }
}

async function rawRule(files: readonly Uint8Array[]): Promise<void> {
  for (const bytes of files) if (isUtf8(bytes)) await sha256Hex(bytes);
}

async function filesUnder(
  folder: string,
  prefix = "",
): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for await (const entry of Deno.readDir(`${folder}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isFile) files[path] = await Deno.readFile(`${folder}/${path}`);
    else if (entry.isDirectory) {
      Object.assign(files, await filesUnder(folder, path));
    }
  }
  return files;
}

const row = (label: string, seconds: number, note = ""): void =>
  console.log(
    `${label.padEnd(58)} ${(seconds * 1000).toFixed(1).padStart(9)} ms ${note}`,
  );
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;

console.log(
  `deno ${Deno.version.deno}, ${navigator.hardwareConcurrency} cores; ${ROUNDS} rounds, medians\n`,
);

// ── 1. Real and synthetic missions, from disk ─────────────────────────────
const real = truth.map((item) => `${PROJECT}kitty-specs/${item.mission}`);
const cliPipeline = truth.reduce((sum, item) => sum + item.python_seconds, 0);
const cliIndex = truth.reduce((sum, item) => sum + item.index_seconds, 0);
const ours = await timed(() => indexAll(PROJECT, real));
const ourHashes = await indexAll(PROJECT, real);
const agree =
  truth.filter((item) =>
    ourHashes.get(`${PROJECT}kitty-specs/${item.mission}`) ===
      item.snapshot_hash
  ).length;
const model = await pythonModel(PROJECT, real);
console.log(
  `The 23 real missions (${agree}/23 snapshot hashes equal the CLI's):`,
);
row("  @spec-kitty/dossier indexMission, from disk", ours);
row(
  "  the CLI, recorded (truth.jsonl python_seconds, pipeline)",
  cliPipeline,
  `${ratio(cliPipeline, ours)} the package's time`,
);
row(
  "  the CLI, recorded (truth.jsonl index_seconds, indexer)",
  cliIndex,
  `${ratio(cliIndex, ours)} the package's time`,
);
if (model !== null) {
  const same = real.filter((mission) =>
    model.hashes[mission] === ourHashes.get(mission)
  ).length;
  row(
    `  Python model, this run (${model.yaml}, ${same}/23 hashes equal)`,
    model.seconds,
    `${ratio(model.seconds, ours)} the package's time`,
  );
}

const root = await makeSynthetic(SYNTHETIC);
try {
  const missions = await missionsOf(root);
  const syntheticOurs = await timed(
    () => indexAll(root, missions),
    Math.max(3, Math.floor(ROUNDS / 3)),
  );
  const syntheticHashes = await indexAll(root, missions);
  const syntheticModel = await pythonModel(root, missions);
  const perMission = cliPipeline / truth.length;
  console.log(`\nA synthetic repository of ${missions.length} missions:`);
  row("  @spec-kitty/dossier indexMission, from disk", syntheticOurs);
  row(
    "  the CLI, recorded per-mission mean × missions (pipeline)",
    perMission * missions.length,
    `${ratio(perMission * missions.length, syntheticOurs)} the package's time`,
  );
  if (syntheticModel !== null) {
    const same = missions.filter((mission) =>
      syntheticModel.hashes[mission] === syntheticHashes.get(mission)
    ).length;
    row(
      `  Python model, this run (${same}/${missions.length} hashes equal)`,
      syntheticModel.seconds,
      `${ratio(syntheticModel.seconds, syntheticOurs)} the package's time`,
    );
  }

  // ── 2. Hashing throughput ───────────────────────────────────────────────
  const sources: MissionSource[] = [];
  const bytes: Uint8Array[] = [];
  for (const mission of missions) {
    const files = await filesUnder(mission);
    for (const [path, content] of Object.entries(files)) {
      if (!path.startsWith(".")) bytes.push(content);
    }
    sources.push(
      missionFromFiles(files, {
        name: mission.slice(mission.lastIndexOf("/") + 1),
      }),
    );
  }
  const total = bytes.reduce((sum, item) => sum + item.byteLength, 0);
  const project = missionFromFiles({
    ".kittify/config.yaml": await Deno.readFile(`${root}/.kittify/config.yaml`),
  });
  const raw = await paired(() => rawRule(bytes), () => sha256Alone(bytes));
  const inMemory = await paired(async () => {
    for (const source of sources) await indexMission(source, { project });
  }, () => sha256Alone(bytes));
  const big = new TextEncoder().encode(
    "0123456789abcdef\n".repeat(4 * 1024 * 1024 / 17 * 16),
  );
  const bigRaw = await paired(
    () => rawRule([big]),
    () => sha256Alone([big]),
    7,
  );
  const mb = (count: number, seconds: number) =>
    `${(count / 1024 / 1024 / seconds).toFixed(0)} MiB/s`;
  const times = (ratio: number) =>
    `${ratio.toFixed(2)}× SHA-256 alone (median of per-round ratios)`;
  console.log(
    `\nHashing the same bytes (${bytes.length} files, ${
      (total / 1024 / 1024).toFixed(1)
    } MiB; then one ${
      (big.byteLength / 1024 / 1024).toFixed(0)
    } MiB file), paired rounds:`,
  );
  row(
    "  SHA-256 alone (crypto.subtle.digest), every file",
    raw.yardstick,
    mb(total, raw.yardstick),
  );
  row(
    "  raw rule (strict UTF-8 + SHA-256), every file",
    raw.run,
    `${mb(total, raw.run)}, ${times(raw.ratio)}`,
  );
  row(
    "  indexMission, in memory, every mission",
    inMemory.run,
    `${mb(total, inMemory.run)}, ${times(inMemory.ratio)}`,
  );
  row(
    "  SHA-256 alone, one large file",
    bigRaw.yardstick,
    mb(big.byteLength, bigRaw.yardstick),
  );
  row(
    "  raw rule, one large file",
    bigRaw.run,
    `${mb(big.byteLength, bigRaw.run)}, ${times(bigRaw.ratio)}`,
  );
} finally {
  await Deno.remove(root, { recursive: true });
}
